import FascicoloCore
import FascicoloEngine
import FascicoloLua
import FascicoloTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// Plugins that try to stall the server, sent through a real socket: whatever the `validate`
/// hook of one type does, the request ends with an error by the hook's deadline (or at once, as
/// busy), and meanwhile the health check answers and a pratica of another type is saved.
@Suite("Hostile plugins through the HTTP server", .serialized)
struct HostilePluginTests {
    /// The hook's wall-clock deadline in these tests; its instruction budget is out of reach, so
    /// that only the deadline (or a size check) can stop the work.
    static let deadline = 1_000
    /// How late past the deadline a request may end here: generous, because the whole suite runs
    /// in parallel on two cores (alone, every case ends within the deadline plus a few ms); still
    /// well under the 10 s request deadline that would otherwise be the only stop.
    static let slack = 4_000

    /// What the `validate` hook does for each value of the pratica's `caso` field.
    static let cases: [String: String] = [
        "ciclo infinito": "while true do end",
        "ciclo che ignora gli errori": "while true do pcall(function() while true do end end) end",
        "funzioni C su intervalli enormi": """
        local big = string.rep("x", 1000000)
        for _ = 1, 1e9 do local _ = big:upper() end
        """,
        "intervalli con numeri decimali": "return table.unpack({}, 1, 1e8)",
        "ripetizione enorme con decimali": "return string.rep('ab', 1e9)",
        "spostamento enorme": "return table.move({}, 1, 2^40, 1)",
        "concatenazione di un testo crescente": "local s = '' for i = 1, 1e9 do s = s .. 'xy' end",
        "bilanciamento %b su un testo lungo": "return string.find(string.rep('(', 100000), '%b()')",
        "riferimento all'indietro su un testo lungo": "return string.gsub(string.rep('a', 100000), '(a+)%1', '')",
        "ricorsione profonda": "local function f(n) return f(n + 1) + 1 end return f(1)",
        "bomba di memoria": "local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end",
        "errore con __tostring che non finisce": "error(setmetatable({}, { __tostring = function() while true do end end }))",
        "rawset sulle librerie": "rawset(string, 'rep', function() end)",
        "rawset sull'ambiente": "rawset(_ENV, 'globale', 1)",
    ]

    static let hostileType = """
        id: ostile
        sections:
          - id: s
            fields:
              - id: caso
                type: text
        states:
          - id: aperta
            initial: true
        """
    static let quietType = TestProjects.oneFieldType("tranquilla")

    static var plugin: String {
        let branches = cases.sorted { $0.key < $1.key }.map { name, body in
            "  [\(luaString(name))] = function()\n\(body)\nend,"
        }
        return "local cases = {\n\(branches.joined(separator: "\n"))\n}\n"
            + "return { validate = function(p) local run = cases[p.caso] if run then run() end end }\n"
    }

    static func luaString(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    static func fixture(threads: Int = 4) throws -> (WebFixture, APIClient) {
        let project = TestProjects.make(types: ["ostile": hostileType, "tranquilla": quietType])
        let plugins = project.root.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try plugin.write(to: plugins.appendingPathComponent("ostile.lua"), atomically: true, encoding: .utf8)
        var configuration = EngineConfiguration()
        configuration.executor = EngineExecutor.Configuration(threads: threads)
        configuration.pluginLimits = LuaLimits(instructions: Int.max / 2, milliseconds: deadline)
        let fixture = try WebFixture.make(project: Project.load(root: project.root), configuration: configuration)
        return (fixture, APIClient(token: try fixture.engine.createAPIToken(email: "operatore@prova.it")))
    }

    static func create(_ api: APIClient, _ client: any TestClientProtocol, type: String, fields: String) async throws -> TestResponse {
        try await api.call(client, .post, "/api/v1/pratiche", json: #"{"tipo":"\#(type)","campi":\#(fields)}"#)
    }

    @Test("each hostile hook ends its request with a short error naming the plugin, by the deadline", arguments: cases.keys.sorted())
    func hostileHookEndsByTheDeadline(_ name: String) async throws {
        let (fixture, api) = try Self.fixture()
        try await fixture.run(.live) { client in
            let started = ContinuousClock.now
            let response = try await Self.create(api, client, type: "ostile", fields: #"{"caso":\#(Self.luaString(name))}"#)
            let elapsed = ContinuousClock.now - started
            #expect(response.status == .internalServerError)
            let message = try #require(response.json()["error"]?["message"]?.stringValue)
            #expect(message.hasPrefix("plugins/ostile.lua:"), "\(message)")
            #expect(message.count < 300, "\(message)")
            #expect(elapsed < .milliseconds(Self.deadline + Self.slack), "\(name): \(elapsed)")
            // Nothing was saved, and the next request of the same type is served normally.
            let fine = try await Self.create(api, client, type: "ostile", fields: #"{"caso":"niente"}"#)
            #expect(fine.status == .created)
            let actor = fixture.test.actor
            #expect(try await fixture.engine.perform { try $0.list(ListRequest(type: "ostile"), actor: actor).total } == 1)
        }
    }

    @Test(
        "stuck calls never stop the health check nor the saves of another type",
        arguments: [1, ProcessInfo.processInfo.activeProcessorCount, 4 * ProcessInfo.processInfo.activeProcessorCount])
    func stuckCallsLeaveTheRestServed(_ stuck: Int) async throws {
        let (fixture, api) = try Self.fixture()
        try await fixture.run(.live) { client in
            let port = try #require(client.port)
            try await withThrowingTaskGroup(of: (HTTPResponse.Status, Duration).self) { group in
                for _ in 0..<stuck {
                    group.addTask {
                        // Each on a connection of its own, as separate users would be.
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { own in
                            let started = ContinuousClock.now
                            let response = try await own.post(
                                "/api/v1/pratiche", headers: [.authorization: "Bearer \(api.token)", .contentType: "application/json"],
                                body: ByteBuffer(string: #"{"tipo":"ostile","campi":{"caso":"ciclo infinito"}}"#))
                            return (response.status, ContinuousClock.now - started)
                        }
                    }
                }
                // Wait until the stuck calls run (as many as the type may run at once).
                let running = min(stuck, fixture.engine.executor.configuration.threads / 2)
                let waitStart = ContinuousClock.now
                while fixture.engine.executor.load.running < running, ContinuousClock.now - waitStart < .seconds(5) {
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(fixture.engine.executor.load.running >= running)
                let health = try await client.execute(uri: "/health", method: .get)
                #expect(health.status == .ok)
                let other = try await Self.create(api, client, type: "tranquilla", fields: #"{"nota":"mentre le altre sono bloccate"}"#)
                #expect(other.status == .created)
                // Both answered while the stuck calls were still running.
                #expect(fixture.engine.executor.load.running >= 1)
                for try await (status, elapsed) in group {
                    #expect(status == .internalServerError || status == .serviceUnavailable)
                    #expect(elapsed < .milliseconds(Self.deadline + Self.slack))
                }
            }
        }
    }

    @Test("a patch with a hundred thousand unknown fields gets one short error")
    func hugePatchShortError() async throws {
        let project = TestProjects.make(types: ["ostile": Self.hostileType])
        let plugins = project.root.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try """
        return { on_create = function(p)
          local patch = {}
          for i = 1, 100000 do patch["campo_" .. i] = i end
          return patch
        end }
        """.write(to: plugins.appendingPathComponent("ostile.lua"), atomically: true, encoding: .utf8)
        let fixture = try WebFixture.make(project: Project.load(root: project.root))
        let api = APIClient(token: try await fixture.engine.perform { try $0.createAPIToken(email: "operatore@prova.it") })
        try await fixture.run { client in
            let response = try await Self.create(api, client, type: "ostile", fields: "{}")
            #expect(response.status == .internalServerError)
            let message = try #require(response.json()["error"]?["message"]?.stringValue)
            #expect(message.contains("altri 99995 campi sconosciuti"), "\(message.prefix(400))")
            #expect(message.count < 600)
        }
    }
}
