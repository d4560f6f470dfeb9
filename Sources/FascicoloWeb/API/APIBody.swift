import FascicoloCore
import Hummingbird

/// A JSON request body that must be an object with known keys, read with typed accessors whose
/// errors name the offending key (never its value).
struct APIBody {
    let pairs: [(String, JSON)]

    init(_ json: JSON, allowed: Set<String>) throws {
        guard let pairs = json.objectValue else { throw WebError.badRequest("il corpo deve essere un oggetto JSON") }
        try Self.rejectDuplicates(pairs)
        if let unknown = pairs.first(where: { !allowed.contains($0.0) }) {
            throw WebError.badRequest("campo sconosciuto nel corpo della richiesta", field: FieldIssue.safeName(unknown.0))
        }
        self.pairs = pairs
    }

    private static func rejectDuplicates(_ pairs: [(String, JSON)]) throws {
        var seen: Set<String> = []
        for (key, value) in pairs {
            guard seen.insert(key).inserted else {
                throw WebError.badRequest("chiave ripetuta nel corpo della richiesta", field: FieldIssue.safeName(key))
            }
            switch value {
            case .object(let nested): try rejectDuplicates(nested)
            case .array(let items): for case .object(let nested) in items { try rejectDuplicates(nested) }
            default: break
            }
        }
    }

    static func read(_ request: inout Request, context: AppContext, allowed: Set<String>) async throws -> APIBody {
        try APIBody(try await request.jsonBody(context: context), allowed: allowed)
    }

    subscript(_ key: String) -> JSON? { pairs.first { $0.0 == key }?.1 }

    func string(_ key: String, required: Bool = false) throws -> String? {
        switch self[key] {
        case nil, .null?:
            if required { throw WebError.badRequest(Wording.required, field: key) }
            return nil
        case .string(let text)?: return text
        default: throw WebError.badRequest("atteso un testo", field: key)
        }
    }

    /// The text of a number given as a JSON number or a string (`"1.234,56"`, `1234.56`), exactly
    /// as written: the caller parses it for its kind (amount, percentage).
    func numeral(_ key: String, required: Bool = false) throws -> String? {
        switch self[key] {
        case .string(let value)?, .number(let value)?: return value
        case nil, .null?:
            if required { throw WebError.badRequest(Wording.required, field: key) }
            return nil
        default: throw WebError.badRequest("atteso un numero", field: key)
        }
    }

    func integer(_ key: String, required: Bool = false) throws -> Int64? {
        switch self[key] {
        case nil, .null?:
            if required { throw WebError.badRequest(Wording.required, field: key) }
            return nil
        case .number(let text)?:
            guard let number = Int64(text) else { throw WebError.badRequest(Wording.integerExpected, field: key) }
            return number
        default: throw WebError.badRequest(Wording.integerExpected, field: key)
        }
    }

    /// A boolean; absent or null is false unless `required`.
    func bool(_ key: String, required: Bool = false) throws -> Bool {
        switch self[key] {
        case nil, .null?:
            if required { throw WebError.badRequest(Wording.required, field: key) }
            return false
        case .bool(let flag)?: return flag
        default: throw WebError.badRequest("atteso true o false", field: key)
        }
    }

    func object(_ key: String, required: Bool = false) throws -> [(String, JSON)]? {
        switch self[key] {
        case nil, .null?:
            if required { throw WebError.badRequest(Wording.required, field: key) }
            return nil
        case .object(let pairs)?: return pairs
        default: throw WebError.badRequest("atteso un oggetto", field: key)
        }
    }
}

extension FormData {
    /// A positive integer query parameter, or a 400 naming it (given empty too: `?pagina=`).
    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard self[name] != nil else { return fallback }
        guard let text = self.text(name) else { throw WebError.badRequest(Wording.invalidNumber, field: name) }
        guard let number = Int(text), number > 0 else { throw WebError.badRequest(Wording.invalidNumber, field: name) }
        return number
    }
}
