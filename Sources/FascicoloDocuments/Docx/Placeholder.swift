import Foundation

/// Where a placeholder sits in a template, for error messages: which part (body, header,
/// footer) and which paragraph of it, counted from 1 as a reader would.
public struct TemplatePosition: Sendable, Hashable, CustomStringConvertible {
    /// "corpo del documento", "intestazione 1", "piè di pagina 2"…
    public let part: String
    public let paragraph: Int

    public var description: String { "\(part), paragrafo \(paragraph)" }
}

/// One `{{…}}` of a template, parsed.
struct TemplateTag: Sendable {
    enum Kind: Sendable, Equatable {
        /// `{{path}}`: prints the value.
        case value
        /// `{{%logo}}`: the office's logo image.
        case image
        /// `{{#path}}`: a section (repeated for lists, shown for non-empty values).
        case open
        /// `{{#path=code}}`: shown when the stored code equals `code`.
        case openEquals(String)
        /// `{{^path}}`: shown when the value is empty.
        case openInverted
        /// `{{/path}}`
        case close
    }

    let kind: Kind
    /// The dotted name, split.
    let path: [String]
    /// As written, for messages (see `printable`).
    let source: String
    let position: TemplatePosition

    var isSectionBoundary: Bool {
        switch kind {
        case .value, .image: false
        default: true
        }
    }

    var isOpening: Bool {
        switch kind {
        case .open, .openEquals, .openInverted: true
        default: false
        }
    }

    /// A tag as a message may quote it: `«{{gestori.gestore}}»` when it reads like a name (at most
    /// 60 letters, digits and `_ . # ^ / % =`), else `«{{…}}»` — text typed between braces in a
    /// letter may be personal data, which messages never repeat.
    static func printable(_ inner: String) -> String {
        let plain =
            inner.count <= 60
            && inner.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_.#^/%= ".unicodeScalars.contains($0)
            }
        return plain ? "«{{\(inner)}}»" : "«{{…}}»"
    }

    /// Parses the text between the braces; nil when it is not a well-formed name.
    init?(inner: String, position: TemplatePosition) {
        var body = Substring(inner.trimmingCharacters(in: .whitespaces))
        let kind: Kind
        switch body.first {
        case "#":
            kind = .open
            body = body.dropFirst()
        case "^":
            kind = .openInverted
            body = body.dropFirst()
        case "/":
            kind = .close
            body = body.dropFirst()
        case "%":
            kind = .image
            body = body.dropFirst()
        default: kind = .value
        }
        var name = body.trimmingCharacters(in: .whitespaces)
        var resolved = kind
        if kind == .open, let equals = name.firstIndex(of: "=") {
            let code = name[name.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { return nil }
            resolved = .openEquals(code)
            name = name[..<equals].trimmingCharacters(in: .whitespaces)
        }
        let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty,
            path.allSatisfy({ segment in
                !segment.isEmpty && segment.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            })
        else { return nil }
        self.kind = resolved
        self.path = path
        self.source = Self.printable(inner)
        self.position = position
    }
}

/// A piece of the text of a `w:t`: literal text, or a placeholder printed in place.
enum TextSegment {
    case literal(String)
    case placeholder(TemplateTag)
}
