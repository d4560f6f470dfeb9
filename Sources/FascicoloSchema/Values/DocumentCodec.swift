import FascicoloCore

/// Converts between `Value` and `JSON`: how documents are stored, exported and served.
///
/// Money is written as a string with two decimals (`"1234.50"`), percentages and decimals as
/// exact JSON numbers, dates as ISO strings, contacts as their numeric id. Reading is generic
/// (numbers become integers or decimals, strings text); the field's declared type then
/// canonicalises through `FieldCoercion`.
public enum DocumentCodec {
    /// The JSON form of a value.
    public static func json(_ value: Value) -> JSON {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .number(String(number))
        case .decimal(let number): return .number(number.plain)
        case .text(let text): return .string(text)
        case .date(let date): return .string(date.iso)
        case .datetime(let moment): return .string(moment.iso)
        case .money(let money): return .string(money.plain)
        case .list(let items): return .array(items.map(json))
        case .record(let fields): return .object(fields.keys.sorted().map { ($0, json(fields[$0]!)) })
        case .reference(let id): return .number(String(id))
        }
    }

    /// A generic value read from JSON, before coercion to a field's type.
    public static func value(_ json: JSON) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let literal):
            if let integer = Int64(literal) { return .integer(integer) }
            return ExactDecimal(parsing: literal).map(Value.decimal) ?? .text(literal)
        case .string(let text): return .text(text)
        case .array(let items): return .list(items.map(value))
        case .object(let pairs): return .record(Dictionary(pairs.map { ($0.0, value($0.1)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    /// The stored JSON text of a document, keys sorted so that equal documents are equal texts.
    /// `keeping` carries stored values of fields the type no longer declares, so that removing a
    /// field from a type never deletes data.
    public static func encode(_ document: [String: Value], keeping undeclared: [(String, JSON)] = []) -> String {
        guard case .object(let pairs) = json(.record(document)), !undeclared.isEmpty else { return json(.record(document)).compact }
        return JSON.object((pairs + undeclared).sorted { $0.0 < $1.0 }).compact
    }

    /// The stored top-level values whose keys `type` neither declares nor lists as `renamed_from`.
    public static func undeclared(_ text: String, type: PraticaType) -> [(String, JSON)] {
        guard let pairs = (try? JSONParser.parse(text))?.objectValue else { return [] }
        let known = Set(type.fields.flatMap { [$0.id] + ($0.renamedFrom.map { [$0] } ?? []) })
        return pairs.filter { !known.contains($0.0) }
    }

    /// Reads a stored document back into canonical values of `type`, following declared renames.
    /// Stored documents were validated when written, so values are restored by their field's kind
    /// without validating them again; a value that no longer fits (after a type change) is kept as read.
    public static func decode(_ text: String, type: PraticaType) -> [String: Value] {
        guard let parsed = try? JSONParser.parse(text), case .record(let raw) = value(parsed) else { return [:] }
        // Walk the stored keys (a projection holds a few), not every field of the type.
        var document: [String: Value] = [:]
        document.reserveCapacity(raw.count + 10)
        var renamed: [(String, Value)] = []
        for (key, stored) in raw where stored != .null {
            if let field = type.field(key) {
                document[key] = restore(stored, kind: field.kind)
            } else {
                renamed.append((key, stored))
            }
        }
        for (key, stored) in renamed {
            guard let field = type.fields.first(where: { $0.renamedFrom == key }), document[field.id] == nil else { continue }
            document[field.id] = restore(stored, kind: field.kind)
        }
        return document
    }

    private static func restore(_ raw: [String: Value], fields: [FieldDefinition]) -> [String: Value] {
        var document: [String: Value] = [:]
        for field in fields {
            guard let stored = raw[field.id] ?? field.renamedFrom.flatMap({ raw[$0] }) else { continue }
            document[field.id] = restore(stored, kind: field.kind)
        }
        return document
    }

    private static func restore(_ stored: Value, kind: FieldKind) -> Value {
        switch (kind, stored) {
        case (.date, .text(let text)): return CalendarDate(parsing: text).map(Value.date) ?? stored
        case (.datetime, .text(let text)): return LocalDateTime(parsing: text).map(Value.datetime) ?? stored
        case (.money, .text(let text)): return Money(parsing: text).map(Value.money) ?? stored
        case (.money, .integer(let euros)):
            let cents = euros.multipliedReportingOverflow(by: 100)
            return cents.overflow ? stored : .money(Money(cents: cents.partialValue))
        case (.percent, .integer(let number)): return .decimal(ExactDecimal(Int(number)))
        case (.contact, .integer(let id)): return .reference(id)
        case (.group(let group), .list(let rows)):
            return .list(rows.map { row in row.recordValue.map { .record(restore($0, fields: group.fields)) } ?? row })
        default: return stored
        }
    }
}
