import FascicoloCore

/// Decodes field declarations, with the options each field type accepts.
struct FieldDecoder {
    let sink: DiagnosticSink
    let options: OptionSources
    /// Whether fields may declare `access` (not in project kinds, which shared accounts see whole).
    var allowsAccess = true
    /// Whether fields may be `computed` (not in project kinds, which have no plugin hooks).
    var allowsComputed = true
    private var protocolNode: YAMLNode?

    private static let commonKeys = [
        "id", "type", "label", "required", "default", "help", "filter", "column", "search", "renamed_from",
        "access", "computed",
    ]
    private static let typeKeys: [String: [String]] = [
        "text": ["max_length"], "integer": ["min", "max"], "money": ["min", "max"], "percent": ["min", "max", "decimals"],
        "enum": ["options", "options_from", "value_column", "label_column"], "contact": ["role"],
        "group": ["fields", "min", "max", "item_label"], "protocol": ["series"], "pratica": ["types"],
    ]

    init(sink: DiagnosticSink, options: OptionSources) {
        self.sink = sink
        self.options = options
    }

    /// Decodes one field whose id must be unique in `names`; nil (after reporting) when it has an error.
    mutating func decode(_ node: YAMLNode, inGroup: Bool, names: inout NameRegistry) -> FieldDefinition? {
        let typeName = Self.peekType(node)
        let allowed = Self.commonKeys + (typeName.flatMap { Self.typeKeys[$0] } ?? [])
        guard let reader = MappingReader(node, what: "a field", allowed: allowed, sink: sink) else { return nil }
        guard let id = reader.string("id", required: true) else { return nil }
        let idNode = reader.value("id")!
        if BuiltinField(rawValue: id) != nil {
            sink.error(idNode, "'\(id)' is a built-in field of every pratica and cannot be declared")
            return nil
        }
        guard names.claim(id, at: idNode), let type = reader.string("type", required: true) else { return nil }
        guard FieldKind.names.contains(type) else {
            let hint = Suggestion.closest(to: type, in: FieldKind.names).map { "; did you mean '\($0)'?" } ?? ""
            sink.error(reader.value("type")!, "unknown field type '\(type)'\(hint)")
            return nil
        }
        guard let kind = decodeKind(type, reader: reader, inGroup: inGroup) else { return nil }
        let label = reader.string("label") ?? Naming.label(from: id)
        let defaultValue = decodeDefault(reader, kind: kind, type: type)
        let renamedFrom = reader.string("renamed_from")
        if let renamedFrom, !Naming.isIdentifier(renamedFrom) {
            sink.error(reader.value("renamed_from")!, "'renamed_from' must be a field id")
        }
        var field = FieldDefinition(
            id: id, kind: kind, label: label, required: reader.bool("required") ?? false,
            defaultValue: defaultValue, help: reader.string("help"), filter: reader.bool("filter") ?? false,
            column: reader.bool("column") ?? false, search: reader.bool("search") ?? true, renamedFrom: renamedFrom)
        if !allowsAccess, let node = reader.value("access") {
            sink.error(node, "'access' is not supported in project kinds: the accounts a pratica is shared with see and edit its projects whole")
        }
        field.access = allowsAccess ? decodeAccess(reader.value("access")) : FieldAccess()
        field.computed = reader.bool("computed") ?? false
        if field.computed, !allowsComputed {
            sink.error(reader.keyNode("computed")!, "'computed' is not supported in project kinds")
        }
        if field.computed {
            if inGroup { sink.error(reader.keyNode("computed")!, "a sub-field cannot be computed: mark the whole group 'computed'") }
            if field.required || field.defaultValue != nil {
                sink.error(
                    reader.keyNode("computed")!, "a computed field cannot be 'required' or have a 'default': the plugin's 'compute' hook fills it")
            }
            switch kind {
            case .protocolNumber, .contact: sink.error(reader.keyNode("computed")!, "a \(kind.name) field cannot be computed")
            default: break
            }
        }
        if let series = reader.string("series") {
            if series.count <= 10, series.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                field.protocolSeries = series
            } else {
                sink.error(reader.value("series")!, "'series' must be at most 10 letters, digits or '-'")
            }
        }
        return field
    }

    /// `access: {shared: edit}` lets the accounts a pratica is shared with change the field,
    /// `shared: view` (the default) shows it to them read-only and `shared: hidden` hides it from
    /// them everywhere; `debtor: view` shows it to the debtor in the token area.
    private func decodeAccess(_ node: YAMLNode?) -> FieldAccess {
        var access = FieldAccess()
        guard let node, let reader = MappingReader(node, what: "access", allowed: ["shared", "debtor"], sink: sink) else { return access }
        if let shared = reader.string("shared") {
            if let value = FieldAccess.Shared(rawValue: shared) {
                access.shared = value
            } else {
                sink.error(reader.value("shared")!, "access for 'shared' must be 'hidden', 'view' or 'edit'")
            }
        }
        if let debtor = reader.string("debtor") {
            if ["hidden", "view"].contains(debtor) {
                access.debtorView = debtor == "view"
            } else {
                sink.error(reader.value("debtor")!, "access for 'debtor' must be 'hidden' or 'view'")
            }
        }
        return access
    }

    private static func peekType(_ node: YAMLNode) -> String? {
        guard case .mapping(let pairs) = node.kind else { return nil }
        return pairs.first { $0.key.scalar == "type" }?.value.scalar
    }

    private mutating func decodeKind(_ type: String, reader: MappingReader, inGroup: Bool) -> FieldKind? {
        switch type {
        case "text":
            return .text(maxLength: Int(reader.integer("max_length", atLeast: 1) ?? 500))
        case "longtext": return .longtext
        case "integer":
            let min = reader.integer("min")
            let max = reader.integer("max")
            if let min, let max, min > max { sink.error(reader.value("min")!, "'min' (\(min)) is greater than 'max' (\(max))") }
            return .integer(min: min, max: max)
        case "money":
            let min = bound(reader, "min", parse: Money.init(parsing:)) ?? Money(cents: 0)
            let max = bound(reader, "max", parse: Money.init(parsing:))
            if let max, min > max { sink.error(reader.value("max")!, "'min' is greater than 'max'") }
            return .money(min: min, max: max)
        case "percent":
            let min = bound(reader, "min", parse: ExactDecimal.init(parsing:)) ?? ExactDecimal(0)
            let max = bound(reader, "max", parse: ExactDecimal.init(parsing:)) ?? ExactDecimal(100)
            if min > max { sink.error(reader.node, "'min' is greater than 'max'") }
            let decimals = reader.integer("decimals", atLeast: 0) ?? 2
            if decimals > 6, let node = reader.value("decimals") { sink.error(node, "'decimals' must be between 0 and 6") }
            return .percent(min: min, max: max, decimals: Int(Swift.min(decimals, 6)))
        case "date": return .date
        case "datetime": return .datetime
        case "time": return .time
        case "boolean": return .boolean
        case "enum": return decodeEnum(reader).map(FieldKind.enumeration)
        case "contact":
            guard let role = reader.string("role") else { return .contact(role: nil) }
            guard let known = ContactRole(rawValue: role) else {
                let roles = ContactRole.allCases.map(\.rawValue).joined(separator: ", ")
                sink.error(reader.value("role")!, "unknown contact role '\(role)'; expected one of: \(roles)")
                return nil
            }
            return .contact(role: known)
        case "pratica":
            if inGroup {
                sink.error(reader.value("type")!, "a pratica link cannot be inside a group")
                return nil
            }
            let types = (reader.list("types") ?? []).compactMap(\.scalar)
            if let node = reader.value("types"), types.isEmpty { sink.error(node, "'types' must list at least one type id") }
            return .praticaLink(types: types)
        case "protocol":
            if inGroup {
                sink.error(reader.value("type")!, "a protocol field cannot be inside a group")
                return nil
            }
            if let first = protocolNode {
                sink.error(reader.value("type")!, "a type has at most one protocol field (the first is at line \(first.line))")
                return nil
            }
            protocolNode = reader.value("type")
            return .protocolNumber
        case "email": return .email
        case "pec": return .pec
        case "phone": return .phone
        case "codice_fiscale": return .codiceFiscale
        case "partita_iva": return .partitaIVA
        case "group":
            if inGroup {
                sink.error(reader.value("type")!, "groups cannot be nested")
                return nil
            }
            return decodeGroup(reader).map(FieldKind.group)
        default:
            return nil
        }
    }

    private func bound<T>(_ reader: MappingReader, _ key: String, parse: (String) -> T?) -> T? {
        guard let node = reader.value(key) else { return nil }
        guard let text = node.scalar, let value = parse(text) else {
            sink.error(node, "'\(key)' must be a number")
            return nil
        }
        return value
    }

    private func decodeEnum(_ reader: MappingReader) -> EnumOptions? {
        switch (reader.has("options"), reader.has("options_from")) {
        case (true, true):
            sink.error(reader.keyNode("options_from")!, "use either 'options' or 'options_from', not both")
            return nil
        case (false, false):
            sink.error(reader.node, "an enum field needs 'options' or 'options_from'")
            return nil
        case (false, true):
            guard let path = reader.string("options_from") else { return nil }
            guard let valueColumn = reader.string("value_column", required: true) else { return nil }
            let labelColumn = reader.string("label_column") ?? valueColumn
            return options.load(
                path: path, valueColumn: valueColumn, labelColumn: labelColumn,
                at: reader.value("options_from")!, reader: reader, sink: sink)
        case (true, false):
            if reader.has("value_column") || reader.has("label_column") {
                sink.error(
                    reader.keyNode("value_column") ?? reader.keyNode("label_column")!, "'value_column' and 'label_column' go with 'options_from'")
            }
            return decodeInlineOptions(reader.list("options") ?? [], at: reader.value("options")!)
        }
    }

    private func decodeInlineOptions(_ nodes: [YAMLNode], at listNode: YAMLNode) -> EnumOptions? {
        guard !nodes.isEmpty else {
            sink.error(listNode, "'options' must list at least one option")
            return nil
        }
        var seen: [String: Int] = [:]
        var options: [EnumOptions.Option] = []
        for node in nodes {
            var option: EnumOptions.Option?
            if let text = node.scalar, !node.isNull {
                option = EnumOptions.Option(value: text, label: text)
            } else if let reader = MappingReader(node, what: "an option", allowed: ["value", "label"], sink: sink),
                let value = reader.string("value", required: true)
            {
                option = EnumOptions.Option(value: value, label: reader.string("label") ?? value)
            }
            guard let option else { continue }
            if let line = seen[option.value] {
                sink.error(node, "duplicate option '\(option.value)' (first at line \(line))")
                continue
            }
            seen[option.value] = node.line
            options.append(option)
        }
        return EnumOptions(options: options)
    }

    private mutating func decodeGroup(_ reader: MappingReader) -> GroupDefinition? {
        var scope = NameRegistry(sink: sink, what: "field")
        let nodes = reader.list("fields", required: true) ?? []
        if nodes.isEmpty, let node = reader.value("fields") { sink.error(node, "a group needs at least one field") }
        var fields: [FieldDefinition] = []
        for node in nodes {
            if let field = decode(node, inGroup: true, names: &scope) { fields.append(field) }
        }
        let min = reader.integer("min", atLeast: 0) ?? 0
        let max = reader.integer("max", atLeast: 1)
        if let max, min > max {
            sink.error(reader.value("min")!, "group 'min' (\(min)) is greater than 'max' (\(max))")
            return nil
        }
        guard fields.count == nodes.count else { return nil }
        let label = reader.string("label") ?? Naming.label(from: reader.string("id") ?? "riga")
        return GroupDefinition(fields: fields, min: Int(min), max: max.map(Int.init), itemLabel: reader.string("item_label") ?? label)
    }

    private func decodeDefault(_ reader: MappingReader, kind: FieldKind, type: String) -> FieldDefault? {
        guard let node = reader.value("default") else { return nil }
        if case .group = kind {
            sink.error(node, "a group cannot have a default")
            return nil
        }
        guard let text = node.scalar, !node.isNull else {
            sink.error(node, "'default' must be a single value")
            return nil
        }
        if kind.isDate, text == "today" { return .today }
        let probe = FieldDefinition(
            id: "default", kind: kind, label: "", required: false, defaultValue: nil, help: nil,
            filter: false, column: false, search: false, renamedFrom: nil)
        guard
            case .success(let value) = FieldCoercion(today: CalendarDate(year: 2000, month: 1, day: 1)!)
                .coerce(.text(text), for: probe), !value.isBlank
        else {
            sink.error(node, "default value does not fit field type '\(type)'")
            return nil
        }
        return .value(value)
    }
}
