import FascicoloCore
import FascicoloStore

/// An account: an OCC or a professional, identified for sharing by a 6-digit code.
public struct Account: Sendable, Hashable {
    public let id: Int64
    public let code: String
    public let name: String
    /// `occ` or `professionista`.
    public let kind: String
}

extension Engine {
    /// Creates an account with a new random 6-digit code (or `code`, when given and free).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func createAccount(name: String, kind: String = "occ", code: String? = nil) throws -> Account {
        guard ["occ", "professionista"].contains(kind) else {
            throw FascicoloError.validation([FieldIssue(field: "tipo", message: "tipo di account non valido: occ o professionista")])
        }
        guard !name.trimmingWhitespace().isEmpty else {
            throw FascicoloError.validation([FieldIssue(field: "nome", message: Wording.required)])
        }
        if let code, code.count != 6 || !code.allSatisfy(\.isASCIIDigit) {
            throw FascicoloError.validation([FieldIssue(field: "codice", message: Wording.accountCodeDigits)])
        }
        return try writing { writer in
            let taken = Set(try writer.reader.accounts().map(\.code))
            let chosen = code ?? Self.freshCode(avoiding: taken)
            let row = AccountRow(code: chosen, name: name.trimmingWhitespace(), kind: kind)
            let id = try writer.insertAccount(row, at: LocalClock.timestamp())
            return Account(id: id, code: chosen, name: row.name, kind: kind)
        }
    }

    /// Every account, oldest first.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func accounts() throws -> [Account] {
        try reading { try $0.accounts().map(Self.makeAccount) }
    }

    /// The account with this id, or nil.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func account(id: Int64) throws -> Account? {
        try reading { try $0.account(id: id).map(Self.makeAccount) }
    }

    private static func makeAccount(_ row: AccountRow) -> Account {
        Account(id: row.id, code: row.code, name: row.name, kind: row.kind)
    }

    private static func freshCode(avoiding taken: Set<String>) -> String {
        while true {
            let code = String(Int.random(in: 100_000...999_999))
            if !taken.contains(code) { return code }
        }
    }
}
