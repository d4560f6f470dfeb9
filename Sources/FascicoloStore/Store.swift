import FascicoloCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The one database gateway: opens the SQLite file in WAL mode with `synchronous=FULL`, runs the
/// named migrations, and hands out read and write sessions. Nothing else in the product talks SQL.
public final class Store: Sendable {
    private let pool: DatabasePool
    /// A connection of its own that only asks SQLite whether anyone committed (see `generation()`).
    private let watcher: DatabaseQueue
    private let seen = Mutex<(dataVersion: Int, generation: Int)>((0, 0))
    /// The folder that holds the database file; files kept beside it (attachments, keys) go here.
    public let directory: URL

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        self.directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        // A new database file is readable by its owner only; SQLite gives its WAL and shared-memory
        // files the same permissions.
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Pages are read through the OS page cache (shared by every connection and process)
            // and each connection keeps a small private cache: the server stays within its memory
            // budget whatever the size of the archive (see BENCHMARKS.md for the trade-off).
            try db.execute(sql: "PRAGMA mmap_size = 0")
            try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
        }
        self.pool = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(pool)
        var watching = Configuration()
        watching.readonly = true
        watching.busyMode = .timeout(30)
        self.watcher = try DatabaseQueue(path: path, configuration: watching)
    }

    /// A number that changes whenever a transaction has been committed to the database since the
    /// last call — by this process or by any other (the CLI, an import) — so that results computed
    /// at an older generation are known to be stale. `PRAGMA data_version` on a connection that
    /// never writes changes exactly when another connection commits.
    public func generation() throws -> Int {
        let version = try watcher.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        return seen.withLock { state in
            if state.dataVersion != version {
                state.dataVersion = version
                state.generation += 1
            }
            return state.generation
        }
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`); any thrown error rolls it back.
    /// Statements stop when the current `ExecutionBudget` runs out (`StoreError.interrupted`).
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        let budget = ExecutionBudget.current
        return try Self.interruptible { try pool.write { db in try Self.within(budget, db) { try body(StoreWriter(db: db)) } } }
    }

    /// Runs `body` on a read-only snapshot, within the current `ExecutionBudget` like `write`.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        let budget = ExecutionBudget.current
        return try Self.interruptible { try pool.read { db in try Self.within(budget, db) { try body(StoreReader(db: db)) } } }
    }

    /// Runs `body` with SQLite's progress handler checking `budget` every thousand virtual-machine
    /// steps: once it is exhausted, the running statement stops with `SQLITE_INTERRUPT`.
    private static func within<T>(_ budget: ExecutionBudget?, _ db: Database, _ body: () throws -> T) rethrows -> T {
        guard let budget, let connection = db.sqliteConnection else { return try body() }
        let context = Unmanaged.passRetained(budget)
        sqlite3_progress_handler(
            connection, 1000,
            { context in
                Unmanaged<ExecutionBudget>.fromOpaque(context!).takeUnretainedValue().isExhausted ? 1 : 0
            }, context.toOpaque())
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            context.release()
        }
        return try body()
    }

    /// Turns an interrupted statement into `StoreError.interrupted`.
    private static func interruptible<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw StoreError.interrupted
        }
    }

    /// Writes a consistent copy of the live database to `destination` (online backup).
    public func backup(to destination: String) throws {
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
    }

    /// Updates the planner's statistics and folds the write-ahead log back into the database file
    /// (after a bulk load, so that reads come from the memory-mapped file).
    public func optimize() throws {
        try pool.write { db in try db.execute(sql: "ANALYZE") }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The page cache of each connection, in KiB.
    static let cacheKiB = 8_192

    /// Runs `body` (a bulk load: an import, the demo) with a large page cache on the writing
    /// connection, so that the index pages a batch of inserts touches stay in memory from one
    /// statement to the next, and with rarer checkpoints, so that a page many commits change is
    /// copied into the database file once rather than after each of them. The usual settings
    /// come back after, with a checkpoint.
    public func bulkLoading<T>(cacheMegabytes: Int = 256, _ body: () throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -\(cacheMegabytes * 1024)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(cacheMegabytes * 256)")
        }
        defer {
            try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
        return try body()
    }

    /// `PRAGMA integrity_check`: "ok" for a healthy file.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }
}
