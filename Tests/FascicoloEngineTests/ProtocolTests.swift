import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// A fresh engine with one debtor and `count` crisi pratiche, in creation order.
private func engineWithPratiche(_ count: Int) throws -> (TestEngine, [Pratica]) {
    let t = try TestEngine.make()
    let rossi = try t.addPerson(.marioRossi)
    return (t, try (0..<count).map { _ in try t.createCrisi(debitore: rossi.id) })
}

/// Protocol numbers: the "martelletto" takes the first free number of the year, manual numbers must be free.
@Suite struct ProtocolTests {
    @Test func theMartellettoAssignsOneTwoThree() throws {
        let (t, pratiche) = try engineWithPratiche(3)
        let assigned = try pratiche.map { try t.engine.assignProtocol(id: $0.id, actor: t.actor).protocolNumber }
        #expect(
            assigned == [
                ProtocolNumber(year: 2025, number: 1, text: "2025/0001"),
                ProtocolNumber(year: 2025, number: 2, text: "2025/0002"),
                ProtocolNumber(year: 2025, number: 3, text: "2025/0003"),
            ])
        #expect(try t.engine.pratica(id: pratiche[2].id, actor: t.actor).protocolNumber?.text == "2025/0003")
    }

    @Test func aManualNumberLeavesAGapThatTheMartellettoFills() throws {
        let (t, pratiche) = try engineWithPratiche(6)
        for pratica in pratiche.prefix(3) { _ = try t.engine.assignProtocol(id: pratica.id, actor: t.actor) }
        #expect(try t.engine.assignProtocol(id: pratiche[3].id, manual: "5", actor: t.actor).protocolNumber?.number == 5)
        #expect(try t.engine.assignProtocol(id: pratiche[4].id, actor: t.actor).protocolNumber?.number == 4)
        #expect(try t.engine.assignProtocol(id: pratiche[5].id, actor: t.actor).protocolNumber?.number == 6)
    }

    @Test func aTakenManualNumberIsRefused() throws {
        let (t, pratiche) = try engineWithPratiche(3)
        _ = try t.engine.assignProtocol(id: pratiche[0].id, actor: t.actor)
        _ = try t.engine.assignProtocol(id: pratiche[1].id, actor: t.actor)
        let error = fascicoloError { _ = try t.engine.assignProtocol(id: pratiche[2].id, manual: "2", actor: t.actor) }
        #expect(error == .protocolTaken("2025/0002"))
        let stored = try t.engine.pratica(id: pratiche[2].id, actor: t.actor)
        #expect(stored.protocolNumber == nil)
        #expect(stored.version == 1)
        #expect(try t.engine.pratica(id: pratiche[1].id, actor: t.actor).protocolNumber?.text == "2025/0002")
    }

    @Test(arguments: ["10", "2025/10", "2025/0010", "10/2025"])
    func aFreeManualNumberIsAccepted(typed: String) throws {
        let (t, pratiche) = try engineWithPratiche(1)
        let pratica = try t.engine.assignProtocol(id: pratiche[0].id, manual: typed, actor: t.actor)
        #expect(pratica.protocolNumber == ProtocolNumber(year: 2025, number: 10, text: "2025/0010"))
    }

    @Test func aManualNumberGivenAtCreation() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let first = try t.createCrisi(debitore: rossi.id, fields: ["protocollo": .text("7")])
        #expect(first.protocolNumber == ProtocolNumber(year: 2025, number: 7, text: "2025/0007"))
        #expect(first.folderName == "Pratica 2025/0007 del 20/01/2025")
        let error = fascicoloError { try t.createCrisi(debitore: rossi.id, fields: ["protocollo": .text("2025/0007")]) }
        #expect(error == .protocolTaken("2025/0007"))
        #expect(try t.ids(ListRequest()).total == 1)
    }

    @Test func anUnreadableManualNumberIsRefused() throws {
        let (t, pratiche) = try engineWithPratiche(1)
        let error = fascicoloError { _ = try t.engine.assignProtocol(id: pratiche[0].id, manual: "quaranta", actor: t.actor) }
        #expect(error == .validation([FieldIssue(field: "protocollo", message: "protocollo non valido: scrivere ad esempio 2026/0042 o 42")]))
    }

    @Test func aNumberFreedByACorrectionIsReused() throws {
        let (t, pratiche) = try engineWithPratiche(3)
        _ = try t.engine.assignProtocol(id: pratiche[0].id, actor: t.actor)
        _ = try t.engine.assignProtocol(id: pratiche[1].id, actor: t.actor)
        #expect(try t.engine.assignProtocol(id: pratiche[0].id, manual: "9", actor: t.actor).protocolNumber?.number == 9)
        #expect(try t.engine.assignProtocol(id: pratiche[2].id, actor: t.actor).protocolNumber?.number == 1)
    }

    @Test func reassigningTheSameNumberToItsOwnPraticaIsAccepted() throws {
        let (t, pratiche) = try engineWithPratiche(1)
        _ = try t.engine.assignProtocol(id: pratiche[0].id, manual: "3", actor: t.actor)
        #expect(try t.engine.assignProtocol(id: pratiche[0].id, manual: "3", actor: t.actor).protocolNumber?.number == 3)
    }

    @Test func numbersAreCountedPerAccount() throws {
        let (t, pratiche) = try engineWithPratiche(2)
        _ = try t.engine.assignProtocol(id: pratiche[0].id, actor: t.actor)
        _ = try t.engine.assignProtocol(id: pratiche[1].id, actor: t.actor)
        let other = try t.otherActor()
        let verdi = try t.addPerson(.giuseppeVerdi, actor: other)
        let theirs = try t.createCrisi(debitore: verdi.id, actor: other)
        #expect(try t.engine.assignProtocol(id: theirs.id, actor: other).protocolNumber?.text == "2025/0001")
        let alsoTheirs = try t.createCrisi(debitore: verdi.id, fields: ["protocollo": .text("2")], actor: other)
        #expect(alsoTheirs.protocolNumber?.text == "2025/0002")
    }

    @Test func theYearOfTheNumberIsThePraticasYear() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let old = try t.createCrisi(debitore: rossi.id, fields: ["anno": .integer(2024)])
        #expect(old.year == 2024)
        #expect(try t.engine.assignProtocol(id: old.id, actor: t.actor).protocolNumber?.text == "2024/0001")
        let current = try t.createCrisi(debitore: rossi.id)
        #expect(try t.engine.assignProtocol(id: current.id, actor: t.actor).protocolNumber?.text == "2025/0001")
    }
}
