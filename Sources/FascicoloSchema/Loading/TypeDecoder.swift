import FascicoloCore
import Foundation

/// Decodes one type file's YAML tree into a `PraticaType`, reporting every problem it finds.
/// Returns nil when the file has any error: a type is never half-loaded.
struct TypeDecoder {
    let sink: DiagnosticSink
    let stem: String
    let options: OptionSources

    private static let topKeys = ["id", "label", "version", "sections", "states", "transitions", "list", "fees"]

    func decode(_ root: YAMLNode) -> PraticaType? {
        guard let top = MappingReader(root, what: "the type", allowed: Self.topKeys, sink: sink) else { return nil }
        let id = top.string("id", required: true)
        if let id, id != stem, let node = top.value("id") {
            sink.error(node, "type id '\(id)' must match the file name '\(stem).yaml'")
        }
        let label = top.string("label") ?? Naming.label(from: stem)
        let version = top.integer("version", atLeast: 1) ?? 1
        var fieldDecoder = FieldDecoder(sink: sink, options: options)
        let sections = decodeSections(top, fieldDecoder: &fieldDecoder)
        let states = decodeStates(top)
        let transitions = decodeTransitions(top, states: states)
        let list = ListDecoder(sink: sink).decode(top.value("list"), fields: sections.flatMap(\.fields))
        let fees = FeeFieldsDecoder(sink: sink).decode(top.value("fees"), fields: sections.flatMap(\.fields))
        guard !sink.hasErrors, let id, let list else { return nil }
        return PraticaType(
            id: id, label: label, version: Int(version), file: sink.file, sections: sections,
            states: states, transitions: transitions, list: list, fees: fees)
    }

    func decodeSections(_ top: MappingReader, fieldDecoder: inout FieldDecoder) -> [Section] {
        guard let nodes = top.list("sections", required: true) else { return [] }
        if nodes.isEmpty, let node = top.value("sections") { sink.error(node, "a type needs at least one section") }
        var seen = NameRegistry(sink: sink, what: "section")
        var fieldNames = NameRegistry(sink: sink, what: "field")
        var sections: [Section] = []
        for node in nodes {
            guard let reader = MappingReader(node, what: "a section", allowed: ["id", "label", "fields"], sink: sink) else { continue }
            guard let id = reader.string("id", required: true), seen.claim(id, at: reader.value("id")!) else { continue }
            var fields: [FieldDefinition] = []
            for fieldNode in reader.list("fields", required: true) ?? [] {
                if let field = fieldDecoder.decode(fieldNode, inGroup: false, names: &fieldNames) { fields.append(field) }
            }
            sections.append(Section(id: id, label: reader.string("label") ?? Naming.label(from: id), fields: fields))
        }
        return sections
    }

    private func decodeStates(_ top: MappingReader) -> [StateDefinition] {
        guard let nodes = top.list("states", required: true) else { return [] }
        var seen = NameRegistry(sink: sink, what: "state")
        var states: [StateDefinition] = []
        for node in nodes {
            guard let reader = MappingReader(node, what: "a state", allowed: ["id", "label", "initial", "final"], sink: sink),
                let id = reader.string("id", required: true), seen.claim(id, at: reader.value("id")!)
            else { continue }
            states.append(
                StateDefinition(
                    id: id, label: reader.string("label") ?? Naming.label(from: id),
                    initial: reader.bool("initial") ?? false, final: reader.bool("final") ?? false))
        }
        if nodes.isEmpty, let node = top.value("states") {
            sink.error(node, "a type needs at least one state, marked 'initial: true'")
        } else if !states.isEmpty, !states.contains(where: \.initial), let node = top.value("states") {
            sink.error(node, "no state is marked 'initial: true'; a new pratica needs a state to start in")
        }
        return states
    }

    private func decodeTransitions(_ top: MappingReader, states: [StateDefinition]) -> [Transition] {
        let known = Dictionary(states.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var transitions: [Transition] = []
        for node in top.list("transitions") ?? [] {
            guard let reader = MappingReader(node, what: "a transition", allowed: ["from", "to", "label"], sink: sink) else { continue }
            let target = reader.string("to", required: true)
            if let target, known[target] == nil {
                sink.error(reader.value("to")!, "transition names unknown state '\(target)'")
            }
            var source: Transition.Source?
            if let fromNodes = reader.list("from", required: true, allowScalar: true) {
                if fromNodes.count == 1, fromNodes[0].scalar == "*" {
                    source = .anyOpen
                } else {
                    var ids = Set<String>()
                    for fromNode in fromNodes {
                        guard let name = fromNode.scalar, known[name] != nil else {
                            sink.error(fromNode, "transition names unknown state '\(fromNode.scalar ?? "?")'")
                            continue
                        }
                        ids.insert(name)
                    }
                    source = .states(ids)
                }
            }
            if let target, let source, let state = known[target] {
                transitions.append(Transition(from: source, to: target, label: reader.string("label") ?? state.label))
            }
        }
        return transitions
    }
}

/// Tracks ids already used in one scope and reports duplicates with the first position.
struct NameRegistry {
    let sink: DiagnosticSink
    let what: String
    private var firstSeen: [String: YAMLNode] = [:]

    init(sink: DiagnosticSink, what: String) {
        self.sink = sink
        self.what = what
    }

    /// Records `id`; reports and returns false when it is malformed or already taken.
    mutating func claim(_ id: String, at node: YAMLNode) -> Bool {
        guard Naming.isIdentifier(id) else {
            sink.error(node, "\(what) id '\(id)' must be lower-case letters, digits and '_' and start with a letter")
            return false
        }
        if let first = firstSeen[id] {
            sink.error(node, "duplicate \(what) id '\(id)' (first declared at line \(first.line))")
            return false
        }
        firstSeen[id] = node
        return true
    }
}

/// Identifier rules and labels derived from identifiers.
enum Naming {
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// `data_apertura` → `Data apertura`.
    static func label(from id: String) -> String {
        let words = id.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
