import FascicoloCore

/// Decodes the `fees:` block: each key names a top-level field of the expected type.
struct FeeFieldsDecoder {
    let sink: DiagnosticSink

    private static let expected: [(key: String, kind: String, required: Bool)] = [
        ("kind", "enum", true), ("attivo", "money", true), ("passivo", "money", true), ("riduzione", "percent", true),
        ("rimborso", "percent", true), ("attribuito", "money", false), ("minimo", "money", true), ("medio", "money", true),
        ("massimo", "money", true), ("data", "date", false),
    ]

    func decode(_ node: YAMLNode?, fields: [FieldDefinition]) -> FeeFields? {
        guard let node, let reader = MappingReader(node, what: "the fees block", allowed: Self.expected.map(\.key), sink: sink) else { return nil }
        let byId = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var names: [String: String] = [:]
        for entry in Self.expected {
            guard let name = reader.string(entry.key, required: entry.required) else { continue }
            guard let field = byId[name] else {
                sink.error(reader.value(entry.key)!, "fees.\(entry.key) names unknown field '\(name)'")
                continue
            }
            guard field.kind.name == entry.kind else {
                sink.error(reader.value(entry.key)!, "fees.\(entry.key) must name a field of type \(entry.kind)")
                continue
            }
            names[entry.key] = name
        }
        guard let kind = names["kind"], let attivo = names["attivo"], let passivo = names["passivo"], let riduzione = names["riduzione"],
            let rimborso = names["rimborso"], let minimo = names["minimo"], let medio = names["medio"], let massimo = names["massimo"]
        else { return nil }
        return FeeFields(
            kind: kind, attivo: attivo, passivo: passivo, riduzione: riduzione, rimborso: rimborso,
            attribuito: names["attribuito"], minimo: minimo, medio: medio, massimo: massimo, data: names["data"])
    }
}
