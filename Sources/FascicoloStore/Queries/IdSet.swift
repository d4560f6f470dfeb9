import GRDB
import GRDBSQLite

/// A set of pratica ids as one bit per id: building it from an index range costs one step of
/// SQLite per entry, intersecting two costs a word per 64 ids, and counting it is exact.
struct IdSet {
    private(set) var words: [UInt64]

    /// An empty set for ids up to `maximum`.
    init(maximum: Int64) { words = Array(repeating: 0, count: Int(maximum / 64) + 1) }

    mutating func insert(_ id: Int64) {
        guard id >= 0, Int(id / 64) < words.count else { return }
        words[Int(id / 64)] |= 1 << UInt64(id % 64)
    }

    func contains(_ id: Int64) -> Bool {
        guard id >= 0, Int(id / 64) < words.count else { return false }
        return words[Int(id / 64)] & (1 << UInt64(id % 64)) != 0
    }

    mutating func remove(_ id: Int64) {
        guard id >= 0, Int(id / 64) < words.count else { return }
        words[Int(id / 64)] &= ~(1 << UInt64(id % 64))
    }

    /// Keeps only the ids `other` holds too.
    mutating func formIntersection(_ other: IdSet) {
        for index in words.indices { words[index] &= index < other.words.count ? other.words[index] : 0 }
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The ids in descending (or ascending) order, calling `body` until it returns false.
    func forEach(descending: Bool, _ body: (Int64) -> Bool) {
        let indices = descending ? Array(words.indices.reversed()) : Array(words.indices)
        for index in indices where words[index] != 0 {
            var word = words[index]
            while word != 0 {
                let bit = descending ? 63 - word.leadingZeroBitCount : word.trailingZeroBitCount
                if !body(Int64(index) * 64 + Int64(bit)) { return }
                word &= ~(1 << UInt64(bit))
            }
        }
    }

    /// Every id `sql` yields in its first column (an index range, read straight from SQLite).
    static func scan(_ db: Database, _ fragment: Fragment, maximum: Int64) throws -> IdSet {
        var set = IdSet(maximum: maximum)
        try RawRows.each(db, fragment) { statement in
            set.insert(sqlite3_column_int64(statement, 0))
            return true
        }
        return set
    }
}

/// Steps a statement with SQLite's C API, for loops over many rows where building a row value
/// per step would cost more than the step itself.
enum RawRows {
    /// Calls `body` with the statement on each row until it returns false or the rows end. An
    /// interrupted statement (its budget ran out) throws as GRDB would.
    static func each(_ db: Database, _ fragment: Fragment, _ body: (OpaquePointer) throws -> Bool) throws {
        let statement = try db.makeStatement(sql: fragment.sql)
        try statement.setArguments(fragment.arguments)
        let raw = statement.sqliteStatement
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                sqlite3_reset(raw)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "list query failed")
            }
            if try !body(raw) {
                sqlite3_reset(raw)
                return
            }
        }
    }
}
