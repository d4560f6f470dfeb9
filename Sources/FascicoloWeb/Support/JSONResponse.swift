import FascicoloCore
import Hummingbird

extension Response {
    /// A JSON response written by Fascicolo's own writer (numbers stay exact literals).
    static func json(_ document: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: document.compact)))
    }
}

extension Request {
    /// The JSON body of an API call: at most 1 MB, `application/json`, parsed exactly.
    mutating func jsonBody(context: AppContext) async throws -> JSON {
        guard mediaType == "application/json" else { throw WebError.unsupportedMediaType(expected: "application/json") }
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw WebError.badRequest("il corpo della richiesta non è UTF-8 valido")
        }
        return try JSONParser.parse(text)
    }
}
