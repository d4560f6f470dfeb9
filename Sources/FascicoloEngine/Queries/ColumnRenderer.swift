import FascicoloCore
import FascicoloSchema

extension Engine {
    /// The column that names each pratica's type, for lists across types.
    public static let typeColumn = "tipologia"

    /// The text of each column for each pratica, as a list or CSV shows it: built-ins, fields,
    /// `group.subfield` (all rows joined), enum labels, contact names, Italian dates and amounts.
    /// Contact names are shown for the pratiche `actor` may see (its own, and those shared with
    /// its account, whose contacts are the owner's); any other pratica shows contact numbers only.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func render(columns: [String], for pratiche: [Pratica], actor: Actor) throws -> [[String]] {
        let names = try reading { reader in
            let visible = try pratiche.filter { try $0.accountId == actor.accountId || reader.isShared(praticaId: $0.id, with: actor.accountId) }
            return try reader.contacts(ids: Array(Set(visible.flatMap { ContactLinks.collect($0.fields, type: $0.type).map(\.id) })))
        }.reduce(into: [Int64: String]()) { $0[$1.id] = $1.displayName }
        return pratiche.map { pratica in columns.map { ColumnText(names: names).text($0, of: pratica) } }
    }

    /// The header of a column (the field's label, or the built-in's).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func columnLabel(_ column: String, type: PraticaType?) -> String {
        if let builtin = BuiltinField(rawValue: column) { return builtin.label }
        if column == Self.typeColumn { return "Tipologia" }
        guard let type, let (field, group) = type.resolve(path: column) else { return column }
        guard let group else { return field.label }
        return field.label == group.kind.group?.itemLabel ? group.label : "\(group.label): \(field.label)"
    }
}

/// Renders one cell.
struct ColumnText {
    let names: [Int64: String]

    func text(_ column: String, of pratica: Pratica) -> String {
        switch BuiltinField(rawValue: column) {
        case .stato: return pratica.stateLabel
        case .anno: return String(pratica.year)
        case .nome_cartella: return pratica.folderName
        case .creata: return pratica.createdOn?.italian ?? ""
        case .aggiornata: return CalendarDate(parsing: String(pratica.updatedAt.prefix(10)))?.italian ?? ""
        case nil: break
        }
        if column == Engine.typeColumn { return pratica.type.label }
        guard let (field, group) = pratica.type.resolve(path: column) else { return "" }
        if case .protocolNumber = field.kind { return pratica.protocolNumber?.text ?? "" }
        guard let group else { return format(pratica.fields[field.id], field: field) }
        let rows = pratica.fields[group.id]?.listValue ?? []
        return rows.compactMap { $0.recordValue?[field.id] }.map { format($0, field: field) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    func format(_ value: Value?, field: FieldDefinition) -> String {
        guard let value else { return "" }
        switch (field.kind, value) {
        case (.enumeration(let options), .text(let code)): return options.label(for: code) ?? code
        case (.contact, .reference(let id)): return names[id] ?? "#\(id)"
        case (.group(let group), .list(let rows)): return "\(rows.count) \(group.itemLabel.lowercased())"
        case (.percent, .decimal(let number)): return number.italian + " %"
        default: return value.displayText
        }
    }
}
