/// Which fields of a type feed the fee calculator and receive its quote (the `fees:` block).
public struct FeeFields: Sendable {
    /// An enum field whose codes are the calculator's kinds (piano, accordo, …).
    public let kind: String
    public let attivo: String
    public let passivo: String
    public let riduzione: String
    public let rimborso: String
    /// The amount attributed to creditors (art. 16 c.5), when the type has one.
    public let attribuito: String?
    /// Money fields receiving the quote's totale minimo, medio and massimo.
    public let minimo: String
    public let medio: String
    public let massimo: String
    /// A date field receiving the day of the quote, when the type has one.
    public let data: String?

    /// The fields the calculator fills (never typed by users): totale minimo, medio, massimo and the day.
    public var results: Set<String> { Set([minimo, medio, massimo] + (data.map { [$0] } ?? [])) }
}
