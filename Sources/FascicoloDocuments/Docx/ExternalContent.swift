import Foundation

/// What in a `.docx` would make a program opening it reach outside the file: relationships to
/// external targets other than hyperlinks (linked images, OLE objects, an attached template, a
/// sub-document, frames) and fields that include or link other files (INCLUDEPICTURE,
/// INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT). Templates with any of them are refused at upload:
/// the PDF converter must never fetch a URL or read a file a template names.
enum ExternalContent {
    static let fieldNames = ["INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT"]

    /// A short Italian description of the first external reference found, or nil.
    static func firstReference(in entries: [(path: String, data: Data)]) -> String? {
        for entry in entries {
            // Only relationship parts and the document's XML parts can refer outside (images and
            // fonts, often the bulk of a package, are not read).
            let isRelationships = entry.path.hasSuffix(".rels")
            guard isRelationships || (entry.path.hasPrefix("word/") && entry.path.hasSuffix(".xml")) else { continue }
            let text = String(decoding: entry.data, as: UTF8.self)
            if isRelationships {
                for relationship in text.components(separatedBy: "<Relationship").dropFirst()
                where relationship.contains(#"TargetMode="External""#) && !relationship.contains("/relationships/hyperlink\"") {
                    return "un collegamento esterno (\(entry.path))"
                }
            } else if let field = fieldNames.first(where: { includesField($0, in: text) }) {
                return "il campo \(field) (\(entry.path))"
            }
        }
        return nil
    }

    /// Whether a field instruction (`<w:instrText>` or `w:instr="…"`) starts with `name`.
    private static func includesField(_ name: String, in text: String) -> Bool {
        for marker in ["<w:instrText", "w:instr=\""] {
            var rest = Substring(text)
            while let found = rest.range(of: marker) {
                rest = rest[found.upperBound...]
                let start = marker.hasPrefix("<") ? (rest.firstIndex(of: ">").map { rest.index(after: $0) } ?? rest.startIndex) : rest.startIndex
                let instruction = rest[start...].prefix(64).drop { $0 == " " }.uppercased()
                if instruction.hasPrefix(name + " ") || instruction.hasPrefix(name + "\"") || instruction.hasPrefix(name + "<") { return true }
            }
        }
        return false
    }
}
