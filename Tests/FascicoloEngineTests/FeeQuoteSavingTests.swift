import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Testing

/// The quote is computed from the Pagamenti fields and saved in the pratica for the preventivo.
@Suite struct FeeQuoteSavingTests {
    @Test func theQuoteIsSavedInThePratica() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(
            debitore: debtor.id,
            fields: [
                "compenso_procedura": .text("piano"), "compenso_attivo": .text("100000"), "compenso_passivo": .text("250.000,00"),
                "compenso_riduzione": .text("20"), "compenso_rimborso": .text("15"),
            ])
        let (saved, quote) = try t.engine.quoteFees(id: pratica.id, expectedVersion: pratica.version, actor: t.actor)
        #expect(FeeQuote.rounded(quote.totale.min) == Money(cents: 760_901))
        #expect(saved.fields["preventivo_minimo"] == .money(Money(cents: 760_901)))
        #expect(saved.fields["preventivo_medio"] == .money(Money(cents: 877_160)))
        #expect(saved.fields["preventivo_massimo"] == .money(Money(cents: 993_419)))
        #expect(saved.fields["preventivo_data"] == .date(TestEngine.today))
        #expect(try t.engine.history(id: pratica.id, actor: t.actor).filter { $0.action == "update" }.count == 4)
    }

    /// The calculator's results are what the last quote computed: typing them is refused on
    /// creation and on update, on every front.
    @Test func theResultsCannotBeTyped() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let refusal = FascicoloError.validation([
            FieldIssue(
                field: "preventivo_minimo",
                message: "calcolato dal calcolatore del compenso: non si modifica a mano")
        ])
        #expect(throws: refusal) { try t.createCrisi(debitore: debtor.id, fields: ["preventivo_minimo": .text("1")]) }
        let pratica = try t.createCrisi(debitore: debtor.id)
        #expect(throws: refusal) {
            try t.engine.update(
                id: pratica.id, expectedVersion: pratica.version, changes: PraticaChanges([("preventivo_minimo", .text("1"))]),
                actor: t.actor)
        }
        #expect(try t.engine.pratica(id: pratica.id, actor: t.actor).fields["preventivo_minimo"] == nil)
    }

    @Test func missingInputsAreNamed() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: debtor.id, fields: ["compenso_procedura": .text("piano")])
        #expect(
            throws: FascicoloError.validation(
                ["compenso_attivo", "compenso_passivo", "compenso_riduzione", "compenso_rimborso"].map {
                    FieldIssue(field: $0, message: "necessario per il calcolo dei compensi", conflictsWithStoredData: true)
                })
        ) {
            try t.engine.quoteFees(id: pratica.id, expectedVersion: pratica.version, actor: t.actor)
        }
    }

    @Test func theFeesBlockNamesFieldsOfTheRightType() {
        let project = TestProjects.make(types: [
            "x": """
            id: x
            sections:
              - id: s
                fields:
                  - id: importo
                    type: money
                  - id: nota
                    type: text
            states:
              - id: a
                initial: true
            fees:
              kind: nota
              attivo: importo
              passivo: manca
              riduzione: importo
              rimborso: importo
              minimo: importo
              medio: importo
              massimo: importo
            """
        ])
        #expect(
            project.diagnostics.map(\.description) == [
                "types/x.yaml:13:9: error: fees.kind must name a field of type enum",
                "types/x.yaml:15:12: error: fees.passivo names unknown field 'manca'",
                "types/x.yaml:16:14: error: fees.riduzione must name a field of type percent",
                "types/x.yaml:17:13: error: fees.rimborso must name a field of type percent",
            ])
    }
}
