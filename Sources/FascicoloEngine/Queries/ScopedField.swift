import FascicoloSchema

/// A field path as the types a list covers declare it: the one type of a list with `tipo`, or
/// every type for a list across types, where a field counts when each type that has it gives it
/// the same kind (`data_apertura` a date everywhere). A list of one type may name a field only
/// other types have: it matches none of its pratiche (a filter) or keeps the default order (a sort).
struct ScopedField {
    let path: String
    /// The field as each covering type declares it (at least one).
    let declarations: [(type: PraticaType, field: FieldDefinition)]

    /// The field's definition (the kind is the same in every declaration).
    var field: FieldDefinition { declarations[0].field }

    /// Whether some covering type keeps the field in the value index (filterable and sortable).
    var isIndexed: Bool { declarations.contains { $0.type.isIndexed(path: path) } }

    enum Failure: Error {
        case unknown
        case differentKinds
    }

    /// The field `path` (`procedura`, `udienze.data`) as `preferred` declares it or, when it does
    /// not (or there is no preferred type), as `types` do.
    static func resolve(_ path: String, in types: [PraticaType], preferring preferred: PraticaType? = nil) -> Result<ScopedField, Failure> {
        if let preferred, let own = preferred.resolve(path: path) {
            return .success(ScopedField(path: path, declarations: [(type: preferred, field: own.field)]))
        }
        let declarations = types.compactMap { type in type.resolve(path: path).map { (type: type, field: $0.field) } }
        guard let first = declarations.first else { return .failure(.unknown) }
        guard declarations.allSatisfy({ $0.field.kind.name == first.field.kind.name }) else { return .failure(.differentKinds) }
        return .success(ScopedField(path: path, declarations: declarations))
    }
}
