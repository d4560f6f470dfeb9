import FascicoloCore
import FascicoloSchema

/// The JSON description of a pratica type, for programs that build their own forms.
enum TypeJSON {
    static func encode(_ type: PraticaType) -> JSON {
        .object([
            ("id", .string(type.id)),
            ("etichetta", .string(type.label)),
            ("versione", .number(String(type.version))),
            (
                "sezioni",
                .array(
                    type.sections.map { section in
                        .object([("id", .string(section.id)), ("etichetta", .string(section.label)), ("campi", .array(section.fields.map(field)))])
                    })
            ),
            (
                "stati",
                .array(
                    type.states.map { state in
                        .object([
                            ("id", .string(state.id)), ("etichetta", .string(state.label)), ("iniziale", .bool(state.initial)),
                            ("finale", .bool(state.final)),
                        ])
                    })
            ),
            ("colonne", .array(type.list.columns.map(JSON.string))),
            ("filtri", .array(type.list.filters.map(JSON.string))),
        ])
    }

    private static func field(_ field: FieldDefinition) -> JSON {
        var pairs: [(String, JSON)] = [
            ("id", .string(field.id)), ("tipo", .string(field.kind.name)), ("etichetta", .string(field.label)),
            ("obbligatorio", .bool(field.required)),
        ]
        if let help = field.help { pairs.append(("aiuto", .string(help))) }
        if field.computed { pairs.append(("calcolato", .bool(true))) }
        switch field.kind {
        case .enumeration(let options):
            pairs.append(("opzioni", .array(options.options.map { .object([("valore", .string($0.value)), ("etichetta", .string($0.label))]) })))
        case .group(let group):
            pairs.append(("max", group.max.map { .number(String($0)) } ?? .null))
            pairs.append(("campi", .array(group.fields.map(self.field))))
        case .contact(let role):
            pairs.append(("ruolo", role.map { .string($0.rawValue) } ?? .null))
        case .praticaLink(let types):
            pairs.append(("tipologie", .array(types.map(JSON.string))))
        default: break
        }
        return .object(pairs)
    }
}
