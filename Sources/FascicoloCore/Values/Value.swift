/// The one value model: what YAML defaults, SQLite, JSON, forms and Lua all convert to and from.
///
/// A pratica's typed fields are a `[String: Value]` record. Which case a field holds is decided by
/// the field's declared type (see `FascicoloSchema`); `Value` itself carries no schema.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(ExactDecimal)
    case text(String)
    case date(CalendarDate)
    case datetime(LocalDateTime)
    case money(Money)
    case list([Value])
    case record([String: Value])
    /// A reference to a contact of the anagrafica, by id.
    case reference(Int64)

    /// Whether this is `.null`, an empty text, or an empty list: the three ways a field can be blank.
    public var isBlank: Bool {
        switch self {
        case .null: return true
        case .text(let text): return text.trimmingWhitespace().isEmpty
        case .list(let items): return items.isEmpty
        default: return false
        }
    }

    /// The text, when this is `.text`.
    public var textValue: String? { if case .text(let text) = self { text } else { nil } }

    /// The list items, when this is `.list`.
    public var listValue: [Value]? { if case .list(let items) = self { items } else { nil } }

    /// The record fields, when this is `.record`.
    public var recordValue: [String: Value]? { if case .record(let fields) = self { fields } else { nil } }

    /// The amount, when this is `.money`.
    public var moneyValue: Money? { if case .money(let amount) = self { amount } else { nil } }

    /// The date, when this is `.date`.
    public var dateValue: CalendarDate? { if case .date(let date) = self { date } else { nil } }

    /// The referenced contact id, when this is `.reference`.
    public var referenceValue: Int64? { if case .reference(let id) = self { id } else { nil } }

    /// A short human form for tables and CSV (dates and money the Italian way).
    public var displayText: String {
        switch self {
        case .null: return ""
        case .bool(let flag): return flag ? "Sì" : "No"
        case .integer(let number): return String(number)
        case .decimal(let number): return number.italian
        case .text(let text): return text
        case .date(let date): return date.italian
        case .datetime(let moment): return moment.italian
        case .money(let money): return money.italian
        case .list(let items): return items.map(\.displayText).joined(separator: ", ")
        case .record(let fields): return fields.keys.sorted().map { fields[$0]!.displayText }.joined(separator: " ")
        case .reference(let id): return "#\(id)"
        }
    }
}
