import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The error a throwing call raised, as a `FascicoloError` (nil, with a recorded issue, otherwise).
func fascicoloError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> FascicoloError? {
    do {
        try body()
        Issue.record("expected an error", sourceLocation: sourceLocation)
    } catch let error as FascicoloError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Creating, updating and moving pratiche through their workflow.
@Suite struct PraticaLifecycleTests {
    @Test func createAppliesDefaultsAndStartsInTheFirstInitialState() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: rossi.id)
        #expect(pratica.type.id == "crisi-sovraindebitamento")
        #expect(pratica.state == "richiesta_informazioni")
        #expect(pratica.stateLabel == "Richiesta Informazioni")
        #expect(
            pratica.fields == [
                "data_presentazione": .date(TestEngine.today),
                "interessati": .list([.record(["debitore": .reference(rossi.id)])]),
            ])
        #expect(pratica.year == 2025)
        #expect(pratica.folderName == "Pratica del 20/01/2025")
        #expect(pratica.protocolNumber == nil)
        #expect(pratica.version == 1)
        #expect(pratica.accountId == t.actor.accountId)
    }

    @Test func createInAChosenInitialStateWithGivenValues() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(
            debitore: rossi.id,
            fields: [
                "stato": .text("aperta"), "data_apertura": .text("03/02/2025"), "data_presentazione": .text("2025-01-15"),
                "valore_passivo": .text("45.000,00"), "procedura": .text("accordo"),
            ])
        #expect(pratica.state == "aperta")
        #expect(pratica.fields["data_apertura"] == .date(CalendarDate(2025, 2, 3)))
        #expect(pratica.fields["data_presentazione"] == .date(CalendarDate(2025, 1, 15)))
        #expect(pratica.fields["valore_passivo"] == .money(Money(cents: 4_500_000)))
        #expect(pratica.fields["procedura"] == .text("accordo"))
        #expect(pratica.folderName == "Pratica del 03/02/2025")
    }

    @Test func createWithGroupPaths() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.engine.create(
            NewPratica(
                type: TestProjects.crisi,
                fields: [
                    "interessati[1].debitore": .reference(rossi.id),
                    "udienze[2].data": .text("02/04/2025"), "udienze[10].data": .text("10/10/2025"), "udienze[1].data": .text("15/03/2025"),
                    "udienze[1].descrizione": .text("Prima udienza"), "udienze[3].data": .text("05/05/2025"), "udienze[4].data": .text("06/06/2025"),
                    "udienze[5].data": .text("07/07/2025"), "udienze[6].data": .text("08/08/2025"), "udienze[7].data": .text("09/09/2025"),
                    "udienze[8].data": .text("10/09/2025"), "udienze[9].data": .text("11/09/2025"),
                ]), actor: t.actor)
        #expect(pratica.fields["interessati"] == .list([.record(["debitore": .reference(rossi.id)])]))
        let dates = (pratica.fields["udienze"]?.listValue ?? []).compactMap { $0.recordValue?["data"]?.dateValue?.iso }
        #expect(
            dates == [
                "2025-03-15", "2025-04-02", "2025-05-05", "2025-06-06", "2025-07-07", "2025-08-08", "2025-09-09",
                "2025-09-10", "2025-09-11", "2025-10-10",
            ])
        #expect(pratica.fields["udienze"]?.listValue?.first?.recordValue?["descrizione"] == .text("Prima udienza"))
    }

    @Test func createInANonInitialStateIsRefused() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let error = fascicoloError { try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("conclusa")]) }
        #expect(
            error
                == .validation([
                    FieldIssue(
                        field: "stato",
                        message:
                            "una nuova pratica può iniziare solo in: richiesta_informazioni, istanza_piano, istanza_accordo, istanza_liquidazione, aperta"
                    )
                ]))
        #expect(try t.ids(ListRequest()).total == 0)
    }

    @Test func createWithoutARequiredGroupRowIsRefused() throws {
        let t = try TestEngine.make()
        let error = fascicoloError { _ = try t.engine.create(NewPratica(type: TestProjects.crisi), actor: t.actor) }
        #expect(error == .validation([FieldIssue(field: "interessati", message: "almeno una riga obbligatoria")]))
    }

    @Test func createLinkingAContactOfAnotherAccountIsRefused() throws {
        let t = try TestEngine.make()
        let other = try t.otherActor()
        let foreign = try t.addPerson(.marioRossi, actor: other)
        let error = fascicoloError { try t.createCrisi(debitore: foreign.id) }
        #expect(error == .validation([FieldIssue(field: "interessati[1].debitore", message: "contatto inesistente nell'anagrafica")]))
    }

    @Test func createAPraticaProvaWithItsDefaults() throws {
        let t = try TestEngine.make(project: TestProjects.praticaProva)
        let pratica = try t.engine.create(
            NewPratica(
                type: TestProjects.prova,
                fields: [
                    "testo": .text("Prova"), "righe": .list([.record(["quando": .text("15/03/2025")])]),
                ]), actor: t.actor)
        #expect(pratica.state == "bozza")
        #expect(
            pratica.fields == [
                "testo": .text("Prova"), "data": .date(TestEngine.today), "flag": .bool(false),
                "righe": .list([.record(["quando": .date(CalendarDate(2025, 3, 15))])]),
            ])
    }

    @Test func updateCanonicalisesAndBumpsTheVersion() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let updated = try t.engine.update(
            id: created.id, expectedVersion: 1,
            changes: PraticaChanges([
                ("valore_attivo", .text("1.234,56")), ("giudice", .text(" Dott. Bianchi ")), ("udienze[1].data", .text("15/03/2025")),
            ]), actor: t.actor)
        #expect(updated.version == 2)
        #expect(updated.fields["valore_attivo"] == .money(Money(cents: 123_456)))
        #expect(updated.fields["giudice"] == .text("Dott. Bianchi"))
        #expect(updated.fields["udienze"] == .list([.record(["data": .date(CalendarDate(2025, 3, 15))])]))
        #expect(try t.engine.pratica(id: created.id, actor: t.actor).fields == updated.fields)
    }

    @Test func updateWithAStaleVersionIsAConflictAndChangesNothing() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let first = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text("Bianchi"))]), actor: t.actor)
        #expect(first.version == 2)
        let error = fascicoloError {
            _ = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text("Verdi"))]), actor: t.actor)
        }
        #expect(error == .conflict(expected: 1, actual: 2))
        let stored = try t.engine.pratica(id: created.id, actor: t.actor)
        #expect(stored.version == 2)
        #expect(stored.fields == first.fields)
        #expect(stored.fields["giudice"] == .text("Bianchi"))
    }

    @Test func anInvalidUpdateLeavesThePraticaUnchanged() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["giudice": .text("Bianchi")])
        let historyBefore = try t.engine.history(id: created.id, actor: t.actor).count
        let error = fascicoloError {
            _ = try t.engine.update(
                id: created.id, expectedVersion: 1,
                changes: PraticaChanges([
                    ("giudice", .text("Verdi")), ("valore_attivo", .text("12,345")),
                ]), actor: t.actor)
        }
        #expect(error == .validation([FieldIssue(field: "valore_attivo", message: "importo non valido: scrivere ad esempio 1.234,56")]))
        let stored = try t.engine.pratica(id: created.id, actor: t.actor)
        #expect(stored.version == 1)
        #expect(stored.fields == created.fields)
        #expect(try t.engine.history(id: created.id, actor: t.actor).count == historyBefore)
    }

    @Test func theStateIsNotChangedByAnUpdate() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let error = fascicoloError {
            _ = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("stato", .text("aperta"))]), actor: t.actor)
        }
        #expect(error == .validation([FieldIssue(field: "stato", message: "lo stato si cambia con un passaggio di stato")]))
        #expect(try t.engine.pratica(id: created.id, actor: t.actor).state == "richiesta_informazioni")
    }

    @Test func aDeclaredTransitionIsAllowed() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("aperta")])
        let moved = try t.engine.transition(id: created.id, to: "esame_documentazione", expectedVersion: 1, actor: t.actor)
        #expect(moved.state == "esame_documentazione")
        #expect(moved.stateLabel == "Esame documentazione")
        #expect(moved.version == 2)
        #expect(moved.fields == created.fields)
    }

    @Test func aTransitionThatIsNotDeclaredIsRefused() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("aperta")])
        let error = fascicoloError { _ = try t.engine.transition(id: created.id, to: "conclusa", actor: t.actor) }
        #expect(error == .transitionNotAllowed(from: "aperta", to: "conclusa", reason: nil))
        let stored = try t.engine.pratica(id: created.id, actor: t.actor)
        #expect(stored.state == "aperta")
        #expect(stored.version == 1)
    }

    @Test func aTransitionToAnUnknownStateIsRefused() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let error = fascicoloError { _ = try t.engine.transition(id: created.id, to: "sospesa", actor: t.actor) }
        #expect(error == .validation([FieldIssue(field: "stato", message: "stato sconosciuto 'sospesa'")]))
        // A state of another type conflicts with this pratica's type (409 through the API).
        let other = fascicoloError { _ = try t.engine.transition(id: created.id, to: "chiusa", actor: t.actor) }
        #expect(other == .validation([FieldIssue(field: "stato", message: "stato sconosciuto 'chiusa'", conflictsWithStoredData: true)]))
    }

    @Test func aTransitionWithAStaleVersionIsAConflict() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("aperta")])
        _ = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text("Bianchi"))]), actor: t.actor)
        let error = fascicoloError { _ = try t.engine.transition(id: created.id, to: "esame_documentazione", expectedVersion: 1, actor: t.actor) }
        #expect(error == .conflict(expected: 1, actual: 2))
        #expect(try t.engine.pratica(id: created.id, actor: t.actor).state == "aperta")
    }

    @Test func aFinalStateIsLeftOnlyByADeclaredTransition() throws {
        let t = try TestEngine.make(project: TestProjects.praticaProva)
        let created = try t.engine.create(
            NewPratica(
                type: TestProjects.prova,
                fields: [
                    "testo": .text("Prova"), "righe": .list([.record(["quando": .text("15/03/2025")])]),
                ]), actor: t.actor)
        #expect(try t.engine.transition(id: created.id, to: "attiva", actor: t.actor).state == "attiva")
        #expect(try t.engine.transition(id: created.id, to: "bozza", actor: t.actor).state == "bozza")
        #expect(try t.engine.transition(id: created.id, to: "attiva", actor: t.actor).state == "attiva")
        #expect(try t.engine.transition(id: created.id, to: "chiusa", actor: t.actor).state == "chiusa")
        let error = fascicoloError { _ = try t.engine.transition(id: created.id, to: "attiva", actor: t.actor) }
        #expect(error == .transitionNotAllowed(from: "chiusa", to: "attiva", reason: nil))
    }

    @Test func anotherAccountCannotReadOrChangeThePratica() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let created = try t.createCrisi(debitore: rossi.id)
        let other = try t.otherActor()
        #expect(fascicoloError { _ = try t.engine.pratica(id: created.id, actor: other) } == .notFound("pratica \(created.id)"))
        #expect(
            fascicoloError {
                _ = try t.engine.update(id: created.id, expectedVersion: 1, changes: PraticaChanges([("giudice", .text("X"))]), actor: other)
            } == .notFound("pratica \(created.id)"))
        #expect(try t.engine.pratica(id: created.id, actor: t.actor).version == 1)
    }
}
