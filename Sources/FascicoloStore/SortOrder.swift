import GRDB

/// The order of `ORDER BY key IS NULL, key <direction>, id <ties>` computed in Swift, with
/// SQLite's rules for the values the index tables hold: integers by value, before text; text by
/// bytes (the BINARY collation).
struct SortOrder {
    struct Entry {
        let id: Int64
        let key: DatabaseValue
    }

    let descending: Bool
    /// The direction of ids among equal keys (and among pratiche without a key).
    let tiesDescending: Bool

    init(descending: Bool, tiesDescending: Bool? = nil) {
        self.descending = descending
        self.tiesDescending = tiesDescending ?? descending
    }

    func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.key.isNull != b.key.isNull { return b.key.isNull }
        if !a.key.isNull {
            let comparison = Self.compare(a.key, b.key)
            if comparison != 0 { return descending ? comparison > 0 : comparison < 0 }
        }
        return tiesDescending ? a.id > b.id : a.id < b.id
    }

    /// -1, 0 or 1, as SQLite compares two non-null values.
    static func compare(_ a: DatabaseValue, _ b: DatabaseValue) -> Int {
        switch (a.storage, b.storage) {
        case (.int64(let x), .int64(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        default: return rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0
        }
    }

    /// SQLite's order between storage classes: numbers, then text, then blobs.
    private static func rank(_ value: DatabaseValue) -> Int {
        switch value.storage {
        case .null: return 0
        case .int64, .double: return 1
        case .string: return 2
        case .blob: return 3
        }
    }
}
