import FascicoloCore

/// The inputs of the fee calculator (art. 16 D.M. 202/2014).
public struct FeeInput: Sendable, Hashable {
    /// The procedure: piano, accordo, liquidazione, ristrutturazione, concordato_minore,
    /// liquidazione_controllata or incapiente.
    public var kind: String
    public var attivo: Money
    public var passivo: Money
    /// Riduzione ex art. 16 c.4, in percent (15–40 by law).
    public var riduzione: ExactDecimal
    /// Rimborso forfettario spese generali, art. 14 c.3, in percent (10–15 by law).
    public var rimborso: ExactDecimal
    /// The amount attributed to creditors, for the ceiling of art. 16 c.5, when known.
    public var attribuito: Money?

    public static let kinds = [
        "piano", "accordo", "liquidazione", "ristrutturazione", "concordato_minore",
        "liquidazione_controllata", "incapiente",
    ]

    public init(kind: String, attivo: Money, passivo: Money, riduzione: ExactDecimal, rimborso: ExactDecimal, attribuito: Money? = nil) {
        self.kind = kind
        self.attivo = attivo
        self.passivo = passivo
        self.riduzione = riduzione
        self.rimborso = rimborso
        self.attribuito = attribuito
    }

    /// Every problem of the input, by field (amounts and percentages cannot be negative).
    func issues() -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if !Self.kinds.contains(kind) {
            issues.append(FieldIssue(field: "procedura", message: "procedura non valida: " + Self.kinds.joined(separator: ", ")))
        }
        for (name, amount) in [("attivo", attivo), ("passivo", passivo), ("attribuito", attribuito ?? Money(cents: 0))] where amount.cents < 0 {
            issues.append(FieldIssue(field: name, message: Wording.negativeAmount))
        }
        for (name, percent) in [("riduzione", riduzione), ("rimborso", rimborso)] where percent < ExactDecimal(0) || percent > ExactDecimal(100) {
            issues.append(FieldIssue(field: name, message: "la percentuale deve essere tra 0 e 100"))
        }
        return issues
    }

    var value: Value {
        var record: [String: Value] = [
            "kind": .text(kind), "attivo": .money(attivo), "passivo": .money(passivo),
            "riduzione": .decimal(riduzione), "rimborso": .decimal(rimborso),
        ]
        if let attribuito { record["attribuito"] = .money(attribuito) }
        return .record(record)
    }
}
