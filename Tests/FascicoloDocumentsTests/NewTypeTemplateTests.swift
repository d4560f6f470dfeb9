import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// The templates of the two types added in YAML and Lua: filled with a pratica's computed fields
/// (an instalment plan row by row, the indicators of an analysis), no placeholder left.
@Suite struct NewTypeTemplateTests {
    func filled(_ t: TestEngine, key: String, pratica: Pratica) throws -> String {
        let documents = DocumentService(
            engine: t.engine, converter: PDFConverter(profile: t.dataDirectory.appendingPathComponent("lo"), executable: nil))
        let document = try documents.document(key: key, praticaId: pratica.id, format: .docx, actor: t.actor)
        return try ["word/document.xml", "word/footer1.xml"].flatMap { try DocxFixture.paragraphs($0, of: document.data) }.joined(separator: "\n")
    }

    @Test func theInstalmentPlanIsPrintedRowByRow() throws {
        let t = try TestEngine.make()
        let person = try t.addPerson(.marioRossi)
        let pratica = try t.create(
            "banche-equitalia",
            [
                "richiedenti": .list([.record(["richiedente": .reference(person.id)])]), "oggetto": .text("rateizzazione"),
                "piano_tipo": .text("ader_ordinaria"), "importo_da_rateizzare": .text("10000"), "numero_rate": .integer(12),
                "data_prima_rata": .text("31/01/2025"),
                "rapporti": .list([.record(["tipo": .text("cartella"), "numero": .text("097-1"), "importo": .text("10000")])]),
            ], numbered: true)
        let body = try filled(t, key: "piano-rateizzazione", pratica: pratica)
        #expect(!body.contains("{{"))
        #expect(body.contains("BE-2025/0001") && body.contains("Rossi Mario"))
        #expect(body.contains("853,79") && body.contains("245,43") && body.contains("28/02/2025"))
        #expect(body.contains("853,74"), "the last instalment")
    }

    @Test func theAnalysisReportPrintsTheIndicators() throws {
        let t = try TestEngine.make()
        let person = try t.addPerson(.marioRossi)
        let pratica = try t.create(
            "analisi-finanziaria",
            [
                "soggetti": .list([.record(["soggetto": .reference(person.id)])]), "componenti_nucleo": .integer(3),
                "bilancio": .list([.record(["anno_riferimento": .integer(2024), "redditi": .text("31000")])]),
                "rata_proposta": .text("500"), "durata_anni": .integer(5),
            ], numbered: true)
        let body = try filled(t, key: "relazione-analisi-finanziaria", pratica: pratica)
        #expect(!body.contains("{{"))
        #expect(body.contains("AF-2025/0001") && body.contains("Rossi Mario"))
        #expect(body.contains("21.429,09") && body.contains("9.570,91") && body.contains("Sostenibile"))
    }
}
