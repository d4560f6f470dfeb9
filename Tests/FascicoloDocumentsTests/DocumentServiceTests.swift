import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

@testable import FascicoloDocuments

/// The built-in templates filled for a complete pratica and read back, office uploads checked
/// against the type's vocabulary, and documents limited to what the caller may see.
@Suite struct DocumentServiceTests {
    typealias P = DocxFixture

    struct World {
        let t: TestEngine
        let documents: DocumentService
        let pratica: Pratica
    }

    /// A pratica with two gestori, two deadlines, a hearing, the fee inputs and a project with two creditors.
    func world() throws -> World {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi, extra: ["indirizzo": "Via Roma 1", "comune": "Roma", "provincia": "RM", "cap": "00100"])
        let first = try t.addPerson(.lauraBianchi, extra: ["pec": "bianchi@pec.it"])
        let second = try t.addPerson(.giuseppeVerdi)
        let bank = try t.engine.addContact(kind: .giuridica, attributes: ["denominazione": "Banca Esempio S.p.A."], actor: t.actor)
        let pratica = try t.createCrisi(
            debitore: debtor.id, hearing: CalendarDate(year: 2025, month: 3, day: 10)!, description: "Prima udienza",
            fields: [
                "protocollo": .text("2025/7"), "procedura": .text("piano_consumatore"), "note_riservate": .text("valutazione interna"),
                "gestori": .list([
                    .record(["gestore": .reference(first.id), "data_nomina": .text("2025-01-15")]),
                    .record(["gestore": .reference(second.id), "data_nomina": .text("2025-01-16")]),
                ]),
                "scadenze": .list([
                    .record(["data": .text("2025-02-01"), "descrizione": .text("Deposito documenti")]),
                    .record(["data": .text("2025-02-20"), "descrizione": .text("Relazione particolareggiata")]),
                ]),
                "compenso_procedura": .text("piano"), "compenso_attivo": .text("85000"), "compenso_passivo": .text("240000"),
                "compenso_riduzione": .text("20"), "compenso_rimborso": .text("15"),
            ])
        let project = try t.engine.createProject(praticaId: pratica.id, kind: "piano-consumatore", name: "Piano", actor: t.actor)
        _ = try t.engine.updateProject(
            id: project.id, expectedVersion: project.version, name: nil,
            changes: PraticaChanges([
                (
                    path: "creditori",
                    value: .list([
                        .record(["creditore": .reference(bank.id), "importo": .text("12000")]),
                        .record(["creditore": .reference(second.id), "importo": .text("3500")]),
                    ])
                )
            ]), actor: t.actor)
        let documents = DocumentService(
            engine: t.engine, converter: PDFConverter(profile: t.dataDirectory.appendingPathComponent("lo"), executable: nil))
        return World(t: t, documents: documents, pratica: try t.engine.pratica(id: pratica.id, actor: t.actor))
    }

    func text(_ key: String, _ w: World, actor: Actor? = nil) throws -> String {
        let document = try w.documents.document(key: key, praticaId: w.pratica.id, format: .docx, actor: actor ?? w.t.actor)
        return try ["word/header1.xml", "word/document.xml", "word/footer1.xml"].flatMap { try P.paragraphs($0, of: document.data) }.joined(
            separator: "\n")
    }

    @Test func everyBuiltInTemplateIsFilledWithNoPlaceholderLeft() throws {
        let w = try world()
        #expect(
            try w.documents.templates(typeId: "crisi-sovraindebitamento", actor: w.t.actor).map(\.key)
                == ["preventivo", "lettera-nomina-gestore", "comunicazione-creditori", "ricevuta-istanza"])
        for key in ["preventivo", "lettera-nomina-gestore", "comunicazione-creditori", "ricevuta-istanza"] {
            let body = try text(key, w)
            #expect(!body.contains("{{"), "\(key) still has placeholders")
            #expect(body.contains("Rossi Mario"), "\(key) lacks the debtor")
            #expect(body.contains("2025/0007"), "\(key) lacks the protocol")
            #expect(body.contains("OCC di prova"), "\(key) lacks the office")
        }
    }

    /// The vocabulary templates are checked against and the data they are filled with name the
    /// same things: a name on one side only would pass the check and print nothing, or be data no
    /// template may use.
    @Test func theVocabularyAndTheDataNameTheSameThings() throws {
        let w = try world()
        let shape = DocumentVocabulary.shape(for: w.pratica.type, project: w.t.engine.project)
        let data = try DocumentData(engine: w.t.engine).value(of: w.pratica, letterhead: Letterhead(logo: nil, text: ""), actor: w.t.actor)
        func names(_ shape: TemplateShape?) -> Set<String> {
            if case .record(let fields, _)? = shape { Set(fields.keys) } else { [] }
        }
        func names(_ value: TemplateValue?) -> Set<String> {
            if case .record(let fields, _)? = value { Set(fields.keys) } else { [] }
        }
        #expect(names(shape) == names(data))
        for part in ["ufficio", "compensi"] { #expect(names(shape[part]) == names(data[part]), "\(part)") }
        for line in ["lordo", "totale", "forbice"] { #expect(names(shape["compensi"]?[line]) == names(data["compensi"]?[line]), "\(line)") }
        guard case .list(.record(let bracket, _))? = shape["compensi"]?["scaglioni"], case .list(let rows)? = data["compensi"]?["scaglioni"] else {
            Issue.record("scaglioni is not a list on both sides")
            return
        }
        #expect(rows.allSatisfy { names($0) == Set(bracket.keys) })
    }

    @Test func repeatedRowsAndBlocksFollowTheData() throws {
        let w = try world()
        let quote = try #require(try w.t.engine.currentFees(of: w.pratica, actor: w.t.actor))
        let preventivo = try text("preventivo", w)
        #expect(preventivo.contains(FeeQuote.rounded(quote.totale.medio).italian))
        for bracket in quote.brackets { #expect(preventivo.contains(FeeQuote.rounded(bracket.amountMax).italian)) }
        let ricevuta = try text("ricevuta-istanza", w)
        #expect(ricevuta.contains("Deposito documenti") && ricevuta.contains("Relazione particolareggiata") && ricevuta.contains("Prima udienza"))
        let nomina = try text("lettera-nomina-gestore", w)
        #expect(nomina.contains("Bianchi Laura") && nomina.contains("Verdi Giuseppe") && nomina.contains("bianchi@pec.it"))
        let creditori = try text("comunicazione-creditori", w)
        #expect(creditori.contains("Banca Esempio S.p.A.") && creditori.contains("12.000,00") && creditori.contains("3.500,00"))
    }

    @Test func anUploadedTemplateIsCheckedAndFilledWithWhatTheCallerMaySee() throws {
        let w = try world()
        let gestore = try w.t.otherActor(accountName: "Studio Gestore")
        let code = try w.t.engine.accounts().first { $0.id == gestore.accountId }!.code
        _ = try w.t.engine.share(id: w.pratica.id, withAccountCode: code, actor: w.t.actor)
        let body =
            P.paragraph("Pratica {{proto", "collo}}") + P.paragraph("Note: {{note_riservate}}")
            + "<w:tbl>" + P.row("{{#gestori}}{{gestore}}", "{{data_nomina}}{{/gestori}}") + "</w:tbl>"
        let data = try P.make(body: body)
        for actor in [w.t.actor, gestore] {
            let stored = try w.documents.upload(
                label: "Promemoria", typeId: "crisi-sovraindebitamento", fileName: "promemoria.docx", data: data, actor: actor)
            let filled = try text("ufficio-\(stored.id)", w, actor: actor)
            #expect(filled.contains("Pratica 2025/0007"))
            #expect(filled.contains("Bianchi Laura\n15/01/2025\nVerdi Giuseppe\n16/01/2025"))
            // The owner sees its reserved notes; the account the pratica is shared with does not.
            #expect(filled.contains("valutazione interna") == (actor == w.t.actor))
        }
        // Each account sees its own uploads only.
        #expect(try w.documents.templates(actor: gestore).filter { !$0.builtIn }.count == 1)
        #expect(throws: FascicoloError.notFound("modello 1")) { try w.documents.templateFile(key: "ufficio-1", actor: gestore) }
    }

    @Test func badTemplatesAreRefusedWithThePlaceholderAndItsPosition() throws {
        let w = try world()
        func refusal(_ data: Data) -> [String] {
            do {
                _ = try w.documents.upload(label: "Prova", typeId: "crisi-sovraindebitamento", fileName: "prova.docx", data: data, actor: w.t.actor)
                return []
            } catch FascicoloError.validation(let issues) {
                return issues.map(\.message)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(
            refusal(try P.make(body: P.paragraph("Intestazione") + P.paragraph("Gentile {{debitore_nome}}"))) == [
                "corpo del documento, paragrafo 2: segnaposto sconosciuto «{{debitore_nome}}»: «debitore_nome» non è un campo di questa tipologia"
            ])
        #expect(
            refusal(try P.make(body: P.paragraph("{{#procedura=piano}}x{{/procedura}}"))).first?.contains(
                "«{{#procedura=piano}}»: il valore da confrontare non esiste") == true)
        #expect(refusal(Data("PK\u{3}\u{4} non è davvero uno zip".utf8)) == ["il file non è un documento Word (.docx) valido o è danneggiato"])
        #expect(try w.documents.templates(actor: w.t.actor).allSatisfy(\.builtIn))
    }

    @Test func aLogoMustBeAnImageAndIsPlacedInTheHeader() throws {
        let w = try world()
        #expect(throws: FascicoloError.validation([FieldIssue(field: "file", message: "il logo deve essere un'immagine PNG o JPEG")])) {
            try w.documents.setLetterhead(text: "Via Roma 1", logo: Data("GIF89a".utf8), removeLogo: false, actor: w.t.actor)
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 40, 0, 0, 0, 20])
        png.append(Data(count: 40))
        try w.documents.setLetterhead(text: "Via Roma 1\n00100 Roma", logo: png, removeLogo: false, actor: w.t.actor)
        let document = try w.documents.document(key: "preventivo", praticaId: w.pratica.id, format: .docx, actor: w.t.actor)
        #expect(try P.part("word/media/fascicolo-logo.png", of: document.data).utf8.count > 0)
        #expect(try P.part("word/header1.xml", of: document.data).contains("Via Roma 1</w:t><w:br/><w:t xml:space=\"preserve\">00100 Roma"))
        // Changing the text keeps the logo; "Rimuovi il logo" removes it.
        try w.documents.setLetterhead(text: "Piazza Duomo 1", logo: nil, removeLogo: false, actor: w.t.actor)
        #expect(try w.t.engine.letterheadSummary(accountId: w.t.actor.accountId) == ("Piazza Duomo 1", true))
        try w.documents.setLetterhead(text: "Piazza Duomo 1", logo: nil, removeLogo: true, actor: w.t.actor)
        #expect(try w.t.engine.letterheadSummary(accountId: w.t.actor.accountId) == ("Piazza Duomo 1", false))
    }

    @Test func pdfWithoutLibreOfficeIsAClearRefusal() throws {
        let w = try world()
        #expect(throws: FascicoloError.self) { try w.documents.document(key: "preventivo", praticaId: w.pratica.id, format: .pdf, actor: w.t.actor) }
        do {
            _ = try w.documents.document(key: "preventivo", praticaId: w.pratica.id, format: .pdf, actor: w.t.actor)
        } catch FascicoloError.unavailable(let message) {
            #expect(message.contains("LibreOffice non è installato"))
        }
    }
}
