import FascicoloCore

/// A person who signs in to the web front or uses the API on behalf of an account.
public struct User: Sendable, Hashable {
    /// What a user may do in their account.
    public enum Role: String, Sendable, CaseIterable {
        /// Everything, including managing the account's users.
        case admin
        /// Office staff: reads and writes pratiche and contacts.
        case operatore
        /// Reads only.
        case sola_lettura

        /// The Italian name shown in the interface.
        public var label: String {
            switch self {
            case .admin: return "Amministratore"
            case .operatore: return "Operatore"
            case .sola_lettura: return "Sola lettura"
            }
        }

        /// Whether the role may change data.
        public var canWrite: Bool { self != .sola_lettura }
    }

    public let id: Int64
    public let accountId: Int64
    public let email: String
    public let name: String
    public let role: Role
    public let disabled: Bool

    /// Who the audit log names for this user's changes.
    public var actor: Actor { Actor(accountId: accountId, name: email) }
}

/// A signed-in browser session: the user and the token every form must echo back.
public struct UserSession: Sendable, Hashable {
    public let user: User
    public let csrfToken: String
}
