import HTMLEscaping

/// One node of an HTML or SVG document tree.
///
/// Text is escaped when rendered; raw markup is emitted unchanged only when asked for by name
/// with ``raw(_:)``. The same type draws SVG: an `svg` element and its children are elements
/// like any other. Rendering is deterministic: attributes keep the order they were given in.
public indirect enum Node: Sendable, Equatable {
  /// An element: tag name, ordered attributes, children.
  case element(String, [Attribute], [Node])
  /// Text, escaped on output (`&`, `<`, `>`).
  case text(String)
  /// Markup emitted as is. Use only for HTML that is already safe (cmark-rendered prose).
  case raw(String)
  /// Several nodes side by side, without a wrapper element.
  case group([Node])

  /// An element with attributes and children; the usual way to build a tree.
  public static func el(_ name: String, _ attributes: [Attribute] = [], _ children: [Node] = [])
    -> Node
  {
    .element(name, attributes, children)
  }

  /// An element holding only escaped text.
  public static func el(_ name: String, _ attributes: [Attribute] = [], text: String) -> Node {
    .element(name, attributes, [.text(text)])
  }

  /// The empty node: renders nothing.
  public static let empty = Node.group([])

  /// The serialized markup of this node and its subtree.
  public func render() -> String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Appends the serialized markup to `out`.
  public func write(to out: inout String) {
    switch self {
    case .text(let string):
      out += escapeText(string)
    case .raw(let string):
      out += string
    case .group(let nodes):
      for node in nodes { node.write(to: &out) }
    case .element(let name, let attributes, let children):
      out += "<" + name
      for attribute in attributes { attribute.write(to: &out) }
      if Node.voidElements.contains(name) {
        out += ">"
      } else if children.isEmpty, Node.selfClosingSVG.contains(name) {
        out += "/>"
      } else {
        out += ">"
        // A line break after the open tag keeps the output readable; only where whitespace is
        // insignificant (the element is a block and its first child is an element).
        if Node.blockElements.contains(name), children.first?.isBlockElement == true {
          out += "\n"
        }
        for child in children { child.write(to: &out) }
        out += "</" + name + ">"
      }
      if Node.blockElements.contains(name) { out += "\n" }
    }
  }

  var isBlockElement: Bool {
    switch self {
    case .element(let name, _, _): return Node.blockElements.contains(name)
    case .group(let nodes): return nodes.first?.isBlockElement ?? false
    default: return false
    }
  }

  /// HTML elements that never have children or a closing tag.
  static let voidElements: Set<String> = ["meta", "link", "br", "hr", "img", "col", "wbr", "input"]
  /// SVG elements written as `<x/>` when they have no children.
  static let selfClosingSVG: Set<String> = [
    "line", "rect", "circle", "path", "polyline", "polygon", "image", "use", "stop",
  ]
  /// Elements after which a line break is written (whitespace there does not show).
  static let blockElements: Set<String> = [
    "html", "head", "body", "header", "main", "footer", "nav", "section", "article", "div",
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "caption", "figure", "figcaption", "details", "summary", "pre",
    "style", "title", "meta", "link", "svg", "g", "defs", "line", "rect", "circle", "path",
    "polyline", "image", "desc", "colgroup", "col",
  ]
}

/// One attribute of an element, written as `name="value"` with the value escaped.
/// A boolean attribute (`open`, `hidden`) has no value.
public struct Attribute: Sendable, Equatable {
  public var name: String
  public var value: String?

  public init(_ name: String, _ value: String?) {
    self.name = name
    self.value = value
  }

  func write(to out: inout String) {
    out += " " + name
    if let value { out += "=\"" + escapeAttribute(value) + "\"" }
  }
}

extension Attribute {
  /// `class="..."`
  public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
  /// `id="..."`
  public static func id(_ value: String) -> Attribute { Attribute("id", value) }
  /// A boolean attribute with no value, e.g. `open`.
  public static func flag(_ name: String) -> Attribute { Attribute(name, nil) }
}

/// An attribute list built with `name: value` pairs, keeping their order:
/// `attrs(("x", "1"), ("y", "2"))`.
public func attrs(_ pairs: (String, String)...) -> [Attribute] {
  pairs.map { Attribute($0.0, $0.1) }
}
