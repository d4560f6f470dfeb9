import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// Three types in one office: the list opens on the type last listed, a tab per type and one for
/// every type, "Nuova Pratica" with its type choice, computed fields read-only in the form.
@Suite("Several types in one office")
struct SeveralTypesPageTests {
    static func seeded() throws -> (WebFixture, crisi: Pratica, banca: Pratica) {
        let fixture = try WebFixture.make()
        let rossi = try fixture.test.addPerson(.marioRossi)
        let crisi = try fixture.test.createCrisi(debitore: rossi.id)
        let banca = try fixture.engine.create(
            NewPratica(
                type: "banche-equitalia",
                fields: [
                    "richiedenti": .list([.record(["richiedente": .reference(rossi.id)])]), "oggetto": .text("cartelle"),
                    "rapporti": .list([.record(["tipo": .text("cartella"), "numero": .text("097-1"), "importo": .money(Money(cents: 150_000))])]),
                ], numbered: true), actor: fixture.test.actor)
        return (fixture, crisi, banca)
    }

    @Test("the list opens on the last type listed; tabs lead to each type and to every type together")
    func lastTypeAndTabs() async throws {
        let (fixture, crisi, banca) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            // First visit: the type of the newest pratica.
            let first = try await session.get(client, "/pratiche")
            #expect(first.text.contains("Pratiche — Banche ed Equitalia"))
            #expect(first.text.contains("<nav class=\"type-tabs\" aria-label=\"Tipologie\">"))
            #expect(first.text.contains("<select id=\"nuova-tipo\" name=\"tipo\">"))
            _ = try await session.get(client, "/pratiche?tipo=crisi-sovraindebitamento")
            let again = try await session.get(client, "/pratiche")
            #expect(again.text.contains("Pratiche — Crisi da sovraindebitamento"), "the last type listed is remembered")
            #expect(again.text.contains("href=\"/pratiche/\(crisi.id)\"") && !again.text.contains("href=\"/pratiche/\(banca.id)\""))
            let all = try await session.get(client, "/pratiche?tipo=tutte")
            #expect(all.text.contains("2 pratiche") && all.text.contains(">Tipologia<"))
            #expect(all.text.contains(">Banche ed Equitalia<") && all.text.contains(">Crisi da sovraindebitamento<"))
            #expect(all.text.contains("BE-2026/0001") || all.text.contains("BE-2025/0001"))
            let searched = try await session.get(client, "/pratiche?tipo=tutte&q=rossi")
            #expect(searched.text.contains("2 pratiche"), "the search box reaches every type")
            let csv = try await session.get(client, "/pratiche.csv?tipo=tutte")
            #expect(csv.text.contains("Tipologia") && csv.text.contains("Banche ed Equitalia"))
        }
    }

    @Test("computed fields are read-only in the form, and a typed value for them is ignored")
    func computedReadOnly() async throws {
        let (fixture, _, banca) = try Self.seeded()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let page = try await session.get(client, "/pratiche/\(banca.id)")
            #expect(page.status == .ok)
            let input = try #require(page.text.range(of: "name=\"f.totale_rapporti\""))
            let tag = page.text[page.text[..<input.lowerBound].lastIndex(of: "<")!..<page.text[input.upperBound...].firstIndex(of: ">")!]
            #expect(tag.contains("readonly"))
            #expect(page.text.contains("value=\"1.500,00\""))
        }
    }

    static func link(_ banca: Pratica, to crisi: Pratica, in fixture: WebFixture) throws {
        _ = try fixture.engine.update(
            id: banca.id, expectedVersion: banca.version, changes: PraticaChanges([("pratica_crisi", .integer(crisi.id))]), actor: fixture.test.actor)
    }

    @Test("a link between pratiche is shown on both pages")
    func linkShownOnBoth() async throws {
        let (fixture, crisi, banca) = try Self.seeded()
        try Self.link(banca, to: crisi, in: fixture)
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let from = try await session.get(client, "/pratiche/\(banca.id)")
            #expect(from.text.contains("Pratiche collegate") && from.text.contains("href=\"/pratiche/\(crisi.id)\""))
            let to = try await session.get(client, "/pratiche/\(crisi.id)")
            #expect(to.text.contains("Pratiche collegate") && to.text.contains("href=\"/pratiche/\(banca.id)\""))
            #expect(to.text.contains("la collega a questa nel campo «Pratica di crisi collegata»"))
        }
    }
}
