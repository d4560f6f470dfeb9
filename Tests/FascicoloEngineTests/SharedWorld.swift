import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting

/// A pratica of the main account shared with a gestore's studio, plus an unrelated account and a
/// read-only user of the owner: the parties of the permission tests.
struct SharedWorld {
    let t: TestEngine
    let gestore: Actor
    let stranger: Actor
    let reader: Actor
    let pratica: Pratica
    let debtor: Contact
    /// The 6-digit code of the gestore's studio.
    let gestoreCode: String

    /// `shared: false` leaves the sharing to the test.
    init(fields: [String: Value] = [:], shared: Bool = true) throws {
        t = try TestEngine.make()
        let studio = try t.engine.createAccount(name: "Studio Gestore", kind: "professionista")
        gestore = Actor(accountId: studio.id, name: "gestore@studio.it", permissions: Role.operatore.permissions)
        stranger = try t.otherActor()
        reader = Actor(accountId: t.actor.accountId, name: "lettore", permissions: Role.sola_lettura.permissions)
        debtor = try t.addPerson(.marioRossi)
        pratica = try t.createCrisi(
            debitore: debtor.id, hearing: CalendarDate(2026, 3, 15), fields: ["stato": .text("aperta")].merging(fields) { $1 })
        gestoreCode = studio.code
        if shared { _ = try t.engine.share(id: pratica.id, withAccountCode: studio.code, actor: t.actor) }
    }

    var engine: Engine { t.engine }
    var owner: Actor { t.actor }
}
