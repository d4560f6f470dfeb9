import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// The "Analisi finanziaria" type: its indicators computed by the plugin's `compute` hook, checked
/// against figures worked out by hand.
@Suite("Analisi finanziaria")
struct AnalisiFinanziariaTests {
    static func money(_ text: String) -> Value { .money(Money(parsing: text)!) }

    func household(_ t: TestEngine, members: Int64 = 3, instalment: String = "500") throws -> Pratica {
        let person = try t.addPerson(.marioRossi)
        let creditor = try t.addPerson(.lauraBianchi)
        return try t.create(
            "analisi-finanziaria",
            [
                "soggetti": .list([.record(["soggetto": .reference(person.id)])]),
                "componenti_nucleo": .integer(members),
                "bilancio": .list([
                    .record(["anno_riferimento": .integer(2023), "redditi": Self.money("30000"), "spese": Self.money("20000")]),
                    .record(["anno_riferimento": .integer(2024), "redditi": Self.money("32000"), "spese": Self.money("21000")]),
                ]),
                "beni": .list([.record(["descrizione": .text("Automobile"), "valore": Self.money("15000")])]),
                "debiti": .list([
                    .record(["creditore": .reference(creditor.id), "importo_residuo": Self.money("40000")]),
                    .record(["descrizione": .text("Finanziamento"), "importo_residuo": Self.money("20000")]),
                ]),
                "rata_proposta": Self.money(instalment), "durata_anni": .integer(5),
            ])
    }

    @Test("a household of three: the art. 283 c.2 CCII sustenance, available income and sustainability")
    func household() throws {
        let t = try TestEngine.make()
        let pratica = try household(t)
        // 538.69 × 13 × 1.5 × 2.04 (ISEE scale, 3 members) = 21429.0882 → 21429.09
        #expect(pratica.fields["spese_sostentamento"] == Self.money("21429.09"))
        #expect(pratica.fields["reddito_medio"] == Self.money("31000"))
        #expect(pratica.fields["spese_medie"] == Self.money("20500"))
        #expect(pratica.fields["reddito_disponibile"] == Self.money("9570.91"))
        #expect(pratica.fields["rapporto_rata_reddito"] == .decimal(ExactDecimal(parsing: "19.35")!))  // 6000 / 31000
        #expect(pratica.fields["totale_piano"] == Self.money("30000"))
        #expect(pratica.fields["totale_debiti"] == Self.money("60000"))
        #expect(pratica.fields["copertura_debiti"] == .decimal(ExactDecimal(parsing: "50")!))
        #expect(pratica.fields["totale_beni"] == Self.money("15000"))
        #expect(pratica.fields["sostenibilita"] == .text("sostenibile"))
    }

    @Test("a larger household and a higher instalment make the plan unsustainable, a verdict the analysis can be completed with")
    func unsustainable() throws {
        let t = try TestEngine.make()
        // 7 members: 2.85 + 2 × 0.35 = 3.55; 538.69 × 13 × 1.5 × 3.55 = 37290.82
        let pratica = try household(t, members: 7, instalment: "900")
        #expect(pratica.fields["spese_sostentamento"] == Self.money("37290.82"))
        #expect(pratica.fields["reddito_disponibile"] == Self.money("0"))
        #expect(pratica.fields["sostenibilita"] == .text("non_sostenibile"))
        _ = try t.engine.transition(id: pratica.id, to: "in_revisione", actor: t.actor)
        let completed = try t.engine.transition(id: pratica.id, to: "completata", actor: t.actor)
        #expect(completed.state == "completata")
    }

    @Test("without an instalment the verdict is empty, and completing the analysis is refused")
    func incomplete() throws {
        let t = try TestEngine.make()
        let person = try t.addPerson(.marioRossi)
        let pratica = try t.create(
            "analisi-finanziaria",
            [
                "soggetti": .list([.record(["soggetto": .reference(person.id)])]),
                "bilancio": .list([.record(["anno_riferimento": .integer(2024), "redditi": Self.money("18000")])]),
            ])
        #expect(pratica.fields["sostenibilita"] == nil)
        _ = try t.engine.transition(id: pratica.id, to: "in_revisione", actor: t.actor)
        let refused = fascicoloError { _ = try t.engine.transition(id: pratica.id, to: "completata", actor: t.actor) }
        #expect(
            refused
                == .transitionNotAllowed(
                    from: "in_revisione", to: "completata",
                    reason: "indicare la rata proposta e la durata del piano, con redditi e nucleo familiare"))
    }
}
