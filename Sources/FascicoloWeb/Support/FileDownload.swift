import FascicoloEngine
import Foundation
import Hummingbird

extension Response {
    /// An attachment's bytes, streamed from disk, always as a download (never shown inline, so
    /// that no uploaded file runs as a page of this site), with its original name.
    static func download(_ attachment: Attachment, from url: URL, context: AppContext) async throws -> Response {
        let body = try await FileIO().loadFile(path: url.path, context: context)
        let ascii = String(attachment.name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        // RFC 5987 `attr-char`: letters, digits and !#$&+-.^_`|~ stay as they are.
        let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let encoded = attachment.name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? ascii
        return Response(status: .ok, headers: [
            .contentType: attachment.mediaType,
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .contentLength: String(attachment.size),
            .cacheControl: "private, no-store",
        ], body: body)
    }
}
