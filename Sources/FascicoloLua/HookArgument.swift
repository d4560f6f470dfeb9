import FascicoloCore

/// An argument of a hook call: a plain value, or a value the hook sees as a read-only view.
public enum HookArgument {
    case value(Value)
    /// Tables reach the hook frozen: assigning to them raises "read-only: return a patch".
    case readOnly(Value)
    /// The `ctx` table: read-only values plus host functions (`ctx.first_free(year)`), callable
    /// only during this call. A host function throws `LuaError.runtime` to raise an error.
    case context(Value, functions: [String: ([Value]) throws -> Value])
}
