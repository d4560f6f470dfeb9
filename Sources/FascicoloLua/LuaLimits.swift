/// Limits of one hook call.
public struct LuaLimits: Sendable {
    /// Bytes the plugin's state may hold.
    public var memoryBytes: Int
    /// Instructions one call may run (10 million: about 25 ms of Lua on this hardware).
    public var instructions: Int
    /// Wall-clock safety net for work done inside C functions between instructions.
    public var milliseconds: Int

    public init(memoryBytes: Int = 16 << 20, instructions: Int = 10_000_000, milliseconds: Int = 2_000) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.milliseconds = milliseconds
    }
}
