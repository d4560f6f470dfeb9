import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// The "Banche ed Equitalia" type: types/banche-equitalia.yaml and plugins/banche-equitalia.lua,
/// with YAML and Lua only. Calculator figures are checked against plans worked out by hand
/// (Python's decimal module, 60 digits: rata = C·i/(1−(1+i)^−n), i = annual rate / 12, each
/// month's interest rounded to the cent, the last instalment taking the remainder).
@Suite("Banche ed Equitalia")
struct BancheEquitaliaTests {
    static let type = "banche-equitalia"

    func create(_ t: TestEngine, _ fields: [String: Value]) throws -> Pratica {
        let person = try t.engine.contacts(actor: t.actor).contacts.first ?? t.addPerson(.marioRossi)
        var all: [String: Value] = ["richiedenti": .list([.record(["richiedente": .reference(person.id)])]), "oggetto": .text("rateizzazione")]
        for (key, value) in fields { all[key] = value }
        return try t.engine.create(NewPratica(type: Self.type, fields: all), actor: t.actor)
    }

    static func money(_ text: String) -> Value { .money(Money(parsing: text)!) }

    @Test(
        "the instalment plan matches the hand-computed vectors",
        arguments: [
            ("ader_ordinaria", "10000.00", 12, nil, "853.79", "245.43", "10245.43", "853.74"),
            ("rottamazione", "5000", 18, nil, "282.20", "79.53", "5079.53", "282.13"),
            ("piano_bancario", "25000", 60, "7.25", "497.98", "4879.09", "29879.09", "498.27"),
            ("piano_bancario", "1000", 3, "0", "333.33", "0.00", "1000.00", "333.34"),
        ] as [(String, String, Int, String?, String, String, String, String)])
    func instalmentPlan(
        kind: String, capital: String, count: Int, rate: String?, instalment: String, interest: String, total: String, last: String
    ) throws {
        let t = try TestEngine.make()
        var fields: [String: Value] = [
            "piano_tipo": .text(kind), "importo_da_rateizzare": Self.money(capital), "numero_rate": .integer(Int64(count)),
            "data_prima_rata": .text("31/01/2025"),
        ]
        if let rate { fields["tasso_concordato"] = .text(rate) }
        let pratica = try create(t, fields)
        #expect(pratica.fields["rata_mensile"] == Self.money(instalment))
        #expect(pratica.fields["totale_interessi"] == Self.money(interest))
        #expect(pratica.fields["totale_piano"] == Self.money(total))
        let rows = try #require(pratica.fields["piano_rate"]?.listValue)
        #expect(rows.count == count)
        #expect(rows.last?.recordValue?["rata"] == Self.money(last))
        #expect(rows.last?.recordValue?["debito_residuo"] == Self.money("0"))
        // Monthly due dates from the first, on the month's last day when the day does not exist.
        #expect(rows[0].recordValue?["scadenza"] == .date(CalendarDate(year: 2025, month: 1, day: 31)!))
        #expect(rows[1].recordValue?["scadenza"] == .date(CalendarDate(year: 2025, month: 2, day: 28)!))
    }

    @Test("the usury threshold is TEGM × 1.25 + 4 points, at most TEGM + 8 (L. 108/1996 art. 2 c.4)")
    func usuryThreshold() throws {
        let t = try TestEngine.make()
        for (tegm, taeg, soglia, esito) in [
            ("10", "16.5", "16.5", "entro_soglia"), ("10", "16.5001", "16.5", "oltre_soglia"),
            ("20", "28.5", "28", "oltre_soglia"), ("15.3333", "23.1666", "23.1666", "entro_soglia"),
        ] {
            let pratica = try create(
                t,
                [
                    "verifica_categoria": .text("prestiti_personali"), "verifica_trimestre": .text("2025-T1"),
                    "tegm_indicato": .text(tegm), "taeg_contratto": .text(taeg),
                ])
            #expect(pratica.fields["tasso_soglia"] == .decimal(ExactDecimal(parsing: soglia)!), "TEGM \(tegm)")
            #expect(pratica.fields["esito_usura"] == .text(esito), "TEGM \(tegm), TAEG \(taeg)")
        }
    }

    @Test("totals of the contracts are computed, and computed fields cannot be typed")
    func totalsAndReadOnly() throws {
        let t = try TestEngine.make()
        let rows: Value = .list([
            .record(["tipo": .text("mutuo"), "numero": .text("M-1"), "importo": Self.money("12000"), "situazione": .text("contestato")]),
            .record(["tipo": .text("cartella"), "numero": .text("097 2024 0001"), "importo": Self.money("3.456,78")]),
        ])
        let pratica = try create(t, ["rapporti": rows])
        #expect(pratica.fields["totale_rapporti"] == Self.money("15456.78"))
        #expect(pratica.fields["totale_contestato"] == Self.money("12000"))
        let typed = fascicoloError {
            _ = try t.engine.update(
                id: pratica.id, expectedVersion: pratica.version, changes: PraticaChanges([("totale_rapporti", Self.money("1"))]), actor: t.actor)
        }
        #expect(typed == .validation([FieldIssue(field: "totale_rapporti", message: "calcolato automaticamente: non si modifica a mano")]))
        let changed = try t.engine.update(
            id: pratica.id, expectedVersion: pratica.version, changes: PraticaChanges([("rapporti[2].importo", Self.money("1000"))]),
            actor: t.actor)
        #expect(changed.fields["totale_rapporti"] == Self.money("13000"), "recomputed on every save")
    }

    @Test("the workflow refuses steps whose conditions are missing, and the plan's limits are rules")
    func workflow() throws {
        let t = try TestEngine.make()
        let pratica = try create(t, [:])
        _ = try t.engine.transition(id: pratica.id, to: "analisi", actor: t.actor)
        let refused = fascicoloError { _ = try t.engine.transition(id: pratica.id, to: "istanza_inviata", actor: t.actor) }
        #expect(refused == .transitionNotAllowed(from: "analisi", to: "istanza_inviata", reason: "indicare almeno un contratto o una cartella"))
        let tooMany = fascicoloError {
            _ = try create(t, ["piano_tipo": .text("rottamazione"), "importo_da_rateizzare": Self.money("100"), "numero_rate": .integer(19)])
        }
        #expect(tooMany == .validation([FieldIssue(field: "numero_rate", message: "al massimo 18 rate per questo tipo di piano")]))
    }

    @Test("its own protocol series: BE-2026/0001 next to the crisi pratiche' 2026/0001")
    func protocolSeries() throws {
        let t = try TestEngine.make()
        let crisi = try t.createCrisi(debitore: try t.addPerson(.lauraBianchi).id)
        let numberedCrisi = try t.engine.assignProtocol(id: crisi.id, actor: t.actor)
        let banca = try t.engine.assignProtocol(id: try create(t, [:]).id, actor: t.actor)
        #expect(numberedCrisi.protocolNumber?.text == "2025/0001")
        #expect(banca.protocolNumber?.text == "BE-2025/0001")
        let typed = try create(t, ["protocollo": .text("BE-2025/0007")])
        #expect(typed.protocolNumber?.text == "BE-2025/0007")
    }

    @Test("a pratica links to a crisi pratica; both show the link; a wrong or unknown pratica is refused")
    func linkToACrisiPratica() throws {
        let t = try TestEngine.make()
        let crisi = try t.createCrisi(debitore: try t.addPerson(.lauraBianchi).id)
        let banca = try create(t, ["pratica_crisi": .integer(crisi.id)])
        #expect(try t.engine.links(of: banca, actor: t.actor).map { ($0.pratica.id, $0.incoming) }.elementsEqual([(crisi.id, false)]) { $0 == $1 })
        let back = try t.engine.links(of: crisi, actor: t.actor)
        #expect(back.map(\.pratica.id) == [banca.id] && back.first?.incoming == true && back.first?.fieldLabel == "Pratica di crisi collegata")
        let wrongType = fascicoloError { _ = try create(t, ["pratica_crisi": .integer(banca.id)]) }
        #expect(
            wrongType
                == .validation([
                    FieldIssue(
                        field: "pratica_crisi", message: "la pratica collegata deve essere di tipo: Crisi da sovraindebitamento",
                        conflictsWithStoredData: true)
                ]))
        let unknown = fascicoloError { _ = try create(t, ["pratica_crisi": .integer(999_999)]) }
        #expect(unknown == .validation([FieldIssue(field: "pratica_crisi", message: "pratica collegata inesistente", conflictsWithStoredData: true)]))
        // Another office's pratica is not there for this one.
        let other = try t.otherActor()
        let foreign = try t.engine.create(
            NewPratica(
                type: TestProjects.crisi,
                fields: ["interessati": .list([.record(["debitore": .reference(try t.addPerson(.annaNeri, actor: other).id)])])]), actor: other)
        let hidden = fascicoloError { _ = try create(t, ["pratica_crisi": .integer(foreign.id)]) }
        #expect(hidden == .validation([FieldIssue(field: "pratica_crisi", message: "pratica collegata inesistente", conflictsWithStoredData: true)]))
    }
}
