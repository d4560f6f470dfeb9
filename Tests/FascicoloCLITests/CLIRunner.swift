import FascicoloTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished command left behind.
struct CommandResult: Sendable, CustomStringConvertible {
    let exitCode: Int32
    let stdout: String
    let stderr: String

    var description: String { "exit \(exitCode)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)" }
}

/// A command that could not be run or did not finish.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs the built executables (`fascicolo`, `fascicolo-stress`) as subprocesses.
enum CLI {
    /// The repository root: `types/` and `data/` are found there (passed as `FASCICOLO_HOME`).
    static let repoRoot = TestPaths.repoRoot

    /// A fixture under `Tests/Fixtures/cli/`.
    static func fixture(_ path: String) -> URL {
        TestPaths.fixture("cli").appendingPathComponent(path)
    }

    /// Where the built products may be: next to the test binary first, then `.build/debug`.
    static var productDirectories: [URL] {
        var directories: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories.append(repoRoot.appendingPathComponent(".build/debug"))
        return directories
    }

    /// The built executable `name`, or a failure that says where it was looked for.
    static func executable(_ name: String) throws -> URL {
        for directory in productDirectories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let places = productDirectories.map(\.path).joined(separator: ", ")
        throw CLIFailure(description: "executable '\(name)' not found (looked in: \(places)); build it with `swift build --build-tests`")
    }

    /// A program of the system (curl), from /usr/bin or /bin.
    static func systemProgram(_ name: String) throws -> URL {
        for directory in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return URL(fileURLWithPath: "\(directory)/\(name)")
        }
        throw CLIFailure(description: "program '\(name)' not found: install it (make test installs curl)")
    }

    /// The environment of every command: the repository as the project, no inherited data folder,
    /// a fixed user name (it appears in the audit log).
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["FASCICOLO_HOME"] = repoRoot.path
        environment.removeValue(forKey: "FASCICOLO_DATA")
        environment["USER"] = "collaudo"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `tool` with `arguments` to the end and returns its exit status and output.
    static func run(
        _ arguments: [String], tool: String = "fascicolo", stdin: String? = nil,
        environment extra: [String: String] = [:], timeout: TimeInterval = 180
    ) throws -> CommandResult {
        try Subprocess(tool, arguments, stdin: stdin, environment: extra).wait(timeout: timeout)
    }
}

/// A started executable. Standard output goes to a file, or to a pipe read line by line with
/// `nextLine` (`streaming`); standard error always goes to a file.
final class Subprocess {
    let process = Process()
    let commandLine: String
    private let scratch: URL
    private let stdoutPipe: Pipe?
    private var pending = Data()
    private var finished: CommandResult?

    /// `external`: `tool` is a program of the system (found in /usr/bin or /bin), not one built here.
    init(
        _ tool: String, _ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:],
        streaming: Bool = false, external: Bool = false
    ) throws {
        let executable = external ? try CLI.systemProgram(tool) : try CLI.executable(tool)
        commandLine = ([tool] + arguments).joined(separator: " ")
        scratch = TestPaths.temporaryDirectory("fascicolo-cli-io")
        process.executableURL = executable
        process.arguments = arguments
        process.environment = CLI.environment(extra)
        process.currentDirectoryURL = scratch
        if let stdin {
            let input = scratch.appendingPathComponent("stdin")
            try Data(stdin.utf8).write(to: input)
            process.standardInput = try FileHandle(forReadingFrom: input)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        if streaming {
            let pipe = Pipe()
            stdoutPipe = pipe
            process.standardOutput = pipe
        } else {
            stdoutPipe = nil
            process.standardOutput = try Self.outputFile(scratch.appendingPathComponent("stdout"))
        }
        process.standardError = try Self.outputFile(scratch.appendingPathComponent("stderr"))
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    var pid: pid_t { process.processIdentifier }

    private static func outputFile(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CLIFailure(description: "cannot create \(url.path)")
        }
        return try FileHandle(forWritingTo: url)
    }

    /// Waits for the process to end (killing it after `timeout` seconds, which is a failure).
    func wait(timeout: TimeInterval = 180) throws -> CommandResult {
        if let finished { return finished }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw CLIFailure(
                    description: "`\(commandLine)` did not finish within \(Int(timeout)) s\n"
                        + "--- stderr ---\n\(contents(of: "stderr"))")
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        var stdout = contents(of: "stdout")
        if stdoutPipe != nil {
            drainPipe()
            stdout = String(decoding: pending, as: UTF8.self)
            pending.removeAll()
        }
        let result = CommandResult(exitCode: process.terminationStatus, stdout: stdout, stderr: contents(of: "stderr"))
        finished = result
        return result
    }

    /// Kills the process with SIGKILL and waits for it.
    func killHard() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The next complete line of standard output (streaming only), nil at end of output.
    func nextLine(deadline: Date) throws -> String? {
        guard let pipe = stdoutPipe else { throw CLIFailure(description: "standard output is not streamed") }
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw CLIFailure(
                    description: "`\(commandLine)`: no complete line of output before the deadline\n"
                        + "--- stderr ---\n\(contents(of: "stderr"))")
            }
            switch readChunk(descriptor, waitingMilliseconds: Int32(min(remaining, 5) * 1000)) {
            case .data: continue
            case .nothingYet: continue
            case .endOfFile: return nil
            }
        }
    }

    /// The complete lines still buffered or readable without waiting (after the process ended).
    func remainingLines() -> [String] {
        drainPipe()
        var lines = String(decoding: pending, as: UTF8.self).components(separatedBy: "\n")
        lines.removeLast()  // an incomplete last line (or "") is not an acknowledged line
        pending.removeAll()
        return lines
    }

    private func drainPipe() {
        guard let pipe = stdoutPipe else { return }
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        while case .data = readChunk(descriptor, waitingMilliseconds: 0) {}
    }

    private enum Chunk { case data, nothingYet, endOfFile }

    private func readChunk(_ descriptor: Int32, waitingMilliseconds: Int32) -> Chunk {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, waitingMilliseconds)
        if ready < 0 { return errno == EINTR ? .nothingYet : .endOfFile }
        if ready == 0 { return .nothingYet }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN ? .nothingYet : .endOfFile }
        if count == 0 { return .endOfFile }
        pending.append(contentsOf: buffer[0..<count])
        return .data
    }

    private func contents(of name: String) -> String {
        (try? String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }
}

/// A fresh data folder for one test, removed at the end; every command gets `--data <folder>`.
final class Workspace: Sendable {
    let data: URL

    init() {
        data = TestPaths.temporaryDirectory("fascicolo-cli-data")
    }

    deinit { try? FileManager.default.removeItem(at: data) }

    /// Runs `fascicolo <arguments> --data <folder>`.
    func run(_ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 180) throws -> CommandResult {
        try CLI.run(arguments + ["--data", data.path], stdin: stdin, timeout: timeout)
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func succeed(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, stdin: stdin)
        try #require(
            result.exitCode == 0, "`fascicolo \(arguments.joined(separator: " "))` failed: \(result)",
            sourceLocation: sourceLocation)
        return result.stdout
    }

    /// A workspace after `fascicolo init`.
    static func initialised(sourceLocation: SourceLocation = #_sourceLocation) throws -> Workspace {
        let workspace = Workspace()
        try workspace.succeed(["init"], sourceLocation: sourceLocation)
        return workspace
    }

    /// Adds a natural person (cognome, nome) and returns its number.
    @discardableResult
    func addContact(_ cognome: String, _ nome: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let output = try succeed(["contact", "add", "cognome=\(cognome)", "nome=\(nome)"], sourceLocation: sourceLocation)
        let prefix = "Aggiunto il contatto "
        let number = output.hasPrefix(prefix) ? Int(output.dropFirst(prefix.count).prefix { $0.isNumber }) : nil
        return try #require(number, "unexpected output: \(output)", sourceLocation: sourceLocation)
    }

    /// Creates a crisi pratica whose debtor is `debtor`, with extra fields as JSON members
    /// (`"anno": 2026`), and returns its number. The fields go through `--json-input -`.
    @discardableResult
    func createPratica(debtor: Int, extra: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let members = [#""interessati":[{"debitore":\#(debtor)}]"#, extra].filter { !$0.isEmpty }.joined(separator: ",")
        let output = try succeed(["pratica", "create", "--json-input", "-"], stdin: "{\(members)}", sourceLocation: sourceLocation)
        let prefix = "Creata la pratica "
        let number = output.hasPrefix(prefix) ? Int(output.dropFirst(prefix.count).prefix { $0.isNumber }) : nil
        return try #require(number, "unexpected output: \(output)", sourceLocation: sourceLocation)
    }

    /// `pratica show <id> --json` as a dictionary.
    func praticaJSON(_ id: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try JSONText.object(
            try succeed(["pratica", "show", String(id), "--json"], sourceLocation: sourceLocation),
            sourceLocation: sourceLocation)
    }
}

/// Parsing command output with Foundation's JSONSerialization.
enum JSONText {
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            Issue.record("not valid JSON (\(error)):\n\(text)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func object(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(
            try parse(text, sourceLocation: sourceLocation) as? [String: Any], "not a JSON object:\n\(text)",
            sourceLocation: sourceLocation)
    }

    static func array(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Any] {
        try #require(
            try parse(text, sourceLocation: sourceLocation) as? [Any], "not a JSON array:\n\(text)",
            sourceLocation: sourceLocation)
    }

    /// The `id`s of the `pratiche` of a list/search result.
    static func praticaIds(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int] {
        let object = try self.object(text, sourceLocation: sourceLocation)
        let pratiche = try #require(
            object["pratiche"] as? [[String: Any]], "no 'pratiche' array:\n\(text)",
            sourceLocation: sourceLocation)
        return pratiche.compactMap { $0["id"] as? Int }
    }
}
