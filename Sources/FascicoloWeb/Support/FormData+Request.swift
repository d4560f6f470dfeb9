import FascicoloCore
import Hummingbird

extension FormData {
    /// Reads and parses a form body (at most `context.maxUploadSize` bytes).
    static func read(from request: inout Request, context: AppContext) async throws -> FormData {
        guard [nil, "application/x-www-form-urlencoded"].contains(request.mediaType) else {
            throw WebError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try FormData(parsing: Substring(String(decoding: buffer.readableBytesView, as: UTF8.self)))
        } catch {
            throw WebError.badRequest(Wording.tooManyFormFields)
        }
    }
}

extension Request {
    /// The query string as form data.
    var query: FormData {
        (try? FormData(parsing: Substring(uri.query ?? ""))) ?? FormData()
    }
}
