/// A YAML node with the position where it starts, so that every problem found in a type file can
/// be reported as `file:line:column`.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        /// A scalar; `isPlain` is false when it was quoted (a quoted `"true"` is text, not a boolean).
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    public let kind: Kind
    /// 1-based line of the node's first character.
    public let line: Int
    /// 1-based column of the node's first character.
    public let column: Int

    public init(kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// The scalar's text, when this is a scalar.
    public var scalar: String? { if case .scalar(let text, _) = kind { text } else { nil } }

    /// Whether this is a plain `null`, `~` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let text, true) = kind { return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" }
        return false
    }

    /// A human name for the node's shape, for messages such as "expected a list, found a mapping".
    public var shapeName: String {
        switch kind {
        case .scalar: return isNull ? "nothing" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// A YAML syntax error with the position libyaml reported.
public struct YAMLSyntaxError: Error, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
}
