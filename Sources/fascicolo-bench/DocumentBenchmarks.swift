import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation

/// The budgets of documents and reports: the preventivo filled as .docx (≤ 100 ms), the register
/// of affairs as CSV over every pratica (≤ 2 s) and the Ministry's yearly statistics (≤ 1 s).
struct DocumentBenchmarks {
    let engine: Engine
    let actor: Actor

    func run() throws {
        let documents = DocumentService(
            engine: engine,
            converter: PDFConverter(
                profile: engine.dataDirectory.appendingPathComponent("libreoffice"),
                executable: nil))
        let pratica = try engine.list(ListRequest(), actor: actor).pratiche[0]
        Timing.measure("preventivo .docx (fill, zip)", runs: 50) {
            _ = try! documents.document(key: "preventivo", praticaId: pratica.id, format: .docx, actor: actor)
        }.report(budget: 100)
        let years = try filingYears()
        let year = years.max { $0.count < $1.count }?.year ?? engine.today().year
        let register = Timing.measure("registro degli affari \(year), CSV", runs: 3, warmup: 1) {
            _ = ReportRenderer.csv(try! engine.runReport(name: "registro-affari", arguments: ["anno": String(year)], actor: actor))
        }
        register.report(budget: nil)
        // The whole register: every year of filing, one after the other, as an office would print it.
        var rows = 0
        let start = Date()
        for entry in years {
            let output = try engine.runReport(name: "registro-affari", arguments: ["anno": String(entry.year)], actor: actor)
            rows += output.tables[0].rows.count
            _ = ReportRenderer.csv(output)
        }
        let whole = Date().timeIntervalSince(start) * 1000
        say("registro degli affari, every year (\(rows) rows), CSV: \(Timing.format(whole)) ms, budget 2000 ms: \(whole <= 2_000 ? "OK" : "OVER")")
        Timing.measure("statistiche per il Ministero \(year)", runs: 3, warmup: 1) {
            _ = try! engine.runReport(name: "statistiche-ministero", arguments: ["anno": String(year)], actor: actor)
        }.report(budget: 1_000)
    }

    /// Every year of filing with its number of pratiche (from the pratiche-per-anno report).
    private func filingYears() throws -> [(year: Int, count: Int)] {
        let table = try engine.runReport(name: "pratiche-per-anno", arguments: [:], actor: actor).tables[0]
        return table.rows.compactMap { row in
            guard case .text(let text) = row[0], let year = Int(text), case .integer(let count) = row[1] else { return nil }
            return (year, Int(count))
        }
    }
}
