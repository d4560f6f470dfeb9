import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// `note_riservate` is declared `access: {shared: hidden}`: for an account the pratica is shared
/// with it does not exist on any read path, while the owner keeps seeing and finding it.
@Suite struct HiddenFieldTests {
    static let secret = "zafferano"

    @Test func theSharedAccountDoesNotReadIt() throws {
        let w = try SharedWorld(fields: ["note_riservate": .text("Valutazione \(Self.secret)")])
        #expect(try w.engine.pratica(id: w.pratica.id, actor: w.owner).fields["note_riservate"] == .text("Valutazione \(Self.secret)"))
        let shared = try w.engine.pratica(id: w.pratica.id, actor: w.gestore)
        #expect(shared.fields["note_riservate"] == nil)
        #expect(shared.fields["interessati"] != nil, "the other fields stay visible")
        let listed = try w.engine.list(ListRequest(type: "crisi-sovraindebitamento"), actor: w.gestore).pratiche
        #expect(try w.engine.render(columns: ["note_riservate", "udienze.data"], for: listed, actor: w.gestore) == [["", "15/03/2026"]])
    }

    @Test func searchDoesNotFindItForTheSharedAccount() throws {
        let w = try SharedWorld(fields: ["note_riservate": .text("Valutazione \(Self.secret)")])
        #expect(try w.t.search(Self.secret, actor: w.owner) == [w.pratica.id])
        #expect(try w.t.search(Self.secret, actor: w.gestore).isEmpty)
        #expect(try w.t.search("rossi", actor: w.gestore) == [w.pratica.id], "visible text is still found")
        #expect(try w.t.search("rossi \(Self.secret)", actor: w.gestore).isEmpty)
    }

    @Test func theHistoryLeavesItsChangesOut() throws {
        let w = try SharedWorld()
        let current = try w.engine.pratica(id: w.pratica.id, actor: w.owner)
        _ = try w.engine.update(
            id: current.id, expectedVersion: current.version, changes: PraticaChanges([("note_riservate", .text(Self.secret))]),
            actor: w.owner)
        #expect(try w.engine.history(id: w.pratica.id, actor: w.owner).contains { $0.field == "note_riservate" })
        let shared = try w.engine.history(id: w.pratica.id, actor: w.gestore)
        #expect(!shared.contains { $0.field == "note_riservate" })
        #expect(!shared.contains { ($0.newValue ?? "").contains(Self.secret) })
    }

    /// Sending guesses of a hidden value is refused before anything is compared: a right guess
    /// and a wrong one get the same answer.
    @Test func guessesOfAHiddenValueAllGetTheSameRefusal() throws {
        let w = try SharedWorld(fields: ["note_riservate": .text(Self.secret)])
        let shared = try w.engine.pratica(id: w.pratica.id, actor: w.gestore)
        for guess in [Self.secret, "altro"] {
            #expect(throws: FascicoloError.forbidden("«Note riservate all'OCC»: modificabile solo dall'account proprietario")) {
                try w.engine.update(
                    id: shared.id, expectedVersion: shared.version, changes: PraticaChanges([("note_riservate", .text(guess))]),
                    actor: w.gestore)
            }
        }
    }

    @Test func theSharedAccountCannotWriteIt() throws {
        let w = try SharedWorld()
        let shared = try w.engine.pratica(id: w.pratica.id, actor: w.gestore)
        #expect(throws: FascicoloError.forbidden("«Note riservate all'OCC»: modificabile solo dall'account proprietario")) {
            try w.engine.update(
                id: shared.id, expectedVersion: shared.version, changes: PraticaChanges([("note_riservate", .text("x"))]),
                actor: w.gestore)
        }
        #expect(try w.engine.pratica(id: w.pratica.id, actor: w.owner).fields["note_riservate"] == nil)
    }
}

/// A type whose hidden fields are a filterable date and a contact: the list rules that the shipped
/// type (whose only hidden field is a note) cannot show.
@Suite struct HiddenFieldQueryTests {
    static let project = TestProjects.make(types: [
        "riservata": """
        id: riservata
        sections:
          - id: s
            fields:
              - {id: debitore, type: contact, label: "Debitore"}
              - {id: consulente_interno, type: contact, label: "Consulente interno", access: {shared: hidden}}
              - {id: verifica, type: date, label: "Verifica interna", filter: true, access: {shared: hidden}}
        states:
          - {id: aperta, initial: true}
        """
    ])

    @Test func filtersDatesAndContactsOfHiddenFieldsFindNothingForTheSharedAccount() throws {
        let t = try TestEngine.make(project: Self.project)
        let studio = try t.engine.createAccount(name: "Studio", kind: "professionista")
        let gestore = Actor(accountId: studio.id, name: "gestore")
        let debtor = try t.addPerson(.marioRossi)
        let adviser = try t.addPerson(.lauraBianchi)
        let pratica = try t.engine.create(
            NewPratica(
                type: "riservata",
                fields: [
                    "debitore": .reference(debtor.id), "consulente_interno": .reference(adviser.id), "verifica": .text("2026-03-10"),
                ]), actor: t.actor)
        _ = try t.engine.share(id: pratica.id, withAccountCode: studio.code, actor: t.actor)

        var byDate = ListRequest(type: "riservata")
        byDate.filters = [.init(field: "verifica", expression: "01/03/2026..31/03/2026")]
        var byAdviser = ListRequest(type: "riservata")
        byAdviser.contactId = adviser.id
        var byDebtor = ListRequest(type: "riservata")
        byDebtor.contactId = debtor.id
        for (request, label) in [(byDate, "filter on a hidden date"), (byAdviser, "Soggetto in a hidden contact field")] {
            #expect(try t.ids(request).ids == [pratica.id], "the owner: \(label)")
            #expect(try t.ids(request, actor: gestore).ids.isEmpty, "the shared account: \(label)")
        }
        #expect(try t.ids(byDebtor, actor: gestore).ids == [pratica.id], "a visible contact still finds it")
        #expect(try t.search("10/03/2026").contains(pratica.id))
        #expect(try t.search("10/03/2026", actor: gestore).isEmpty)
        let month = (CalendarDate(2026, 3, 1), CalendarDate(2026, 3, 31))
        #expect(try t.engine.calendar(from: month.0, to: month.1, actor: t.actor).flatMap(\.entries).map(\.field).contains("verifica"))
        #expect(try !t.engine.calendar(from: month.0, to: month.1, actor: gestore).flatMap(\.entries).map(\.field).contains("verifica"))
        #expect(throws: FascicoloError.notFound("contatto \(adviser.id)")) { try t.engine.contact(id: adviser.id, actor: gestore) }
    }
}
