import Foundation

/// An office's logo (PNG or JPEG), placed where a template says `{{%logo}}`.
public struct LogoImage: Sendable {
    public enum Format: String, Sendable {
        case png, jpeg

        var mediaType: String { "image/\(rawValue)" }
    }

    public let data: Data
    public let format: Format
    /// Pixel size, read from the image header.
    public let width: Int
    public let height: Int

    /// Reads the size from the PNG or JPEG header; nil for anything else or a damaged header.
    public init?(data: Data) {
        let bytes = [UInt8](data.prefix(64 << 10))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count >= 24 {
            func word(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
            format = .png
            width = word(16)
            height = word(20)
        } else if bytes.starts(with: [0xFF, 0xD8]), let size = Self.jpegSize(bytes) {
            format = .jpeg
            (width, height) = size
        } else {
            return nil
        }
        guard width > 0, height > 0, width < 20_000, height < 20_000 else { return nil }
        self.data = data
    }

    /// Walks the JPEG segments to the first start-of-frame marker.
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                return (width, height)
            }
            index += 2 + length
        }
        return nil
    }

    static let relationshipId = "rIdFascicoloLogo"
    var fileName: String { "fascicolo-logo.\(format == .png ? "png" : "jpeg")" }
    var mediaPath: String { "word/media/\(fileName)" }

    /// The inline drawing: 1.8 cm high, as wide as the proportions say, at most 8 cm.
    var drawing: String {
        let emuPerCm = 360_000
        var height = 18 * emuPerCm / 10
        var width = height * self.width / self.height
        if width > 8 * emuPerCm {
            width = 8 * emuPerCm
            height = width * self.height / self.width
        }
        return """
            <w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">\
            <wp:extent cx="\(width)" cy="\(height)"/><wp:docPr id="9001" name="Logo"/>\
            <a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="\(fileName)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="\(Self.relationshipId)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(width)" cy="\(height)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>\
            </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>
            """
    }

    /// The part's relationships with the logo's added (a new file when the part had none).
    func addRelationship(to existing: Data?) -> Data {
        let relationshipId = Self.relationshipId
        let relationship =
            "<Relationship Id=\"\(relationshipId)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/\(fileName)\"/>"
        guard let existing, var text = String(data: existing, encoding: .utf8), let end = text.range(of: "</Relationships>", options: .backwards)
        else {
            return Data(
                ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relationship)</Relationships>").utf8)
        }
        if text.contains("Id=\"\(relationshipId)\"") { return existing }
        text.replaceSubrange(end, with: relationship + "</Relationships>")
        return Data(text.utf8)
    }

    /// `[Content_Types].xml` with an override giving the logo's media type.
    func registerContentType(in types: Data) -> Data {
        guard var text = String(data: types, encoding: .utf8), let end = text.range(of: "</Types>", options: .backwards) else { return types }
        text.replaceSubrange(end, with: "<Override PartName=\"/\(mediaPath)\" ContentType=\"\(format.mediaType)\"/></Types>")
        return Data(text.utf8)
    }
}
