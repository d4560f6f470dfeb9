import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// The names a template may use for a pratica type (docs/templates.md): every field of the type
/// by its id, contacts with their parts, the built-ins, the office, the fee quote and projects.
public enum DocumentVocabulary {
    /// What a contact offers: `{{avvocato}}` prints the name, `{{avvocato.pec}}` a part.
    static let contactShape = TemplateShape.record(
        Dictionary(uniqueKeysWithValues: (["nominativo"] + ContactFields.all).map { ($0, TemplateShape.scalar()) }), printable: true)

    static let builtins = ["oggi", "tipologia", "stato", "anno", "nome_cartella", "creata"]

    /// The vocabulary of templates for `type` in `project` (its project kinds included).
    public static func shape(for type: PraticaType, project: Project) -> TemplateShape {
        shape(for: type, projectKinds: project.projectKinds.filter { $0.applies(to: type.id) })
    }

    /// The vocabulary of templates for `type`, whose projects may be of `projectKinds`.
    public static func shape(for type: PraticaType, projectKinds: [ProjectKind]) -> TemplateShape {
        var names = fieldShapes(type.fields)
        for builtin in builtins { names[builtin] = .scalar() }
        names["stato"] = .scalar(codes: Set(type.states.map(\.id)))
        names["ufficio"] = .record(["nome": .scalar(), "codice": .scalar(), "intestazione": .scalar()])
        names["compensi"] = feeShape
        var project: [String: TemplateShape] = [
            "nome": .scalar(), "tipo": .scalar(codes: Set(projectKinds.map(\.id))),
            "totale_attivo": .scalar(), "totale_passivo": .scalar(),
        ]
        for kind in projectKinds { project.merge(fieldShapes(kind.schema.fields)) { current, _ in current } }
        names["progetti"] = .list(.record(project))
        return .record(names)
    }

    static func fieldShapes(_ fields: [FieldDefinition]) -> [String: TemplateShape] {
        var names: [String: TemplateShape] = [:]
        for field in fields { names[field.id] = shape(of: field) }
        return names
    }

    private static func shape(of field: FieldDefinition) -> TemplateShape {
        switch field.kind {
        case .group(let group): .list(.record(fieldShapes(group.fields)))
        case .contact: contactShape
        case .enumeration(let options): .scalar(codes: Set(options.options.map(\.value)))
        case .boolean: .scalar(codes: ["si"])
        default: .scalar()
        }
    }

    private static let feeShape: TemplateShape = {
        let columns = TemplateShape.record(["min": .scalar(), "medio": .scalar(), "max": .scalar()])
        let bracket = TemplateShape.record(
            Dictionary(
                uniqueKeysWithValues: [
                    "tipo", "da", "a", "base", "percentuale_min", "percentuale_max",
                    "importo_min", "importo_max",
                ].map { ($0, TemplateShape.scalar()) }))
        return .record([
            "lordo": columns, "compenso": columns, "spese_generali": columns, "totale": columns,
            "forbice": .record(["min": .scalar(), "max": .scalar()]), "scaglioni": .list(bracket),
            "avvisi": .list(.record(["testo": .scalar()])), "riduzione": .scalar(), "rimborso": .scalar(),
            "attivo": .scalar(), "passivo": .scalar(),
        ])
    }()
}
