import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// The account's users, for its administrators: list, add, disable or re-enable, set a password.
struct UsersController {
    let engine: Engine
    let renderer: Renderer

    struct View {
        let chrome: Chrome
        let users: [Row]
        let roles: [OptionView]
        let email: String
        let name: String
        let emailError: String?
        let nameError: String?
        let passwordError: String?
    }

    struct Row {
        let id: Int64
        let email: String
        let name: String
        let role: String
        let disabled: Bool
        let isSelf: Bool
    }

    static let notices = [
        "aggiunto": "Utente aggiunto.", "disabilitato": "Utente disabilitato: sessioni e token revocati.",
        "riabilitato": "Utente riabilitato.", "password": "Password impostata: le sessioni dell'utente sono state chiuse.",
    ]

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/utenti", use: list)
        group.post("/utenti", use: add)
        group.post("/utenti/:id/disabilita", use: { try await setDisabled(true, $0, $1) })
        group.post("/utenti/:id/riabilita", use: { try await setDisabled(false, $0, $1) })
        group.post("/utenti/:id/password", use: setPassword)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try Self.admin(context)
        let notice = request.query["esito"].flatMap { Self.notices[$0] }
        return try await engine.run(context) { _ in try page(identity, notice: notice) }
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try Self.admin(context)
        let form = context.form
        let role = engine.project.roles.role(form["ruolo"] ?? "") ?? .operatore
        return try await engine.run(context) { engine -> Response in
            do {
                _ = try engine.addAccountUser(
                    email: form["email"] ?? "", name: form["nome"] ?? "", password: form["password"] ?? "",
                    role: role, by: identity.user)
                return .redirect(to: "/utenti?esito=aggiunto")
            } catch FascicoloError.validation(let issues) {
                return try page(
                    identity, issues: issues, email: form["email"] ?? "", name: form["nome"] ?? "", role: role,
                    status: .unprocessableContent)
            }
        }
    }

    func setDisabled(_ disabled: Bool, _ request: Request, _ context: AppContext) async throws -> Response {
        let identity = try Self.admin(context)
        let id = try context.routeID()
        try await engine.run(context) { try $0.setAccountUserDisabled(id: id, disabled, by: identity.user) }
        return .redirect(to: "/utenti?esito=\(disabled ? "disabilitato" : "riabilitato")")
    }

    @Sendable func setPassword(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try Self.admin(context)
        let id = try context.routeID()
        let password = context.form["password"] ?? ""
        return try await engine.run(context) { engine -> Response in
            do {
                try engine.setAccountUserPassword(id: id, password: password, by: identity.user)
                return .redirect(to: "/utenti?esito=password")
            } catch FascicoloError.validation(let issues) {
                return try page(identity, issues: issues, status: .unprocessableContent)
            }
        }
    }

    private func page(
        _ identity: Identity, notice: String? = nil, issues: [FieldIssue] = [], email: String = "", name: String = "",
        role: Role = .operatore, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let errors = FieldViewBuilder.index(issues)
        let view = View(
            chrome: Chrome(
                title: "Utenti dell'account", identity: identity, section: .utenti, notice: notice,
                alert: issues.isEmpty ? nil : "Controllare i campi segnalati."),
            users: try engine.accountUsers(by: identity.user).map {
                Row(id: $0.id, email: $0.email, name: $0.name, role: $0.role.label, disabled: $0.disabled, isSelf: $0.id == identity.user.id)
            },
            roles: engine.project.roles.all.map { OptionView(value: $0.id, label: $0.label, selected: $0 == role) },
            email: email, name: name,
            emailError: errors["email"], nameError: errors["nome"], passwordError: errors["password"])
        return renderer.page("users", view, status: status)
    }

    /// Only the account's administrators reach these pages.
    static func admin(_ context: AppContext) throws -> Identity {
        let identity = try context.requireIdentity()
        guard identity.user.role.may(.utenti) else { throw WebError.forbidden("pagina riservata agli amministratori dell'account") }
        return identity
    }
}
