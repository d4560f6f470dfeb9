import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// Managing users never gives more than one holds: a manager of users with no other permission
/// cannot create an administrator, give a permission it lacks, nor take over a user who has more.
@Suite struct LeastPrivilegeTests {
    static let type = TestProjects.oneFieldType("prova")
    static let roles = """
        roles:
          - id: admin
            label: "Amministratore"
            permissions: [modifica, condivisione, area_debitore, utenti]
          - id: operatore
            label: "Operatore"
            permissions: [modifica]
          - id: personale
            label: "Gestione del personale"
            permissions: [utenti]
        """

    static func engine() throws -> TestEngine {
        let seed = TestProjects.make(types: ["prova": type])
        try roles.write(to: seed.root.appendingPathComponent("roles.yaml"), atomically: true, encoding: .utf8)
        return try TestEngine.make(project: Project.load(root: seed.root))
    }

    @Test func aUserManagerStaysWithinItsOwnPermissions() throws {
        let t = try Self.engine()
        let roles = t.engine.project.roles
        let code = try #require(try t.engine.accounts().first).code
        let admin = try t.engine.addUser(
            email: "capo@occ.it", name: "Capo", password: "password-lunga-1", role: #require(roles.role("admin")), accountCode: code)
        let staff = try t.engine.addUser(
            email: "hr@occ.it", name: "HR", password: "password-lunga-2", role: #require(roles.role("personale")), accountCode: code)
        for role in ["admin", "operatore"] {
            #expect(throws: FascicoloError.self) {
                try t.engine.addAccountUser(
                    email: "nuovo-\(role)@occ.it", name: "Nuovo", password: "password-lunga-3", role: #require(roles.role(role)), by: staff)
            }
        }
        let peer = try t.engine.addAccountUser(
            email: "pari@occ.it", name: "Pari", password: "password-lunga-4", role: #require(roles.role("personale")), by: staff)
        #expect(peer.role.id == "personale")
        #expect(throws: FascicoloError.self) { try t.engine.setAccountUserPassword(id: admin.id, password: "presa-di-controllo", by: staff) }
        #expect(throws: FascicoloError.self) { try t.engine.setAccountUserDisabled(id: admin.id, true, by: staff) }
        // The administrator holds every permission: it manages everyone.
        try t.engine.setAccountUserDisabled(id: staff.id, true, by: admin)
    }

    @Test func anEmailOfAnotherAccountIsRefusedWithoutSayingItExists() throws {
        let t = try Self.engine()
        let roles = t.engine.project.roles
        let admin = try t.engine.addUser(
            email: "capo@occ.it", name: "Capo", password: "password-lunga-1", role: #require(roles.role("admin")),
            accountCode: try #require(try t.engine.accounts().first).code)
        let other = try t.engine.createAccount(name: "Altro OCC")
        let stranger = try t.engine.addUser(
            email: "capo@altro.it", name: "Altro", password: "password-lunga-2", role: #require(roles.role("admin")), accountCode: other.code)
        func message(_ email: String, by user: User) -> String? {
            do {
                _ = try t.engine.addAccountUser(
                    email: email, name: "X", password: "password-lunga-3", role: #require(roles.role("operatore")), by: user)
                return nil
            } catch FascicoloError.validation(let issues) {
                return issues.first { $0.field == "email" }?.message
            } catch {
                return "\(error)"
            }
        }
        #expect(message("capo@occ.it", by: admin) == "valore già presente in un altro record")
        #expect(message("capo@occ.it", by: stranger) == "e-mail non utilizzabile per un nuovo utente: indicarne un'altra")
    }
}
