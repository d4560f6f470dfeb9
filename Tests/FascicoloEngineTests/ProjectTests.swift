import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// Projects (Contenuto): owned by the pratica's owner, opened and edited by the accounts it is
/// shared with, deleted by the owner only; their totals feed the fee calculator.
@Suite struct ProjectTests {
    static func creditorRow(_ creditor: Int64, _ amount: String) -> Value {
        .record(["creditore": .reference(creditor), "importo": .money(Money(parsing: amount)!), "privilegio": .text("chirografario")])
    }

    @Test func theOwnerCreatesAndTheSharedAccountEdits() throws {
        let w = try SharedWorld()
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "piano-consumatore", name: " Piano Consumatore – MR ", actor: w.owner)
        #expect(project.name == "Piano Consumatore – MR")
        #expect(project.attivo == Money(cents: 0) && project.passivo == Money(cents: 0))
        let bank = try w.t.addPerson(.lauraBianchi)
        let listed = try w.engine.updateProject(
            id: project.id, expectedVersion: project.version, name: nil,
            changes: PraticaChanges([("creditori", .list([Self.creditorRow(bank.id, "100")]))]), actor: w.owner)
        #expect(
            try w.engine.contact(id: bank.id, actor: w.gestore).displayName == "Bianchi Laura",
            "the shared account reads the creditors of the projects it edits")
        let edited = try w.engine.updateProject(
            id: project.id, expectedVersion: listed.version, name: nil,
            changes: PraticaChanges([
                ("creditori", .list([Self.creditorRow(bank.id, "12000.50"), Self.creditorRow(bank.id, "800")])),
                ("beni", .list([.record(["descrizione": .text("Automobile"), "valore": .money(Money(parsing: "3000")!)])])),
                ("finanza_esterna", .money(Money(parsing: "1500")!)),
            ]), actor: w.gestore)
        #expect(edited.passivo == Money(parsing: "12800.50") && edited.attivo == Money(parsing: "4500"))
        #expect(!edited.ownedByViewer)
        #expect(throws: FascicoloError.notFound("contatto \(bank.id)")) { try w.engine.contact(id: bank.id, actor: w.stranger) }
        #expect(try w.engine.projects(praticaId: w.pratica.id, actor: w.owner).map(\.name) == ["Piano Consumatore – MR"])
        #expect(
            try w.engine.history(id: w.pratica.id, actor: w.owner).filter { $0.field == "progetti" }.map(\.action)
                == ["project_create", "project_update", "project_update"])
    }

    /// A shared account links only contacts it can already read: it cannot harvest the owner's
    /// anagrafica by linking ids one by one, nor tell an existing id from a missing one.
    @Test func aSharedAccountCannotLinkTheOwnersOtherContacts() throws {
        let w = try SharedWorld()
        let unlinked = try w.t.addPerson(.lauraBianchi)
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "Liquidazione", actor: w.owner)
        let refusal = FascicoloError.validation([FieldIssue(field: "creditori[1].creditore", message: "contatto inesistente nell'anagrafica")])
        for id in [unlinked.id, 999_999] {
            #expect(throws: refusal) {
                try w.engine.updateProject(
                    id: project.id, expectedVersion: 1, name: nil,
                    changes: PraticaChanges([("creditori", .list([Self.creditorRow(id, "10")]))]), actor: w.gestore)
            }
        }
        #expect(throws: FascicoloError.notFound("contatto \(unlinked.id)")) { try w.engine.contact(id: unlinked.id, actor: w.gestore) }
        let linked = try w.engine.updateProject(
            id: project.id, expectedVersion: 1, name: nil,
            changes: PraticaChanges([("creditori", .list([Self.creditorRow(w.debtor.id, "10")]))]), actor: w.gestore)
        #expect(linked.passivo == Money(cents: 1000), "a contact the shared account already reads (the debtor) may be linked")
    }

    @Test func onlyTheOwnerCreatesAndDeletes() throws {
        let w = try SharedWorld()
        #expect(throws: FascicoloError.forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica")) {
            try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "Liquidazione", actor: w.gestore)
        }
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "Liquidazione", actor: w.owner)
        #expect(throws: FascicoloError.forbidden("il progetto appartiene all'account proprietario della pratica: solo questo può eliminarlo")) {
            try w.engine.deleteProject(id: project.id, actor: w.gestore)
        }
        #expect(throws: FascicoloError.notFound("progetto \(project.id)")) { try w.engine.project(id: project.id, actor: w.stranger) }
        #expect(throws: FascicoloError.forbidden("il tuo ruolo non consente modifiche")) {
            try w.engine.updateProject(id: project.id, expectedVersion: 1, name: "x", changes: PraticaChanges([]), actor: w.reader)
        }
        try w.engine.deleteProject(id: project.id, actor: w.owner)
        #expect(try w.engine.projects(praticaId: w.pratica.id, actor: w.gestore).isEmpty)
    }

    @Test func badInputIsRefusedAndChangesNothing() throws {
        let w = try SharedWorld()
        #expect(
            throws: FascicoloError.validation([
                FieldIssue(field: "tipo", message: "tipo di progetto non previsto per questa pratica")
            ])
        ) {
            try w.engine.createProject(praticaId: w.pratica.id, kind: "sconosciuto", name: "X", actor: w.owner)
        }
        #expect(
            throws: FascicoloError.validation([FieldIssue(field: "nome", message: "il nome del progetto è obbligatorio (al massimo 200 caratteri)")])
        ) {
            try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "  ", actor: w.owner)
        }
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "Liquidazione", actor: w.owner)
        let foreign = try w.t.addPerson(.annaNeri, actor: w.stranger)
        #expect(throws: FascicoloError.validation([FieldIssue(field: "creditori[1].creditore", message: "contatto inesistente nell'anagrafica")])) {
            try w.engine.updateProject(
                id: project.id, expectedVersion: 1, name: nil,
                changes: PraticaChanges([("creditori", .list([Self.creditorRow(foreign.id, "10")]))]), actor: w.owner)
        }
        #expect(throws: FascicoloError.conflict(expected: 7, actual: 1)) {
            try w.engine.updateProject(id: project.id, expectedVersion: 7, name: "Altro", changes: PraticaChanges([]), actor: w.owner)
        }
        #expect(try w.engine.project(id: project.id, actor: w.owner).name == "Liquidazione")
    }

    @Test func theTotalsFeedTheFeeCalculator() throws {
        let w = try SharedWorld()
        let bank = try w.t.addPerson(.lauraBianchi)
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "accordo-concordato", name: "Accordo", actor: w.owner)
        _ = try w.engine.updateProject(
            id: project.id, expectedVersion: 1, name: nil,
            changes: PraticaChanges([
                ("creditori", .list([Self.creditorRow(bank.id, "50000")])),
                ("beni", .list([.record(["descrizione": .text("Casa"), "valore": .money(Money(parsing: "120000")!)])])),
            ]), actor: w.owner)
        #expect(throws: FascicoloError.forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica")) {
            try w.engine.useProjectTotals(id: project.id, actor: w.gestore)
        }
        let pratica = try w.engine.useProjectTotals(id: project.id, actor: w.owner)
        #expect(pratica.fields["compenso_attivo"] == .money(Money(parsing: "120000")!))
        #expect(pratica.fields["compenso_passivo"] == .money(Money(parsing: "50000")!))
    }

    @Test func totalsTooLargeForTheCalculatorAreRefusedAndChangeNothing() throws {
        let w = try SharedWorld()
        let bank = try w.t.addPerson(.lauraBianchi)
        let project = try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "Liquidazione", actor: w.owner)
        let huge = (0..<100).map { _ in Self.creditorRow(bank.id, "999999999999999.99") }
        let filled = try w.engine.updateProject(
            id: project.id, expectedVersion: 1, name: nil, changes: PraticaChanges([("creditori", .list(huge))]),
            actor: w.owner)
        #expect(filled.passivo == Money(cents: .max), "the sum saturates instead of overflowing")
        let before = try w.engine.pratica(id: w.pratica.id, actor: w.owner)
        #expect(
            throws: FascicoloError.validation([FieldIssue(field: "compenso_passivo", message: "importo non valido: scrivere ad esempio 1.234,56")])
        ) {
            try w.engine.useProjectTotals(id: project.id, actor: w.owner)
        }
        #expect(try w.engine.pratica(id: w.pratica.id, actor: w.owner).version == before.version)
    }
}

/// Found by schemathesis: a name holding NUL passed the length check in Swift but not SQLite's
/// (whose length() stops at NUL), and the write failed with a 500.
@Suite struct ControlCharacterTests {
    @Test func aProjectNameWithAControlCharacterIsRefused() throws {
        let w = try SharedWorld()
        #expect(
            throws: FascicoloError.validation([FieldIssue(field: "nome", message: "il nome del progetto è obbligatorio (al massimo 200 caratteri)")])
        ) {
            try w.engine.createProject(praticaId: w.pratica.id, kind: "liquidazione", name: "\u{0}O", actor: w.owner)
        }
    }

    @Test func textFieldsRefuseControlCharactersButLongTextsKeepLineBreaks() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let refused = fascicoloError { _ = try t.createCrisi(debitore: debtor.id, fields: ["giudice": .text("Rossi\u{1B}")]) }
        #expect(refused == .validation([FieldIssue(field: "giudice", message: "il testo contiene caratteri di controllo non ammessi")]))
        let kept = try t.createCrisi(debitore: debtor.id, fields: ["note": .text("riga uno\nriga due\tcon tab")])
        #expect(kept.fields["note"] == .text("riga uno\nriga due\tcon tab"))
    }
}
