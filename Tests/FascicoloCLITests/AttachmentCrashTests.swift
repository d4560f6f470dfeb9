import FascicoloTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Uploads interrupted by SIGKILL of the server: every attachment the server acknowledged (201)
/// reads back byte-identical after a restart. (A kill is not a power cut: what the fsyncs add
/// cannot be shown here, but the order — bytes in place before the row commits — is.)
@Suite struct AttachmentCrashTests {
    @Test func everyAcknowledgedAttachmentSurvivesAKill() throws {
        let workspace = try Workspace.initialised()
        try workspace.succeed(["user", "add", "--email", "anna@occ.it", "--name", "Anna Neri", "--password-stdin"], stdin: "una-password-lunga\n")
        let token = try workspace.succeed(["token", "create", "--user", "anna@occ.it"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pratica = try workspace.createPratica(debtor: try workspace.addContact("Rossi", "Mario"))
        let files = TestPaths.temporaryDirectory("fascicolo-crash-files")
        let port = 19_500 + Int(getpid() % 400)
        var acknowledged: [(id: String, bytes: Data)] = []
        var generator = SystemRandomNumberGenerator()

        for round in 0..<3 {
            let server = try Self.serve(workspace, port: port)
            for index in 0..<4 {
                // Bytes unique to this upload (a PDF header so that the kind check accepts them).
                let bytes = Data("%PDF-1.4\n".utf8) + Data((0..<(40_000 + index * 7_000)).map { _ in UInt8.random(in: 0...255, using: &generator) })
                let file = files.appendingPathComponent("r\(round)-\(index).pdf")
                try bytes.write(to: file)
                let upload = try Subprocess(
                    "curl",
                    [
                        "-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(token)", "-F", "file=@\(file.path);type=application/pdf",
                        "http://127.0.0.1:\(port)/api/v1/pratiche/\(pratica)/attachments",
                    ], external: true)
                if index == 3 {
                    // The last upload of the round is cut by killing the server while it runs.
                    usleep(useconds_t(Int.random(in: 0...30_000, using: &generator)))
                    server.killHard()
                }
                let result = try upload.wait(timeout: 30)
                let lines = result.stdout.split(separator: "\n")
                if lines.last == "201", let body = lines.first, let id = body.firstMatch(of: /"id":(\d+)/)?.1 {
                    acknowledged.append((String(id), bytes))
                }
            }
            server.killHard()
        }

        let server = try Self.serve(workspace, port: port)
        defer { server.killHard() }
        #expect(acknowledged.count >= 9, "the uploads before each kill were acknowledged")
        for (id, bytes) in acknowledged {
            let copy = files.appendingPathComponent("scaricato-\(id)")
            _ = try Subprocess(
                "curl",
                [
                    "-s", "-o", copy.path, "-H", "Authorization: Bearer \(token)",
                    "http://127.0.0.1:\(port)/api/v1/pratiche/\(pratica)/attachments/\(id)",
                ], external: true
            ).wait(timeout: 30)
            #expect(try Data(contentsOf: copy) == bytes, "attachment \(id)")
        }
    }

    /// Starts `fascicolo serve` on `port` and waits until it listens.
    static func serve(_ workspace: Workspace, port: Int) throws -> Subprocess {
        let server = try Subprocess("fascicolo", ["serve", "--port", String(port), "--quiet", "--data", workspace.data.path], streaming: true)
        let ready = try server.nextLine(deadline: Date().addingTimeInterval(60))
        try #require(ready?.contains("in ascolto") == true)
        return server
    }
}
