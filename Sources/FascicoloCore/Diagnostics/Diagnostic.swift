/// One problem found in a file the user wrote (a type, a plugin, a script), reported the way a
/// compiler does: `types/crisi.yaml:14:5: error: unknown field type 'dat'`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    /// The file path as the user should read it, relative to the project root (`types/x.yaml`).
    public let file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public let line: Int
    /// 1-based column, or 0 when unknown.
    public let column: Int
    public let severity: Severity
    public let message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if line > 0 && column > 0 { location += ":\(column)" }
        return "\(location): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (warnings alone do not fail a load).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
