import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("The pratica form")
struct PraticaPageTests {
    /// The fields of a minimal new crisi pratica with one debtor.
    static func newPratica(debtor: Int64, _ extra: [(String, String)] = []) -> [(String, String)] {
        [("tipo", "crisi-sovraindebitamento"), ("stato", "aperta"), ("g.interessati.1.debitore", String(debtor))] + extra
    }

    @Test("the form is generated from the type: every section is a tab, groups offer rows, the tribunale list is searchable")
    func generatedForm() async throws {
        let fixture = try WebFixture.make()
        try await fixture.run { client in
            let page = try await BrowserSession.signIn(client).get(client, "/pratiche/nuova?tipo=crisi-sovraindebitamento")
            #expect(page.status == .ok)
            let type = try fixture.engine.type("crisi-sovraindebitamento")
            for section in type.sections { #expect(page.text.contains("id=\"tab-\(section.id)\"")) }
            #expect(page.text.contains("+ Aggiungi Udienza"))
            #expect(page.text.contains("list=\"campo-tribunale-elenco\""))
            #expect(
                page.text.contains("<datalist id=\"campo-tribunale-elenco\">")
                    && page.text.contains("<option value=\"Tribunale di Milano\"></option>"))
            #expect(page.text.contains("name=\"f.preventivo_minimo\"") && page.text.contains("readonly"))
        }
    }

    @Test("creating a pratica through the form stores it and opens it")
    func create() async throws {
        let fixture = try WebFixture.make()
        let debtor = try fixture.test.addPerson(.marioRossi)
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let created = try await session.post(
                client, "/pratiche",
                Self.newPratica(
                    debtor: debtor.id,
                    [
                        ("f.valore_passivo", "120.000,50"), ("g.udienze.1.data", "2026-03-15"), ("g.udienze.1.descrizione", "Comparizione"),
                    ]))
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await session.get(client, location)
            #expect(page.text.contains("Pratica creata."))
            #expect(page.text.contains("value=\"120.000,50\""))
            #expect(page.text.contains("Rossi Mario"))
            let id = try #require(Int64(location.split(separator: "/").last!.prefix { $0.isNumber }))
            let stored = (try await fixture.engine.perform { try $0.pratica(id: id, actor: fixture.test.actor) })
            #expect(stored.fields["valore_passivo"] == .money(Money(cents: 12_000_050)))
            #expect(stored.state == "aperta")
        }
    }

    @Test("a refused save shows each error beside its field and keeps what the user typed; nothing is written")
    func validationKeepsInput() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let response = try await session.save(
                client, pratica,
                [
                    ("f.valore_attivo", "dodicimila"), ("g.scadenze.1.data", "2026-04-01"), ("f.note", "appunto da non perdere"),
                ])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("value=\"dodicimila\""))
            #expect(response.text.contains("appunto da non perdere"))
            #expect(response.text.contains("id=\"campo-valore_attivo-errore\""))
            #expect(response.text.contains("id=\"campo-scadenze-1-descrizione-errore\""))
            let stored = (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) })
            #expect(stored.version == pratica.version)
            #expect(stored.fields["note"] == nil)
        }
    }

    @Test("when someone else saved first, the save is refused with a conflict message and the input kept")
    func conflict() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        _ =
            (try await fixture.engine.perform {
                try $0.update(
                    id: pratica.id, expectedVersion: pratica.version,
                    changes: PraticaChanges([("note", .text("prima modifica"))]), actor: fixture.test.actor)
            })
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let response = try await session.save(
                client, pratica,
                [
                    ("f.note", "seconda modifica")
                ])
            #expect(response.status == .conflict)
            #expect(response.text.contains("Un altro utente ha salvato questa pratica"))
            #expect(response.text.contains("seconda modifica"))
            #expect(
                (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) }).fields["note"]
                    == .text("prima modifica"))
        }
    }

    @Test("the martelletto assigns the first free protocol number")
    func martelletto() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let page = try await session.get(client, "/pratiche/\(pratica.id)")
            #expect(page.text.contains("value=\"protocollo\""))
            let response = try await session.save(
                client, pratica,
                [
                    ("azione", "protocollo")
                ])
            #expect(response.headers[.location] == "/pratiche/\(pratica.id)?esito=protocollo")
            let numbered = (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) })
            let text = try #require(numbered.protocolNumber?.text)
            #expect(try await session.get(client, "/pratiche/\(pratica.id)").text.contains("value=\"\(text)\""))
        }
    }

    @Test("transitions: the allowed one moves the state, the refused one says why in words and changes nothing")
    func transitions() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica(fields: ["stato": .text("aperta")])
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let page = try await session.get(client, "/pratiche/\(pratica.id)")
            #expect(page.text.contains("value=\"stato:esame_documentazione\""))
            #expect(page.text.contains("Non consentito ora:"))
            let refused = try await session.save(
                client, pratica,
                [
                    ("azione", "stato:assegnata_gestore")
                ])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("Passaggio a «Assegnata al Gestore» non consentito: "))
            let afterRefusal = (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) })
            #expect(afterRefusal.state == "aperta")
            let allowed = try await session.save(
                client, pratica, version: afterRefusal.version,
                [
                    ("azione", "stato:esame_documentazione")
                ])
            #expect(allowed.status == .seeOther)
            #expect((try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) }).state == "esame_documentazione")
        }
    }

    @Test("the fee calculator saves the preventivo and shows the breakdown in Pagamenti")
    func fees() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let response = try await session.save(
                client, pratica,
                [
                    ("f.compenso_procedura", "piano"), ("f.compenso_attivo", "50.000,00"), ("f.compenso_passivo", "120.000,00"),
                    ("f.compenso_riduzione", "20"), ("f.compenso_rimborso", "15"), ("azione", "compensi"),
                ])
            #expect(response.headers[.location] == "/pratiche/\(pratica.id)?esito=compensi&sezione=pagamenti", "the page reopens on the calculator")
            let stored = (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) })
            let medio = try #require(stored.fields["preventivo_medio"]?.displayText)
            let page = try await session.get(client, "/pratiche/\(pratica.id)?esito=compensi")
            #expect(page.text.contains("Compenso calcolato"))
            #expect(page.text.contains("class=\"fees-table\""))
            #expect(page.text.contains("value=\"\(medio)\""))
        }
    }

    @Test("another account's pratica does not exist for this user (page and API)")
    func otherAccount() async throws {
        let fixture = try WebFixture.make()
        let other = try fixture.test.otherActor()
        let debtor = try fixture.test.addPerson(.marioRossi, actor: other)
        let foreign = try fixture.test.createCrisi(debitore: debtor.id, actor: other)
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            #expect(try await session.get(client, "/pratiche/\(foreign.id)").status == .notFound)
            #expect(try await session.get(client, "/anagrafica/\(debtor.id)").status == .notFound)
            #expect(try await session.get(client, "/pratiche/abc").status == .notFound)
        }
    }
}
