import FascicoloCore
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The types that ship with the repository and the test fixture load cleanly.
@Suite struct ShippedTypesTests {
    @Test func repositoryTypesLoadWithoutDiagnostics() throws {
        let result = TypeLoader.load(root: TestPaths.repoRoot, directory: "types")
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.types.map(\.id) == ["analisi-finanziaria", "banche-equitalia", "crisi-sovraindebitamento"])
        let crisi = try #require(result.types.first { $0.id == "crisi-sovraindebitamento" })
        #expect(crisi.label == "Crisi da sovraindebitamento")
        #expect(crisi.file == "types/crisi-sovraindebitamento.yaml")
        #expect(crisi.sections.map(\.id) == ["dati_pratica", "gestori_sezione", "procedura_sezione", "scadenze_sezione", "pagamenti"])
        #expect(crisi.states.count == 16)
        #expect(crisi.initialStates.map(\.id) == ["richiesta_informazioni", "istanza_piano", "istanza_accordo", "istanza_liquidazione", "aperta"])
        #expect(crisi.states.filter(\.final).map(\.id) == ["conclusa", "rinunciata", "inammissibile", "archiviata_senza_nomina"])
        #expect(crisi.protocolField?.id == "protocollo")
        #expect(crisi.list.columns == ["protocollo", "stato", "interessati.debitore", "data_apertura", "procedura", "gestori.gestore"])
        #expect(crisi.list.filters == ["stato", "data_apertura", "gestori.gestore", "interessati.debitore"])
        #expect(crisi.list.sort == SortKey(key: "data_apertura", descending: true))
        #expect(
            crisi.transitions(from: "aperta").map(\.to) == [
                "esame_documentazione", "assegnata_gestore", "rinunciata", "inammissibile", "archiviata_senza_nomina",
            ])
        #expect(crisi.transitions(from: "conclusa").isEmpty)
    }

    @Test func tribunaliOptionsComeFromTheCSV() throws {
        let crisi = try #require(TypeLoader.load(root: TestPaths.repoRoot).types.first { $0.id == "crisi-sovraindebitamento" })
        guard case .enumeration(let options) = try #require(crisi.field("tribunale")).kind else {
            Issue.record("tribunale is not an enum")
            return
        }
        #expect(options.options.count == 140)
        #expect(options.label(for: "0151460094") == "Tribunale di Milano")
        #expect(options.label(for: "Tribunale di Milano") == nil)
    }

    @Test func praticaProvaLoadsFromTheFixturesFolder() throws {
        let result = TypeLoader.load(root: TestPaths.repoRoot, directory: "Tests/Fixtures/types")
        #expect(result.diagnostics.map(\.description) == [])
        let type = try #require(result.types.first { $0.id == "pratica-prova" })
        #expect(type.file == "Tests/Fixtures/types/pratica-prova.yaml")
        #expect(
            type.fields.map(\.id) == [
                "protocollo", "testo", "testo_lungo", "intero", "importo", "percentuale", "data", "data_ora",
                "ora", "flag", "scelta", "tribunale", "referente", "email", "pec", "telefono", "cf", "piva", "righe",
            ])
        #expect(type.field("testo_lungo")?.renamedFrom == "descrizione")
        #expect(type.field("intero")?.search == false)
        #expect(type.field("data")?.label == "Data")
        #expect(type.field("righe")?.kind.group?.itemLabel == "Riga")
        #expect(type.field("righe")?.kind.group?.min == 1)
        #expect(type.field("righe")?.kind.group?.max == 3)
        #expect(type.resolve(path: "righe.quando")?.field.required == true)
        #expect(type.states.map(\.id) == ["bozza", "attiva", "chiusa"])
        #expect(type.list.sort == SortKey(key: "data", descending: true))
    }
}
