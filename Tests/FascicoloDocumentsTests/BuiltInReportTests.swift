import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The built-in reports of `scripts/` against counts computed here, independently, from the data
/// the test itself created.
@Suite struct BuiltInReportTests {
    struct Filed {
        let year: Int
        let state: String
        let procedura: String
        let gestore: Bool
        let tribunale: String?
    }

    /// Pratiche filed across three years, in various states, some with a gestore, plus one
    /// pratica of another account shared with this one (which the office's own figures exclude).
    static let plan: [Filed] = [
        Filed(year: 2023, state: "conclusa", procedura: "piano_consumatore", gestore: true, tribunale: "0420020093"),
        Filed(year: 2024, state: "assegnata_gestore", procedura: "accordo", gestore: true, tribunale: "0420020093"),
        Filed(year: 2024, state: "rinunciata", procedura: "liquidazione", gestore: false, tribunale: nil),
        Filed(year: 2024, state: "aperta", procedura: "liquidazione", gestore: false, tribunale: "0440070095"),
        Filed(year: 2024, state: "inammissibile", procedura: "accordo", gestore: false, tribunale: nil),
        Filed(year: 2024, state: "lavorazione_gestore", procedura: "piano_consumatore", gestore: true, tribunale: "0440070095"),
        Filed(year: 2025, state: "aperta", procedura: "accordo", gestore: false, tribunale: nil),
    ]

    /// The plan imported (an export of another office, say), so that each pratica is in its state.
    func world() throws -> (TestEngine, [Pratica]) {
        let t = try TestEngine.make()
        var lines = [
            #"{"record":"contatto","id":1,"tipo":"fisica","cognome":"Rossi","nome":"Mario","codice_fiscale":"RSSMRA80A01H501U"}"#,
            #"{"record":"contatto","id":2,"tipo":"fisica","cognome":"Bianchi","nome":"Laura","codice_fiscale":"BNCLRA85M41F205C"}"#,
        ]
        for (index, filed) in Self.plan.enumerated() {
            var fields: [String: Value] = [
                "interessati": .list([.record(["debitore": .reference(1)])]), "procedura": .text(filed.procedura),
                "data_presentazione": .text("\(filed.year)-03-\(10 + index)"),
            ]
            if filed.gestore { fields["gestori"] = .list([.record(["gestore": .reference(2), "data_nomina": .text("\(filed.year)-06-01")])]) }
            if let tribunale = filed.tribunale { fields["tribunale"] = .text(tribunale) }
            if filed.state == "conclusa" { fields["esito"] = .text("omologato") }
            let line = JSON.object([
                ("record", .string("pratica")), ("tipo", .string(TestProjects.crisi)), ("stato", .string(filed.state)),
                ("protocollo", .string("\(filed.year)/\(index + 1)")), ("campi", DocumentCodec.json(.record(fields))),
            ])
            lines.append(line.compact)
        }
        let report = try t.engine.importLines(lines, actor: t.actor)
        #expect(report.failures.isEmpty)
        let pratiche = try t.engine.list(ListRequest(), actor: t.actor).pratiche
        let other = try t.otherActor()
        let foreignDebtor = try t.addPerson(.annaNeri, actor: other)
        let foreign = try t.createCrisi(debitore: foreignDebtor.id, fields: ["data_presentazione": .text("2024-05-05")], actor: other)
        let code = try t.engine.accounts().first { $0.id == t.actor.accountId }!.code
        _ = try t.engine.share(id: foreign.id, withAccountCode: code, actor: other)
        return (t, pratiche)
    }

    func table(_ output: ReportOutput, titled prefix: String) throws -> ReportTable {
        try #require(output.tables.first { $0.title?.hasPrefix(prefix) == true })
    }

    func counts(_ table: ReportTable) -> [String: Int64] {
        table.rows.reduce(into: [:]) { result, row in
            if case .text(let label) = row[0], case .integer(let count) = row[1] { result[label] = count }
        }
    }

    @Test func theRegisterListsTheYearsOwnApplicationsInProtocolOrder() throws {
        let (t, _) = try world()
        let output = try t.engine.runReport(name: "registro-affari", arguments: ["anno": "2024"], actor: t.actor)
        let rows = output.tables[0].rows
        let expected = Self.plan.enumerated().filter { $0.element.year == 2024 }
        #expect(rows.count == expected.count)
        #expect(rows.map { $0[0] } == (1...expected.count).map { .integer(Int64($0)) })
        #expect(rows.map { $0[1] } == expected.map { .text(ProtocolNumber.defaultText(year: 2024, number: $0.offset + 1)) })
        #expect(rows.allSatisfy { $0[3] == .text("Rossi Mario (RSSMRA80A01H501U)") })
    }

    @Test func theMinistryStatisticsMatchIndependentCounts() throws {
        let (t, _) = try world()
        let output = try t.engine.runReport(name: "statistiche-ministero", arguments: ["anno": "2024"], actor: t.actor)
        var byYear: [String: Int64] = [:]
        for filed in Self.plan { byYear[String(filed.year), default: 0] += 1 }
        #expect(counts(try table(output, titled: "Domande per anno")) == byYear)

        let filed2024 = Self.plan.filter { $0.year == 2024 }
        let archivedStates: Set = ["rinunciata", "inammissibile", "archiviata_senza_nomina"]
        let assigned = filed2024.filter(\.gestore).count
        let archived = filed2024.filter { !$0.gestore && archivedStates.contains($0.state) }.count
        #expect(
            counts(try table(output, titled: "Domande presentate nel 2024: situazione")) == [
                "Assegnate a un gestore": Int64(assigned), "Archiviate prima dell'assegnazione": Int64(archived),
                "Non ancora assegnate": Int64(filed2024.count - assigned - archived),
            ])

        var procedures: [String: Int64] = [:]
        for filed in filed2024 { procedures[TestProjects.repositoryLabel(procedura: filed.procedura), default: 0] += 1 }
        #expect(counts(try table(output, titled: "Domande presentate nel 2024 per tipo")) == procedures)
        #expect(counts(try table(output, titled: "Domande presentate nel 2024 per distretto")) == ["Ancona": 3, "Non indicato": 2])
    }

    @Test func perYearAndPerStateCountWhatTheCallerSees() throws {
        let (t, _) = try world()
        let perYear = try t.engine.runReport(name: "pratiche-per-anno", arguments: [:], actor: t.actor).tables[0]
        var filed: [String: Int64] = [:]
        for entry in Self.plan { filed[String(entry.year), default: 0] += 1 }
        filed["2024", default: 0] += 1  // the shared pratica is visible to this account
        #expect(counts(perYear) == filed)
        let perState = try t.engine.runReport(name: "pratiche-per-stato", arguments: [:], actor: t.actor).tables[0]
        #expect(perState.footer.first?[1] == .integer(Int64(Self.plan.count + 1)))
    }

    @Test func paymentsAndGestoreFeesAreSummedForThePeriod() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let gestore = try t.addPerson(.lauraBianchi)
        try t.createCrisi(
            debitore: debtor.id,
            fields: [
                "acconto_importo": .text("1000,25"), "acconto_data": .text("2025-02-10"),
                "saldo_importo": .text("500"), "saldo_data": .text("2025-03-05"),
                "gestori": .list([
                    .record([
                        "gestore": .reference(gestore.id), "compenso_liquidato": .text("300"),
                        "fattura_data": .text("2025-03-01"), "fattura_importo": .text("366"),
                    ])
                ]),
            ])
        try t.createCrisi(debitore: debtor.id, fields: ["acconto_importo": .text("999"), "acconto_data": .text("2024-12-31")])
        let output = try t.engine.runReport(name: "incassi-compensi", arguments: ["dal": "2025-01-01", "al": "2025-12-31"], actor: t.actor)
        let incassi = output.tables[0]
        let total = try #require(incassi.footer.last)
        #expect(total.contains(.decimal(ExactDecimal(parsing: "1500.25")!)))
        let compensi = output.tables[1]
        #expect(compensi.rows.count == 1)
        #expect(compensi.rows[0].contains(.decimal(ExactDecimal(300))) && compensi.rows[0].contains(.decimal(ExactDecimal(366))))
    }

    @Test func everyBuiltInReportLoadsAndRunsOnAnEmptyArchive() throws {
        let t = try TestEngine.make()
        let (reports, problems) = t.engine.reports()
        #expect(problems.isEmpty)
        #expect(
            reports.map(\.name) == [
                "esposizioni-banche-equitalia", "incassi-compensi", "pratiche-per-anno", "pratiche-per-gestore", "pratiche-per-stato",
                "registro-affari",
                "sostenibilita-analisi", "statistiche-ministero", "tempi-procedura",
            ])
        for report in reports { _ = try t.engine.runReport(name: report.name, arguments: [:], actor: t.actor) }
    }
}

extension TestProjects {
    /// The label of a `procedura` option of the shipped type.
    static func repositoryLabel(procedura code: String) -> String {
        guard case .enumeration(let options)? = repository.type(crisi)?.field("procedura")?.kind else { return code }
        return options.label(for: code) ?? code
    }
}
