import Foundation

/// What an uploaded file is, judged from its name and its first bytes, never from what the client
/// claims alone: a file whose content contradicts its extension is refused.
struct FileKind: Sendable, Equatable {
    let mediaType: String
    /// The signatures the content must start with (any one); empty for text-like formats.
    let signatures: [[UInt8]]

    /// How many leading bytes are kept to check signatures.
    static let sniffLength = 16

    private static let pdf = FileKind(mediaType: "application/pdf", signatures: [Array("%PDF-".utf8)])
    private static let zip: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04]]
    private static let ole: [[UInt8]] = [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]]

    /// The accepted extensions: the documents an OCC exchanges (PDF, signed PDF, office files,
    /// images, text, e-mail).
    static let byExtension: [String: FileKind] = [
        "pdf": pdf,
        "p7m": FileKind(mediaType: "application/pkcs7-mime", signatures: [[0x30], Array("MII".utf8)]),
        "docx": FileKind(mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", signatures: zip),
        "xlsx": FileKind(mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", signatures: zip),
        "odt": FileKind(mediaType: "application/vnd.oasis.opendocument.text", signatures: zip),
        "ods": FileKind(mediaType: "application/vnd.oasis.opendocument.spreadsheet", signatures: zip),
        "zip": FileKind(mediaType: "application/zip", signatures: zip),
        "doc": FileKind(mediaType: "application/msword", signatures: ole),
        "xls": FileKind(mediaType: "application/vnd.ms-excel", signatures: ole),
        "png": FileKind(mediaType: "image/png", signatures: [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]),
        "jpg": FileKind(mediaType: "image/jpeg", signatures: [[0xFF, 0xD8, 0xFF]]),
        "jpeg": FileKind(mediaType: "image/jpeg", signatures: [[0xFF, 0xD8, 0xFF]]),
        "tif": FileKind(mediaType: "image/tiff", signatures: [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
        "tiff": FileKind(mediaType: "image/tiff", signatures: [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]]),
        "txt": FileKind(mediaType: "text/plain", signatures: []),
        "csv": FileKind(mediaType: "text/csv", signatures: []),
        "xml": FileKind(mediaType: "application/xml", signatures: []),
        "eml": FileKind(mediaType: "message/rfc822", signatures: []),
    ]

    /// The accepted extensions, for messages.
    static var acceptedList: String { byExtension.keys.sorted().joined(separator: ", ") }

    /// The kind for a file name, when its extension is accepted.
    static func of(name: String) -> FileKind? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return byExtension[name[name.index(after: dot)...].lowercased()]
    }

    /// Whether the first bytes match the kind. Text formats must not contain NUL bytes.
    func matches(head: Data) -> Bool {
        if signatures.isEmpty { return !head.contains(0) }
        return signatures.contains { head.starts(with: $0) }
    }

    /// Whether what the client claimed is compatible (browsers send `application/octet-stream`
    /// for types they do not know, and nothing at all sometimes).
    func accepts(claimed: String?) -> Bool {
        guard let claimed = claimed?.lowercased(), !claimed.isEmpty, claimed != "application/octet-stream" else { return true }
        if claimed == mediaType { return true }
        let aliases: [String: Set<String>] = [
            "application/pkcs7-mime": ["application/x-pkcs7-mime", "application/pkcs7-signature"],
            "application/zip": ["application/x-zip-compressed"],
            "text/csv": ["text/plain", "application/vnd.ms-excel"],
            "application/xml": ["text/xml"],
            "image/jpeg": ["image/pjpeg"],
        ]
        return aliases[mediaType]?.contains(claimed) ?? false
    }

    /// A file name safe to keep and to send back: the last path component, without control
    /// characters or quotes, at most 200 characters; nil when nothing usable is left.
    static func cleanName(_ raw: String) -> String? {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }))
            .trimmingCharacters(in: .whitespaces)
        guard !kept.isEmpty, kept != ".", kept != "..", !kept.hasPrefix(".") else { return nil }
        return String(kept.suffix(200))
    }
}
