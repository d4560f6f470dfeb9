import FascicoloCore

extension PraticaType {
    /// Whether a field or `group.subfield` is hidden from the accounts a pratica is shared with
    /// (`access: {shared: hidden}` on it or on its group).
    public func isHiddenFromShared(path: String) -> Bool {
        guard let (field, group) = resolve(path: path) else { return false }
        return field.access.shared == .hidden || group?.access.shared == .hidden
    }

    /// Whether any field or sub-field is hidden from shared accounts.
    public var hidesFieldsFromShared: Bool { !sharedHiddenPaths.isEmpty }

    /// Every path hidden from shared accounts (computed once, into `sharedHiddenPaths`): hidden
    /// top-level fields, and `group.subfield` for hidden sub-fields and every sub-field of a hidden group.
    static func sharedHiddenPaths(of fields: [FieldDefinition]) -> [String] {
        fields.flatMap { field -> [String] in
            let hiddenGroup = field.access.shared == .hidden
            let subs = field.kind.group?.fields.filter { hiddenGroup || $0.access.shared == .hidden }.map { "\(field.id).\($0.id)" } ?? []
            return (hiddenGroup ? [field.id] : []) + subs
        }
    }

    /// The fields as an account the pratica is shared with may see them: hidden fields removed,
    /// and hidden sub-fields removed from every group row.
    public func visibleToShared(_ document: [String: Value]) -> [String: Value] {
        var visible: [String: Value] = [:]
        for (id, value) in document {
            guard let field = field(id) else { continue }
            guard field.access.shared != .hidden else { continue }
            guard let group = field.kind.group, group.fields.contains(where: { $0.access.shared == .hidden }), case .list(let rows) = value else {
                visible[id] = value
                continue
            }
            visible[id] = .list(
                rows.map { row in
                    guard case .record(let cells) = row else { return row }
                    return .record(cells.filter { group.field($0.key)?.access.shared != .hidden })
                })
        }
        return visible
    }
}
