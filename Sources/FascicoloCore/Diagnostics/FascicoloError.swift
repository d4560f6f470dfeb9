/// A problem with one field of a pratica or contact: the field's path and the reason, in Italian.
/// It never quotes the rejected value, which may be personal data.
public struct FieldIssue: Hashable, Sendable, CustomStringConvertible {
    /// `valore_attivo`, or `udienze[2].data` for a field inside a repeatable group (1-based).
    public let field: String
    public let message: String
    /// Whether the value is well-formed but does not fit the stored data (a duplicate, an unknown
    /// reference, a record that lacks what the operation needs): the API answers 409, not 422.
    public let conflictsWithStoredData: Bool

    public init(field: String, message: String, conflictsWithStoredData: Bool = false) {
        self.field = field
        self.message = message
        self.conflictsWithStoredData = conflictsWithStoredData
    }

    public var description: String { "\(field): \(message)" }

    /// A user-typed identifier (state, type, sort key) quoted for a message: `'aperta'` when it is
    /// made of lowercase letters, digits, `_`, `-` and `.` (at most 60), else nothing — text that
    /// is not an identifier may be personal data.
    public static func quoted(_ identifier: String) -> String {
        let plain =
            !identifier.isEmpty && identifier.count <= 60
            && identifier.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)
            }
        return plain ? " '\(identifier)'" : ""
    }

    /// A user-typed field name fit to repeat in a message: an identifier-like path of at most 60
    /// characters, else a neutral placeholder (an unknown "name" may really be personal data).
    public static func safeName(_ name: String) -> String {
        let allowed =
            name.count <= 60
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_.[]".unicodeScalars.contains($0)
            }
        return allowed && !name.isEmpty ? name : "(campo non riconosciuto)"
    }
}

/// The errors a user can cause and must be told about in words. Every message is Italian,
/// names fields and identifiers only, and never includes personal data or amounts.
public enum FascicoloError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One or more fields are invalid; nothing was written.
    case validation([FieldIssue])
    /// The named object does not exist (or is not visible to the caller).
    case notFound(String)
    /// The record changed since the caller read it (`expected` was the version the caller had).
    case conflict(expected: Int64, actual: Int64)
    /// The workflow does not allow this state change.
    case transitionNotAllowed(from: String, to: String, reason: String?)
    /// The requested protocol number is already assigned.
    case protocolTaken(String)
    /// A request that cannot be carried out as asked, with the reason.
    case invalidRequest(String)
    /// A plugin failed (its message names the file and line: `plugins/x.lua:12: …`).
    case plugin(String)
    /// The caller may see the object but not do this to it (a shared pratica is read-only).
    case forbidden(String)
    /// A service the operation needs is missing on this server (LibreOffice for PDF), with what to do.
    case unavailable(String)
    /// Every worker that could run the operation is taken: try again shortly. Nothing was done.
    case busy(String)
    /// The operation ran out of time (or its client went away) and was stopped; nothing was written.
    case timedOut(String)
    /// Too many failed attempts of this kind (wrong codes) lately: refused without being evaluated.
    case tooManyAttempts(String)

    public var description: String {
        switch self {
        case .validation(let issues):
            return issues.map(\.description).joined(separator: "\n")
        case .notFound(let what):
            return "\(what) inesistente"
        case .conflict(let expected, let actual):
            return "conflitto: i dati sono stati modificati da qualcun altro (versione \(expected), ora \(actual)); ricaricarli e riprovare"
        case .transitionNotAllowed(let from, let to, let reason):
            let base = "passaggio di stato non consentito da '\(from)' a '\(to)'"
            return reason.map { "\(base): \($0)" } ?? base
        case .protocolTaken(let text):
            return "il protocollo \(text) è già assegnato a un'altra pratica"
        case .invalidRequest(let reason), .plugin(let reason), .forbidden(let reason), .unavailable(let reason), .busy(let reason),
            .timedOut(let reason), .tooManyAttempts(let reason):
            return reason
        }
    }
}
