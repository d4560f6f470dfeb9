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
        _ = try w.engine.update(id: current.id, expectedVersion: current.version, changes: PraticaChanges([("note_riservate", .text(Self.secret))]),
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
                try w.engine.update(id: shared.id, expectedVersion: shared.version, changes: PraticaChanges([("note_riservate", .text(guess))]),
                                    actor: w.gestore)
            }
        }
    }

    @Test func theSharedAccountCannotWriteIt() throws {
        let w = try SharedWorld()
        let shared = try w.engine.pratica(id: w.pratica.id, actor: w.gestore)
        #expect(throws: FascicoloError.forbidden("«Note riservate all'OCC»: modificabile solo dall'account proprietario")) {
            try w.engine.update(id: shared.id, expectedVersion: shared.version, changes: PraticaChanges([("note_riservate", .text("x"))]),
                                actor: w.gestore)
        }
        #expect(try w.engine.pratica(id: w.pratica.id, actor: w.owner).fields["note_riservate"] == nil)
    }
}
