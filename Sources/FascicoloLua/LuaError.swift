/// Why running Lua code failed, told apart so that the host can react (and tests can assert).
/// Messages carry `plugins/<id>.lua:LINE:` from the chunk name; they never quote pratica data.
public enum LuaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not compile (syntax error).
    case compile(String)
    /// The code raised an error while running.
    case runtime(String)
    /// The instruction budget ran out (an endless loop, or far too much work).
    case timeout(String)
    /// The memory cap was reached.
    case memory(String)
    /// A value crossing between Lua and the host has no meaning on the other side.
    case conversion(String)
    /// The plugin's table breaks the contract (unknown hook, a hook that is not a function…).
    case contract(String)

    public var message: String {
        switch self {
        case .compile(let text), .runtime(let text), .timeout(let text), .memory(let text), .conversion(let text), .contract(let text):
            return text
        }
    }

    public var description: String { message }
}
