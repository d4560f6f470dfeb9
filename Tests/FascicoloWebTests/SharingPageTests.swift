import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("Sharing a pratica from its page")
struct SharingPageTests {
    @Test("the owner shares by code; the other account sees the pratica, changes only the fields open to it, until the share ends")
    func shareAndEnd() async throws {
        let fixture = try WebFixture.make()
        let studio = (try await fixture.engine.perform { try $0.createAccount(name: "Studio Gestore", kind: "professionista") })
        _ =
            (try await fixture.engine.perform {
                try $0.addUser(
                    email: "gestore@studio.it", name: "Gestore", password: "password-gestore", role: .operatore,
                    accountCode: studio.code)
            })
        let debtor = try fixture.test.addPerson(.marioRossi)
        let pratica = try fixture.test.createCrisi(debitore: debtor.id, fields: ["stato": .text("aperta")])
        try await fixture.run { client in
            let owner = try await BrowserSession.signIn(client)
            #expect(try await owner.get(client, "/pratiche/\(pratica.id)").text.contains("La pratica non è condivisa"))
            let wrong = try await owner.post(client, "/pratiche/\(pratica.id)/condivisioni", [("codice", "12")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("il codice account ha 6 cifre"))
            let shared = try await owner.post(client, "/pratiche/\(pratica.id)/condivisioni", [("codice", studio.code)])
            #expect(shared.headers[.location] == "/pratiche/\(pratica.id)?esito=condivisa")
            #expect(try await owner.get(client, "/pratiche/\(pratica.id)").text.contains("Studio Gestore"))
            let other = try fixture.test.createCrisi(debitore: debtor.id)
            #expect(
                try await owner.get(client, "/pratiche/\(other.id)").text.contains("<option value=\"\(studio.code)\">Studio Gestore</option>"),
                "an account already shared with is offered on the next pratica")

            let gestore = try await BrowserSession.signIn(client, email: "gestore@studio.it", password: "password-gestore")
            #expect(try await gestore.get(client, "/pratiche").text.contains("href=\"/pratiche/\(pratica.id)\""))
            let page = try await gestore.get(client, "/pratiche/\(pratica.id)")
            #expect(page.text.contains("Pratica condivisa dall'account") && page.text.contains("puoi modificare i campi in bianco"))
            #expect(!page.text.contains("+ Condividi") && !page.text.contains("value=\"compensi\"") && !page.text.contains("value=\"stato:"))
            #expect(page.text.contains("Rossi Mario"))
            let ignored = try await gestore.post(client, "/pratiche/\(pratica.id)", [("versione", String(pratica.version)), ("f.note", "mia")])
            #expect(ignored.status == .seeOther, "fields closed to the shared account are not read back from its form")
            let hearing = try await gestore.post(
                client, "/pratiche/\(pratica.id)",
                [
                    ("versione", String(pratica.version)), ("g.udienze.1.data", "2026-05-04"), ("g.udienze.1.descrizione", "Rinvio"),
                ])
            #expect(hearing.status == .seeOther)
            let current = (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) })
            #expect(current.fields["udienze"]?.listValue?.count == 1)
            let folder = try await gestore.post(
                client, "/pratiche/\(pratica.id)", [("versione", String(current.version)), ("f.nome_cartella", "Mia")])
            #expect(folder.status == .forbidden && folder.text.contains("modificabili solo dall&#39;account proprietario"))
            let contact = try await gestore.get(client, "/anagrafica/\(debtor.id)")
            #expect(contact.status == .ok && contact.text.contains("Contatto in sola lettura"))
            #expect(
                try await gestore.post(client, "/anagrafica/\(debtor.id)", [("versione", "1"), ("tipo", "fisica"), ("cognome", "X")]).status
                    == .notFound)

            let ended = try await owner.post(client, "/pratiche/\(pratica.id)/condivisioni/\(studio.id)/rimuovi", [])
            #expect(ended.headers[.location] == "/pratiche/\(pratica.id)?esito=condivisione-rimossa")
            #expect(try await gestore.get(client, "/pratiche/\(pratica.id)").status == .notFound)
        }
        #expect((try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) }).fields["note"] == nil)
    }
}
