import FascicoloTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `fascicolo serve` stops when asked, whatever is running: requests in flight get `--grace`
/// seconds, then their work is interrupted and the process exits 0.
@Suite struct ServeShutdownTests {
    @Test func sigtermWithWorkInFlightExitsZeroWithinTheGrace() throws {
        // A report that would run for many seconds (until its instruction limit), and the repository's types.
        let project = TestProjects.withScripts(["lento": "return { title = 'Lento', run = function() while true do end end }"])
        let workspace = Workspace()
        let root = ["--root", project.root.path]
        try workspace.succeed(["init"] + root)
        try workspace.succeed(
            ["user", "add", "--email", "anna@occ.it", "--name", "Anna Neri", "--password-stdin"] + root, stdin: "una-password-lunga\n")
        let token = try workspace.succeed(["token", "create", "--user", "anna@occ.it"] + root).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = 19_000 + Int(getpid() % 500)
        let grace = 1
        let server = try Subprocess(
            "fascicolo", ["serve", "--port", String(port), "--grace", String(grace), "--quiet", "--data", workspace.data.path] + root,
            streaming: true)
        defer { server.killHard() }
        let ready = try server.nextLine(deadline: Date().addingTimeInterval(60))
        #expect(ready?.contains("in ascolto") == true)

        // Three slow reports in flight (each holds a thread of the long lane).
        let clients = try (0..<3).map { _ in
            try Subprocess(
                "curl",
                [
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)",
                    "http://127.0.0.1:\(port)/api/v1/reports/lento",
                ],
                external: true)
        }
        usleep(500_000)
        let asked = Date()
        kill(server.pid, SIGTERM)
        let result = try server.wait(timeout: Double(grace) + 10)
        let took = Date().timeIntervalSince(asked)
        #expect(result.exitCode == 0, "\(result)")
        // It waited for the reports (they were in flight), but no longer than the grace allows.
        #expect(took >= Double(grace) - 0.2, "stopped after \(took) s: the reports were not running")
        #expect(took < Double(grace) + 2, "stopped after \(took) s")
        for client in clients { _ = try? client.wait(timeout: 10) }
    }
}
