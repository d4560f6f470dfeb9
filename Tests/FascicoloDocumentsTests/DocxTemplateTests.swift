import Foundation
import Testing
import ZIPFoundation

@testable import FascicoloDocuments

/// The placeholder language on hand-made packages: split runs, repeated rows and paragraphs,
/// conditions, escaping, the logo, and the errors a template author gets.
@Suite struct DocxTemplateTests {
    typealias P = DocxFixture

    let shape = TemplateShape.record([
        "nome": .scalar(), "note": .scalar(), "procedura": .scalar(codes: ["piano", "liquidazione"]),
        "avvocato": .record(["pec": .scalar(), "nominativo": .scalar()], printable: true),
        "gestori": .list(.record(["gestore": .scalar(), "data": .scalar()])),
        "scadenze": .list(.record(["data": .scalar(), "descrizione": .scalar()])),
    ])

    let data = TemplateValue.record([
        "nome": .text("Pratica 2025/0007"),
        "note": .text("Riga uno & <due>\nRiga tre"),
        "procedura": .text("Liquidazione controllata", code: "liquidazione"),
        "avvocato": .record(["pec": .text("studio@pec.it"), "nominativo": .text("Verdi Anna")], text: "Verdi Anna"),
        "gestori": .list([
            .record(["gestore": .text("Bianchi Laura"), "data": .text("01/02/2025")]),
            .record(["gestore": .text("Neri Paolo"), "data": .text("03/02/2025")]),
        ]),
        "scadenze": .list([]),
    ])

    func fill(_ body: String, header: String? = nil) throws -> Data {
        let template = try DocxTemplate(data: try P.make(body: body, header: header))
        #expect(template.check(against: shape).isEmpty)
        return try template.render(data)
    }

    @Test func aPlaceholderSplitAcrossRunsIsFilled() throws {
        let docx = try fill(P.paragraph("Oggetto: ", "{{no", "me}}", " — fine") + P.paragraph("{", "{avvocato.pec}", "}"))
        #expect(try P.paragraphs(of: docx) == ["Oggetto: Pratica 2025/0007 — fine", "studio@pec.it"])
        // The run properties of the first run are kept.
        #expect(try P.part("word/document.xml", of: docx).contains("<w:b/>"))
    }

    @Test func aTableRowRepeatsOncePerItem() throws {
        let body = "<w:tbl>" + P.row("Gestore", "Nomina") + P.row("{{#gestori}}{{gestore}}", "{{data}}{{/gestori}}") + "</w:tbl>"
        let docx = try fill(body)
        #expect(try P.paragraphs(of: docx) == ["Gestore", "Nomina", "Bianchi Laura", "01/02/2025", "Neri Paolo", "03/02/2025"])
        #expect(try P.part("word/document.xml", of: docx).components(separatedBy: "<w:tr>").count - 1 == 3)
    }

    @Test func paragraphsBetweenTagParagraphsRepeatAndTheTagParagraphsGo() throws {
        let body =
            P.paragraph("Prima") + P.paragraph("{{#gestori}}") + P.paragraph("Gestore: {{gestore}}")
            + P.paragraph("Nominato il {{data}} per {{nome}}")
            + P.paragraph("{{/gestori}}") + P.paragraph("Dopo")
        #expect(
            try P.paragraphs(of: fill(body)) == [
                "Prima", "Gestore: Bianchi Laura", "Nominato il 01/02/2025 per Pratica 2025/0007",
                "Gestore: Neri Paolo", "Nominato il 03/02/2025 per Pratica 2025/0007", "Dopo",
            ])
    }

    @Test func inlineSectionsConditionsAndElse() throws {
        let body =
            P.paragraph("Gestori: {{#gestori}}[{{gestore}}]{{/gestori}}.")
            + P.paragraph("{{#procedura=liquidazione}}Liquidazione{{/procedura}}{{#procedura=piano}}Piano{{/procedura}}")
            + P.paragraph("{{#scadenze}}Scadenze presenti{{/scadenze}}{{^scadenze}}Nessuna scadenza{{/scadenze}}")
            + P.paragraph("{{#avvocato}}Avvocato: {{nominativo}} ({{pec}}){{/avvocato}}")
        #expect(
            try P.paragraphs(of: fill(body)) == [
                "Gestori: [Bianchi Laura][Neri Paolo].", "Liquidazione", "Nessuna scadenza",
                "Avvocato: Verdi Anna (studio@pec.it)",
            ])
    }

    @Test func anEmptyListRemovesItsRowsAndATableCellKeepsAParagraph() throws {
        let body =
            "<w:tbl>" + P.row("{{#scadenze}}{{data}}", "{{descrizione}}{{/scadenze}}") + "</w:tbl>"
            + "<w:tbl><w:tr><w:tc>" + P.paragraph("{{#scadenze}}") + P.paragraph("{{data}}") + P.paragraph("{{/scadenze}}") + "</w:tc></w:tr></w:tbl>"
        let xml = try P.part("word/document.xml", of: fill(body))
        #expect(xml.components(separatedBy: "<w:tr>").count - 1 == 1)
        #expect(xml.contains("<w:tc><w:p/></w:tc>"))
    }

    @Test func textIsEscapedAndLineBreaksBecomeBreaks() throws {
        let xml = try P.part("word/document.xml", of: fill(P.paragraph("{{note}}")))
        #expect(xml.contains("Riga uno &amp; &lt;due&gt;</w:t><w:br/><w:t xml:space=\"preserve\">Riga tre"))
    }

    @Test func headersAreFilledToo() throws {
        let docx = try fill(P.paragraph("Corpo"), header: P.paragraph("{{nome}}"))
        #expect(try P.paragraphs("word/header1.xml", of: docx) == ["Pratica 2025/0007"])
    }

    @Test func theLogoIsPlacedWithItsRelationshipAndMediaType() throws {
        // A 4×2 PNG header is all the size reader needs.
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 4, 0, 0, 0, 2])
        png.append(Data(count: 40))
        let logo = try #require(LogoImage(data: png))
        let template = try DocxTemplate(data: try P.make(body: P.paragraph("Corpo"), header: P.paragraph("{{%logo}}")))
        let docx = try template.render(data, logo: logo)
        #expect(try P.part("word/header1.xml", of: docx).contains("r:embed=\"rIdFascicoloLogo\""))
        #expect(try P.part("word/header1.xml", of: docx).contains("<wp:extent cx=\"1296000\" cy=\"648000\"/>"))
        #expect(try P.part("word/_rels/header1.xml.rels", of: docx).contains("Target=\"media/fascicolo-logo.png\""))
        #expect(try P.part("[Content_Types].xml", of: docx).contains("PartName=\"/word/media/fascicolo-logo.png\" ContentType=\"image/png\""))
        // Without a logo the placeholder leaves nothing behind.
        #expect(try P.paragraphs("word/header1.xml", of: template.render(data)) == [""])
    }

    @Test func unknownNamesAreNamedWithTheirPosition() throws {
        let template = try DocxTemplate(
            data: try P.make(
                body: P.paragraph("Intro") + P.paragraph("Caro {{avvocato.fax}}")
                    + P.paragraph("{{#gestori}}{{gestore}} {{cognome}}{{/gestori}}") + P.paragraph("{{#procedura=accordo}}x{{/procedura}}")))
        let issues = template.check(against: shape).map(\.description)
        #expect(
            issues == [
                "corpo del documento, paragrafo 2: segnaposto sconosciuto «{{avvocato.fax}}»: «fax» non fa parte di «avvocato»",
                "corpo del documento, paragrafo 3: segnaposto sconosciuto «{{cognome}}»: «cognome» non è un campo di questa tipologia",
                "corpo del documento, paragrafo 4: «{{#procedura=accordo}}»: il valore da confrontare non esiste; valori ammessi: liquidazione, piano",
            ])
    }

    @Test func malformedPlaceholdersAreRefusedWithTheirPosition() throws {
        func issues(_ body: String) throws -> [String] {
            do {
                _ = try DocxTemplate(data: try P.make(body: body))
                return []
            } catch TemplateError.invalid(let issues) {
                return issues.map(\.description)
            }
        }
        #expect(try issues(P.paragraph("ok") + P.paragraph("{{nome")) == ["corpo del documento, paragrafo 2: «{{» senza la chiusura «}}»"])
        #expect(
            try issues(P.paragraph("{{#gestori}}") + P.paragraph("x")) == [
                "corpo del documento, paragrafo 1: «{{#gestori}}» non è mai chiusa: manca «{{/gestori}}»"
            ])
        #expect(
            try issues(P.paragraph("{{#gestori}}{{#scadenze}}{{/gestori}}{{/scadenze}}")) == [
                "corpo del documento, paragrafo 1: «{{#scadenze}}» (corpo del documento, paragrafo 1) va chiusa prima di «{{/gestori}}»"
            ])
        #expect(
            try issues(P.paragraph("{{nome cognome}}")).first?.hasPrefix("corpo del documento, paragrafo 1: segnaposto non valido «{{nome cognome}}»")
                == true)
        // Text between braces that does not read like a name may be personal data: never repeated.
        #expect(
            try issues(P.paragraph("{{Rossi, RSSMRA80A01H501U}}")).first?.hasPrefix("corpo del documento, paragrafo 1: segnaposto non valido «{{…}}»")
                == true)
    }

    @Test func filesThatAreNotWordDocumentsAreRefused() throws {
        let good = try P.make(body: P.paragraph("x"))
        var broken = good
        broken.replaceSubrange(40..<60, with: Data(repeating: 0x41, count: 20))
        let notXML = try DocxFixture.withDocument("<w:document><w:body><w:p></w:body>")
        for bytes in [Data("not a zip at all, just text".utf8), Data(good.prefix(good.count / 2)), broken, notXML] {
            #expect(throws: TemplateError.self) { try DocxTemplate(data: bytes) }
        }
        do {
            _ = try DocxTemplate(data: notXML)
        } catch TemplateError.unreadable(let message) {
            #expect(message == "il documento Word è danneggiato: corpo del documento non è leggibile")
        }
    }

    @Test func aHundredThousandNestedElementsAreRefusedNotACrash() throws {
        let depth = 100_000
        let nested = String(repeating: "<w:x>", count: depth) + String(repeating: "</w:x>", count: depth)
        let bomb = try DocxFixture.withDocument("<w:document><w:body>\(nested)</w:body></w:document>")
        #expect {
            try DocxTemplate(data: bomb)
        } throws: { error in
            "\(error)" == "modello non valido: struttura troppo profonda (corpo del documento)"
        }
        // The deepest nesting allowed still reads (and is released without exhausting the stack).
        let allowed = XMLTree.maximumDepth - 3
        let deep = String(repeating: "<w:x>", count: allowed) + String(repeating: "</w:x>", count: allowed)
        _ = try DocxTemplate(data: try DocxFixture.withDocument("<w:document><w:body>\(deep)</w:body></w:document>"))
    }
}

extension DocxTemplateTests {
    @Test func templatesThatWouldReachOutsideTheFileAreRefused() throws {
        let body = "<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"
        let linkedImage =
            #"<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://esempio.invalid/x.png" TargetMode="External"/></Relationships>"#
        let hyperlink =
            #"<Relationships><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.giustizia.it" TargetMode="External"/></Relationships>"#
        let include =
            #"<w:document><w:body><w:p><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://esempio.invalid/x.png" </w:instrText></w:r></w:p></w:body></w:document>"#
        let simpleField = #"<w:document><w:body><w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;/etc/passwd&quot; "/></w:p></w:body></w:document>"#
        for (document, rels) in [(body, linkedImage), (include, nil), (simpleField, nil)] {
            #expect {
                try DocxTemplate(data: try DocxFixture.withDocument(document, rels: rels))
            } throws: { error in
                "\(error)".hasPrefix("modello non valido: contiene")
            }
        }
        // A hyperlink is followed only by whoever clicks it: it stays allowed, as do PAGE fields.
        let page = #"<w:document><w:body><w:p><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r></w:p></w:body></w:document>"#
        _ = try DocxTemplate(data: try DocxFixture.withDocument(page, rels: hyperlink))
    }
}

/// Inputs the libFuzzer harness of the part reader (Tests/Fuzz, target `xml`) found misread.
@Suite struct XMLTreeFuzzRegressionTests {
    /// `&` or `;` followed by a combining mark merged with it into one `Character`, so a bare `&`
    /// was let through and `&amp;` + mark was not decoded: what was read did not read back.
    @Test func entitiesNextToCombiningMarksReadAndWriteBack() throws {
        #expect(throws: XMLSyntaxError.self) { try XMLTree.parse(Array("<w:t>a &\u{0612}b</w:t>".utf8)) }
        let root = try XMLTree.parse(Array("<w:t>a &amp;\u{0612}b &#233;\u{0301}</w:t>".utf8))
        #expect(root.children.first?.ownText == "a &\u{0612}b \u{E9}\u{0301}")
        var written = ""
        for node in root.children { XMLTree.serialize(node, into: &written) }
        #expect(try XMLTree.parse(Array(written.utf8)).children.first?.ownText == "a &\u{0612}b \u{E9}\u{0301}")
    }
}

extension DocxFixture {
    /// A package whose document part is exactly `xml` (and its relationships `rels`, when given).
    static func withDocument(_ xml: String, rels: String? = nil) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let files = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", xml)] + (rels.map { [("word/_rels/document.xml.rels", $0)] } ?? [])
        for (path, text) in files {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }
}
