import HTMLEscaping
import Testing

@testable import HTMLReport

@Suite struct NodeTests {
  @Test func textIsEscaped() {
    #expect(Node.text("<b> & </b>").render() == "&lt;b&gt; &amp; &lt;/b&gt;")
  }

  @Test func rawIsNotEscaped() {
    #expect(Node.raw("<em>x</em>").render() == "<em>x</em>")
  }

  @Test func attributesKeepOrderAndAreEscaped() {
    let node = Node.el(
      "a", [Attribute("href", "a?x=1&y=\"2\""), Attribute("title", "it's"), .flag("download")],
      text: "go")
    #expect(
      node.render() == "<a href=\"a?x=1&amp;y=&quot;2&quot;\" title=\"it&#39;s\" download>go</a>")
  }

  @Test func voidAndSelfClosingElements() {
    #expect(
      Node.el("meta", [Attribute("charset", "utf-8")]).render() == "<meta charset=\"utf-8\">\n")
    #expect(Node.el("circle", [Attribute("r", "3")]).render() == "<circle r=\"3\"/>\n")
    #expect(Node.el("span", []).render() == "<span></span>")
  }

  @Test func blockElementsBreakLinesButInlineDoNot() {
    let node = Node.el("ul", [], [.el("li", [], [.el("b", [], text: "x")])])
    #expect(node.render() == "<ul>\n<li><b>x</b></li>\n</ul>\n")
  }

  @Test func preKeepsItsTextExactly() {
    let node = Node.el("pre", [], [.el("code", [], [.text("a\n  b")])])
    #expect(node.render() == "<pre><code>a\n  b</code></pre>\n")
  }

  @Test func groupsAndEmpty() {
    #expect(Node.group([.text("a"), .empty, .text("b")]).render() == "ab")
  }

  @Test(arguments: [
    ("Hello, World!", "hello-world"), ("  2. Bits & bytes ", "2-bits-bytes"), ("<>", "section"),
    ("Ärger", "rger"),
  ])
  func slugs(input: String, expected: String) {
    #expect(slug(input) == expected)
  }

  @Test func attributeEscapingCoversAllSpecials() {
    #expect(escapeAttribute("<>&\"'") == "&lt;&gt;&amp;&quot;&#39;")
    #expect(escapeText("plain") == "plain")
  }
}
