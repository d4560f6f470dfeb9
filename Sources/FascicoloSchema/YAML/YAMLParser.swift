internal import CYAML

/// Parses YAML text into a `YAMLNode` tree with libyaml's event API, keeping each node's mark.
/// Anchors and aliases are supported; multiple documents are not (a type is one document).
public enum YAMLParser {
    /// Parses `text` and returns the root node of its only document, or nil for an empty file.
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(line: 0, column: 0, message: "cannot initialise the YAML parser")
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(YAMLSyntaxError) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var builder = TreeBuilder()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.consume(event)
            }
            return builder.root
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t) -> YAMLSyntaxError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let mark = parser.problem_mark
        let message = context.map { "\(problem) \($0)" } ?? problem
        return YAMLSyntaxError(line: mark.line + 1, column: mark.column + 1, message: message)
    }
}

/// Turns the flat event stream into nested nodes with a stack of open collections.
private struct TreeBuilder {
    private enum Open {
        case sequence([YAMLNode], anchor: String?, line: Int, column: Int)
        case mapping([(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?, anchor: String?, line: Int, column: Int)
    }

    private var stack: [Open] = []
    private var anchors: [String: YAMLNode] = [:]
    private var documents = 0
    private(set) var root: YAMLNode?

    mutating func consume(_ event: yaml_event_t) throws(YAMLSyntaxError) {
        let line = event.start_mark.line + 1
        let column = event.start_mark.column + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw YAMLSyntaxError(line: line, column: column, message: "a type file holds one YAML document; found another '---'")
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let plain = data.style == YAML_PLAIN_SCALAR_STYLE
            let node = YAMLNode(kind: .scalar(text, isPlain: plain), line: line, column: column)
            remember(node, anchor: data.anchor)
            try add(node)
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let node = anchors[name] else {
                throw YAMLSyntaxError(line: line, column: column, message: "unknown alias '*\(name)'")
            }
            try add(node)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(.sequence([], anchor: event.data.sequence_start.anchor.map { String(cString: $0) }, line: line, column: column))
        case YAML_MAPPING_START_EVENT:
            stack.append(
                .mapping([], pendingKey: nil, anchor: event.data.mapping_start.anchor.map { String(cString: $0) }, line: line, column: column))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let node: YAMLNode
            let anchor: String?
            switch stack.removeLast() {
            case .sequence(let items, let name, let l, let c):
                node = YAMLNode(kind: .sequence(items), line: l, column: c)
                anchor = name
            case .mapping(let pairs, _, let name, let l, let c):
                node = YAMLNode(kind: .mapping(pairs), line: l, column: c)
                anchor = name
            }
            if let anchor { anchors[anchor] = node }
            try add(node)
        default:
            break
        }
    }

    private mutating func remember(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?) {
        if let anchor { anchors[String(cString: anchor)] = node }
    }

    private mutating func add(_ node: YAMLNode) throws(YAMLSyntaxError) {
        guard let top = stack.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let anchor, let line, let column):
            items.append(node)
            stack.append(.sequence(items, anchor: anchor, line: line, column: column))
        case .mapping(var pairs, let pendingKey, let anchor, let line, let column):
            if let key = pendingKey {
                pairs.append((key: key, value: node))
                stack.append(.mapping(pairs, pendingKey: nil, anchor: anchor, line: line, column: column))
            } else {
                stack.append(.mapping(pairs, pendingKey: node, anchor: anchor, line: line, column: column))
            }
        }
    }
}
