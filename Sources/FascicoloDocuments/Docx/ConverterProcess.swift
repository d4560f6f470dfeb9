import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A converter run as a process group of its own (LibreOffice's launcher starts a second
/// process), so that stopping it stops everything it started: Foundation's `Process` only signals
/// the first process, and waits for whatever inherited its descriptors.
struct ConverterProcess {
    let pid: pid_t

    /// Starts `executable` with `arguments`, standard input, output and error on /dev/null.
    static func start(_ executable: URL, _ arguments: [String]) throws -> ConverterProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw CocoaError(.executableLoad) }
        return ConverterProcess(pid: pid)
    }

    /// Waits until the process ends or `deadline` passes (or `stop()` says so); the exit status,
    /// or nil when it had to be stopped (then the whole group was killed and reaped).
    func wait(until deadline: Date, stop: () -> Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1 }
            if done < 0 { return -1 }
            if Date() > deadline || stop() {
                kill(-pid, SIGTERM)
                let patience = Date().addingTimeInterval(1)
                while waitpid(pid, &status, WNOHANG) == 0, Date() < patience { usleep(20_000) }
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            usleep(50_000)
        }
    }
}
