import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// The bcrypt cost of stored passwords (2^11 rounds, about 0.1 s per check on a laptop core).
    static let passwordCost = 11
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Adds a user to an account (the first account when `accountCode` is nil).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addUser(email: String, name: String, password: String, role: Role, accountCode: String? = nil) throws -> User {
        let email = email.trimmingWhitespace()
        var issues: [FieldIssue] = []
        if !EmailAddress.isValid(email) { issues.append(FieldIssue(field: "email", message: Wording.invalidEmail)) }
        if name.trimmingWhitespace().isEmpty { issues.append(FieldIssue(field: "nome", message: Wording.required)) }
        issues += Self.passwordIssues(password)
        if project.roles.role(role.id) == nil { issues.append(FieldIssue(field: "ruolo", message: "ruolo inesistente")) }
        guard issues.isEmpty else { throw FascicoloError.validation(issues) }
        let account = try accounts().first { accountCode == nil || $0.code == accountCode }
        guard let account else { throw FascicoloError.notFound(accountCode.map { "account \($0)" } ?? "account (eseguire prima init)") }
        let row = UserRow(
            accountId: account.id, email: email, name: name.trimmingWhitespace(), role: role.id,
            passwordHash: PasswordHash.make(password, cost: Self.passwordCost))
        let id = try writing { try $0.insertUser(row, at: LocalClock.timestamp()) }
        return user(from: row, id: id)
    }

    /// Every user, by e-mail.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func users() throws -> [User] {
        try reading { try $0.users() }.map { user(from: $0, id: $0.id) }
    }

    /// The user with this e-mail.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func user(email: String) throws -> User {
        guard let row = try reading({ try $0.user(email: email.trimmingWhitespace()) }) else { throw FascicoloError.notFound("utente") }
        return user(from: row, id: row.id)
    }

    /// Sets a new password, ends the user's sessions and revokes their API tokens.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setPassword(email: String, password: String) throws {
        let issues = Self.passwordIssues(password)
        guard issues.isEmpty else { throw FascicoloError.validation(issues) }
        let user = try user(email: email)
        let hash = PasswordHash.make(password, cost: Self.passwordCost)
        try writing { try $0.setPasswordHash(userId: user.id, hash) }
    }

    /// Disables (or re-enables) a user: a disabled user cannot sign in and loses sessions and tokens.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setDisabled(email: String, _ disabled: Bool) throws {
        let user = try user(email: email)
        try writing { try $0.setUserDisabled(userId: user.id, disabled) }
    }

    /// The enabled user with this e-mail and password, or nil. A missing user costs the same
    /// bcrypt check as a wrong password, so timing does not tell which e-mails exist.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func authenticate(email: String, password: String) throws -> User? {
        let row = try reading { try $0.user(email: email.trimmingWhitespace()) }
        let hash = row?.passwordHash ?? Self.decoyHash
        let matches = PasswordHash.verify(password, hash: hash)
        guard let row, matches, !row.disabled else { return nil }
        return user(from: row, id: row.id)
    }

    /// Creates an API token for a user; the secret is returned once and stored only as a hash.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func createAPIToken(email: String, label: String = "api") throws -> String {
        let user = try user(email: email)
        guard !user.disabled else { throw FascicoloError.invalidRequest(Wording.userDisabled) }
        let secret = Secrets.make()
        try writing { try $0.insertAPIToken(secretHash: Secrets.hash(secret), userId: user.id, label: label, at: LocalClock.timestamp()) }
        return secret
    }

    /// The enabled user an API token belongs to.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func user(apiToken: String) throws -> User? {
        try reading { reader -> User? in
            guard let id = try reader.apiTokenUserId(secretHash: Secrets.hash(apiToken)), let row = try reader.user(id: id), !row.disabled else {
                return nil
            }
            return user(from: row, id: row.id)
        }
    }

    /// A saved preference of a user (for instance the list columns of a type).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func preference(_ key: String, user: User) throws -> String? {
        try reading { try $0.preference(userId: user.id, key: key) }
    }

    /// The preference that remembers the type a user last listed.
    public static let lastTypePreference = "tipologia"

    /// The type a user starts from when none is asked for: the one they last listed, else the
    /// type of their account's newest pratica, else the first loaded.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func startingType(for user: User) throws -> PraticaType {
        let remembered = try preference(Self.lastTypePreference, user: user).flatMap(project.type)
        let newest = try remembered == nil ? reading { try $0.newestPraticaType(accountId: user.accountId) }.flatMap(project.type) : nil
        guard let type = remembered ?? newest ?? project.types.first else { throw FascicoloError.notFound("tipologia di pratica") }
        return type
    }

    /// Saves a preference of a user.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setPreference(_ key: String, value: String, user: User) throws {
        try writing { try $0.setPreference(userId: user.id, key: key, value: value) }
    }

    static func passwordIssues(_ password: String) -> [FieldIssue] {
        password.count >= minimumPasswordLength
            ? []
            : [FieldIssue(field: "password", message: "la password deve avere almeno \(minimumPasswordLength) caratteri")]
    }

    /// A stored user; a role no longer declared in `roles.yaml` keeps its name and may only read.
    func user(from row: UserRow, id: Int64) -> User {
        User(
            id: id, accountId: row.accountId, email: row.email, name: row.name,
            role: project.roles.role(row.role) ?? Role(id: row.role, label: row.role, permissions: []), disabled: row.disabled)
    }

    /// A hash of a random password, checked when the e-mail is unknown.
    private static let decoyHash = PasswordHash.make(Secrets.make(), cost: passwordCost)
}
