import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// The OpenAPI document the server serves: the hand-written operations of
/// `Static/openapi.json`, completed from the loaded types with everything the handlers derive
/// from them — the schemas of each type's and project kind's fields (as returned and as
/// accepted), the enumerations of types, states and project kinds, and the grammar of the list
/// parameters (`stato`, `filtro`, `ordina`). Adding a type in YAML adds it here; nothing to edit.
public enum OpenAPIDocument {
    static func build(base: JSON, project: Project) -> JSON {
        var document = base
        let types = project.types
        let typeIds = types.map { JSON.string($0.id) }
        let kinds = project.projectKinds
        let schemas = ["components", "schemas"]

        for type in types {
            document = document.setting(
                schemas + [schemaName("Campi", type.id)],
                to: FieldSchemas.outputObject(
                    type.fields, description: "I campi della tipologia `\(type.id)` (\(type.file)) come li restituisce il server."))
            document = document.setting(schemas + [schemaName("CampiInIngresso", type.id)], to: creationObject(type))
        }
        for kind in kinds {
            document = document.setting(
                schemas + [schemaName("Campi", kind.id)],
                to: FieldSchemas.outputObject(
                    kind.schema.fields, description: "I campi del progetto di tipo `\(kind.id)` (\(kind.file)) come li restituisce il server."))
        }
        document = document.setting(schemas + ["Pratica", "allOf"], to: .array(types.map { byKind($0.id, then: outputThen("Campi", $0.id)) }))
        document = document.setting(schemas + ["Progetto", "allOf"], to: .array(kinds.map { byKind($0.id, then: outputThen("Campi", $0.id)) }))
        document = document.setting(schemas + ["NuovaPratica", "properties", "tipo", "enum"], to: .array(typeIds))
        document = document.setting(schemas + ["NuovaPratica", "allOf"], to: .array(types.map { byKind($0.id, then: creationThen($0)) }))
        if types.allSatisfy(needsFields) {
            document = document.setting(schemas + ["NuovaPratica", "required"], to: .array([.string("tipo"), .string("campi")]))
        }
        document = document.setting(
            schemas + ["ModificaPratica", "properties", "campi"],
            to: FieldSchemas.changeObject(
                union(types.map(typedFields)) + builtinInputs(types),
                description: document[path: schemas + ["ModificaPratica", "properties", "campi", "description"]]?.stringValue ?? ""))
        document = document.setting(schemas + ["NuovoProgetto", "properties", "tipo", "enum"], to: .array(kinds.map { .string($0.id) }))
        document = document.setting(
            schemas + ["ModificaProgetto", "properties", "campi"],
            to: FieldSchemas.changeObject(
                union(kinds.map(\.schema.fields)),
                description: document[path: schemas + ["ModificaProgetto", "properties", "campi", "description"]]?.stringValue ?? ""))
        document = document.setting(schemas + ["CampoTipologia", "properties", "tipo", "enum"], to: .array(FieldKind.names.map(JSON.string)))
        let states = unique(types.flatMap { $0.states.map(\.id) })
        document = document.setting(schemas + ["RichiestaTransizione", "properties", "stato", "enum"], to: .array(states.map(JSON.string)))

        let parameters = ["components", "parameters"]
        // A query parameter given empty counts as not given.
        document = document.setting(parameters + ["tipo", "schema", "enum"], to: .array([.string("")] + typeIds))
        document = document.setting(parameters + ["type", "schema", "enum"], to: .array(typeIds))
        document = document.setting(parameters + ["stato", "schema", "pattern"], to: .string("^$|" + ListGrammar.statesPattern(states)))
        document = document.setting(
            parameters + ["filtro", "schema", "items"],
            to: .object([
                ("type", .string("string")), ("anyOf", .array(ListGrammar.filterPatterns(types).map(FieldSchemas.pattern))),
            ]))
        document = document.setting(
            parameters + ["ordina", "schema", "enum"], to: .array([.string("")] + ListGrammar.sortKeys(types).map(JSON.string)))
        return document
    }

    /// `Campi` + the id in CamelCase: `crisi-sovraindebitamento` → `CampiCrisiSovraindebitamento`.
    static func schemaName(_ prefix: String, _ id: String) -> String {
        prefix + id.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func byKind(_ id: String, then: JSON) -> JSON {
        .object([
            ("if", .object([("properties", .object([("tipo", .object([("const", .string(id))]))])), ("required", .array([.string("tipo")]))])),
            ("then", then),
        ])
    }

    private static func outputThen(_ prefix: String, _ id: String) -> JSON {
        .object([("properties", .object([("campi", FieldSchemas.reference(schemaName(prefix, id)))]))])
    }

    /// A new pratica of `type`: `campi` is required when the type has required fields that no
    /// default fills.
    private static func creationThen(_ type: PraticaType) -> JSON {
        var pairs: [(String, JSON)] = [("properties", .object([("campi", FieldSchemas.reference(schemaName("CampiInIngresso", type.id)))]))]
        if needsFields(type) { pairs.append(("required", .array([.string("campi")]))) }
        return .object(pairs)
    }

    /// Whether a new pratica of `type` needs `campi`: some required field has no default.
    private static func needsFields(_ type: PraticaType) -> Bool { type.fields.contains(where: isNeededAtCreation) }

    /// A required field without a default, or a group that needs rows (`min:`).
    private static func isNeededAtCreation(_ field: FieldDefinition) -> Bool {
        if case .group(let group) = field.kind, group.min > 0 { return true }
        return field.required && field.defaultValue == nil
    }

    /// The fields of a new pratica of `type`: its own (required ones without a default must be
    /// there) and the built-ins, `stato` among the initial states.
    private static func creationObject(_ type: PraticaType) -> JSON {
        let required = type.fields.filter(isNeededAtCreation).map { JSON.string($0.id) }
        let initial = FieldDefinition.builtin(
            "stato", kind: .enumeration(EnumOptions(options: type.initialStates.map { .init(value: $0.id, label: $0.label) })))
        var pairs: [(String, JSON)] = [
            ("type", .string("object")), ("additionalProperties", .bool(false)),
            ("properties", .object((typedFields(type) + builtinInputs([type]) + [initial]).map { ($0.id, FieldSchemas.input($0)) })),
        ]
        if !required.isEmpty { pairs.insert(("required", .array(required)), at: 1) }
        return .object(pairs)
    }

    /// The built-ins a change may carry: `anno`, `nome_cartella` (and the protocol, which is one
    /// of the type's fields).
    private static func builtinInputs(_ types: [PraticaType]) -> [FieldDefinition] {
        [
            FieldDefinition.builtin("anno", kind: .integer(min: 1900, max: 9999)),
            FieldDefinition.builtin("nome_cartella", kind: .text(maxLength: 200)),
        ]
    }

    /// The fields a request may set: all but the fee calculator's results, which only a quote
    /// writes, and the computed fields, which the plugin fills.
    private static func typedFields(_ type: PraticaType) -> [FieldDefinition] {
        let results = Set(type.fees?.results ?? [])
        return type.fields.filter { !results.contains($0.id) && !$0.computed }
    }

    /// The fields of several types by id, the first declaration of each id winning.
    private static func union(_ lists: [[FieldDefinition]]) -> [FieldDefinition] {
        var seen: Set<String> = []
        return lists.flatMap { $0 }.filter { seen.insert($0.id).inserted }
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}

extension JSON {
    subscript(path path: [String]) -> JSON? {
        path.reduce(Optional(self)) { node, key in node?[key] }
    }
}

extension OpenAPIDocument {
    /// The document for `project`: the bundled `openapi.json` completed from its types.
    public static func served(project: Project) throws -> JSON {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Static") else {
            throw WebStartupError("openapi.json not found in the FascicoloWeb bundle")
        }
        return build(base: try JSONParser.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self)), project: project)
    }
}
