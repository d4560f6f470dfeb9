import FascicoloCore
import FascicoloEngine

/// The fee breakdown (art. 16 D.M. 202/2014) for the Pagamenti tab, every amount rounded once.
struct FeesView {
    struct Line {
        let label: String
        let min: String
        let medio: String
        let max: String
    }
    struct Bracket {
        let range: String
        let percent: String
        let amount: String
    }

    let lines: [Line]
    let brackets: [Bracket]
    let warnings: [String]

    init(_ quote: FeeQuote) {
        func money(_ value: ExactDecimal) -> String { FeeQuote.rounded(value).italian + " €" }
        func line(_ label: String, _ columns: FeeQuote.Columns) -> Line {
            Line(label: label, min: money(columns.min), medio: money(columns.medio), max: money(columns.max))
        }
        lines = [
            line("Compenso lordo (scaglioni)", quote.lordo), line("Compenso dopo la riduzione", quote.compenso),
            line("Rimborso forfettario spese generali", quote.speseGenerali), line("Totale", quote.totale),
        ]
        brackets = quote.brackets.map { bracket in
            Bracket(
                range: "\(bracket.kind): da \(money(bracket.from))" + (bracket.to.map { " a \(money($0))" } ?? " in su"),
                percent: "\(bracket.percentMin.italian)% – \(bracket.percentMax.italian)%",
                amount: "\(money(bracket.amountMin)) – \(money(bracket.amountMax))")
        }
        warnings = quote.warnings
    }
}
