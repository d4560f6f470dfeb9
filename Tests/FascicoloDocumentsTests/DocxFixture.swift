import Foundation
import ZIPFoundation

/// Builds small `.docx` packages from WordprocessingML bodies and reads documents back, so that
/// the tests exercise the same zip and XML paths as a file saved by Word.
enum DocxFixture {
    static let namespaces =
        "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    /// A package whose body is `body` (paragraphs and tables) and, optionally, a header.
    static func make(body: String, header: String? = nil) throws -> Data {
        var files: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\(header == nil ? "" : "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>")</Types>
                """
            ),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """
            ),
            (
                "word/document.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document \(namespaces)><w:body>\(body)<w:sectPr>\(header == nil ? "" : "<w:headerReference w:type=\"default\" r:id=\"rIdH\"/>")</w:sectPr></w:body></w:document>
                """
            ),
        ]
        if let header {
            files.append(("word/header1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:hdr \(namespaces)>\(header)</w:hdr>"))
            files.append(
                (
                    "word/_rels/document.xml.rels",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>
                    """
                ))
        }
        let archive = try Archive(accessMode: .create)
        for (path, text) in files {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A paragraph of runs, each run's text as given (so a placeholder can be split across runs).
    static func paragraph(_ runs: String...) -> String {
        "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr>" + runs.map { "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">\($0)</w:t></w:r>" }.joined()
            + "</w:p>"
    }

    /// A table row with one paragraph per cell.
    static func row(_ cells: String...) -> String {
        "<w:tr>" + cells.map { "<w:tc>\(paragraph($0))</w:tc>" }.joined() + "</w:tr>"
    }

    /// One entry of a package, as text.
    static func part(_ path: String, of docx: Data) throws -> String {
        let archive = try Archive(data: docx, accessMode: .read)
        guard let entry = archive[path] else { return "" }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of each paragraph of a part, in order (tables included), tags stripped.
    static func paragraphs(_ path: String = "word/document.xml", of docx: Data) throws -> [String] {
        let xml = try part(path, of: docx)
        return xml.components(separatedBy: "</w:p>").dropLast().map { chunk in
            var text = ""
            var rest = Substring(chunk)
            while let open = rest.range(of: "<w:t") {
                guard rest[open.upperBound] == ">" || rest[open.upperBound] == " " else {
                    rest = rest[open.upperBound...]
                    continue
                }
                guard let close = rest[open.upperBound...].range(of: ">"), let end = rest[close.upperBound...].range(of: "</w:t>") else { break }
                text += rest[close.upperBound..<end.lowerBound]
                rest = rest[end.upperBound...]
            }
            return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
                of: "&gt;", with: ">")
        }
    }
}
