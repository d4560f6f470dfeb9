import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// The report host: a fresh sandbox per run, limits a script cannot escape, errors with the
/// script's file and line, declared parameters, and reads limited to what the caller may see.
@Suite struct ReportHostTests {
    func engine(_ scripts: [String: String]) throws -> TestEngine {
        try TestEngine.make(project: TestProjects.withScripts(scripts))
    }

    func failure(_ t: TestEngine, _ name: String, _ arguments: [String: String] = [:]) -> String {
        do {
            _ = try t.engine.runReport(name: name, arguments: arguments, actor: t.actor)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static let header = "return { title = \"Prova\", run = function(params, q)\n"

    @Test func hostileScriptsAreStoppedWithTheirFileAndLine() throws {
        let t = try engine([
            "ciclo": Self.header + "  while true do end\nend }",
            "memoria": Self.header + "  local t = {}\n  for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end\nend }",
            "scrive": Self.header + "  io.open('/tmp/x', 'w')\nend }",
            "comando": Self.header + "  os.execute('rm -rf /')\nend }",
            "modifica": Self.header
                + "  local p = q.pratiche{}[1]\n  p.stato = 'conclusa'\n  return { columns = {'stato'}, rows = { { stato = p.stato } } }\nend }",
            "rompe": Self.header + "  local x = nil\n  return x.campo\nend }",
        ])
        let debtor = try t.addPerson(.marioRossi)
        try t.createCrisi(debitore: debtor.id)
        #expect(failure(t, "ciclo").hasPrefix("scripts/ciclo.lua:2: stopped in hook 'run'"))
        #expect(failure(t, "memoria").contains("scripts/memoria.lua:3: stopped in hook 'run'"))
        #expect(failure(t, "scrive").hasPrefix("scripts/scrive.lua:2: runtime error in hook 'run'"))
        #expect(failure(t, "scrive").contains("'io'"))
        #expect(failure(t, "comando").contains("'os'"))
        // What a script gets is its own copy: changing it changes nothing stored.
        #expect(try t.engine.runReport(name: "modifica", arguments: [:], actor: t.actor).tables[0].rows == [[.text("conclusa")]])
        #expect(failure(t, "rompe").hasPrefix("scripts/rompe.lua:3: runtime error in hook 'run'"))
        // The data is as it was.
    }

    @Test func eachRunStartsFromAFreshState() throws {
        let t = try engine([
            "contatore": """
            local loaded, runs = 0, 0
            loaded = loaded + 1
            return { title = "Contatore", run = function(params, q)
              runs = runs + 1
              return { columns = {"volte"}, rows = { { volte = tostring(runs) .. "/" .. tostring(loaded) } } }
            end }
            """
        ])
        for _ in 0..<2 {
            let output = try t.engine.runReport(name: "contatore", arguments: [:], actor: t.actor)
            #expect(output.tables[0].rows == [[.text("1/1")]])
        }
    }

    @Test func parametersAreCheckedAndDefaultsResolved() throws {
        let t = try engine([
            "anno": """
            return { title = "Anno", params = { { id = "anno", label = "Anno", type = "integer", default = "anno_corrente" },
                                                  { id = "dal", label = "Dal", type = "date" } },
              run = function(params, q)
                return { columns = { { id = "anno", type = "integer" }, { id = "dal", type = "date" } }, rows = { { anno = params.anno, dal = params.dal } } }
              end }
            """
        ])
        let output = try t.engine.runReport(name: "anno", arguments: ["dal": "15/03/2025"], actor: t.actor)
        #expect(output.tables[0].rows == [[.integer(Int64(TestEngine.today.year)), .date(CalendarDate(year: 2025, month: 3, day: 15)!)]])
        #expect(output.parameters.map(\.value) == ["\(TestEngine.today.year)", "15/03/2025"])
        #expect(failure(t, "anno", ["anno": "duemila"]) == "anno: atteso un numero intero")
        #expect(failure(t, "anno", ["mese": "3"]) == "mese: parametro sconosciuto per questo report")
        #expect(failure(t, "nessuno") == "report nessuno inesistente")
    }

    @Test func aRefusedQueryIsABadRequestAndABrokenScriptIsNot() throws {
        let t = try engine([
            "tipo": Self.header + "  return q.pratiche{ type = 'nessuna' }\nend }",
            "rotto": Self.header + "  return nil + 1\nend }",
        ])
        #expect(
            throws: FascicoloError.invalidRequest(
                "scripts/tipo.lua:2: runtime error in hook 'run': q.pratiche: tipologia di pratica 'nessuna' inesistente")
        ) {
            try t.engine.runReport(name: "tipo", arguments: [:], actor: t.actor)
        }
        #expect(failure(t, "rotto").hasPrefix("scripts/rotto.lua:2: runtime error in hook 'run'"))
        do {
            _ = try t.engine.runReport(name: "rotto", arguments: [:], actor: t.actor)
        } catch let error as FascicoloError {
            guard case .plugin = error else {
                Issue.record("expected a plugin error, got \(error)")
                return
            }
        }
    }

    @Test func theStateOnADayComesFromTheAuditLog() throws {
        let t = try engine([
            "giorno": """
            return { title = "Giorno", params = { { id = "giorno", type = "date" } }, run = function(params, q)
              local rows = {}
              for id, state in pairs(q.states_on{ date = params.giorno }) do rows[#rows + 1] = { id = id, stato = state } end
              return { columns = { "id", "stato" }, rows = rows }
            end }
            """
        ])
        let debtor = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: debtor.id)
        let moved = try t.engine.transition(id: pratica.id, to: "istanza_piano", actor: t.actor)
        // Before the pratica existed it had no state; today it has the last one it entered.
        #expect(try t.engine.runReport(name: "giorno", arguments: ["giorno": "2000-01-01"], actor: t.actor).tables[0].rows.isEmpty)
        #expect(
            try t.engine.runReport(name: "giorno", arguments: ["giorno": "2999-12-31"], actor: t.actor).tables[0].rows
                == [[.text(String(pratica.id)), .text(moved.state)]])
        #expect(pratica.state != moved.state)
        // Another account's pratica is not there at all.
        let other = try t.otherActor()
        #expect(try t.engine.runReport(name: "giorno", arguments: ["giorno": "2999-12-31"], actor: other).tables[0].rows.isEmpty)
    }

    @Test func aMalformedResultNamesWhatIsWrong() throws {
        let t = try engine(["forma": Self.header + "  return { columns = { { id = 'n', type = 'integer' } }, rows = { { n = 'tre' } } }\nend }"])
        #expect(failure(t, "forma") == "scripts/forma.lua: bad result of 'run': result.rows[1].n expected a value of type integer")
    }

    @Test func aScriptSeesOnlyWhatItsCallerMaySee() throws {
        let script = """
            return { title = "Viste", run = function(params, q)
              local rows = {}
              for _, p in ipairs(q.pratiche{ type = "crisi-sovraindebitamento" }) do
                rows[#rows + 1] = { id = p.id, propria = p.propria and "sì" or "no", note = p.note_riservate }
              end
              return { columns = { { id = "id", type = "integer" }, "propria", "note" }, rows = rows }
            end }
            """
        let projected = """
            return { title = "Campi", run = function(params, q)
              local rows = {}
              for _, p in ipairs(q.pratiche{ type = "crisi-sovraindebitamento", fields = { "note_riservate", "procedura" } }) do
                rows[#rows + 1] = { id = p.id, note = p.note_riservate, procedura = p.procedura, altro = p.valore_attivo and "sì" or "no" }
              end
              return { columns = { { id = "id", type = "integer" }, "note", "procedura", "altro" }, rows = rows }
            end }
            """
        let t = try engine(["viste": script, "campi": projected, "sconosciuto": Self.header + "  q.pratiche{ fields = { 'non_esiste' } }\nend }"])
        let gestore = try t.otherActor(accountName: "Studio Gestore")
        let debtor = try t.addPerson(.marioRossi)
        let shared = try t.createCrisi(
            debitore: debtor.id,
            fields: [
                "note_riservate": .text("valutazione interna"), "procedura": .text("piano_consumatore"),
                "valore_attivo": .text("1000"),
            ])
        try t.createCrisi(debitore: debtor.id)
        let code = try t.engine.accounts().first { $0.id == gestore.accountId }!.code
        _ = try t.engine.share(id: shared.id, withAccountCode: code, actor: t.actor)
        let own = try t.engine.runReport(name: "viste", arguments: [:], actor: t.actor).tables[0].rows
        #expect(own.count == 2)
        #expect(own.contains([.integer(shared.id), .text("sì"), .text("valutazione interna")]))
        let seen = try t.engine.runReport(name: "viste", arguments: [:], actor: gestore).tables[0].rows
        #expect(seen == [[.integer(shared.id), .text("no"), .null]])
        // Asking for a few fields reads only those, and still without the hidden ones.
        let ownFields = try t.engine.runReport(name: "campi", arguments: [:], actor: t.actor).tables[0].rows
        #expect(ownFields.contains([.integer(shared.id), .text("valutazione interna"), .text("piano_consumatore"), .text("no")]))
        let sharedFields = try t.engine.runReport(name: "campi", arguments: [:], actor: gestore).tables[0].rows
        #expect(sharedFields == [[.integer(shared.id), .null, .text("piano_consumatore"), .text("no")]])
        #expect(
            throws: FascicoloError.invalidRequest(
                "scripts/sconosciuto.lua:2: runtime error in hook 'run': q.pratiche: campo sconosciuto non_esiste in fields")
        ) {
            try t.engine.runReport(name: "sconosciuto", arguments: [:], actor: t.actor)
        }
    }

    @Test func tablesRenderAsItalianCSVJSONAndAChart() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        for state in ["aperta", "aperta", "istanza_piano"] { try t.createCrisi(debitore: debtor.id, fields: ["stato": .text(state)]) }
        let output = try t.engine.runReport(name: "pratiche-per-stato", arguments: [:], actor: t.actor)
        #expect(ReportRenderer.csv(output) == "\u{FEFF}Stato;Pratiche\r\nAperta;2\r\nIstanza Piano;1\r\nTotale;3\r\n")
        #expect(
            ReportRenderer.json(output).compact.contains(
                "\"rows\":[{\"stato\":\"Aperta\",\"pratiche\":2},{\"stato\":\"Istanza Piano\",\"pratiche\":1}]"))
        let svg = try #require(ReportChartSVG.svg(output.tables[0]))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 2 + 1)  // two bars and the legend's swatch
    }
}
