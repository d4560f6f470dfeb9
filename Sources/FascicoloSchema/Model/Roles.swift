/// What a role may do besides reading its account's data (every role reads).
public enum Permission: String, Sendable, CaseIterable, Hashable {
    /// Create and change pratiche, contacts, projects and attachments.
    case modifica
    /// Share pratiche with other accounts and end shares.
    case condivisione
    /// Generate and show the debtor's access token.
    case area_debitore
    /// Manage the account's users.
    case utenti
}

/// A role users of an account may have: declared in `roles.yaml`, or one of the three built-in ones.
public struct Role: Sendable, Hashable {
    public let id: String
    /// The Italian name shown in the interface.
    public let label: String
    public let permissions: Set<Permission>

    public init(id: String, label: String, permissions: Set<Permission>) {
        self.id = id
        self.label = label
        self.permissions = permissions
    }

    /// Whether the role may change data at all.
    public var canWrite: Bool { permissions.contains(.modifica) }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Roles are the same when their ids are.
    public static func == (left: Role, right: Role) -> Bool { left.id == right.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    public static let admin = Role(id: "admin", label: "Amministratore", permissions: Set(Permission.allCases))
    public static let operatore = Role(id: "operatore", label: "Operatore", permissions: [.modifica, .condivisione, .area_debitore])
    public static let sola_lettura = Role(id: "sola_lettura", label: "Sola lettura", permissions: [])
}

/// The roles of a project, in declaration order.
public struct RoleSet: Sendable {
    public let all: [Role]

    public init(_ roles: [Role]) { self.all = roles }

    /// The role with this id.
    public func role(_ id: String) -> Role? { all.first { $0.id == id } }

    /// What a project without `roles.yaml` has: admin, operatore, sola lettura.
    public static let builtIn = RoleSet([.admin, .operatore, .sola_lettura])
}
