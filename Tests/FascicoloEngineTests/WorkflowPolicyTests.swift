import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

private func refusal(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch FascicoloError.transitionNotAllowed(_, _, let reason) {
        return reason ?? ""
    } catch {
        return "unexpected: \(error)"
    }
}

/// The crisi plugin's workflow rules, stamps, protocol and folder name, through the engine.
@Suite struct WorkflowPolicyTests {
    @Test func assigningAGestoreNeedsOneWithADateOfAppointment() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let gestore = try t.addPerson(.lauraBianchi)
        let pratica = try t.createCrisi(debitore: debtor.id, fields: ["stato": .text("aperta")])
        #expect(
            refusal { try t.engine.transition(id: pratica.id, to: "assegnata_gestore", actor: t.actor) }
                == "serve un gestore con la data di nomina (sezione Gestori)")
        let unchanged = try t.engine.pratica(id: pratica.id, actor: t.actor)
        #expect(unchanged.state == pratica.state && unchanged.version == pratica.version)
        let withGestore = try t.engine.update(
            id: pratica.id, expectedVersion: pratica.version,
            changes: PraticaChanges([
                ("gestori[1].gestore", .integer(gestore.id)), ("gestori[1].data_nomina", .text("10/02/2025")),
            ]), actor: t.actor)
        #expect(try t.engine.transition(id: withGestore.id, to: "assegnata_gestore", actor: t.actor).state == "assegnata_gestore")
    }

    @Test func aHearingAndAnOutcomeAreNeededForTheirStates() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let gestore = try t.addPerson(.lauraBianchi)
        var pratica = try t.createCrisi(
            debitore: debtor.id,
            fields: [
                "gestori": .list([.record(["gestore": .reference(gestore.id), "data_nomina": .text("10/02/2025")])]),
                "data_deposito_ricorso": .text("01/03/2025"), "stato": .text("aperta"),
            ])
        for state in ["esame_documentazione", "assegnata_gestore", "lavorazione_gestore", "consegnata_gestore", "ricorso_inviato"] {
            pratica = try t.engine.transition(id: pratica.id, to: state, actor: t.actor)
        }
        #expect(
            refusal { try t.engine.transition(id: pratica.id, to: "prima_udienza", actor: t.actor) }
                == "aggiungere almeno un'udienza (sezione Procedura)")
        #expect(refusal { try t.engine.transition(id: pratica.id, to: "conclusa", actor: t.actor) } == "indicare l'esito della pratica")
        #expect(refusal { try t.engine.transition(id: pratica.id, to: "rinunciata", actor: t.actor) } == "")
    }

    @Test func enteringAperteStampsTheDateOfOpeningOnlyWhenEmpty() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let request = try t.createCrisi(debitore: debtor.id, fields: ["stato": .text("istanza_piano")])
        #expect(try t.engine.transition(id: request.id, to: "aperta", actor: t.actor).fields["data_apertura"] == .date(TestEngine.today))
        let dated = try t.createCrisi(debitore: debtor.id, fields: ["stato": .text("istanza_piano"), "data_apertura": .text("05/01/2025")])
        #expect(
            try t.engine.transition(id: dated.id, to: "aperta", actor: t.actor).fields["data_apertura"]
                == .date(CalendarDate(year: 2025, month: 1, day: 5)!))
    }

    @Test func protocolAndFolderNameComeFromThePlugin() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let numbered = try t.engine.create(
            NewPratica(
                type: TestProjects.crisi,
                fields: [
                    "interessati": .list([.record(["debitore": .reference(debtor.id)])]), "data_apertura": .text("03/02/2025"),
                ], numbered: true), actor: t.actor)
        #expect(numbered.protocolNumber?.text == "2025/0001")
        #expect(numbered.folderName == "Pratica 2025/0001 del 03/02/2025")
    }
}

/// Plugins that fail or misbehave never change a pratica and never let policy be skipped.
@Suite struct FailingPluginTests {
    private static let type = """
        id: prova
        sections:
          - id: s
            fields:
              - id: nota
                type: text
              - id: quando
                type: date
        states:
          - id: a
            initial: true
          - id: b
        transitions:
          - from: a
            to: b
        """

    private func engine(plugin: String, type: String = FailingPluginTests.type) throws -> TestEngine {
        let seed = TestProjects.make(types: ["prova": type])
        let folder = seed.root.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try plugin.write(to: folder.appendingPathComponent("prova.lua"), atomically: true, encoding: .utf8)
        return try TestEngine.make(project: Project.load(root: seed.root))
    }

    @Test func aRuntimeErrorInAHookNamesFileAndLineAndChangesNothing() throws {
        let t = try engine(plugin: "return {\n can_transition = function(p)\n  return p.nota.lunghezza\n end }")
        let pratica = try t.engine.create(NewPratica(type: "prova"), actor: t.actor)
        #expect {
            try t.engine.transition(id: pratica.id, to: "b", actor: t.actor)
        } throws: { error in
            guard case .plugin(let message) = error as? FascicoloError else { return false }
            return message.hasPrefix("plugins/prova.lua:3: runtime error in hook 'can_transition':")
        }
        #expect(try t.engine.pratica(id: pratica.id, actor: t.actor).state == "a")
    }

    @Test func anInvalidPatchIsRefusedAndNothingIsWritten() throws {
        let t = try engine(plugin: "return { on_transition = function(p) return { quando = 'domani' } end }")
        let pratica = try t.engine.create(NewPratica(type: "prova"), actor: t.actor)
        #expect(
            throws: FascicoloError.plugin(
                "plugins/prova.lua: hook 'on_transition' returned an invalid patch: quando: data non valida: scrivere gg/mm/aaaa")
        ) {
            try t.engine.transition(id: pratica.id, to: "b", actor: t.actor)
        }
        let after = try t.engine.pratica(id: pratica.id, actor: t.actor)
        #expect(after.state == "a" && after.version == pratica.version && after.fields["quando"] == nil)
    }

    @Test func anEndlessHookIsStoppedAndTheServerGoesOn() throws {
        let t = try engine(plugin: "return { validate = function(p) while true do end end }")
        #expect {
            try t.engine.create(NewPratica(type: "prova"), actor: t.actor)
        } throws: { error in
            guard case .plugin(let message) = error as? FascicoloError else { return false }
            return message.contains("instruction limit exceeded")
        }
        #expect(try t.engine.list(ListRequest(type: "prova"), actor: t.actor).total == 0)
    }

    @Test func aPluginThatDoesNotLoadBlocksWritesInsteadOfSkippingPolicy() throws {
        let t = try engine(plugin: "return { can_transition = function( }")
        #expect(t.engine.project.diagnostics.map(\.description).first?.hasPrefix("plugins/prova.lua:1: error:") == true)
        #expect(throws: FascicoloError.self) { try t.engine.create(NewPratica(type: "prova"), actor: t.actor) }
    }

    @Test func validationFindingsAreFieldIssues() throws {
        let t = try engine(
            plugin: "return { validate = function(p) if p.nota == nil then return {{field = 'nota', message = 'obbligatoria per l\\'OCC'}} end end }")
        #expect(throws: FascicoloError.validation([FieldIssue(field: "nota", message: "obbligatoria per l'OCC")])) {
            try t.engine.create(NewPratica(type: "prova"), actor: t.actor)
        }
        #expect(try t.engine.create(NewPratica(type: "prova", fields: ["nota": .text("ok")]), actor: t.actor).fields["nota"] == .text("ok"))
    }

    @Test func aContextFunctionKeptForLaterIsRefused() throws {
        let numberedType = Self.type.replacingOccurrences(
            of: "      - id: nota\n", with: "      - id: protocollo\n        type: protocol\n      - id: nota\n")
        let t = try engine(
            plugin: """
                local kept
                return {
                  validate = function(p, ctx)
                    if kept then kept(2025) end
                  end,
                  protocol = function(p, ctx)
                    kept = ctx.first_free
                    local number = ctx.first_free(p.anno)
                    return { number = number, text = 'N' .. number }
                  end,
                }
                """, type: numberedType)
        let first = try t.engine.create(NewPratica(type: "prova", numbered: true), actor: t.actor)
        #expect(first.protocolNumber?.text == "N1")
        #expect {
            try t.engine.create(NewPratica(type: "prova", numbered: true), actor: t.actor)
        } throws: { error in
            guard case .plugin(let message) = error as? FascicoloError else { return false }
            return message.contains("ctx.first_free is only available during the hook call")
        }
    }
}
