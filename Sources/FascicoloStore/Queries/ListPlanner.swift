import GRDB

/// A page of a list with a cost bounded by construction, whatever the data and whether SQLite
/// has statistics:
///
/// - Each filter's index range is counted up to `ListLimits.drive` (a bounded count, about a
///   millisecond). When one range is that small, the list is driven from it: its ids, checked
///   against the other filters by primary key, give every match; they are sorted here and counted
///   exactly. Cost: at most `drive` candidates.
/// - When every filter is broad, the scope's pratiche are walked in the list's order straight from
///   a sort index, each checked against the filters, until the page is full and `count`
///   matches are seen (the total is then "more than"), or the end. A walk examines at most
///   `walk` pratiche; a sparse intersection that does not fill the page by then is driven
///   from its smallest range instead.
/// - Without filters (or with states only) the total comes from the per-state tallies.
///
/// The pratiche shared with the accounts are few compared with their own: they are read from the
/// share table and checked against every filter, then merged into the page.
/// The bounds of `ListPlanner` (the defaults suit any archive; tests shrink them to reach every path).
public struct ListLimits: Sendable {
    /// A filter range this small or smaller drives the list (its matches are all read).
    public var drive: Int
    /// Beyond this many matches of broad filters, the total is reported as "more than".
    public var count: Int
    /// The most pratiche a walk examines before it drives from the smallest range instead.
    public var walk: Int

    public init(drive: Int = 20_000, count: Int = 1_000, walk: Int = 40_000) {
        self.drive = drive
        self.count = count
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

    /// Matches of one part of the list (owned or shared) in the list's order, the first `needed` at
    /// least, with their count (a lower bound when not exact).
    private struct Matches {
        var entries: [SortOrder.Entry]
        var total: Int
        var exact: Bool
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
        return PraticaPage(rows: try rows(ids), total: matches.total, totalIsExact: matches.exact)
    }

    // MARK: Owned pratiche

    private func owned() throws -> Matches {
        let predicates = ListPredicates(query).all()
        if predicates.isEmpty && scope.years("c") == nil {
            let total = try tally()
            return Matches(entries: try walk(probes: { _ in [] }, stopAt: needed).entries, total: total, exact: true)
        }
        let ranges = try predicates.map { (predicate: $0, size: try boundedCount($0.driver)) }
        if let smallest = ranges.min(by: { $0.size < $1.size }), smallest.size <= limits.drive {
            return try drive(from: smallest.predicate, checking: predicates)
        }
        let probes = { (id: String) in predicates.map { $0.probe(id) } + (scope.yearProbe(on: id).map { [$0] } ?? []) }
        let walked = try walk(probes: probes, stopAt: max(needed + 1, limits.count + 1), examining: limits.walk)
        if walked.complete || walked.entries.count >= needed {
            return Matches(entries: walked.entries, total: walked.entries.count, exact: walked.complete)
        }
        // Sparse: the walk ran out before the page filled. Drive from the smallest range, however broad.
        let driver = ranges.min(by: { $0.size < $1.size })?.predicate
        guard let driver else { return Matches(entries: walked.entries, total: walked.entries.count, exact: true) }
        return try drive(from: driver, checking: predicates)
    }

    /// How many entries an index range has, counting no further than `driveLimit + 1`.
    private func boundedCount(_ driver: Fragment) throws -> Int {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM (\(driver.sql) LIMIT \(limits.drive + 1))"), arguments: driver.arguments) ?? 0
    }

    /// The scope's total from the per-state tallies (no filter reads any pratica).
    private func tally() throws -> Int {
        let scoped = scope.columns("t")
        return try Int.fetchOne(
            db.cachedStatement(sql: "SELECT coalesce(sum(t.n), 0) FROM pratica_tally t WHERE \(scoped.sql)"), arguments: scoped.arguments)
            ?? 0
    }

    /// Every match, from one predicate's range checked against the others; sorted, counted exactly.
    private func drive(from driver: ListPredicate, checking predicates: [ListPredicate]) throws -> Matches {
        let others = predicates.map { $0.probe("c.id") }
        let key = sort.key(of: "c")
        var conditions = [scope.columns("c")] + others
        if let years = scope.years("c") { conditions.append(years) }
        let condition = Fragment.all(conditions)
        let sql = """
            SELECT c.id, \(key.expression) FROM (SELECT DISTINCT d.id FROM (\(driver.driver.sql)) d) m
            CROSS JOIN pratica c ON c.id = m.id \(key.join.sql) WHERE \(condition.sql)
            """
        let arguments = driver.driver.arguments + key.join.arguments + condition.arguments
        let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { SortOrder.Entry(id: $0[0], key: $0[1]) }
        return Matches(entries: entries.sorted(by: sort.order.precedes), total: entries.count, exact: true)
    }

    /// The scope's pratiche in the list's order that pass every probe (built on an id expression),
    /// until `stopAt` of them are found, `examining` pratiche are read, or the streams end (`complete`).
    private func walk(probes: (String) -> [Fragment], stopAt: Int, examining limit: Int = .max) throws
        -> (entries: [SortOrder.Entry], complete: Bool)
    {
        var entries: [SortOrder.Entry] = []
        var examined = 0
        let streams = sort.streams { id in
            let checks = probes(id)
            return checks.isEmpty
                ? Fragment("1") : Fragment("CASE WHEN \(Fragment.all(checks).sql) THEN 1 ELSE 0 END", Fragment.all(checks).arguments)
        }
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
        let key = sort.key(of: "c")
        let sql = """
            SELECT c.id, \(key.expression) FROM pratica_share s CROSS JOIN pratica c ON c.id = s.pratica_id \(key.join.sql)
            WHERE s.account_id IN (\(marks(query.sharedWith.count))) AND \(condition.sql)
            """
        let arguments = key.join.arguments + StatementArguments(query.sharedWith) + condition.arguments
        let entries = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { SortOrder.Entry(id: $0[0], key: $0[1]) }
        return Matches(entries: entries, total: entries.count, exact: true)
    }

    // MARK: The page

    private func rows(_ ids: [Int64]) throws -> [PraticaRow] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(StoreReader.praticaColumns) FROM pratica p WHERE p.id IN (\(marks(ids.count)))", arguments: StatementArguments(ids)
        ).map { StoreReader.pratica(from: $0) }
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return ids.compactMap { byId[$0] }
    }
}
