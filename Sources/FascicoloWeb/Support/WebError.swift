import FascicoloCore
import Hummingbird

/// Errors of the HTTP layer itself (the engine's errors are `FascicoloError`). Both are turned
/// into responses by `ErrorMiddleware`, as a JSON error for the API and a page for browsers.
enum WebError: Error, Sendable {
    case unauthenticated
    case forbidden(String)
    case badRequest(String, field: String? = nil)
    /// The body is not of the media type the route reads (`application/json`, a form, `multipart/form-data`).
    case unsupportedMediaType(expected: String)
    case payloadTooLarge(String)
    case notFound
    /// Too many failed attempts from this client (wrong API tokens): 429.
    case tooManyAttempts

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated: return .unauthorized
        case .forbidden: return .forbidden
        case .badRequest: return .badRequest
        case .unsupportedMediaType: return .unsupportedMediaType
        case .payloadTooLarge: return .contentTooLarge
        case .notFound: return .notFound
        case .tooManyAttempts: return .tooManyRequests
        }
    }

    var message: String {
        switch self {
        case .unauthenticated: return "autenticazione richiesta: accedere o inviare un token valido"
        case .forbidden(let reason), .payloadTooLarge(let reason): return reason
        case .badRequest(let reason, _): return reason
        case .unsupportedMediaType(let expected): return "tipo di contenuto non supportato: inviare Content-Type: \(expected)"
        case .notFound: return Wording.pageNotFound
        case .tooManyAttempts: return "troppi tentativi non riusciti da questo indirizzo: riprovare tra 15 minuti"
        }
    }
}

/// What a client is told about a failure: a status, an Italian message without personal data,
/// and the field it concerns when there is one.
struct ErrorReport: Sendable {
    let status: HTTPResponse.Status
    let message: String
    let field: String?
    let issues: [FieldIssue]

    init(status: HTTPResponse.Status, message: String, field: String? = nil, issues: [FieldIssue] = []) {
        self.status = status
        self.message = message
        self.field = field
        self.issues = issues
    }

    /// Classifies any error. Unknown errors become a 500 whose details only go to the log.
    init(_ error: any Error) {
        switch error {
        case let error as WebError:
            var field: String?
            if case .badRequest(_, let name) = error { field = name }
            self.init(status: error.status, message: error.message, field: field)
        case let error as FascicoloError:
            self.init(error)
        case let error as JSONParser.Failure:
            self.init(status: .badRequest, message: error.description)
        case let error as any HTTPResponseError:
            self.init(status: error.status, message: Self.message(for: error.status))
        default:
            self.init(status: .internalServerError, message: Wording.internalError)
        }
    }

    private init(_ error: FascicoloError) {
        switch error {
        case .validation(let issues):
            let status: HTTPResponse.Status = issues.allSatisfy(\.conflictsWithStoredData) ? .conflict : .unprocessableContent
            self.init(status: status, message: error.description, field: issues.first?.field, issues: issues)
        case .notFound: self.init(status: .notFound, message: error.description)
        case .conflict: self.init(status: .conflict, message: error.description)
        case .transitionNotAllowed: self.init(status: .conflict, message: error.description, field: "stato")
        case .protocolTaken: self.init(status: .conflict, message: error.description, field: "protocollo")
        case .invalidRequest: self.init(status: .badRequest, message: error.description)
        case .plugin: self.init(status: .internalServerError, message: error.description)
        case .forbidden: self.init(status: .forbidden, message: error.description)
        case .unavailable, .busy: self.init(status: .serviceUnavailable, message: error.description)
        case .timedOut: self.init(status: .gatewayTimeout, message: error.description)
        case .tooManyAttempts: self.init(status: .tooManyRequests, message: error.description)
        }
    }

    private static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: return Wording.pageNotFound
        case 405: return "metodo non consentito"
        case 413: return "richiesta troppo grande (massimo 1 MB)"
        case 400..<500: return "richiesta non valida"
        default: return Wording.internalError
        }
    }

    /// Seconds the client should wait before trying again (for a busy server).
    var retryAfter: Int? { status == .serviceUnavailable ? 2 : nil }

    var json: JSON {
        var error: [(String, JSON)] = [("message", .string(message)), ("field", field.map(JSON.string) ?? .null)]
        if issues.count > 1 {
            error.append(("issues", .array(issues.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })))
        }
        return .object([("error", .object(error))])
    }
}
