import Foundation
import Testing

/// Many processes numbering pratiche at once on one archive never hand out the same protocol.
@Suite struct ProtocolConcurrencyTests {
    static let processes = 16
    static let perProcess = 25

    @Test func concurrentProcessesAssignDistinctProtocols() throws {
        let workspace = try Workspace.initialised()
        let arguments = ["protocols", "--root", CLI.repoRoot.path, "--data", workspace.data.path, "--count", String(Self.perProcess)]
        let running = try (0..<Self.processes).map { _ in try Subprocess("fascicolo-stress", arguments) }

        var protocols: [String] = []
        for (index, process) in running.enumerated() {
            let result = try process.wait(timeout: 900)
            #expect(result.exitCode == 0, "process \(index + 1): \(result)")
            for line in result.stdout.split(separator: "\n") {
                guard line.hasPrefix("protocol ") else {
                    Issue.record("process \(index + 1): unexpected line '\(line)'")
                    continue
                }
                protocols.append(String(line.dropFirst("protocol ".count)))
            }
        }
        #expect(protocols.count == Self.processes * Self.perProcess)
        #expect(
            Set(protocols).count == protocols.count,
            "duplicates: \(Dictionary(grouping: protocols, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
        let expected = Set((1...Self.processes * Self.perProcess).map { String(format: "2026/%04d", $0) })
        #expect(Set(protocols) == expected, "the numbers are 1…\(Self.processes * Self.perProcess) of 2026, without gaps")
    }
}
