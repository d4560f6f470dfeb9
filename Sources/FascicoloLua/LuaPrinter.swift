internal import CLua
internal import CLuaShim
import Logging

/// The sandbox's `print`: each call becomes one debug line of the server's log (swift-log, label
/// `fascicolo.lua`, with the script's file as metadata), at most 4 KiB per line and 64 KiB per
/// hook call. It never calls metamethods (a `__tostring` could raise an error through the host).
/// What a script prints is its author's business: the log level keeps it out of production logs.
final class LuaPrinter {
    let file: String
    private let logger = Logger(label: "fascicolo.lua")

    init(file: String) { self.file = file }

    /// Installs `print` in the state's global table; the state must not outlive this printer.
    func register(in state: LuaState) {
        state.hostSide {
            fl_push_host_function(
                state.L,
                { L, context in
                    let printer = Unmanaged<LuaPrinter>.fromOpaque(context!).takeUnretainedValue()
                    printer.print(L!)
                    return 0
                }, Unmanaged.passUnretained(self).toOpaque())
            lua_setglobal(state.L, "print")
        }
    }

    private func print(_ L: OpaquePointer) {
        var parts: [String] = []
        let count = lua_gettop(L)
        if count > 0 { for index in 1...count { parts.append(LuaDecimal.describe(L, index)) } }
        var owner: UnsafeMutableRawPointer?
        _ = lua_getallocf(L, &owner)
        let limits = owner!.assumingMemoryBound(to: fl_limits.self)
        let line = String(parts.joined(separator: "\t").prefix(4_096))
        guard limits.pointee.printed < 65_536 else { return }
        limits.pointee.printed += line.utf8.count
        logger.debug("\(line)", metadata: ["file": "\(file)"])
    }
}
