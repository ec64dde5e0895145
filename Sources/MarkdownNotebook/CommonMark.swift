// The only file that imports cmark. Every function parses, walks the C tree, builds Swift
// values and frees the tree before it returns: no cmark pointer leaves this file.
import CCmark
import HTMLEscaping
import TeXMath

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A top-level block of a parsed Markdown text, as Swift values. Lines and columns are
/// cmark's: 1-based, relative to the text given to cmark; columns count bytes.
struct BlockSummary {
  var startLine: Int
  var endLine: Int
  /// True for a code block (fenced or indented).
  var isCodeBlock: Bool
  /// The fence info string (cmark's, with escapes resolved); empty for other blocks.
  var info: String
  /// True for a raw HTML block (its lines are not Markdown: a fence inside is just text).
  var isHTML = false
  var headings: [HeadingSummary]
  /// Inline code spans whose text starts with "= ", in document order.
  var expressionSpans: [CodeSpanSummary]
  /// cmark lines of the code and HTML blocks inside this block (it holds no math there).
  var codeLines: [ClosedRange<Int>] = []
  /// Code blocks nested in this block (inside a list item or block quote), in document order.
  var nestedCodeBlocks: [NestedCodeBlockSummary] = []
}

/// A code block inside a container block: its info string, where its first line starts
/// (cmark's line and byte column, after the container's `>` or indentation) and the
/// innermost container holding it.
struct NestedCodeBlockSummary {
  enum Container: String { case listItem = "list item", blockQuote = "block quote" }
  var info: String
  var startLine: Int
  var startColumn: Int
  var container: Container
}

struct HeadingSummary {
  var level: Int
  /// Text of the heading's inline content, markup removed.
  var text: String
  var startLine: Int
  var startColumn: Int
  var endLine: Int
  var endColumn: Int
}

/// A code span: its literal and the span of its content between the backtick runs
/// (`end` inclusive, as cmark reports it).
struct CodeSpanSummary {
  var literal: String
  var startLine: Int
  var startColumn: Int
  var endLine: Int
  var endColumn: Int
}

enum CommonMark {
  // Node and event kinds as raw values: comparing imported C enums through `==` goes
  // through a generic witness, which is slow in debug builds.
  private static let codeBlockType = CMARK_NODE_CODE_BLOCK.rawValue
  private static let htmlBlockType = CMARK_NODE_HTML_BLOCK.rawValue
  private static let headingType = CMARK_NODE_HEADING.rawValue
  private static let paragraphType = CMARK_NODE_PARAGRAPH.rawValue
  private static let textType = CMARK_NODE_TEXT.rawValue
  private static let codeType = CMARK_NODE_CODE.rawValue
  private static let softbreakType = CMARK_NODE_SOFTBREAK.rawValue
  private static let linebreakType = CMARK_NODE_LINEBREAK.rawValue
  private static let itemType = CMARK_NODE_ITEM.rawValue
  private static let blockQuoteType = CMARK_NODE_BLOCK_QUOTE.rawValue
  private static let enterEvent = CMARK_EVENT_ENTER.rawValue
  private static let doneEvent = CMARK_EVENT_DONE.rawValue

  /// Parses `bytes` with source positions and summarises its top-level blocks.
  ///
  /// `lineStart(n)` is the offset in `bytes` of cmark's line `n` (n may be one past the last
  /// line); it lets the walk skip the inline content of paragraphs without a backtick,
  /// which cannot hold an inline expression.
  static func blocks(of bytes: UnsafeBufferPointer<UInt8>, lineStart: (Int) -> Int)
    -> [BlockSummary]
  {
    let document = bytes.withMemoryRebound(to: CChar.self) { chars in
      cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_SOURCEPOS)
    }
    guard let document else { return [] }
    defer { cmark_node_free(document) }
    func mayHoldExpression(_ node: OpaquePointer) -> Bool {
      guard let base = bytes.baseAddress else { return false }
      let start = clamped(lineStart(Int(cmark_node_get_start_line(node))), 0, bytes.count)
      let end = clamped(lineStart(Int(cmark_node_get_end_line(node)) + 1), start, bytes.count)
      return memchr(base + start, Int32(UInt8(ascii: "`")), end - start) != nil
    }
    var blocks: [BlockSummary] = []
    var child = cmark_node_first_child(document)
    while let node = child {
      var block = BlockSummary(
        startLine: Int(cmark_node_get_start_line(node)),
        endLine: Int(cmark_node_get_end_line(node)),
        isCodeBlock: false, info: "", headings: [], expressionSpans: [])
      let type = cmark_node_get_type(node).rawValue
      if type == codeBlockType {
        block.isCodeBlock = true
        block.info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
      } else if type == htmlBlockType {
        block.isHTML = true
      } else if type != paragraphType || mayHoldExpression(node) {
        collectInlines(of: node, into: &block, mayHoldExpression: mayHoldExpression)
      }
      blocks.append(block)
      child = cmark_node_next(node)
    }
    return blocks
  }

  /// Walks a block's subtree for headings and `= ` code spans, skipping paragraphs that
  /// `mayHoldExpression` rules out.
  private static func collectInlines(
    of root: OpaquePointer, into block: inout BlockSummary,
    mayHoldExpression: (OpaquePointer) -> Bool
  ) {
    guard let iterator = cmark_iter_new(root) else { return }
    defer { cmark_iter_free(iterator) }
    var heading: HeadingSummary?
    while case let event = cmark_iter_next(iterator).rawValue, event != doneEvent {
      guard let node = cmark_iter_get_node(iterator) else { continue }
      let type = cmark_node_get_type(node).rawValue
      if type == headingType {
        if event == enterEvent {
          heading = HeadingSummary(
            level: Int(cmark_node_get_heading_level(node)), text: "",
            startLine: Int(cmark_node_get_start_line(node)),
            startColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)),
            endColumn: Int(cmark_node_get_end_column(node)))
        } else if let finished = heading {
          block.headings.append(finished)
          heading = nil
        }
        continue
      }
      guard event == enterEvent else { continue }
      if type == codeBlockType || type == htmlBlockType {
        let first = Int(cmark_node_get_start_line(node))
        block.codeLines.append(first...max(first, Int(cmark_node_get_end_line(node))))
      }
      if type == codeBlockType, node != root {
        block.nestedCodeBlocks.append(nestedCodeBlock(node))
        continue
      }
      if type == paragraphType, node != root, !mayHoldExpression(node) {
        cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)  // skip the paragraph's inlines
      } else if type == textType {
        if heading != nil, let literal = cmark_node_get_literal(node) {
          heading?.text += String(cString: literal)
        }
      } else if type == softbreakType || type == linebreakType {
        if heading != nil { heading?.text += " " }
      } else if type == codeType, let literal = cmark_node_get_literal(node) {
        if heading != nil { heading?.text += String(cString: literal) }
        if isExpression(literal) {
          block.expressionSpans.append(
            CodeSpanSummary(
              literal: String(cString: literal),
              startLine: Int(cmark_node_get_start_line(node)),
              startColumn: Int(cmark_node_get_start_column(node)),
              endLine: Int(cmark_node_get_end_line(node)),
              endColumn: Int(cmark_node_get_end_column(node))))
        }
      }
    }
  }

  /// A code block below the top level, with the nearest list item or block quote around it.
  private static func nestedCodeBlock(_ node: OpaquePointer) -> NestedCodeBlockSummary {
    var container = NestedCodeBlockSummary.Container.listItem
    var parent = cmark_node_parent(node)
    while let current = parent {
      let type = cmark_node_get_type(current).rawValue
      if type == itemType { break }
      if type == blockQuoteType {
        container = .blockQuote
        break
      }
      parent = cmark_node_parent(current)
    }
    return NestedCodeBlockSummary(
      info: cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "",
      startLine: Int(cmark_node_get_start_line(node)),
      startColumn: Int(cmark_node_get_start_column(node)), container: container)
  }

  /// True if a code span literal starts with "= " (an inline expression).
  private static func isExpression(_ literal: UnsafePointer<CChar>) -> Bool {
    literal[0] == CChar(UInt8(ascii: "=")) && literal[1] == CChar(UInt8(ascii: " "))
  }

  /// cmark's literal text of each top-level code block, to check code cells against.
  static func topLevelCodeLiterals(_ markdown: String) -> [String] {
    withDocument(markdown, options: CMARK_OPT_DEFAULT, orElse: []) { document in
      var literals: [String] = []
      var child = cmark_node_first_child(document)
      while let node = child {
        if cmark_node_get_type(node).rawValue == codeBlockType {
          literals.append(cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
        }
        child = cmark_node_next(node)
      }
      return literals
    }
  }

  /// True if cmark parses `markdown` to a document without blocks (only link reference
  /// definitions and blank lines).
  static func hasNoBlocks(_ markdown: String) -> Bool {
    withDocument(markdown, options: CMARK_OPT_DEFAULT, orElse: false) { document in
      cmark_node_first_child(document) == nil
    }
  }

  /// `body` of cmark's document tree for `markdown` parsed with `options` (freed after);
  /// `fallback` when cmark cannot allocate one.
  private static func withDocument<T>(
    _ markdown: String, options: Int32, orElse fallback: T, _ body: (OpaquePointer) -> T
  ) -> T {
    var markdown = markdown
    return markdown.withUTF8 { bytes in
      let document = bytes.withMemoryRebound(to: CChar.self) { chars in
        cmark_parse_document(chars.baseAddress, chars.count, options)
      }
      guard let document else { return fallback }
      defer { cmark_node_free(document) }
      return body(document)
    }
  }

  /// Renders Markdown to HTML.
  ///
  /// - `unsafeHTML`: false replaces raw HTML by `<!-- raw HTML omitted -->` (cmark's safe
  ///   mode) and drops `javascript:` style links; true passes raw HTML through.
  /// - `headingIDs[i]` becomes the `id` of the i-th heading in document order: the heading
  ///   is rendered alone by cmark, its opening `<hN>` tag (cmark's exact output) gets the id,
  ///   and the result replaces the heading as a custom block, which cmark emits verbatim.
  /// - `inlineValue(k)`, when not nil, replaces the text of the k-th `= ` code span; the span
  ///   stays a `<code>` element and cmark escapes the new text.
  static func renderHTML(
    _ markdown: String, unsafeHTML: Bool, headingIDs: [String], inlineValue: (Int) -> String?
  ) -> String {
    let options = unsafeHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE
    return withDocument(markdown, options: options, orElse: "") { document in
      var headings: [OpaquePointer] = []
      var expressions: [OpaquePointer] = []
      if let iterator = cmark_iter_new(document) {
        while case let event = cmark_iter_next(iterator).rawValue, event != doneEvent {
          guard event == enterEvent, let node = cmark_iter_get_node(iterator) else { continue }
          let type = cmark_node_get_type(node).rawValue
          if type == headingType { headings.append(node) }
          if type == codeType, let literal = cmark_node_get_literal(node), isExpression(literal) {
            expressions.append(node)
          }
        }
        cmark_iter_free(iterator)
      }
      // Change the tree only after the walk, so the iterator never sees a replaced node.
      for (index, node) in expressions.enumerated() {
        if let value = inlineValue(index) { cmark_node_set_literal(node, value) }
      }
      for (index, node) in headings.enumerated() where index < headingIDs.count {
        addID(headingIDs[index], to: node, options: options)
      }
      return render(document, options: options)
    }
  }

  private static func addID(_ id: String, to heading: OpaquePointer, options: Int32) {
    let level = cmark_node_get_heading_level(heading)
    let plainTag = "<h\(level)>"
    var html = render(heading, options: options)
    guard html.hasPrefix(plainTag), let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else {
      return
    }
    html = "<h\(level) id=\"\(escapeAttribute(id))\">" + html.dropFirst(plainTag.count)
    while html.hasSuffix("\n") { html.removeLast() }
    cmark_node_set_on_enter(custom, html)
    if cmark_node_replace(heading, custom) == 1 {
      cmark_node_free(heading)
    } else {
      cmark_node_free(custom)
    }
  }

  private static func render(_ node: OpaquePointer, options: Int32) -> String {
    guard let html = cmark_render_html(node, options) else { return "" }
    defer { free(html) }
    return String(cString: html)
  }
}
