import ArgumentParser
import FascicoloCore
import FascicoloEngine

/// `fascicolo fees`: the OCC fee quote (art. 16 D.M. 202/2014) computed by the type's plugin.
struct FeesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fees",
        abstract: "Calcola il compenso dell'OCC (art. 16 D.M. 202/2014): minimo, medio, massimo e scaglioni.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Procedura: \(FeeInput.kinds.joined(separator: ", ")).") var kind: String
    @Option(help: "Attivo (100000, 100000.5 o 100.000,50).") var attivo: String
    @Option(help: "Passivo.") var passivo: String
    @Option(help: "Riduzione ex art. 16 c.4, in percentuale (15-40).") var riduzione: String
    @Option(help: "Rimborso forfettario spese generali, in percentuale (10-15).") var rimborso: String
    @Option(help: "Importo attribuito ai creditori, per il limite dell'art. 16 c.5.") var attribuito: String?
    @Option(help: "Tipologia di pratica il cui plugin calcola i compensi.") var type = "crisi-sovraindebitamento"

    func validate() throws {
        guard FeeInput.kinds.contains(kind) else { throw ValidationError("--kind: usare \(FeeInput.kinds.joined(separator: ", "))") }
    }

    func run() throws {
        let engine = try project.engine()
        let input = FeeInput(
            kind: kind, attivo: try amount(attivo, "--attivo"), passivo: try amount(passivo, "--passivo"),
            riduzione: try percent(riduzione, "--riduzione"), rimborso: try percent(rimborso, "--rimborso"),
            attribuito: try attribuito.map { try amount($0, "--attribuito") })
        let quote = try engine.computeFees(typeId: type, input: input)
        output.emit(PraticaJSON.encode(quote)) { FeeTable(quote: quote, input: input).print() }
    }

    private func amount(_ text: String, _ option: String) throws -> Money {
        guard let money = Money(parsing: text) else { throw ValidationError("\(option): importo non valido (es. 100000, 100000.5, 100.000,50)") }
        guard money.cents >= 0 else { throw ValidationError("\(option): l'importo non può essere negativo") }
        return money
    }

    private func percent(_ text: String, _ option: String) throws -> ExactDecimal {
        guard let number = ExactDecimal(parsing: text), number >= ExactDecimal(0), number <= ExactDecimal(100) else {
            throw ValidationError("\(option): percentuale non valida (da 0 a 100)")
        }
        return number
    }
}

/// The Italian text form of a quote.
struct FeeTable {
    let quote: FeeQuote
    let input: FeeInput

    func print() {
        func euro(_ amount: ExactDecimal) -> String { FeeQuote.rounded(amount).italian }
        func line(_ label: String, _ columns: FeeQuote.Columns) -> [String] {
            [label, euro(columns.min), euro(columns.medio), euro(columns.max)]
        }
        Swift.print("Compenso OCC – art. 16 D.M. 202/2014 – procedura: \(input.kind)")
        TextTable(
            header: ["", "Minimo", "Medio", "Massimo"],
            rows: [
                line("Compenso lordo", quote.lordo),
                line("Compenso (riduzione \(input.riduzione.italian)%)", quote.compenso),
                line("Spese generali (\(input.rimborso.italian)%)", quote.speseGenerali),
                line("Totale", quote.totale),
            ]
        ).print()
        Swift.print("Forbice di legge del compenso: da \(euro(quote.forbice.min)) a \(euro(quote.forbice.max))")
        Swift.print("Scaglioni:")
        TextTable(
            header: ["", "Da", "A", "Base", "% min", "% max", "Importo min", "Importo max"],
            rows: quote.brackets.map {
                [
                    $0.kind, euro($0.from), $0.to.map(euro) ?? "oltre", euro($0.base), $0.percentMin.italian, $0.percentMax.italian,
                    euro($0.amountMin), euro($0.amountMax),
                ]
            }
        ).print()
        for warning in quote.warnings { Swift.print("Avviso: \(warning)") }
    }
}
