import Foundation

/// The fields of an `application/x-www-form-urlencoded` body or of a query string, in order.
struct FormData: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// A body with more fields than `maximumFields`.
    struct TooManyFields: Error {}

    static let maximumFields = 10_000

    /// Parses `a=1&b=x+y&c=%C3%A8`. Malformed escapes are kept literally; a body with more than
    /// `maximumFields` fields is refused.
    init(parsing text: Substring) throws(TooManyFields) {
        for item in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
            guard pairs.count <= Self.maximumFields else { throw TooManyFields() }
        }
    }

    /// The first value of a field, nil when absent.
    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of a field (checkboxes, multi-selects).
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first non-blank value of a field, trimmed.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Pairs whose name starts with `prefix`, with the prefix removed.
    func withPrefix(_ prefix: String) -> [(name: String, value: String)] {
        pairs.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.value) }
    }

    /// `a=1&b=2`, escaping each name and value.
    var encoded: String {
        pairs.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }.joined(separator: "&")
    }

    mutating func set(_ name: String, _ value: String?) {
        pairs.removeAll { $0.name == name }
        if let value { pairs.append((name, value)) }
    }

    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
