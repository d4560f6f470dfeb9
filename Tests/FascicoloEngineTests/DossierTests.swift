import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// The debtor's access token: random, typeable, stored hashed and sealed, shown again to the
/// owner, voided with its sessions when regenerated.
@Suite struct DossierTests {
    @Test func theTokenIsTypeableAndForgivingWhenTyped() throws {
        let w = try SharedWorld()
        let token = try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.owner)
        #expect(token.characters.count == 28)
        #expect(token.characters.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        #expect(token.display.split(separator: "-").map(\.count) == Array(repeating: 4, count: 7))
        #expect(try w.engine.dossierToken(praticaId: w.pratica.id, actor: w.owner) == token)
        let typed = token.display.lowercased().replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "l")
        #expect(try w.engine.enterDossier(token: " " + typed + " ")?.pass.praticaId == w.pratica.id)
        let wrongLast: Character = token.characters.last == "0" ? "2" : "0"
        #expect(try w.engine.enterDossier(token: String(token.characters.dropLast()) + String(wrongLast)) == nil)
        #expect(try w.engine.enterDossier(token: "non è un codice") == nil)
    }

    @Test func regeneratingVoidsTheOldTokenAndItsSessions() throws {
        let w = try SharedWorld()
        let old = try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.owner)
        let (secret, _) = try #require(try w.engine.enterDossier(token: old.characters))
        #expect(try w.engine.dossierPass(secret: secret)?.praticaId == w.pratica.id)
        let new = try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.owner)
        #expect(new != old)
        #expect(try w.engine.dossierPass(secret: secret) == nil)
        #expect(try w.engine.enterDossier(token: old.characters) == nil)
        #expect(try w.engine.enterDossier(token: new.characters) != nil)
        let actions = try w.engine.history(id: w.pratica.id, actor: w.owner).filter { $0.field == "token" }.map(\.action)
        #expect(actions == ["token", "dossier_open", "token_regenerated", "dossier_open"])
    }

    @Test func onlyTheOwnerManagesTheToken() throws {
        let w = try SharedWorld()
        #expect(throws: FascicoloError.forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica")) {
            try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.gestore)
        }
        #expect(throws: FascicoloError.notFound("pratica \(w.pratica.id)")) {
            try w.engine.dossierToken(praticaId: w.pratica.id, actor: w.stranger)
        }
        #expect(throws: FascicoloError.forbidden("il tuo ruolo non consente di gestire il codice di accesso del debitore")) {
            try w.engine.dossierToken(praticaId: w.pratica.id, actor: w.reader)
        }
        #expect(try w.engine.dossierToken(praticaId: w.pratica.id, actor: w.owner) == nil)
    }

    @Test func theSummaryShowsOnlyWhatTheTypeOpensToTheDebtor() throws {
        let w = try SharedWorld(fields: [
            "procedura": .text("piano_consumatore"), "note_riservate": .text("riservato"), "numero_rg": .text("1234/2026"),
        ])
        let token = try w.engine.regenerateDossierToken(praticaId: w.pratica.id, actor: w.owner)
        let pass = try #require(try w.engine.enterDossier(token: token.characters)).pass
        let summary = try w.engine.dossierSummary(pass)
        #expect(summary.typeLabel == "Crisi da sovraindebitamento")
        #expect(summary.entries.map(\.label) == ["Procedura richiesta", "Numero R.G.", "Udienze"])
        #expect(summary.entries.last?.lines == ["15/03/2026"])
        #expect(!summary.entries.flatMap(\.lines).contains("riservato"))
    }
}
