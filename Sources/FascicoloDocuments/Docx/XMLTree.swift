import Foundation

/// A mutable tree over one WordprocessingML part, just rich enough to move runs and paragraphs
/// around: element names and text are parsed, attributes are kept as written.
///
/// Office parts are plain XML (no DTD, no entities beyond the predefined ones), so a small parser
/// that keeps everything it does not understand verbatim is enough, and it writes back byte for
/// byte what it did not change.
final class XMLNode {
    enum Kind {
        /// `<name attributes>children</name>`; `attributes` starts with a space or is empty.
        case element(name: String, attributes: String)
        /// Character data, unescaped.
        case text(String)
        /// Kept verbatim: the XML declaration, comments, processing instructions, CDATA.
        case raw(String)
        /// A placeholder tag that stood alone in its run (sections open and close with these).
        case tag(TemplateTag)
        /// A section built by the compiler: its children repeat, show or hide together.
        case section(TemplateTag)
        /// The text of a `w:t` that holds placeholders, split into literal and placeholder parts.
        case template([TextSegment])
    }

    var kind: Kind
    var children: [XMLNode] = []
    weak var parent: XMLNode?

    init(_ kind: Kind, children: [XMLNode] = []) {
        self.kind = kind
        adopt(children)
    }

    /// The element's name, or nil for other nodes.
    var name: String? {
        if case .element(let name, _) = kind { return name }
        return nil
    }

    /// The unescaped text of a text node, or nil.
    var text: String? {
        if case .text(let text) = kind { return text }
        return nil
    }

    /// Replaces the children, setting their parent.
    func adopt(_ nodes: [XMLNode]) {
        children = nodes
        for node in nodes { node.parent = self }
    }

    /// The element children named `name`, at any depth, in document order, without entering
    /// elements named `stop` below this one.
    func descendants(named name: String, stoppingAt stop: String? = nil) -> [XMLNode] {
        var found: [XMLNode] = []
        func walk(_ node: XMLNode) {
            for child in node.children {
                if child.name == name { found.append(child) }
                if let stop, child.name == stop { continue }
                walk(child)
            }
        }
        walk(self)
        return found
    }

    /// The character data directly inside this element (the text of a `w:t`).
    var ownText: String { children.compactMap(\.text).joined() }

    /// A deep copy (without parent).
    func copy() -> XMLNode { XMLNode(kind, children: children.map { $0.copy() }) }

    /// Removes this node from its parent.
    func detach() {
        guard let parent else { return }
        parent.children.removeAll { $0 === self }
        self.parent = nil
    }

    /// This node and its ancestors, nearest first.
    var lineage: [XMLNode] {
        var chain: [XMLNode] = [self]
        while let up = chain.last?.parent { chain.append(up) }
        return chain
    }
}

/// The parse error of a part that is not well-formed XML, or is nested or sized past the limits.
struct XMLSyntaxError: Error {
    enum Reason {
        case malformed
        /// Elements nested deeper than `XMLTree.maximumDepth`.
        case tooDeep
        /// More nodes than `XMLTree.maximumNodes`.
        case tooManyNodes
    }

    let offset: Int
    var reason = Reason.malformed
}

enum XMLTree {
    /// The deepest nesting of elements a part may have. Word writes a few dozen levels (tables in
    /// tables included); the bound keeps every recursive walk of the tree, and its release, far
    /// from the thread's stack limit.
    static let maximumDepth = 256
    /// The most nodes a part may have (a 50 MB document has a few hundred thousand).
    static let maximumNodes = 2_000_000

    /// Parses a whole part; the returned root is a synthetic element holding the top-level nodes.
    static func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLNode {
        var parser = XMLParserState(bytes: bytes)
        return try parser.document()
    }

    /// Writes the tree back (only element, text and raw nodes; compiled nodes are the renderer's).
    static func serialize(_ node: XMLNode, into output: inout String) {
        switch node.kind {
        case .element(let name, let attributes):
            if node.children.isEmpty {
                output += "<\(name)\(attributes)/>"
            } else {
                output += "<\(name)\(attributes)>"
                for child in node.children { serialize(child, into: &output) }
                output += "</\(name)>"
            }
        case .text(let text):
            escape(text, into: &output)
        case .raw(let raw):
            output += raw
        case .tag, .section, .template:
            for child in node.children { serialize(child, into: &output) }
        }
    }

    /// Escapes character data.
    static func escape(_ text: String, into output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default:
                // Control characters are not allowed in XML 1.0 (tabs and newlines are handled by
                // the renderer before they get here).
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                output.unicodeScalars.append(scalar)
            }
        }
    }
}

/// A cursor over the bytes of one part.
private struct XMLParserState {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(XMLSyntaxError) -> XMLNode {
        let root = XMLNode(.element(name: "", attributes: ""))
        var stack: [XMLNode] = [root]
        var nodes = 0
        while position < bytes.count {
            nodes += 1
            guard nodes <= XMLTree.maximumNodes else { throw XMLSyntaxError(offset: position, reason: .tooManyNodes) }
            if bytes[position] == UInt8(ascii: "<") {
                if starts(with: "<?") {
                    stack.last!.children.append(raw(until: "?>"))
                } else if starts(with: "<!--") {
                    stack.last!.children.append(raw(until: "-->"))
                } else if starts(with: "<![CDATA[") {
                    stack.last!.children.append(raw(until: "]]>"))
                } else if starts(with: "<!") {
                    stack.last!.children.append(raw(until: ">"))
                } else if starts(with: "</") {
                    let end = try index(of: UInt8(ascii: ">"), from: position)
                    let name = String(decoding: bytes[(position + 2)..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    guard stack.count > 1, stack.last!.name == name else { throw XMLSyntaxError(offset: position) }
                    stack.removeLast()
                    position = end + 1
                } else {
                    let end = try tagEnd(from: position)
                    let selfClosing = bytes[end - 1] == UInt8(ascii: "/")
                    let inner = bytes[(position + 1)..<(selfClosing ? end - 1 : end)]
                    let nameEnd = inner.firstIndex { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? inner.endIndex
                    let name = String(decoding: inner[inner.startIndex..<nameEnd], as: UTF8.self)
                    guard !name.isEmpty else { throw XMLSyntaxError(offset: position) }
                    let attributes = String(decoding: inner[nameEnd...], as: UTF8.self)
                    let element = XMLNode(.element(name: name, attributes: attributes.trimmingTrailingWhitespace()))
                    element.parent = stack.last!
                    stack.last!.children.append(element)
                    if !selfClosing {
                        guard stack.count <= XMLTree.maximumDepth else { throw XMLSyntaxError(offset: position, reason: .tooDeep) }
                        stack.append(element)
                    }
                    position = end + 1
                }
            } else {
                let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                let text = try unescape(bytes[position..<end])
                let node = XMLNode(.text(text))
                node.parent = stack.last!
                stack.last!.children.append(node)
                position = end
            }
        }
        guard stack.count == 1 else { throw XMLSyntaxError(offset: position) }
        return root
    }

    private func starts(with prefix: String) -> Bool {
        let utf8 = Array(prefix.utf8)
        guard position + utf8.count <= bytes.count else { return false }
        return Array(bytes[position..<(position + utf8.count)]) == utf8
    }

    private mutating func raw(until terminator: String) -> XMLNode {
        let end = Array(terminator.utf8)
        var index = position
        while index + end.count <= bytes.count, Array(bytes[index..<(index + end.count)]) != end { index += 1 }
        let stop = min(bytes.count, index + end.count)
        let node = XMLNode(.raw(String(decoding: bytes[position..<stop], as: UTF8.self)))
        position = stop
        return node
    }

    private func index(of byte: UInt8, from start: Int) throws(XMLSyntaxError) -> Int {
        guard let found = bytes[start...].firstIndex(of: byte) else { throw XMLSyntaxError(offset: start) }
        return found
    }

    /// The `>` that ends the tag starting at `start`, skipping quoted attribute values.
    private func tagEnd(from start: Int) throws(XMLSyntaxError) -> Int {
        var quote: UInt8?
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            } else if byte == UInt8(ascii: "<") {
                break
            }
            index += 1
        }
        throw XMLSyntaxError(offset: start)
    }

    /// The character data of `slice` with its entity and character references replaced. Works on
    /// the bytes: `&` and `;` are ASCII, and a combining mark after them (which would merge with
    /// them into one `Character`) must not hide them.
    private func unescape(_ slice: ArraySlice<UInt8>) throws(XMLSyntaxError) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            guard let semicolon = slice[index...].firstIndex(of: UInt8(ascii: ";")) else { throw XMLSyntaxError(offset: index) }
            let entity = String(decoding: slice[(index + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "amp": output.append(UInt8(ascii: "&"))
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "quot": output.append(UInt8(ascii: "\""))
            case "apos": output.append(UInt8(ascii: "'"))
            default:
                let number: UInt32?
                if entity.hasPrefix("#x") {
                    number = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    number = UInt32(entity.dropFirst())
                } else {
                    number = nil
                }
                guard let number, let scalar = Unicode.Scalar(number) else { throw XMLSyntaxError(offset: index) }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            index = semicolon + 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        return String(result)
    }
}
