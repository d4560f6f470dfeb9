import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// A pratica shared by its owner with another account (by 6-digit code) is visible to that
/// account on every read path, read-only; an unrelated account sees nothing.
@Suite struct SharingTests {
    @Test func aSharedPraticaIsVisibleOnEveryReadPath() throws {
        let w = try SharedWorld(shared: false)
        #expect(try w.t.ids(ListRequest(type: "crisi-sovraindebitamento"), actor: w.gestore).total == 0)
        let shares = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        #expect(shares.map(\.account.code) == [w.gestoreCode])

        #expect(try w.t.ids(ListRequest(type: "crisi-sovraindebitamento"), actor: w.gestore).ids == [w.pratica.id])
        #expect(try w.t.search("rossi", actor: w.gestore) == [w.pratica.id])
        #expect(try w.t.search("15/03/2026", actor: w.gestore) == [w.pratica.id])
        let calendar = try w.t.engine.calendar(from: CalendarDate(2026, 3, 1), to: CalendarDate(2026, 3, 31), actor: w.gestore).flatMap(\.entries)
        #expect(calendar.map(\.praticaId).contains(w.pratica.id))
        #expect(try w.t.engine.pratica(id: w.pratica.id, actor: w.gestore).folderName == w.pratica.folderName)
        #expect(try !w.t.engine.history(id: w.pratica.id, actor: w.gestore).isEmpty)
        #expect(try w.t.engine.contact(id: w.debtor.id, actor: w.gestore).displayName == "Rossi Mario")
        #expect(try w.t.engine.contactNames(ids: [w.debtor.id], actor: w.gestore) == [w.debtor.id: "Rossi Mario"])
        let cells = try w.t.engine.render(
            columns: ["interessati.debitore"], for: [try w.t.engine.pratica(id: w.pratica.id, actor: w.gestore)],
            actor: w.gestore)
        #expect(cells == [["Rossi Mario"]])
        #expect(try w.t.engine.owner(of: try w.t.engine.pratica(id: w.pratica.id, actor: w.gestore), actor: w.gestore)?.id == w.t.actor.accountId)
    }

    /// A type `contatti` whose fields are contact links (`riservato` hidden from shared accounts
    /// when `hidden`, `cliente` editable by them), a pratica linking Mario Rossi in `field`, and
    /// the "Studio" account (not yet shared with).
    private static func contactWorld(hidden: Bool, linkedIn field: String) throws
        -> (t: TestEngine, pratica: Pratica, contact: Contact, studio: Account, other: Actor)
    {
        let reserved = hidden ? "\n      - id: riservato\n        type: contact\n        access: {shared: hidden}" : ""
        let type = """
            id: contatti
            sections:
              - id: s
                fields:\(reserved)
                  - id: cliente
                    type: contact
                    access: {shared: edit}
            states:
              - id: aperta
                initial: true
            """
        let t = try TestEngine.make(project: TestProjects.make(types: ["contatti": type]))
        let studio = try t.engine.createAccount(name: "Studio")
        let contact = try t.addPerson(.marioRossi)
        let pratica = try t.engine.create(NewPratica(type: "contatti", fields: [field: .reference(contact.id)]), actor: t.actor)
        return (t, pratica, contact, studio, Actor(accountId: studio.id, name: "studio"))
    }

    @Test func withoutHiddenFieldsTheContactsOfASharedPraticaAreVisible() throws {
        let w = try Self.contactWorld(hidden: false, linkedIn: "cliente")
        #expect(throws: FascicoloError.notFound("contatto \(w.contact.id)")) { try w.t.engine.contact(id: w.contact.id, actor: w.other) }
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.studio.code, actor: w.t.actor)
        #expect(try w.t.engine.contact(id: w.contact.id, actor: w.other).displayName == "Rossi Mario")
    }

    @Test func aContactLinkedOnlyInAHiddenFieldCannotBeCopiedIntoAVisibleOne() throws {
        let w = try Self.contactWorld(hidden: true, linkedIn: "riservato")
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.studio.code, actor: w.t.actor)
        #expect(throws: FascicoloError.validation([FieldIssue(field: "cliente", message: "contatto inesistente nell'anagrafica")])) {
            try w.t.engine.update(
                id: w.pratica.id, expectedVersion: w.pratica.version, changes: PraticaChanges([("cliente", .reference(w.contact.id))]),
                actor: w.other)
        }
        #expect(throws: FascicoloError.notFound("contatto \(w.contact.id)")) { try w.t.engine.contact(id: w.contact.id, actor: w.other) }
    }

    @Test func aFieldHiddenAfterItsDataExistsLeavesTheSharedSearchAtOnce() throws {
        func type(hidden: Bool) -> String {
            """
            id: nascosta
            sections:
              - id: s
                fields:
                  - id: oggetto
                    type: text
                  - id: appunti
                    type: text\(hidden ? "\n        access: {shared: hidden}" : "")
            states:
              - id: aperta
                initial: true
            """
        }
        let first = TestProjects.make(types: ["nascosta": type(hidden: false)])
        let t = try TestEngine.make(project: first)
        let studio = try t.engine.createAccount(name: "Studio")
        let reader = Actor(accountId: studio.id, name: "studio")
        let pratica = try t.engine.create(
            NewPratica(type: "nascosta", fields: ["oggetto": .text("ricorso"), "appunti": .text("segretissimo")]), actor: t.actor)
        _ = try t.engine.share(id: pratica.id, withAccountCode: studio.code, actor: t.actor)
        #expect(try t.search("segretissimo", actor: reader) == [pratica.id])
        // The office hides the field: the next engine over the same data forgets its text for the studio.
        try type(hidden: true).write(to: first.root.appendingPathComponent("types/nascosta.yaml"), atomically: true, encoding: .utf8)
        let reopened = try Engine(project: Project.load(root: first.root), dataDirectory: t.dataDirectory, today: { TestEngine.today })
        func found(_ word: String, _ actor: Actor) throws -> [Int64] {
            var request = ListRequest(type: "nascosta")
            request.text = word
            return try reopened.list(request, actor: actor).pratiche.map(\.id)
        }
        #expect(try found("segretissimo", reader).isEmpty)
        #expect(try found("ricorso", reader) == [pratica.id])
        #expect(try found("segretissimo", t.actor) == [pratica.id])
    }

    @Test func anAccountCannotTryEveryShareCode() throws {
        let w = try SharedWorld(shared: false)
        func message(_ code: String) -> String? {
            do {
                _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: code, actor: w.t.actor)
                return nil
            } catch FascicoloError.validation(let issues) {
                return issues.first?.message
            } catch {
                return "\(error)"
            }
        }
        let unknown = (0..<11).map { String(format: "9%05d", $0) }.filter { $0 != w.gestoreCode }.prefix(10)
        for code in unknown { #expect(message(code) == "nessun account con questo codice") }
        #expect(message(w.gestoreCode) == "troppi codici inesistenti: riprovare tra 15 minuti")
        #expect(try w.t.engine.shares(id: w.pratica.id, actor: w.t.actor).isEmpty, "nothing was shared, no name was shown")
    }

    @Test func anUnrelatedAccountSeesNothing() throws {
        let w = try SharedWorld(shared: false)
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        #expect(try w.t.ids(ListRequest(type: "crisi-sovraindebitamento"), actor: w.stranger).total == 0)
        #expect(try w.t.search("rossi", actor: w.stranger).isEmpty)
        #expect(try w.t.engine.contactNames(ids: [w.debtor.id], actor: w.stranger).isEmpty)
        #expect(throws: FascicoloError.notFound("pratica \(w.pratica.id)")) { try w.t.engine.pratica(id: w.pratica.id, actor: w.stranger) }
        #expect(throws: FascicoloError.notFound("contatto \(w.debtor.id)")) { try w.t.engine.contact(id: w.debtor.id, actor: w.stranger) }
        #expect(throws: FascicoloError.notFound("pratica \(w.pratica.id)")) { try w.t.engine.shares(id: w.pratica.id, actor: w.stranger) }
        let cells = try w.t.engine.render(columns: ["interessati.debitore"], for: [w.pratica], actor: w.stranger)
        #expect(cells == [["#\(w.debtor.id)"]], "names of contacts of pratiche the actor cannot see are not shown")
    }

    @Test func aSharedAccountChangesNothing() throws {
        let w = try SharedWorld(shared: false)
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        let readOnly = FascicoloError.forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica")
        #expect(throws: FascicoloError.forbidden("«Note»: modificabile solo dall'account proprietario")) {
            try w.t.engine.update(
                id: w.pratica.id, expectedVersion: w.pratica.version, changes: PraticaChanges([("note", .text("x"))]), actor: w.gestore)
        }
        #expect(throws: readOnly) { try w.t.engine.transition(id: w.pratica.id, to: "esame_documentazione", actor: w.gestore) }
        #expect(
            try w.t.engine.transitionOptions(for: w.t.engine.pratica(id: w.pratica.id, actor: w.gestore), actor: w.gestore).isEmpty,
            "no state change is offered to a shared account")
        #expect(throws: readOnly) { try w.t.engine.assignProtocol(id: w.pratica.id, actor: w.gestore) }
        #expect(throws: readOnly) { try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.gestore) }
        #expect(throws: readOnly) { try w.t.engine.unshare(id: w.pratica.id, accountId: w.gestore.accountId, actor: w.gestore) }
        #expect(throws: FascicoloError.notFound("contatto \(w.debtor.id)")) {
            try w.t.engine.updateContact(
                id: w.debtor.id, expectedVersion: w.debtor.version, kind: .fisica, attributes: ["cognome": "X"], actor: w.gestore)
        }
        #expect(try w.t.engine.pratica(id: w.pratica.id, actor: w.t.actor).version == w.pratica.version)
    }

    @Test func aSharedAccountChangesOnlyTheFieldsTheTypeOpensToIt() throws {
        let w = try SharedWorld(shared: false)
        let gestoreContact = try w.t.addPerson(.giuseppeVerdi)
        let withGestore = try w.t.engine.update(
            id: w.pratica.id, expectedVersion: w.pratica.version,
            changes: PraticaChanges([
                ("gestori[1].gestore", .reference(gestoreContact.id)), ("gestori[1].data_nomina", .date(CalendarDate(2026, 2, 1))),
            ]), actor: w.t.actor)
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        let accepted = try w.t.engine.update(
            id: w.pratica.id, expectedVersion: withGestore.version,
            changes: PraticaChanges([
                ("gestori[1].data_accettazione", .text("03/02/2026")), ("udienze[2].data", .text("20/04/2026")),
            ]), actor: w.gestore)
        #expect(accepted.fields["gestori"]?.listValue?.first?.recordValue?["data_accettazione"] == .date(CalendarDate(2026, 2, 3)))
        #expect(accepted.fields["udienze"]?.listValue?.count == 2, "a group open to shared accounts takes new rows")
        for (path, label) in [("gestori[1].data_nomina", "Gestori: Data di nomina"), ("gestori[2].gestore", "Gestori"), ("note", "Note")] {
            #expect(throws: FascicoloError.forbidden("«\(label)»: modificabile solo dall'account proprietario"), "\(path)") {
                try w.t.engine.update(
                    id: w.pratica.id, expectedVersion: accepted.version,
                    changes: PraticaChanges([(path, path.hasSuffix("gestore") ? .reference(gestoreContact.id) : .text("05/02/2026"))]),
                    actor: w.gestore)
            }
        }
        #expect(throws: FascicoloError.forbidden("anno, nome cartella e protocollo: modificabili solo dall'account proprietario")) {
            try w.t.engine.update(
                id: w.pratica.id, expectedVersion: accepted.version, changes: PraticaChanges([("nome_cartella", .text("Mia"))]),
                actor: w.gestore)
        }
        let history = try w.t.engine.history(id: w.pratica.id, actor: w.t.actor)
        #expect(history.filter { $0.actor == w.gestore.name }.map(\.field) == ["gestori", "udienze"], "the shared account's changes are audited")
    }

    @Test func sharesAreCheckedAuditedAndEnded() throws {
        let w = try SharedWorld(shared: false)
        let own = try w.t.engine.accounts().first { $0.id == w.t.actor.accountId }!.code
        for (code, message) in [
            ("12345", "il codice account ha 6 cifre"), ("000000", "nessun account con questo codice"),
            (own, "è il codice del proprio account"),
        ] where code != "000000" || own != "000000" {
            #expect(
                throws: FascicoloError.validation([
                    FieldIssue(field: "codice", message: message, conflictsWithStoredData: message == "nessun account con questo codice")
                ])
            ) {
                try w.t.engine.share(id: w.pratica.id, withAccountCode: code, actor: w.t.actor)
            }
        }
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        #expect(throws: FascicoloError.validation([FieldIssue(field: "codice", message: "la pratica è già condivisa con questo account")])) {
            try w.t.engine.share(id: w.pratica.id, withAccountCode: w.gestoreCode, actor: w.t.actor)
        }
        try w.t.engine.unshare(id: w.pratica.id, accountId: w.gestore.accountId, actor: w.t.actor)
        #expect(try w.t.ids(ListRequest(type: "crisi-sovraindebitamento"), actor: w.gestore).total == 0)
        let actions = try w.t.engine.history(id: w.pratica.id, actor: w.t.actor).map(\.action)
        #expect(actions.contains("share") && actions.contains("unshare"))
    }
}

/// An export holds the account's own data: a pratica shared with it belongs to its owner's export.
@Suite struct SharingExportTests {
    @Test func sharedPraticheAreNotExportedByTheAccountTheyAreSharedWith() throws {
        let t = try TestEngine.make()
        let studio = try t.engine.createAccount(name: "Studio", kind: "professionista")
        let pratica = try t.createCrisi(debitore: try t.addPerson(.marioRossi).id)
        _ = try t.engine.share(id: pratica.id, withAccountCode: studio.code, actor: t.actor)
        var lines: [String] = []
        try t.engine.exportLines(actor: Actor(accountId: studio.id, name: "studio")) { lines.append($0) }
        #expect(lines.isEmpty)
        var owners: [String] = []
        try t.engine.exportLines(actor: t.actor) { owners.append($0) }
        #expect(owners.contains { $0.contains("\"id\":\(pratica.id),") }, "the owner's export holds it")
    }
}
