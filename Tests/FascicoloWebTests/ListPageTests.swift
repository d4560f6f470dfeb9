import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("Pratiche list, CSV, calendar and anagrafica pages")
struct ListPageTests {
    /// Two pratiche: Rossi (aperta, hearing 15/03/2026) and Bianchi (esame documentazione).
    static func seeded() throws -> (WebFixture, rossi: Pratica, bianchi: Pratica) {
        let fixture = try WebFixture.make()
        let rossi = try fixture.test.createCrisi(
            debitore: try fixture.test.addPerson(.marioRossi).id,
            hearing: CalendarDate(year: 2026, month: 3, day: 15)!, description: "Comparizione",
            fields: ["stato": .text("aperta"), "valore_passivo": .money(Money(cents: 1_234_567))])
        let opened = try fixture.test.createCrisi(debitore: try fixture.test.addPerson(.lauraBianchi).id, fields: ["stato": .text("aperta")])
        let bianchi = try fixture.engine.transition(id: opened.id, to: "esame_documentazione", actor: fixture.test.actor)
        return (fixture, rossi, bianchi)
    }

    @Test("the list shows the type's default columns, the total, and filters by state")
    func listAndFilter() async throws {
        let (fixture, _, _) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let all = try await session.get(client, "/pratiche")
            #expect(all.text.contains("2 pratiche"))
            #expect(all.text.contains(">Interessati: Debitore<") && all.text.contains(">Gestori<"))
            let filtered = try await session.get(client, "/pratiche?tipo=crisi-sovraindebitamento&f.stato=aperta")
            #expect(filtered.text.contains("1 pratica"))
            #expect(filtered.text.contains("Rossi Mario"))
            #expect(!filtered.text.contains("Bianchi Laura"))
        }
    }

    @Test("the search box finds a surname and a date typed the Italian way")
    func search() async throws {
        let (fixture, _, _) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let bySurname = try await session.get(client, "/pratiche?q=bianchi")
            #expect(bySurname.text.contains("1 pratica") && bySurname.text.contains("Bianchi Laura"))
            let byDate = try await session.get(client, "/pratiche?q=15%2F03%2F2026")
            #expect(byDate.text.contains("1 pratica") && byDate.text.contains("Rossi Mario"))
        }
    }

    @Test("a malformed filter gives a message, not an error page")
    func badFilter() async throws {
        let (fixture, _, _) = try Self.seeded()
        try await fixture.run { client in
            let response = try await BrowserSession.signIn(client).get(client, "/pratiche?f.data_apertura.da=ieri")
            #expect(response.status == .ok)
            #expect(response.text.contains("Filtro non valido"))
        }
    }

    @Test("the chosen columns are saved per user and drive the table and the CSV")
    func columnsAndCSV() async throws {
        let (fixture, _, _) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let saved = try await session.post(
                client, "/pratiche/colonne",
                [
                    ("tipo", "crisi-sovraindebitamento"), ("colonne", "stato"), ("colonne", "interessati.debitore"), ("colonne", "valore_passivo"),
                    ("colonne", "non_esiste"), ("ritorno", "/pratiche?f.stato=aperta"),
                ])
            #expect(saved.headers[.location] == "/pratiche?f.stato=aperta")
            let csv = try await session.get(client, "/pratiche.csv?f.stato=aperta")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text == "\u{FEFF}Stato;Interessati: Debitore;Valore passivo\r\nAperta;Rossi Mario;12.345,67\r\n")
        }
    }

    @Test("CSV cells that a spreadsheet would run as formulas are neutralised")
    func csvInjection() {
        #expect(CSVWriter.escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.escape("-1.234,56") == "-1.234,56")
        #expect(CSVWriter.escape("a;b") == "\"a;b\"")
    }

    @Test("the calendar shows the hearing in its month, week and list views, linking to the pratica")
    func calendar() async throws {
        let (fixture, rossi, _) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            for view in ["mese", "settimana", "elenco"] {
                let page = try await session.get(client, "/calendario?vista=\(view)&giorno=2026-03-15")
                #expect(page.status == .ok)
                #expect(page.text.contains("href=\"/pratiche/\(rossi.id)\""), "view \(view)")
            }
            #expect(try await session.get(client, "/calendario?mese=2026-03").text.contains("Marzo 2026"))
        }
    }

    @Test("weekdays: Monday is 0", arguments: [("2026-11-23", 0), ("2026-11-24", 1), ("2025-03-01", 5), ("2000-01-02", 6)])
    func weekday(_ iso: String, _ expected: Int) {
        #expect(CalendarController.weekday(CalendarDate(parsing: iso)!) == expected)
    }

    @Test("the anagrafica lists, creates with errors kept beside fields, and edits contacts")
    func contacts() async throws {
        let (fixture, _, _) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            #expect(try await session.get(client, "/anagrafica?q=rossi").text.contains("Rossi Mario"))
            let bad = try await session.post(
                client, "/anagrafica",
                [
                    ("tipo", "fisica"), ("cognome", "Verdi"), ("nome", "Ugo"),
                    ("codice_fiscale", "VRDGPP75E12F205X"),
                ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("value=\"VRDGPP75E12F205X\"") && bad.text.contains("class=\"error\""))
            let good = try await session.post(
                client, "/anagrafica",
                [
                    ("tipo", "fisica"), ("cognome", "Verdi"), ("nome", "Giuseppe"),
                    ("codice_fiscale", TestPerson.giuseppeVerdi.codiceFiscale),
                ])
            #expect(good.status == .seeOther)
            let location = try #require(good.headers[.location])
            #expect(try await session.get(client, location).text.contains("Contatto salvato."))
        }
    }

    @Test("static files are served by name only, with security headers; unknown paths are 404 pages")
    func staticFiles() async throws {
        try await WebFixture.make().run { client in
            let css = try await client.execute(uri: "/static/app.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.xContentTypeOptions] == "nosniff")
            #expect(css.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            for path in ["/static/..%2FPackage.swift", "/static/../../etc/passwd", "/static/nope.css", "/nessuna-pagina"] {
                #expect(try await client.execute(uri: path, method: .get).status == .notFound, "\(path)")
            }
            let openAPI = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(openAPI.status == .ok)
            #expect(try openAPI.json()["openapi"]?.stringValue == "3.1.0")
        }
    }
}

@Suite("Option lists written without templates")
struct OptionsHTMLTests {
    @Test("values and labels are escaped; the chosen option is selected")
    func escaping() {
        let html = OptionsHTML.select([
            OptionView(value: "a\"b", label: "<Tribunale> & 'C'", selected: true),
            OptionView(value: "x", label: "Y", selected: false),
        ])
        #expect(html == "<option value=\"a&quot;b\" selected>&lt;Tribunale&gt; &amp; &#39;C&#39;</option><option value=\"x\">Y</option>")
        #expect(
            OptionsHTML.suggestions([OptionView(value: "1", label: "Roma \"Nord\"", selected: false)])
                == "<option value=\"Roma &quot;Nord&quot;\"></option>")
    }
}
