import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// What the engine keeps when types change, protocols are re-requested and data moves.
@Suite struct DataKeepingTests {
    private static let full = """
        id: scheda
        sections:
          - id: principale
            fields:
              - id: titolo
                type: text
              - id: nota_interna
                type: text
        states:
          - id: aperta
            initial: true
        """

    @Test func removingAFieldFromTheTypeDoesNotDeleteItsData() throws {
        let original = TestProjects.make(types: ["scheda": Self.full])
        let t = try TestEngine.make(project: original)
        let pratica = try t.engine.create(
            NewPratica(type: "scheda", fields: ["titolo": .text("A"), "nota_interna": .text("tenere")]), actor: t.actor)

        let trimmed = TestProjects.make(types: [
            "scheda": Self.full.replacingOccurrences(of: "\n      - id: nota_interna\n        type: text", with: "")
        ])
        #expect(trimmed.type("scheda")?.field("nota_interna") == nil)
        let later = try Engine(project: trimmed, dataDirectory: t.dataDirectory, today: { TestEngine.today })
        _ = try later.update(id: pratica.id, expectedVersion: pratica.version, changes: PraticaChanges([("titolo", .text("B"))]), actor: t.actor)

        let restored = try t.engine.pratica(id: pratica.id, actor: t.actor)
        #expect(restored.fields["titolo"] == .text("B"))
        #expect(restored.fields["nota_interna"] == .text("tenere"))
    }

    @Test func askingTwiceForTheFirstFreeProtocolKeepsTheNumber() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: debtor.id)
        let first = try t.engine.assignProtocol(id: pratica.id, actor: t.actor)
        let second = try t.engine.assignProtocol(id: pratica.id, actor: t.actor)
        #expect(second.protocolNumber == first.protocolNumber)
        #expect(second.version == first.version)
        let other = try t.engine.assignProtocol(id: try t.createCrisi(debitore: debtor.id).id, actor: t.actor)
        #expect(other.protocolNumber?.number == 2)
    }

    @Test func importKeepsTheCreationDate() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let line = #"{"record":"contatto","id":\#(debtor.id),"tipo":"fisica","cognome":"Rossi","nome":"Mario"}"#
        let pratica =
            #"{"record":"pratica","tipo":"crisi-sovraindebitamento","stato":"aperta","creata":"2023-05-06T10:00:00+02:00","campi":{"interessati":[{"debitore":\#(debtor.id)}]}}"#
        let target = try t.sibling()
        let report = try target.engine.importLines([line, pratica], actor: target.actor)
        #expect(report.failures.isEmpty)
        let imported = try target.engine.list(ListRequest(type: TestProjects.crisi), actor: target.actor).pratiche[0]
        #expect(imported.createdOn == CalendarDate(year: 2023, month: 5, day: 6))
        let badDate = pratica.replacingOccurrences(of: "2023-05-06T10:00:00+02:00", with: "ieri")
        #expect(try target.engine.importLines([line, badDate], actor: target.actor).failures.map(\.line) == [2])
    }

    @Test func aTypeDeclaredTwiceIsReported() throws {
        let root = TestPaths.temporaryDirectory("fascicolo-project")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("types"), withIntermediateDirectories: true)
        for name in ["scheda.yaml", "scheda.yml"] {
            try Self.full.write(to: root.appendingPathComponent("types/\(name)"), atomically: true, encoding: .utf8)
        }
        let project = Project.load(root: root)
        #expect(project.diagnostics.map(\.description) == ["types/scheda.yml: error: type 'scheda' is already declared in types/scheda.yaml"])
        #expect(project.types.count == 1)
    }
}
