import FascicoloLua
import FascicoloStore

/// How an engine runs: what it caches, what it accepts, how much work it does at once and how far
/// a list reads. The defaults suit an office; benchmarks turn the cache off, tests shrink limits.
public struct EngineConfiguration: Sendable {
    /// List pages kept until the next commit (0 turns the cache off, for benchmarks that time the
    /// queries themselves).
    public var listCacheCapacity = 64
    /// The largest attachment accepted, in bytes.
    public var uploadLimit: Int64 = 25 << 20
    /// The threads and deadlines of `Engine.perform`.
    public var executor = EngineExecutor.Configuration()
    /// How far a list reads before it bounds its count.
    public var listLimits = ListLimits()
    /// The memory, instructions and wall-clock time of one call of a type's plugin.
    public var pluginLimits = LuaLimits()

    public init(
        listCacheCapacity: Int = 64, uploadLimit: Int64 = 25 << 20, executor: EngineExecutor.Configuration = .init(),
        listLimits: ListLimits = ListLimits(), pluginLimits: LuaLimits = LuaLimits()
    ) {
        self.listCacheCapacity = listCacheCapacity
        self.uploadLimit = uploadLimit
        self.executor = executor
        self.listLimits = listLimits
        self.pluginLimits = pluginLimits
    }
}
