import FascicoloCore
import FascicoloSchema
import FascicoloStore
import Foundation
import Synchronization

/// The use cases of Fascicolo over one project (its types and reference data) and one database.
/// Every write that derives data (index rows, audit) does so in the transaction of the write.
public final class Engine: Sendable {
    public let project: Project
    let store: Store
    /// Today's date; injectable so that tests and demo data are reproducible.
    public let today: @Sendable () -> CalendarDate
    /// The types' Lua plugins, loaded on demand.
    let plugins: PluginPool
    /// Recently read list pages, valid until the next commit.
    let listCache: ListCache
    /// The bytes of attachments, beside the database.
    let blobs: BlobStore
    /// The largest attachment accepted, in bytes.
    public let uploadLimit: Int64
    /// The paths that any type hides from shared accounts.
    let sharedHiddenPaths: [String]
    /// The threads on which async fronts run the engine's work (`perform`): pages and API calls.
    public let executor: EngineExecutor
    /// The lane of long work (reports, exports, documents).
    public let longExecutor: EngineExecutor
    /// How far a list reads before it bounds its count.
    let listLimits: ListLimits
    private let sealerSlot = Mutex<DossierSealer?>(nil)
    /// The share codes of no account each account has tried lately: ten in 15 minutes. A code
    /// is six digits: without a limit an account could try them all and learn which exist.
    let shareCodes = FailureThrottle()

    /// An engine over `store`; `today` is injectable so that tests and demo data are reproducible.
    public init(
        project: Project, store: Store, today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() },
        configuration: EngineConfiguration = EngineConfiguration()
    ) {
        self.executor = EngineExecutor(configuration: configuration.executor)
        self.longExecutor = EngineExecutor(configuration: configuration.executor, long: true)
        self.listCache = ListCache(capacity: configuration.listCacheCapacity)
        self.listLimits = configuration.listLimits
        self.blobs = BlobStore(directory: store.directory.appendingPathComponent(BlobStore.folderName))
        self.uploadLimit = configuration.uploadLimit
        self.sharedHiddenPaths = Array(Set(project.types.flatMap(\.sharedHiddenPaths))).sorted()
        self.project = project
        self.store = store
        self.today = today
        self.plugins = PluginPool(root: project.root, limits: configuration.pluginLimits, busyLimit: max(1, configuration.executor.threads / 2))
        blobs.removeLeftovers()
    }

    /// Opens the database `fascicolo.sqlite` in `dataDirectory` (creating both if needed).
    public convenience init(
        project: Project, dataDirectory: URL, today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() },
        configuration: EngineConfiguration = EngineConfiguration()
    ) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try Store(path: dataDirectory.appendingPathComponent("fascicolo.sqlite").path)
        self.init(project: project, store: store, today: today, configuration: configuration)
        try refreshSharedIndexes()
    }

    deinit {
        executor.shutdown()
        longExecutor.shutdown()
    }

    /// The key that seals debtor tokens, beside the database: read (or created) on first use, then kept.
    var sealer: DossierSealer {
        get throws {
            try sealerSlot.withLock { slot in
                if let sealer = slot { return sealer }
                let sealer = try DossierSealer(directory: store.directory)
                slot = sealer
                return sealer
            }
        }
    }

    /// The type with this id, or a not-found error naming it.
    public func type(_ id: String) throws(FascicoloError) -> PraticaType {
        guard let type = project.type(id) else { throw .notFound("tipologia di pratica\(FieldIssue.quoted(id))") }
        return type
    }

    /// Writes a consistent copy of the database to `destination` and, beside it, the attachment
    /// files and the key that seals debtor codes: the destination's folder is then a complete data
    /// directory. Attachment files never change once written, so copying them after the database
    /// keeps every file the copy names (except one deleted in between).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func backup(to destination: URL) throws {
        try store.backup(to: destination.path)
        let folder = destination.deletingLastPathComponent()
        try blobs.copyAll(to: folder.appendingPathComponent(BlobStore.folderName))
        try DossierSealer.copyKey(from: store.directory, to: folder)
    }

    /// `PRAGMA integrity_check` of the database ("ok" when healthy).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func integrityCheck() throws -> String { try store.integrityCheck() }

    /// The folder holding the database, the attachments and the server's working files.
    public var dataDirectory: URL { store.directory }

    /// Refreshes the query planner's statistics (after a bulk load).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func optimize() throws { try store.optimize() }

    /// Runs a bulk load (see `Store.bulkLoading`).
    func bulkLoading<T>(_ body: () throws -> T) throws -> T {
        try store.bulkLoading(body)
    }

    /// Runs a store operation, turning store failures into user-facing errors.
    func writing<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        do {
            return try store.write(body)
        } catch let error as StoreError {
            throw error.userError
        }
    }

    func reading<T>(_ body: (StoreReader) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch let error as StoreError {
            throw error.userError
        }
    }
}

extension StoreError {
    var userError: FascicoloError {
        switch self {
        case .notFound: return .notFound("dato richiesto")
        case .conflict(let expected, let actual): return .conflict(expected: expected, actual: actual)
        case .duplicate(let what) where what == "protocollo": return .protocolTaken("richiesto")
        case .duplicate(let what):
            return .validation([FieldIssue(field: what, message: "valore già presente in un altro record", conflictsWithStoredData: true)])
        case .interrupted: return .timedOut(Wording.timedOut)
        }
    }
}
