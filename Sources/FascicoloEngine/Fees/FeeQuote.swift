import FascicoloCore

/// What the fee calculator returns: exact amounts as the plugin computed them, each reported
/// figure then rounded once, half up, to the cent (`rounded`).
public struct FeeQuote: Sendable {
    /// Minimum, medium and maximum of one line.
    public struct Columns: Sendable, Hashable {
        public let min: ExactDecimal
        public let medio: ExactDecimal
        public let max: ExactDecimal
    }

    /// One bracket of the breakdown.
    public struct Bracket: Sendable, Hashable {
        /// `attivo` or `passivo`.
        public let kind: String
        public let from: ExactDecimal
        /// nil for the last, open bracket.
        public let to: ExactDecimal?
        public let base: ExactDecimal
        public let percentMin: ExactDecimal
        public let percentMax: ExactDecimal
        public let amountMin: ExactDecimal
        public let amountMax: ExactDecimal
    }

    public let lordo: Columns
    public let compenso: Columns
    public let speseGenerali: Columns
    public let totale: Columns
    /// The legal range of the compenso (lowest with riduzione 40 %, highest with 15 %).
    public let forbice: (min: ExactDecimal, max: ExactDecimal)
    public let brackets: [Bracket]
    /// Italian warnings (a percentage outside the legal range, the ceiling applied…).
    public let warnings: [String]

    /// An amount as reported: rounded once, half up, to the cent. Quotes hold only amounts that fit
    /// (checked when the plugin's result is read), so the fallback is never taken for them.
    public static func rounded(_ amount: ExactDecimal) -> Money {
        amount.rounded(2).money ?? Money(cents: 0)
    }

    /// Reads the plugin's result; a missing or mistyped entry is a plugin error naming it.
    init(_ value: Value, file: String) throws(FascicoloError) {
        func fail(_ what: String) -> FascicoloError { .plugin("\(file): bad result in hook 'fees': '\(what)' is missing or not a dec") }
        guard let record = value.recordValue else { throw fail("result") }
        func number(_ value: Value?, _ name: String) throws(FascicoloError) -> ExactDecimal {
            let number: ExactDecimal
            switch value {
            case .decimal(let decimal)?: number = decimal
            case .integer(let integer)?: number = ExactDecimal(Int(integer))
            default: throw fail(name)
            }
            // Every figure must be an amount Fascicolo can hold, so that `rounded` never falls back.
            guard number.rounded(2).money != nil else {
                throw .plugin("\(file): bad result in hook 'fees': '\(name)' is not an amount (out of range)")
            }
            return number
        }
        func columns(_ name: String) throws(FascicoloError) -> Columns {
            let line = record[name]?.recordValue
            return Columns(
                min: try number(line?["min"], "\(name).min"), medio: try number(line?["medio"], "\(name).medio"),
                max: try number(line?["max"], "\(name).max"))
        }
        lordo = try columns("lordo")
        compenso = try columns("compenso")
        speseGenerali = try columns("spese_generali")
        totale = try columns("totale")
        let range = record["forbice"]?.recordValue
        forbice = (try number(range?["min"], "forbice.min"), try number(range?["max"], "forbice.max"))
        var brackets: [Bracket] = []
        for (index, row) in (record["scaglioni"]?.listValue ?? []).enumerated() {
            let item = row.recordValue ?? [:]
            let name = "scaglioni[\(index + 1)]"
            brackets.append(
                Bracket(
                    kind: item["tipo"]?.textValue ?? "", from: try number(item["da"], "\(name).da"),
                    to: item["a"] == nil ? nil : try number(item["a"], "\(name).a"), base: try number(item["base"], "\(name).base"),
                    percentMin: try number(item["percentuale_min"], "\(name).percentuale_min"),
                    percentMax: try number(item["percentuale_max"], "\(name).percentuale_max"),
                    amountMin: try number(item["importo_min"], "\(name).importo_min"),
                    amountMax: try number(item["importo_max"], "\(name).importo_max")))
        }
        self.brackets = brackets
        warnings = (record["avvisi"]?.listValue ?? []).compactMap(\.textValue)
    }
}
