import FascicoloCore
import FascicoloTesting
import Foundation
import Testing

@testable import FascicoloDocuments

/// The converter's bounds, with a stand-in for LibreOffice that only sleeps: one conversion at a
/// time, two waiting, the rest refused at once; and none outlives its timeout.
@Suite struct PDFConverterTests {
    static func sleeper(seconds: Int) throws -> URL {
        let script = TestPaths.temporaryDirectory("fascicolo-fake-soffice").appendingPathComponent("soffice")
        try "#!/bin/sh\nsleep \(seconds)\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test func conversionsBeyondTheQueueAreRefusedAtOnce() throws {
        let converter = PDFConverter(
            profile: TestPaths.temporaryDirectory("fascicolo-profile"), timeout: 1, executable: try Self.sleeper(seconds: 30))
        // Five callers on threads of their own (as the engine's long lane would be).
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var all: [String] = []
            func add(_ text: String) { lock.withLock { all.append(text) } }
        }
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for _ in 0..<5 {
            group.enter()
            Thread {
                let started = Date()
                do {
                    _ = try converter.convert(Data())
                    outcomes.add("converted")
                } catch {
                    outcomes.add(Date().timeIntervalSince(started) < 0.5 ? "refused: \(error)" : "timed out: \(error)")
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(outcomes.all.filter { $0.hasPrefix("refused: troppe conversioni") }.count == 2, "\(outcomes.all)")
        #expect(
            outcomes.all.filter { $0.hasPrefix("timed out: la conversione in PDF non è terminata entro 1 secondi") }.count == 3, "\(outcomes.all)")
    }
}
