import FascicoloCore
import FascicoloSchema

/// A person who signs in to the web front or uses the API on behalf of an account.
public struct User: Sendable, Hashable {
    public let id: Int64
    public let accountId: Int64
    public let email: String
    public let name: String
    /// What the user may do (the roles are configurable in `roles.yaml`).
    public let role: Role
    public let disabled: Bool

    /// Who the audit log names for this user's changes.
    public var actor: Actor { Actor(accountId: accountId, name: email, permissions: role.permissions) }
}

/// A signed-in browser session: the user and the token every form must echo back.
public struct UserSession: Sendable, Hashable {
    public let user: User
    public let csrfToken: String
}
