import GRDB
import GRDBSQLite

/// A page of a list, and its exact count, with a cost bounded by construction whatever the data
/// and whether SQLite has statistics (every statement names its index; no estimate is a guess):
///
/// - Without filters, or with states only, the count comes from the per-state tallies and the page
///   from the sort key's index.
/// - Each filter is one index range inside the caller's scope. Each range is counted up to
///   `ListLimits.drive`. When the smallest is that small, the list is driven from it: its ids,
///   checked against the other filters by primary key, give every match, counted by SQLite; the
///   page is sorted by SQLite (top-N) or walked in order, whichever reads less.
/// - One broad filter: its range counted by SQLite, the page read from the range in order (when
///   sorted by that field), walked, or sorted by SQLite.
/// - Several broad filters: intersected as id sets (`intersect`): cost bounded by the ranges read.
///
/// The pratiche shared with the accounts are few compared with their own: they are read from the
/// share table and checked against every filter, then merged into the page.
/// The bounds of `ListPlanner` (the defaults suit any archive; tests shrink them to reach every path).
public struct ListLimits: Sendable {
    /// A filter range this small or smaller drives the list (its matches are all read).
    public var drive: Int
    /// The most pratiche a walk examines before it drives from the smallest range instead.
    public var walk: Int

    public init(drive: Int = 20_000, walk: Int = 40_000) {
        self.drive = drive
        self.walk = walk
    }
}

struct ListPlanner {
    let query: PraticaQuery
    let db: Database

    private var limits: ListLimits { query.limits }

    private var scope: ListScope { ListScope(query) }
    private var sort: ListSort { ListSort(sort: query.sort, scope: scope) }
    private var needed: Int { query.offset + query.limit }

    /// Matches of one part of the list (owned or shared): the first `needed` in the list's order,
    /// and how many there are.
    private struct Matches {
        var entries: [SortOrder.Entry]
        var total: Int
    }

    func run() throws -> PraticaPage {
        var matches = try owned()
        if !query.sharedWith.isEmpty {
            let shared = try self.shared()
            let order = sort.order
            matches.entries = (matches.entries + shared.entries).sorted(by: order.precedes)
            matches.total += shared.total
        }
        let ids = matches.entries.dropFirst(query.offset).prefix(query.limit).map(\.id)
        return PraticaPage(rows: try rows(ids), total: matches.total)
    }

    // MARK: Owned pratiche

    private func owned() throws -> Matches {
        let filters = ListPredicates(query).all() + (yearsPredicate.map { [$0] } ?? [])
        if filters.isEmpty {
            let total = try tally()
            return Matches(entries: try walk(probes: { _ in [] }, stopAt: needed).entries, total: total)
        }
        // Each range is counted up to a small bound first: when a filter is that selective (the
        // usual case), no count reads far into the broad ones; only when none is, up to `drive`.
        let firstBound = min(Self.firstCountBound, limits.drive)
        var sizes = try filters.map { try boundedCount($0.driver, upTo: firstBound) }
        if !sizes.contains(where: { $0 <= firstBound }) { sizes = try filters.map { try boundedCount($0.driver) } }
        var drivers = filters.indices.map { (index: $0, predicate: filters[$0], size: sizes[$0]) }
        // The states can drive too: their count is the tallies', exact and free.
        if let states = statesPredicate { drivers.append((index: -1, predicate: states, size: try tally())) }
        let smallest = drivers.min { $0.size < $1.size }!
        let others = filters.indices.filter { $0 != smallest.index }.map { filters[$0] }
        if smallest.size <= limits.drive { return try drive(from: smallest.predicate, checking: others) }
        // Every filter is broad (more than `drive` entries).
        if filters.count == 1 { return try broad(filters[0]) }
        return try intersect(filters)
    }

    /// Several broad filters: the smallest range read into an id set, each other range either read
    /// and intersected or probed for the set's members (whichever reads less), counted exactly;
    /// the page then walks the order checking the set, or sorts the set's members by their keys
    /// (whichever reads less). Cost: the ranges read, bounded by the archive's size.
    private func intersect(_ filters: [ListPredicate]) throws -> Matches {
        let set = try intersection(filters)
        return Matches(entries: try page(of: set), total: set.count)
    }

    /// The pratiche every predicate selects, as an id set: the smallest range read, each other
    /// range read and intersected or probed for the set's members, whichever reads less.
    private func intersection(_ predicates: [ListPredicate]) throws -> IdSet {
        let maximum = try maximumId()
        let sized = try predicates.map { (predicate: $0, size: try boundedCount($0.driver, upTo: Self.estimateLimit)) }.sorted { $0.size < $1.size }
        var set = try IdSet.scan(db, sized[0].predicate.driver, maximum: maximum)
        for next in sized.dropFirst() {
            let scanSteps = next.size > Self.estimateLimit ? Int(maximum) : next.size
            if scanSteps <= set.count * Self.stepsPerProbe {
                set.formIntersection(try IdSet.scan(db, next.predicate.driver, maximum: maximum))
            } else {
                try probe(&set, with: next.predicate)
            }
        }
        return set
    }

    /// Every match, owned and shared, in ascending id order, for reports (which read them all):
    /// the ranges of the filters (or of the scope, without filters) intersected as id sets, so
    /// the cost follows the ranges read, never a probe per pratica of the archive.
    func allIds() throws -> [Int64] {
        var predicates = ListPredicates(query).all() + (yearsPredicate.map { [$0] } ?? [])
        if predicates.isEmpty { predicates.append(statesPredicate ?? scopePredicate) }
        let set = try intersection(predicates)
        var ids: [Int64] = []
        set.forEach(descending: false) { id in
            ids.append(id)
            return true
        }
        if !query.sharedWith.isEmpty {
            let owned = Set(ids)
            ids += try shared().entries.map(\.id).filter { !owned.contains($0) }
            ids.sort()
        }
        return ids
    }

    /// How many index steps one probe by primary key costs, roughly (measured: a probe 1.5–2 µs, a
    /// step of a range read 60–100 ns).
    static let stepsPerProbe = 20
    /// Broad ranges are counted up to this many entries to order them.
    static let estimateLimit = 200_000
    /// Filter ranges are first counted up to this many entries (see `owned`).
    static let firstCountBound = 1_000

    /// Removes from `set` the ids that fail `predicate`, one probe each.
    private func probe(_ set: inout IdSet, with predicate: ListPredicate) throws {
        let check = predicate.probe("t.id")
        let statement = try db.makeStatement(sql: "SELECT \(check.sql) FROM (SELECT ? AS id) t")
        var members: [Int64] = []
        set.forEach(descending: true) { id in
            members.append(id)
            return true
        }
        for id in members {
            try statement.setArguments(check.arguments + [id])
            if try Int.fetchOne(statement) != 1 { set.remove(id) }
        }
    }

    /// The first `needed` members of `set` in the list's order.
    private func page(of set: IdSet) throws -> [SortOrder.Entry] {
        if query.sort.key == .created {
            var entries: [SortOrder.Entry] = []
            set.forEach(descending: query.sort.descending) { id in
                entries.append(SortOrder.Entry(id: id, key: id.databaseValue))
                return entries.count < needed
            }
            return entries
        }
        let total = set.count
        let scopeSize = max(try tally(), total)
        let walkSteps = needed * scopeSize / max(total, 1)
        if walkSteps < total * Self.stepsPerProbe {
            var entries: [SortOrder.Entry] = []
            for stream in sort.streams(check: { _ in [] }) {
                try RawRows.each(db, stream) { row in
                    let id = sqlite3_column_int64(row, 0)
                    if sqlite3_column_int64(row, 2) == 1, set.contains(id) {
                        entries.append(SortOrder.Entry(id: id, key: Self.value(row, 1)))
                    }
                    return entries.count < needed
                }
                if entries.count >= needed { break }
            }
            return entries
        }
        let key = sort.key(of: "t.id")
        let statement = try db.makeStatement(sql: "SELECT \(key.expression) FROM (SELECT ? AS id) t \(key.join.sql)")
        var entries: [SortOrder.Entry] = []
        var failure: (any Error)?
        set.forEach(descending: true) { id in
            do {
                try statement.setArguments([id] + key.join.arguments)
                entries.append(SortOrder.Entry(id: id, key: try DatabaseValue.fetchOne(statement) ?? .null))
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return Array(entries.sorted(by: sort.order.precedes).prefix(needed))
    }

    /// Column `index` of the row as a database value.
    private static func value(_ row: OpaquePointer, _ index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(row, index) {
        case SQLITE_INTEGER: return sqlite3_column_int64(row, index).databaseValue
        case SQLITE_TEXT: return String(cString: sqlite3_column_text(row, index)).databaseValue
        case SQLITE_FLOAT: return sqlite3_column_double(row, index).databaseValue
        default: return .null
        }
    }

    /// The years as a filter: the pratiche of the scope in those years, from the year index.
    private var yearsPredicate: ListPredicate? {
        guard let years = scope.years("c") else { return nil }
        let scoped = Fragment.all([scope.columns("c"), years])
        return ListPredicate(
            driver: Fragment("SELECT c.id AS id FROM pratica c INDEXED BY pratica_by_year WHERE \(scoped.sql)", scoped.arguments), unique: true,
            probe: { scope.yearProbe(on: $0)! })
    }

    /// The whole scope as a driver: the pratiche of its accounts (and types), by id.
    private var scopePredicate: ListPredicate {
        let scoped = scope.columns("c")
        let index = scope.types.isEmpty ? "pratica_by_account" : "pratica_by_type"
        return ListPredicate(
            driver: Fragment("SELECT c.id AS id FROM pratica c INDEXED BY \(index) WHERE \(scoped.sql)", scoped.arguments), unique: true,
            probe: { _ in Fragment("1") })
    }

    /// The states as a driver: the pratiche of the scope in those states, from the state index.
    /// (As a check they need no probe: every other driver and every walk checks the states.)
    private var statesPredicate: ListPredicate? {
        guard !scope.states.isEmpty else { return nil }
        let scoped = scope.columns("c")
        return ListPredicate(
            driver: Fragment("SELECT c.id AS id FROM pratica c INDEXED BY pratica_by_state WHERE \(scoped.sql)", scoped.arguments), unique: true,
            probe: { _ in Fragment("1") })
    }

    /// One broad filter alone: its range counted exactly by SQLite (index entries only), and the
    /// page read in order from the range itself when the list is sorted by the filtered field,
    /// else by a walk of the order, else sorted by SQLite from the range (a top-N sort).
    private func broad(_ predicate: ListPredicate) throws -> Matches {
        let candidates = predicate.unique ? predicate.driver.sql : "SELECT DISTINCT id FROM (\(predicate.driver.sql))"
        let size = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM (\(candidates))"), arguments: predicate.driver.arguments) ?? 0
        if let range = predicate.range, range.field == sort.field {
            let scoped = Fragment.all([scope.columns("x"), range.condition])
            let direction = query.sort.descending ? "DESC" : "ASC"
            let sql = """
                SELECT x.pratica_id, x.\(range.column) FROM \(range.table) x INDEXED BY \(range.table)_by_field
                WHERE \(scoped.sql) AND x.row = 0 ORDER BY x.\(range.column) \(direction), x.pratica_id \(direction) LIMIT ?
                """
            let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: scoped.arguments + [needed])
                .map { SortOrder.Entry(id: $0[0], key: $0[1]) }
            return Matches(entries: entries, total: size)
        }
        let walked = try walk(probes: { [predicate.probe($0)] }, stopAt: needed, examining: limits.walk / 4)
        if walked.complete || walked.entries.count >= needed { return Matches(entries: walked.entries, total: size) }
        let key = sort.key(of: "d.id")
        let sql = """
            SELECT d.id, \(key.expression) FROM (\(predicate.unique ? "" : "SELECT DISTINCT id FROM (")\(predicate.driver.sql)\(predicate.unique ? "" : ")")) d
            \(key.join.sql) \(sort.orderBy(key: key.expression, id: "d.id")) LIMIT ?
            """
        let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: predicate.driver.arguments + key.join.arguments + [needed])
            .map { SortOrder.Entry(id: $0[0], key: $0[1]) }
        return Matches(entries: entries, total: size)
    }

    /// How many entries an index range has, counting no further than `limit` (by default just
    /// past `drive`).
    private func boundedCount(_ driver: Fragment, upTo limit: Int? = nil) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM (\(driver.sql) LIMIT \((limit ?? limits.drive) + 1))"), arguments: driver.arguments) ?? 0
    }

    /// The largest pratica id (the size of an id set).
    private func maximumId() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM pratica")) ?? 0
    }

    /// The scope's total from the per-state tallies (no filter reads any pratica).
    private func tally() throws -> Int {
        let scoped = scope.columns("t")
        return try Int.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(sum(t.n), 0) FROM pratica_tally t WHERE \(scoped.sql)"), arguments: scoped.arguments)
            ?? 0
    }

    /// Every match, from one predicate's range checked against the others: counted exactly (the
    /// candidates come from the range's index, already inside the scope; the checks read index
    /// entries by primary key, never the pratica rows), and the first `needed` in order. The
    /// page is sorted by SQLite (a top-N sort) when the key is free — the id, or the driving
    /// field itself — and otherwise read by walking the order when the matches are dense enough
    /// that the walk reads fewer entries than looking up every candidate's key would.
    private func drive(from driver: ListPredicate, checking predicates: [ListPredicate]) throws -> Matches {
        let condition = Fragment.all(predicates.map { $0.probe("d.id") })
        let keyedByDriver = driver.range.map { $0.field == sort.field } ?? false
        let candidates = Self.candidates(driver, keyed: keyedByDriver)
        if !keyedByDriver {
            // The matches are read once, as an id set (exact count), and the page is taken from
            // the set: by walking the order or by looking up the members' keys.
            let maximum = try maximumId()
            let matches = Fragment("SELECT d.id FROM (\(candidates.sql)) d WHERE \(condition.sql)", candidates.arguments + condition.arguments)
            let set = try IdSet.scan(db, matches, maximum: maximum)
            return Matches(entries: try page(of: set), total: set.count)
        }
        // Sorted by the driving field itself: its index entries carry the key; SQLite counts, then
        // takes the first `needed` (a top-N sort).
        let total =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (\(candidates.sql)) d WHERE \(condition.sql)"),
                arguments: candidates.arguments + condition.arguments) ?? 0
        let sql = """
            SELECT d.id, d.key FROM (\(candidates.sql)) d WHERE \(condition.sql)
            \(sort.orderBy(key: "d.key", id: "d.id")) LIMIT ?
            """
        let arguments = candidates.arguments + condition.arguments + [needed]
        let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { SortOrder.Entry(id: $0[0], key: $0[1]) }
        return Matches(entries: entries, total: total)
    }

    /// The driver's ids (once each), with the driving field's value as `key` when `keyed`.
    private static func candidates(_ driver: ListPredicate, keyed: Bool) -> Fragment {
        if keyed, let range = driver.range {
            let keyedSQL = driver.driver.sql.replacingOccurrences(
                of: "SELECT x.pratica_id AS id FROM", with: "SELECT x.pratica_id AS id, x.\(range.column) AS key FROM")
            return Fragment(keyedSQL + " AND x.row = 0", driver.driver.arguments)
        }
        return Fragment(driver.unique ? driver.driver.sql : "SELECT DISTINCT id FROM (\(driver.driver.sql))", driver.driver.arguments)
    }

    /// The scope's pratiche in the list's order that pass every probe (built on an id expression),
    /// until `stopAt` of them are found, `examining` pratiche are read, or the streams end (`complete`).
    private func walk(probes: (String) -> [Fragment], stopAt: Int, examining limit: Int = .max) throws
        -> (entries: [SortOrder.Entry], complete: Bool)
    {
        var entries: [SortOrder.Entry] = []
        var examined = 0
        let streams = sort.streams(check: probes)
        for stream in streams {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: stream.sql), arguments: stream.arguments)
            while let row = try cursor.next() {
                examined += 1
                if row[2] as Int == 1 { entries.append(SortOrder.Entry(id: row[0], key: row[1])) }
                if entries.count >= stopAt { return (entries, false) }
                if examined >= limit { return (entries, false) }
            }
        }
        return (entries, true)
    }

    // MARK: Shared pratiche

    /// The pratiche shared with the accounts that meet the list, all of them (shares are few).
    private func shared() throws -> Matches {
        let probes = ListPredicates(query).all(sharedText: true).map { $0.probe("c.id") }
        var conditions = probes
        if !scope.types.isEmpty { conditions.append(Fragment("c.type IN (\(marks(scope.types.count)))", StatementArguments(scope.types))) }
        if !scope.states.isEmpty { conditions.append(Fragment("c.state IN (\(marks(scope.states.count)))", StatementArguments(scope.states))) }
        if let years = scope.years("c") { conditions.append(years) }
        let condition = Fragment.all(conditions)
        let key = sort.key(of: "c.id")
        let sql = """
            SELECT c.id, \(key.expression) FROM pratica_share s CROSS JOIN pratica c INDEXED BY pratica_header ON c.id = s.pratica_id \(key.join.sql)
            WHERE s.account_id IN (\(marks(query.sharedWith.count))) AND \(condition.sql)
            """
        let arguments = key.join.arguments + StatementArguments(query.sharedWith) + condition.arguments
        let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { SortOrder.Entry(id: $0[0], key: $0[1]) }
        return Matches(entries: entries, total: entries.count)
    }

    // MARK: The page

    private func rows(_ ids: [Int64]) throws -> [PraticaRow] {
        try StoreReader(db: db).pratiche(ids: ids, keys: nil)
    }
}
