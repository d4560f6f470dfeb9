/// Turns a view model (structs, arrays, optionals) into dictionaries and arrays once per render.
///
/// swift-mustache reads a struct's properties through `Mirror` on every lookup, and a lookup that
/// climbs the context stack reflects every enclosing struct again: on a list page that is most of
/// the request's time. Reflecting each value once into `[String: Any]` (which the library reads
/// by key) keeps the templates and their semantics — a nil optional is an absent key, so the
/// lookup climbs exactly as before — at a fraction of the cost.
enum ViewTree {
    static func make(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?:
            var children: [String: Any] = [:]
            children.reserveCapacity(mirror.children.count)
            for child in mirror.children {
                guard let label = child.label, let present = unwrap(child.value) else { continue }
                children[label] = make(present)
            }
            return children
        case .collection?:
            return mirror.children.map { make($0.value) }
        case .optional?:
            return unwrap(value).map(make) as Any
        default:
            return value
        }
    }

    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}
