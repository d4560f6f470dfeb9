import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// The upload reader: every way of cutting a body into chunks reads the same parts, and malformed
/// bodies (including the one that crashed MultipartKit) are refused with a reason.
@Suite struct MultipartReaderTests {
    struct Part: Equatable {
        var headers: [String] = []
        var body: [UInt8] = []
    }

    /// The parts of `body` fed in chunks of `size` bytes, and whether the closing boundary was read.
    static func parts(_ body: [UInt8], boundary: String = "X", chunk size: Int) throws -> (parts: [Part], complete: Bool) {
        var reader = MultipartReader(boundary: boundary)
        final class Collected { var parts: [Part] = [] }
        let collected = Collected()
        reader.onHeaders = { headers in collected.parts.append(Part(headers: headers.map { "\($0.name)=\($0.value)" })) }
        reader.onBody = { bytes in collected.parts[collected.parts.count - 1].body += bytes }
        for start in stride(from: 0, to: body.count, by: size) {
            try reader.feed(body[start..<min(start + size, body.count)])
        }
        return (collected.parts, reader.isComplete)
    }

    static let form = Array(
        ("preambolo ignorato\r\n--X\r\nContent-Disposition: form-data; name=\"nota\"\r\n\r\nciao\r\n--X\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            + "riga 1\r\n--Y non è un separatore\r\n\r\n--X--\r\nepilogo").utf8)

    @Test(arguments: [1, 2, 3, 5, 7, 64, 10_000])
    func everyChunkingReadsTheSameParts(_ size: Int) throws {
        let (parts, complete) = try Self.parts(Self.form, chunk: size)
        #expect(complete)
        #expect(
            parts == [
                Part(headers: ["content-disposition=form-data; name=\"nota\""], body: Array("ciao".utf8)),
                Part(
                    headers: ["content-disposition=form-data; name=\"file\"; filename=\"a.txt\"", "content-type=text/plain"],
                    body: Array("riga 1\r\n--Y non è un separatore\r\n".utf8)),
            ])
    }

    @Test(arguments: [
        ("--X\r\nb\u{F3}\u{AF}\u{8F}\u{8C}--X--\r\n", "intestazione del modulo non valida"),
        ("--X\r\nNome con spazi: x\r\n\r\n\r\n--X--", "intestazione del modulo non valida"),
        ("--X\r\nContent-Disposition: a\u{01}b\r\n\r\n\r\n--X--", "intestazione del modulo non valida"),
        ("--X\r\n: vuoto\r\n\r\n\r\n--X--", "intestazione del modulo non valida"),
        ("--Xrotto\r\n", "separatore del modulo non valido"),
    ])
    func malformedBodiesAreRefusedWithAReason(_ body: String, _ reason: String) {
        #expect(throws: MultipartReader.Failure(reason: reason)) { _ = try Self.parts(Array(body.utf8), chunk: 3) }
    }

    @Test func partsHeadersAndLinesAreBounded() {
        let manyParts = String(repeating: "--X\r\nA: b\r\n\r\n\r\n", count: MultipartReader.maximumParts + 1) + "--X--"
        #expect(throws: MultipartReader.Failure(reason: "troppe parti nel modulo")) { _ = try Self.parts(Array(manyParts.utf8), chunk: 100) }
        let manyHeaders = "--X\r\n" + String(repeating: "A: b\r\n", count: MultipartReader.maximumHeaders + 1) + "\r\n\r\n--X--"
        #expect(throws: MultipartReader.Failure(reason: "troppe intestazioni in una parte del modulo")) {
            _ = try Self.parts(Array(manyHeaders.utf8), chunk: 100)
        }
        let longLine = "--X\r\nA: " + String(repeating: "b", count: MultipartReader.maximumHeaderLine) + "\r\n\r\n\r\n--X--"
        #expect(throws: MultipartReader.Failure(reason: "intestazione del modulo troppo lunga")) {
            _ = try Self.parts(Array(longLine.utf8), chunk: 100)
        }
    }

    @Test func aBodyCutBeforeItsClosingBoundaryIsIncomplete() throws {
        #expect(try Self.parts(Array("--X\r\nA: b\r\n\r\ndati".utf8), chunk: 4).complete == false)
    }

    @Test("a declared length far past the upload limit is refused before the body is read")
    func anOversizedDeclaredLengthIsRefusedAtOnce() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        let token = try await fixture.engine.perform { try $0.createAPIToken(email: "operatore@prova.it") }
        try await fixture.run(.live) { client in
            // curl sends the declared length as given (the test client would correct it), then
            // three bytes; the answer must come without waiting for the rest.
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "-X", "POST",
                "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: multipart/form-data; boundary=X",
                "-H", "Content-Length: 10000000000", "--data-binary", "--X",
                "http://127.0.0.1:\(try #require(client.port))/api/v1/pratiche/\(pratica.id)/attachments",
            ]
            let output = Pipe()
            curl.standardOutput = output
            try curl.run()
            curl.waitUntilExit()
            let status = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(status == "413")
        }
    }

    @Test("the 30-byte body that crashed the server gets a 400, and the server goes on")
    func theCrashReproducerIsABadRequest() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        let token = try await fixture.engine.perform { try $0.createAPIToken(email: "operatore@prova.it") }
        try await fixture.run(.live) { client in
            var body = ByteBuffer()
            body.writeBytes(Array("--X\r\nb".utf8) + [0xF3, 0xAF, 0x8F, 0x8C] + Array("--X--\r\n".utf8))
            let response = try await client.execute(
                uri: "/api/v1/pratiche/\(pratica.id)/attachments", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=X"], body: body)
            #expect(response.status == .badRequest)
            #expect(try response.json()["error"]?["message"]?.stringValue == "intestazione del modulo non valida")
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
        }
    }
}
