/// A JSON document that keeps numbers as their literal text, so that amounts never pass through
/// binary floating point. Object keys keep their order.
public enum JSON: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number exactly as written (`12`, `1234.50`, `-3e2`).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let flag): hasher.combine(flag)
        case .number(let text), .string(let text): hasher.combine(text)
        case .array(let items): hasher.combine(items)
        case .object(let pairs):
            for (key, value) in pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The value for `key`, when this is an object that has it.
    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }

    /// The integer, when this is a number written without fraction or exponent.
    public var integerValue: Int64? { if case .number(let text) = self { Int64(text) } else { nil } }

    /// The pairs, when this is an object.
    public var objectValue: [(String, JSON)]? { if case .object(let pairs) = self { pairs } else { nil } }

    /// The items, when this is an array.
    public var arrayValue: [JSON]? { if case .array(let items) = self { items } else { nil } }
}
