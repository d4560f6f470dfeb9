import FascicoloSchema

/// The syntax of the list parameters as regular expressions, derived from the loaded types by the
/// same rules `FilterTranslator` and the sort follow, for the API document: the states a list may
/// name, each filter (`campo=espressione`) a type makes possible, and every sort key.
public enum ListGrammar {
    /// `stato=a,b`: one or more declared states, comma-separated.
    public static func statesPattern(_ states: [String]) -> String {
        let state = alternation(states)
        return "^\(state)(,\(state))*$"
    }

    /// One pattern per filterable field path (built-ins first), each `^path=expression$`.
    public static func filterPatterns(_ types: [PraticaType]) -> [String] {
        let states = unique(types.flatMap { $0.states.map(\.id) })
        var patterns = [
            "^stato=" + statesPattern(states).dropFirst(),
            "^anno=\(year)(\\.\\.\(year))?$",
            "^creata=\(dateExpression)$",
        ]
        var seen: Set<String> = []
        for type in types {
            for path in paths(of: type) where seen.insert(path).inserted {
                guard case .success(let scoped) = ScopedField.resolve(path, in: types), let expression = expression(for: scoped) else { continue }
                patterns.append("^\(escaped(path))=\(expression)$")
            }
        }
        return patterns
    }

    /// Every `ordina` value: the built-ins and the sortable fields, each also with `-` before it.
    public static func sortKeys(_ types: [PraticaType]) -> [String] {
        var keys = BuiltinField.allCases.map(\.rawValue)
        var seen = Set(keys)
        for type in types {
            for field in type.fields where seen.insert(field.id).inserted {
                guard case .success(let scoped) = ScopedField.resolve(field.id, in: types) else { continue }
                switch scoped.field.kind {
                case .protocolNumber, .date: keys.append(field.id)
                case .group, .contact: continue
                default: if scoped.isIndexed { keys.append(field.id) }
                }
            }
        }
        return keys + keys.map { "-" + $0 }
    }

    /// The expression a filter on `field` accepts, or nil when the field cannot be filtered.
    private static func expression(for field: ScopedField) -> String? {
        switch field.field.kind {
        case .date: return dateExpression
        case .contact, .praticaLink: return "\(contactId)(,\(contactId))*"
        case .protocolNumber, .group: return nil
        default: break
        }
        guard field.isIndexed else { return nil }
        switch field.field.kind {
        case .integer(let min, let max):
            let number = integer(min: min, max: max)
            return "(\(number)|\(number)\\.\\.(\(number))?|\\.\\.\(number))"
        case .money(let min, _):
            let number = (min.map { $0.cents >= 0 } ?? false) ? "[0-9]{1,9}" : "-?[0-9]{1,9}"
            return "(\(number)|\(number)\\.\\.(\(number))?|\\.\\.\(number))"
        case .percent:
            let number = "([0-9]|[1-9][0-9]|100)"
            return "(\(number)|\(number)\\.\\.(\(number))?|\\.\\.\(number))"
        case .text, .longtext, .email, .pec, .phone, .codiceFiscale, .partitaIVA:
            return "[A-Za-z0-9][A-Za-z0-9 ]{0,39}"
        default:
            let values = unique(
                field.declarations.flatMap { declaration -> [String] in
                    switch declaration.field.kind {
                    case .enumeration(let options): return options.options.map(\.value)
                    case .boolean: return ["true", "false"]
                    default: return []
                    }
                })
            guard !values.isEmpty else { return nil }
            return "\(alternation(values))(,\(alternation(values)))*"
        }
    }

    /// A whole number within the bounds: digits up to the maximum's length when the lower bound
    /// is zero or less, else the lower bound itself.
    private static func integer(min: Int64?, max: Int64?) -> String {
        if let min, min > 0 { return String(min) }
        guard let max else { return "[0-9]{1,9}" }
        return max >= 9 ? "[0-9]{1,\(String(max).count - 1)}" : "[0-\(max)]"
    }

    private static let year = "(19|20)[0-9]{2}"
    private static let day = "(0[1-9]|1[0-9]|2[0-8])/(0[1-9]|1[0-2])/\(year)"
    private static let dateExpression = "(\(day)|(0[1-9]|1[0-2])/\(year)|\(year)|\(day)\\.\\.(\(day))?|\\.\\.\(day))"
    private static let contactId = "[1-9][0-9]{0,9}"

    /// The type's field paths: top-level fields and `group.subfield`.
    private static func paths(of type: PraticaType) -> [String] {
        type.fields.flatMap { field -> [String] in
            guard case .group(let group) = field.kind else { return [field.id] }
            return group.fields.map { "\(field.id).\($0.id)" }
        }
    }

    private static func alternation(_ values: [String]) -> String { "(" + values.map(escaped).joined(separator: "|") + ")" }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\^$.|?*+()[]{}/-".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
