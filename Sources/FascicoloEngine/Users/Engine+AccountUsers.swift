import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// User management by an account's administrators: only their own account's users, never their
/// own access (an administrator cannot lock themselves out).
extension Engine {
    /// The users of the administrator's account, by e-mail.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func accountUsers(by admin: User) throws -> [User] {
        try requireAdmin(admin)
        return try users().filter { $0.accountId == admin.accountId }
    }

    /// Adds a user to the administrator's account.
    /// The role may not hold a permission the administrator lacks. An e-mail already used in
    /// another account is refused without saying so (that would tell who uses this system).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addAccountUser(email: String, name: String, password: String, role: Role, by admin: User) throws -> User {
        try requireAdmin(admin)
        try requireWithinReach(role, of: admin)
        guard let account = try account(id: admin.accountId) else { throw FascicoloError.notFound("account") }
        do {
            return try addUser(email: email, name: name, password: password, role: role, accountCode: account.code)
        } catch FascicoloError.validation(let issues) where issues.contains(where: { $0.field == "email" }) {
            let existing = try reading { try $0.user(email: email.trimmingWhitespace()) }
            guard let existing, existing.accountId != admin.accountId else { throw FascicoloError.validation(issues) }
            throw FascicoloError.validation([FieldIssue(field: "email", message: "e-mail non utilizzabile per un nuovo utente: indicarne un'altra")])
        }
    }

    /// Disables or re-enables a user of the administrator's account.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setAccountUserDisabled(id: Int64, _ disabled: Bool, by admin: User) throws {
        let user = try accountUser(id: id, by: admin)
        guard user.id != admin.id else {
            throw FascicoloError.invalidRequest("non è possibile disabilitare il proprio utente")
        }
        try writing { try $0.setUserDisabled(userId: user.id, disabled) }
    }

    /// Sets a new password for a user of the administrator's account (their sessions and tokens end).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setAccountUserPassword(id: Int64, password: String, by admin: User) throws {
        let user = try accountUser(id: id, by: admin)
        try setPassword(email: user.email, password: password)
    }

    /// A user of the administrator's account whose permissions the administrator all holds (a
    /// manager of users cannot disable an administrator, nor set their password and sign in as them).
    private func accountUser(id: Int64, by admin: User) throws -> User {
        try requireAdmin(admin)
        guard let row = try reading({ try $0.user(id: id) }), row.accountId == admin.accountId else {
            throw FascicoloError.notFound("utente")
        }
        let user = user(from: row, id: row.id)
        try requireWithinReach(user.role, of: admin)
        return user
    }

    /// Refuses a role holding a permission that `admin` does not hold.
    private func requireWithinReach(_ role: Role, of admin: User) throws {
        guard role.permissions.isSubset(of: admin.role.permissions) else {
            throw FascicoloError.forbidden("ruolo con permessi che l'utente non possiede: solo chi li ha può assegnarli o gestirne gli utenti")
        }
    }

    private func requireAdmin(_ user: User) throws {
        try user.actor.require(.utenti)
        guard !user.disabled else { throw FascicoloError.forbidden(Wording.userDisabled) }
    }
}
