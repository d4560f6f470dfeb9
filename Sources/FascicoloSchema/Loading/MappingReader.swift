import FascicoloCore

/// Reads one YAML mapping with a fixed set of allowed keys, reporting unknown and duplicate keys
/// and values of the wrong shape at their exact position.
struct MappingReader {
    let node: YAMLNode
    private let sink: DiagnosticSink
    private var entries: [String: (key: YAMLNode, value: YAMLNode)] = [:]

    /// Returns nil (after reporting) when `node` is not a mapping.
    init?(_ node: YAMLNode, what: String, allowed: [String], sink: DiagnosticSink) {
        guard case .mapping(let pairs) = node.kind else {
            sink.error(node, "expected a mapping for \(what), found \(node.shapeName)")
            return nil
        }
        self.node = node
        self.sink = sink
        for pair in pairs {
            guard let name = pair.key.scalar else {
                sink.error(pair.key, "keys must be plain names in \(what)")
                continue
            }
            if entries[name] != nil {
                sink.error(pair.key, "duplicate key '\(name)' in \(what)")
                continue
            }
            guard allowed.contains(name) else {
                let hint =
                    Suggestion.closest(to: name, in: allowed).map { "; did you mean '\($0)'?" }
                    ?? "; expected one of: \(allowed.joined(separator: ", "))"
                sink.error(pair.key, "unknown key '\(name)' in \(what)\(hint)")
                continue
            }
            entries[name] = pair
        }
    }

    /// Whether the key is present.
    func has(_ key: String) -> Bool { entries[key] != nil }

    /// The raw value node of `key`.
    func value(_ key: String) -> YAMLNode? { entries[key]?.value }

    /// The raw key node of `key`, for errors about the key itself.
    func keyNode(_ key: String) -> YAMLNode? { entries[key]?.key }

    /// A scalar string; reports when missing (if required) or not a scalar.
    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = entries[key]?.value else {
            if required { sink.error(node, "missing required key '\(key)'") }
            return nil
        }
        guard let text = value.scalar, !value.isNull else {
            sink.error(value, "'\(key)' must be a text value, found \(value.shapeName)")
            return nil
        }
        return text
    }

    /// A boolean written `true` or `false`.
    func bool(_ key: String) -> Bool? {
        guard let value = entries[key]?.value else { return nil }
        if case .scalar(let text, true) = value.kind {
            switch text {
            case "true", "True", "TRUE", "yes": return true
            case "false", "False", "FALSE", "no": return false
            default: break
            }
        }
        sink.error(value, "'\(key)' must be true or false")
        return nil
    }

    /// A whole number.
    func integer(_ key: String, atLeast minimum: Int64 = .min) -> Int64? {
        guard let value = entries[key]?.value else { return nil }
        guard case .scalar(let text, true) = value.kind, let number = Int64(text) else {
            sink.error(value, "'\(key)' must be a whole number")
            return nil
        }
        guard number >= minimum else {
            sink.error(value, "'\(key)' must be at least \(minimum)")
            return nil
        }
        return number
    }

    /// A list whose items are handed to `body`; a single scalar is accepted as a one-item list when `allowScalar`.
    func list(_ key: String, required: Bool = false, allowScalar: Bool = false) -> [YAMLNode]? {
        guard let value = entries[key]?.value else {
            if required { sink.error(node, "missing required key '\(key)'") }
            return nil
        }
        switch value.kind {
        case .sequence(let items): return items
        case .scalar where allowScalar && !value.isNull: return [value]
        default:
            sink.error(value, "'\(key)' must be a list, found \(value.shapeName)")
            return nil
        }
    }
}

/// "Did you mean" hints for misspelt names.
enum Suggestion {
    /// The candidate within edit distance 2 of `name` (and closer than half its length), if any.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= 2 && $0.1 * 2 < name.count }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
