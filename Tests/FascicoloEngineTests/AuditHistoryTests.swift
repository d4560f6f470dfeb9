import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// A history line without its timestamp.
private struct Line: Equatable, CustomStringConvertible {
    let actor: String, action: String, field: String?, old: String?, new: String?
    var description: String { "\(actor) \(action) \(field ?? "-"): \(old ?? "nil") → \(new ?? "nil")" }
}

/// The audit log of a pratica records who did what, and every field change as old → new.
@Suite struct AuditHistoryTests {
    @Test func historyRecordsCreateChangesTransitionAndProtocol() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("aperta")])
        _ = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text("Bianchi"))]), actor: t.actor)
        _ = try t.engine.update(
            id: created.id, expectedVersion: 2,
            changes: PraticaChanges([
                ("giudice", .text("Verdi")), ("numero_rg", .text("1234/2025")),
            ]), actor: t.actor)
        _ = try t.engine.transition(id: created.id, to: "esame_documentazione", actor: t.actor)
        _ = try t.engine.assignProtocol(id: created.id, actor: t.actor)
        _ = try t.engine.update(id: created.id, expectedVersion: 5, changes: PraticaChanges([("giudice", .null)]), actor: t.actor)

        let history = try t.engine.history(id: created.id, actor: t.actor)
        let actor = t.actor.name
        #expect(
            history.map { Line(actor: $0.actor, action: $0.action, field: $0.field, old: $0.oldValue, new: $0.newValue) } == [
                Line(actor: actor, action: "create", field: "stato", old: nil, new: "aperta"),
                Line(actor: actor, action: "update", field: "giudice", old: nil, new: "Bianchi"),
                Line(actor: actor, action: "update", field: "numero_rg", old: nil, new: "1234/2025"),
                Line(actor: actor, action: "update", field: "giudice", old: "Bianchi", new: "Verdi"),
                Line(actor: actor, action: "transition", field: "stato", old: "aperta", new: "esame_documentazione"),
                Line(actor: actor, action: "protocol", field: "protocollo", old: nil, new: "2025/0001"),
                Line(actor: actor, action: "update", field: "giudice", old: "Verdi", new: nil),
            ])
        #expect(history.allSatisfy { !$0.at.isEmpty })
    }

    @Test func anUpdateThatChangesNothingIsNotAudited() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["giudice": .text("Bianchi")])
        let same = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text(" Bianchi "))]), actor: t.actor)
        #expect(same.version == 1)
        #expect(try t.engine.history(id: created.id, actor: t.actor).map(\.action) == ["create"])
    }

    /// Amounts and dates read as plain text; groups as compact JSON.
    @Test func groupAndMoneyChangesAreAuditedAsJSON() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        _ = try t.engine.update(
            id: created.id, expectedVersion: 1,
            changes: PraticaChanges([
                ("valore_attivo", .text("1.500,00")), ("udienze[1].data", .text("15/03/2025")),
            ]), actor: t.actor)
        let changes = try t.engine.history(id: created.id, actor: t.actor).filter { $0.action == "update" }
        #expect(changes.map(\.field) == ["valore_attivo", "udienze"])
        #expect(changes.map(\.newValue) == ["1500.00", #"[{"data":"2025-03-15"}]"#])
        #expect(changes.map(\.oldValue) == [nil, nil])
    }

    @Test func anotherAccountCannotReadTheHistory() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let other = try t.otherActor()
        #expect(fascicoloError { _ = try t.engine.history(id: created.id, actor: other) } == .notFound("pratica \(created.id)"))
    }
}
