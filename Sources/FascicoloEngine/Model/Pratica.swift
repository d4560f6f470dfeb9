import FascicoloCore
import FascicoloSchema

/// A pratica as the engine hands it out: its built-in columns and its typed fields.
public struct Pratica: Sendable {
    public let id: Int64
    public let type: PraticaType
    public let accountId: Int64
    public let year: Int
    public let state: String
    public let folderName: String
    public let protocolNumber: ProtocolNumber?
    public let fields: [String: Value]
    public let createdAt: String
    public let updatedAt: String
    /// Increases on every write; pass it back to `update` to detect concurrent edits.
    public let version: Int64

    /// The label of the current state.
    public var stateLabel: String { type.state(state)?.label ?? state }

    /// The date the pratica was created (from its timestamp).
    public var createdOn: CalendarDate? { CalendarDate(parsing: String(createdAt.prefix(10))) }
}

/// A protocol number in one year, with the text the plugin formatted for it (`2026/0042`).
public struct ProtocolNumber: Sendable, Hashable {
    public let year: Int
    public let number: Int
    public let text: String

    public init(year: Int, number: Int, text: String) {
        self.year = year
        self.number = number
        self.text = text
    }

    /// The default format: `2026/0042`, or `BE-2026/0042` in the series `BE`.
    public static func defaultText(year: Int, number: Int, series: String = "") -> String {
        let digits = String(number)
        return (series.isEmpty ? "" : series + "-") + "\(year)/" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Reads a number typed by a user: `42`, `2026/42`, `2026/0042` or `42/2026`, optionally
    /// after the series (`BE-2026/0042`). Returns the number and, when written, the year.
    public static func parse(_ text: String, series: String = "") -> (number: Int, year: Int?)? {
        var text = text.trimmingWhitespace()
        if !series.isEmpty, text.uppercased().hasPrefix(series.uppercased() + "-") { text.removeFirst(series.count + 1) }
        let parts = text.split(separator: "/").map(String.init)
        switch parts.count {
        case 1:
            guard let number = Int(parts[0]), number > 0 else { return nil }
            return (number, nil)
        case 2:
            guard let first = Int(parts[0]), let second = Int(parts[1]) else { return nil }
            let (year, number) = parts[0].count == 4 ? (first, second) : (second, first)
            guard number > 0, (1900...9999).contains(year) else { return nil }
            return (number, year)
        default:
            return nil
        }
    }
}

/// Who is acting: the account on whose behalf, and a name for the audit log.
public struct Actor: Sendable, Hashable {
    public let accountId: Int64
    public let name: String
    /// What the actor's role allows (everything for the command line, which acts as the office).
    public let permissions: Set<Permission>

    public init(accountId: Int64, name: String, permissions: Set<Permission> = Set(Permission.allCases)) {
        self.accountId = accountId
        self.name = name
        self.permissions = permissions
    }

    /// Fails with 403 unless the actor's role has the permission.
    public func require(_ permission: Permission) throws(FascicoloError) {
        guard permissions.contains(permission) else { throw FascicoloError.forbidden(Self.refusal(permission)) }
    }

    private static func refusal(_ permission: Permission) -> String {
        switch permission {
        case .modifica: return "il tuo ruolo non consente modifiche"
        case .condivisione: return "il tuo ruolo non consente di condividere pratiche"
        case .area_debitore: return "il tuo ruolo non consente di gestire il codice di accesso del debitore"
        case .utenti: return "solo un amministratore dell'account gestisce gli utenti"
        }
    }
}
