import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A write the tool acknowledged survives a SIGKILL at any moment, and the database stays intact.
@Suite struct CrashSafetyTests {
    static let rounds = 3
    static let acknowledgementsPerRound = 200

    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let workspace = try Workspace.initialised()
        let location = ["--root", CLI.repoRoot.path, "--data", workspace.data.path]
        var acknowledged: [Int] = []

        for round in 1...Self.rounds {
            let loop = try Subprocess("fascicolo-stress", ["write-loop"] + location, streaming: true)
            var seen = 0
            let deadline = Date().addingTimeInterval(600)
            while seen < Self.acknowledgementsPerRound {
                guard let line = try loop.nextLine(deadline: deadline) else {
                    let ended = try loop.wait(timeout: 10)
                    Issue.record("round \(round): write-loop ended after \(seen) acknowledgements: \(ended)")
                    return
                }
                acknowledged.append(try Self.acknowledgedId(line))
                seen += 1
            }
            #expect(kill(loop.pid, SIGKILL) == 0)
            loop.process.waitUntilExit()
            #expect(loop.process.terminationReason == .uncaughtSignal, "round \(round): write-loop was not killed")
            // Lines written before the kill are acknowledgements too (a cut last line is not).
            for line in loop.remainingLines() { acknowledged.append(try Self.acknowledgedId(line)) }

            let last = try #require(acknowledged.last)
            let shown = try workspace.run(["pratica", "show", String(last), "--json"])
            #expect(shown.exitCode == 0, "round \(round): last acknowledged pratica \(last) is not readable: \(shown)")
            if shown.exitCode == 0 { #expect(try JSONText.object(shown.stdout)["id"] as? Int == last) }

            let ids = acknowledged.map(String.init).joined(separator: ",")
            let verify = try CLI.run(["verify"] + location + ["--ids", ids], tool: "fascicolo-stress", timeout: 300)
            #expect(verify.exitCode == 0, "round \(round): \(verify)")
            let report = verify.stdout.split(separator: "\n").map(String.init)
            #expect(report.contains("integrity ok"), "round \(round): \(verify)")
            #expect(report.contains("missing 0"), "round \(round): \(verify)")
        }
        #expect(Set(acknowledged).count == acknowledged.count, "every acknowledged id is a new pratica")
        #expect(acknowledged.count >= Self.rounds * Self.acknowledgementsPerRound)
    }

    private static func acknowledgedId(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let id = line.hasPrefix("ok ") ? Int(line.dropFirst(3)) : nil
        return try #require(id, "unexpected write-loop line '\(line)'", sourceLocation: sourceLocation)
    }
}
