import FascicoloCore
import FascicoloSchema

/// JSON Schemas of a type's fields, derived from the same `FieldDefinition`s that the engine
/// validates with: how the server writes each field (`output`) and what it accepts (`input`).
enum FieldSchemas {
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    static let timePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$"

    // MARK: Output

    /// The object of a type's (or project kind's) fields as the server returns them. The protocol
    /// field is not there: it is the pratica's own `protocollo`.
    static func outputObject(_ fields: [FieldDefinition], description: String) -> JSON {
        .object([
            ("type", .string("object")), ("description", .string(description)), ("additionalProperties", .bool(false)),
            ("properties", .object(fields.filter { !$0.kind.isProtocol }.map { ($0.id, output($0)) })),
        ])
    }

    static func output(_ field: FieldDefinition) -> JSON {
        switch field.kind {
        case .text(let maxLength): return string(minLength: 1, maxLength: maxLength)
        case .longtext: return string(minLength: 1, maxLength: 50_000)
        case .integer(let min, let max): return bounded("integer", min.map(String.init), max.map(String.init))
        case .money: return reference("Importo")
        case .percent(let min, let max, _): return bounded("number", min.plain, max.plain)
        case .date: return .object([("type", .string("string")), ("format", .string("date")), ("pattern", .string(datePattern))])
        case .datetime: return pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$")
        case .time: return pattern(timePattern)
        case .boolean: return .object([("type", .string("boolean"))])
        case .enumeration(let options): return enumeration(options)
        case .contact: return reference("RiferimentoContatto")
        case .praticaLink: return .object([("type", .string("integer")), ("minimum", .number("1"))])
        case .protocolNumber, .email, .pec, .phone, .codiceFiscale, .partitaIVA: return string(minLength: 1, maxLength: nil)
        case .group(let group):
            return rows(group, item: .object(rowPairs(group, schema: output)))
        }
    }

    // MARK: Input

    /// What the server accepts for `field` in a request body: every notation the engine coerces
    /// (texts, numbers as strings or JSON numbers, dates as `aaaa-mm-gg` or `gg/mm/aaaa`), and
    /// null to clear it unless the field is required.
    static func input(_ field: FieldDefinition) -> JSON {
        let schema: JSON
        switch field.kind {
        case .text(let maxLength): schema = textInput(maxLength: maxLength, required: field.required, lineBreaks: false)
        case .longtext: schema = textInput(maxLength: 50_000, required: field.required, lineBreaks: true)
        case .integer(let min, let max): schema = integerInput(min: min, max: max)
        case .money(let min, let max): schema = moneyInput(min: min, max: max)
        case .percent(let min, let max, let decimals): schema = percentInput(min: min, max: max, decimals: decimals)
        case .date: schema = reference("DataInIngresso")
        case .datetime: schema = pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}$")
        case .time: schema = pattern(timePattern)
        case .boolean: schema = reference("SiNoInIngresso")
        case .enumeration(let options): schema = enumeration(options)
        case .contact: schema = reference("RiferimentoContattoInIngresso")
        case .praticaLink:
            schema = .object([
                ("anyOf", .array([.object([("type", .string("integer")), ("minimum", .number("1"))]), pattern("^[1-9][0-9]{0,17}$")]))
            ])
        case .protocolNumber: schema = reference("ProtocolloInIngresso")
        case .email, .pec: schema = .object([("type", .string("string")), ("format", .string("email")), ("maxLength", .number("254"))])
        case .phone: schema = pattern("^\\+?[0-9]{6,15}$")
        case .codiceFiscale: schema = reference("CodiceFiscale")
        case .partitaIVA: schema = reference("PartitaIVA")
        case .group(let group):
            let row = JSON.object(rowPairs(group, schema: input))
            return rows(group, item: row, nullable: !field.required && group.min == 0)
        }
        return field.required ? schema : nullable(schema)
    }

    /// The keys of a change (`ModificaPratica.campi`): each field by id, and each sub-field of a
    /// group as `gruppo[n].campo` (rows numbered from 1).
    static func changeObject(_ fields: [FieldDefinition], description: String) -> JSON {
        var rowPatterns: [(String, JSON)] = []
        for field in fields {
            guard case .group(let group) = field.kind else { continue }
            for sub in group.fields {
                rowPatterns.append(("^\(field.id)\\[[1-9][0-9]{0,2}\\]\\.\(sub.id)$", input(sub)))
            }
        }
        return .object([
            ("type", .string("object")), ("description", .string(description)), ("additionalProperties", .bool(false)),
            ("properties", .object(fields.map { ($0.id, input($0)) })),
            ("patternProperties", .object(rowPatterns)),
        ])
    }

    // MARK: Building blocks

    private static func rowPairs(_ group: GroupDefinition, schema: (FieldDefinition) -> JSON) -> [(String, JSON)] {
        var pairs: [(String, JSON)] = [("type", .string("object")), ("additionalProperties", .bool(false))]
        let required = group.fields.filter(\.required).map { JSON.string($0.id) }
        if !required.isEmpty { pairs.append(("required", .array(required))) }
        pairs.append(("properties", .object(group.fields.map { ($0.id, schema($0)) })))
        return pairs
    }

    private static func rows(_ group: GroupDefinition, item: JSON, nullable allowsNull: Bool = false) -> JSON {
        var pairs: [(String, JSON)] = [("type", allowsNull ? .array([.string("array"), .string("null")]) : .string("array"))]
        if group.min > 0 { pairs.append(("minItems", .number(String(group.min)))) }
        if let max = group.max { pairs.append(("maxItems", .number(String(max)))) }
        pairs.append(("items", item))
        return .object(pairs)
    }

    /// An amount as a JSON number or as text in plain (`1234.56`) or Italian (`1.234,56`)
    /// notation, two decimals at most, within the field's bounds (the text forms are bounded by
    /// their number of digits; a lower bound of zero rules out the minus sign).
    private static func moneyInput(min: Money?, max: Money?) -> JSON {
        var number: [(String, JSON)] = [("type", .string("number")), ("multipleOf", .number("0.01"))]
        number.append(("minimum", .number(min?.plain ?? "-999999999999999.99")))
        number.append(("maximum", .number(max?.plain ?? "999999999999999.99")))
        var alternatives: [JSON] = [.object(number)]
        // Text is described where digits alone keep it in bounds: no lower bound, or zero (then
        // without a sign), and no upper bound (amounts have at most 15 integer digits).
        let lowerAllowsText = min.map { $0.cents == 0 } ?? true
        let upperAllowsText = max == nil
        if lowerAllowsText && upperAllowsText {
            let sign = min == nil ? "-?" : ""
            alternatives.append(pattern("^\(sign)[0-9]{1,15}([.][0-9]{1,2})?$"))
            alternatives.append(pattern("^\(sign)[0-9]{1,3}([.][0-9]{3}){0,4},[0-9]{1,2}$"))
        }
        return .object([("anyOf", .array(alternatives))])
    }

    /// A percentage as a JSON number with at most `decimals` places or — for the usual 0–100
    /// range — as text (`12,5`, `12.5`).
    private static func percentInput(min: ExactDecimal, max: ExactDecimal, decimals: Int) -> JSON {
        let step = decimals == 0 ? "1" : "0." + String(repeating: "0", count: decimals - 1) + "1"
        let number = JSON.object([
            ("type", .string("number")), ("minimum", .number(min.plain)), ("maximum", .number(max.plain)),
            ("multipleOf", .number(step)),
        ])
        guard min == ExactDecimal(0), max == ExactDecimal(100), decimals > 0 else { return number }
        let places = "{1,\(decimals)}"
        return .object([("anyOf", .array([number, pattern("^(100([.,]0\(places))?|[0-9]{1,2}([.,][0-9]\(places))?)$")]))])
    }

    /// A whole number as a JSON number within the bounds or, for a field without bounds, as digits.
    private static func integerInput(min: Int64?, max: Int64?) -> JSON {
        let number = bounded("integer", min.map(String.init), max.map(String.init))
        guard min == nil, max == nil else { return number }
        return .object([("anyOf", .array([number, pattern("^-?[0-9]{1,18}$")]))])
    }

    /// Text without control characters (line breaks and tabs allowed in `lineBreaks` texts), not
    /// blank when required; or a JSON number (kept as its digits).
    private static func textInput(maxLength: Int, required: Bool, lineBreaks: Bool) -> JSON {
        let allowed = lineBreaks ? "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]" : "[^\\u0000-\\u001F\\u007F-\\u009F]"
        let visible = "[^\\s\\u0000-\\u001F\\u007F-\\u009F]"
        let pattern = required ? "^\(allowed)*\(visible)\(allowed)*$" : "^\(allowed)*$"
        return .object([
            ("type", .array([.string("string"), .string("number")])), ("maxLength", .number(String(maxLength))), ("pattern", .string(pattern)),
        ])
    }

    static func string(minLength: Int, maxLength: Int?) -> JSON {
        var pairs: [(String, JSON)] = [("type", .string("string")), ("minLength", .number(String(minLength)))]
        if let maxLength { pairs.append(("maxLength", .number(String(maxLength)))) }
        return .object(pairs)
    }

    static func pattern(_ pattern: String) -> JSON { .object([("type", .string("string")), ("pattern", .string(pattern))]) }

    static func reference(_ schema: String) -> JSON { .object([("$ref", .string("#/components/schemas/\(schema)"))]) }

    static func enumeration(_ options: EnumOptions) -> JSON {
        .object([("type", .string("string")), ("enum", .array(options.options.map { .string($0.value) }))])
    }

    private static func bounded(_ type: String, _ min: String?, _ max: String?) -> JSON {
        var pairs: [(String, JSON)] = [("type", .string(type))]
        if let min { pairs.append(("minimum", .number(min))) }
        if let max { pairs.append(("maximum", .number(max))) }
        return .object(pairs)
    }

    /// `schema`, or null or the empty text, which clear the field.
    static func nullable(_ schema: JSON) -> JSON {
        .object([("anyOf", .array([schema, .object([("type", .string("null"))]), .object([("const", .string(""))])]))])
    }
}

extension FieldKind {
    var isProtocol: Bool { if case .protocolNumber = self { true } else { false } }
}
