import FascicoloCore

/// Decodes the `list:` block: default columns, main filters and default sort.
struct ListDecoder {
    let sink: DiagnosticSink

    func decode(_ node: YAMLNode?, fields: [FieldDefinition]) -> ListDefaults? {
        let byId = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard let node else {
            let columns = fields.filter(\.column).map(\.id)
            return ListDefaults(
                columns: columns.isEmpty ? ["stato", "creata"] : columns,
                filters: ["stato"] + fields.filter(\.filter).map(\.id), sort: SortKey(key: "creata", descending: true))
        }
        guard let reader = MappingReader(node, what: "the list block", allowed: ["columns", "filters", "sort"], sink: sink) else { return nil }
        let columns = names(reader.list("columns") ?? [], byId: byId)
        let filters = names(reader.list("filters") ?? [], byId: byId)
        var sort = SortKey(key: "creata", descending: true)
        if let text = reader.string("sort") {
            let key = SortKey(parsing: text)
            if checkSortKey(key.key, byId: byId, at: reader.value("sort")!) { sort = key }
        }
        return ListDefaults(columns: columns.isEmpty ? ["stato", "creata"] : columns, filters: filters, sort: sort)
    }

    private func names(_ nodes: [YAMLNode], byId: [String: FieldDefinition]) -> [String] {
        nodes.compactMap { node in
            guard let name = node.scalar else {
                sink.error(node, "expected a field name, found \(node.shapeName)")
                return nil
            }
            return check(name, byId: byId, allowGroups: true, at: node) ? name : nil
        }
    }

    /// A list sorts by a built-in or a top-level field that holds one comparable value.
    private func checkSortKey(_ name: String, byId: [String: FieldDefinition], at node: YAMLNode) -> Bool {
        if BuiltinField(rawValue: name) != nil { return true }
        guard check(name, byId: byId, allowGroups: false, at: node) else { return false }
        guard !name.contains("."), let field = byId[name] else {
            sink.error(node, "cannot sort by '\(name)', a field inside a group; sort by a built-in or a top-level field")
            return false
        }
        if case .contact = field.kind {
            sink.error(node, "cannot sort by the contact field '\(name)'")
            return false
        }
        return true
    }

    /// Whether `name` is a built-in, a field, or `group.subfield`; reports otherwise.
    private func check(_ name: String, byId: [String: FieldDefinition], allowGroups: Bool, at node: YAMLNode) -> Bool {
        if BuiltinField(rawValue: name) != nil { return true }
        let parts = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let field = byId[first] else {
            sink.error(node, "list names unknown field '\(name)'")
            return false
        }
        if parts.count == 2 {
            guard field.kind.group?.field(parts[1]) != nil else {
                sink.error(node, "list names unknown field '\(name)'")
                return false
            }
            return true
        }
        if field.kind.group != nil, !allowGroups {
            sink.error(node, "cannot sort by the group '\(name)'")
            return false
        }
        return true
    }
}
