import Foundation
import Hummingbird

extension Request {
    /// The body's media type without parameters, lower-cased (`application/json` for
    /// `Application/JSON; charset=utf-8`); nil when the request names none.
    var mediaType: String? {
        guard let header = headers[.contentType] else { return nil }
        return header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
