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
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addAccountUser(email: String, name: String, password: String, role: Role, by admin: User) throws -> User {
        try requireAdmin(admin)
        guard let account = try accounts().first(where: { $0.id == admin.accountId }) else { throw FascicoloError.notFound("account") }
        return try addUser(email: email, name: name, password: password, role: role, accountCode: account.code)
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

    private func accountUser(id: Int64, by admin: User) throws -> User {
        try requireAdmin(admin)
        guard let row = try reading({ try $0.user(id: id) }), row.accountId == admin.accountId else {
            throw FascicoloError.notFound("utente")
        }
        return user(from: row, id: row.id)
    }

    private func requireAdmin(_ user: User) throws {
        try user.actor.require(.utenti)
        guard !user.disabled else { throw FascicoloError.forbidden(Wording.userDisabled) }
    }
}
