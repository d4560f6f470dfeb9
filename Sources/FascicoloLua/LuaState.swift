internal import CLua
internal import CLuaShim
import FascicoloCore

/// A state handed to another thread's cancellation handler, which only calls `fl_expire` on its
/// limits (atomic, and a no-op once the call it names has ended). Holding the state keeps the
/// limits allocated for as long as the handler may run.
private struct CancellationTarget: @unchecked Sendable {
    let state: LuaState
    let call: UInt64
    func expire() { fl_expire(state.limitsPointer, call) }
}

/// One sandboxed Lua state with its limits. Not thread-safe: a state is used by one caller at a
/// time (a `PluginPool` hands states out). Between calls, host code touches the state only with
/// raw operations and with the memory cap suspended, so no Lua error can be raised into Swift.
final class LuaState {
    let L: OpaquePointer
    fileprivate let limitsPointer: UnsafeMutablePointer<fl_limits>
    let limits: LuaLimits

    init(limits: LuaLimits = LuaLimits()) {
        self.limits = limits
        limitsPointer = UnsafeMutablePointer<fl_limits>.allocate(capacity: 1)
        limitsPointer.initialize(
            to: fl_limits(
                memory_limit: 0, memory_used: 0, budget: 0, in_host: 1, in_call: 0, tripped: FL_TRIP_NONE,
                deadline_ns: 0, call_id: 0, printed: 0, allocations: 0, dec_metatable: nil, dec_metatable_ref: 0))
        L = fl_newstate(limitsPointer)
        fl_open_sandbox(L)
        limitsPointer.pointee.memory_limit = limits.memoryBytes
    }

    deinit {
        lua_close(L)
        limitsPointer.deallocate()
    }

    /// Runs host-side stack work with the memory cap suspended (no allocation error can longjmp).
    func hostSide<T>(_ body: () throws -> T) rethrows -> T {
        let outer = limitsPointer.pointee.in_host
        limitsPointer.pointee.in_host = 1
        defer { limitsPointer.pointee.in_host = outer }
        return try body()
    }

    /// Calls the function under `arguments` values on the stack, under the limits and within
    /// the thread's `ExecutionBudget` (its deadline, and its cancellation from any thread);
    /// leaves `results` values on success. Errors are classified by which limit, if any, tripped.
    func protectedCall(arguments: Int, results: Int32 = LUA_MULTRET) throws(LuaError) {
        var milliseconds = Int64(limits.milliseconds)
        let budget = ExecutionBudget.current
        if let budget {
            let remaining = Int64(budget.remainingNanoseconds / 1_000_000)
            guard remaining > 0 else {
                hostSide { fl_pop(L, Int32(arguments) + 1) }
                throw .timeout("time limit exceeded before the call")
            }
            milliseconds = min(milliseconds, remaining)
        }
        let outer = limitsPointer.pointee.in_host
        limitsPointer.pointee.in_host = 0
        fl_arm_deadline(L, Int64(limits.instructions), milliseconds)
        let target = CancellationTarget(state: self, call: fl_current_call(limitsPointer))
        let token = budget?.onCancel { target.expire() }
        let status = fl_pcall(L, Int32(arguments), results)
        if let token { budget?.removeCancelHandler(token) }
        fl_disarm(L)
        limitsPointer.pointee.in_host = outer
        guard status != LUA_OK else { return }
        let message = hostSide { popString() }
        switch (limitsPointer.pointee.tripped, status) {
        // Stopped by a refused allocation inside a C function: Lua's message says only "not
        // enough memory", and names no line.
        case (FL_TRIP_DEADLINE, LUA_ERRMEM): throw .timeout("time limit exceeded inside a library function")
        case (FL_TRIP_INSTRUCTIONS, LUA_ERRMEM): throw .timeout("instruction limit exceeded inside a library function")
        case (FL_TRIP_INSTRUCTIONS, _), (FL_TRIP_DEADLINE, _): throw .timeout(message)
        case (FL_TRIP_MEMORY, _), (_, LUA_ERRMEM): throw .memory(message)
        default: throw .runtime(message)
        }
    }

    /// Compiles `text` as a chunk named `@<file>` whose environment is the table on top of the
    /// stack (popped); leaves the chunk on the stack.
    func load(_ text: String, file: String) throws(LuaError) {
        let status = hostSide {
            text.utf8CString.withUnsafeBufferPointer { buffer in
                fl_load_text(L, buffer.baseAddress, buffer.count - 1, "@" + file)
            }
        }
        guard status == LUA_OK else { throw .compile(hostSide { popString() }) }
    }

    /// Pops the string on top of the stack (any value is described).
    func popString() -> String {
        defer { fl_pop(L, 1) }
        return string(at: -1) ?? "errore sconosciuto"
    }

    /// The string at `index` when it is a string (numbers are not converted).
    func string(at index: Int32) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let bytes = fl_tolstring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    var top: Int32 { lua_gettop(L) }

    func pop(_ count: Int32) { fl_pop(L, count) }
}
