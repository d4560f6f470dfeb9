import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird

extension Response {
    /// An attachment's bytes, streamed from disk, always as a download (never shown inline, so
    /// that no uploaded file runs as a page of this site), with its original name.
    static func download(_ attachment: Attachment, from url: URL, context: AppContext) async throws -> Response {
        let body = try await FileIO().loadFile(path: url.path, context: context)
        return download(body, name: attachment.name, mediaType: attachment.mediaType, size: Int(attachment.size))
    }

    /// Bytes made here (a filled document, a report) as a download named `name`.
    static func download(_ data: Data, name: String, mediaType: String) -> Response {
        download(ResponseBody(byteBuffer: ByteBuffer(bytes: data)), name: name, mediaType: mediaType, size: data.count)
    }

    /// A report as the CSV file Italian Excel opens, named after the report.
    static func reportCSV(_ output: ReportOutput) -> Response {
        download(Data(ReportRenderer.csv(output).utf8), name: "\(output.name).csv", mediaType: "text/csv; charset=utf-8")
    }

    private static func download(_ body: ResponseBody, name: String, mediaType: String, size: Int) -> Response {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        // RFC 5987 `attr-char`: letters, digits and !#$&+-.^_`|~ stay as they are.
        let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? ascii
        return Response(
            status: .ok,
            headers: [
                .contentType: mediaType,
                .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
                .contentLength: String(size),
                .cacheControl: "private, no-store",
            ], body: body)
    }
}
