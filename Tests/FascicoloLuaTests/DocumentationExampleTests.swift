import FascicoloLua
import FascicoloTesting
import Foundation
import Testing

/// The example plugin of docs/plugins.md loads and defines every hook but `fees`.
@Suite struct DocumentationExampleTests {
    @Test func theExamplePluginLoads() throws {
        let text = try String(contentsOf: TestPaths.repoRoot.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let start = try #require(text.range(of: "```lua\n-- plugins/mediazione.lua"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let source = String(text[text.index(start.lowerBound, offsetBy: 7)..<end.lowerBound])
        let plugin = try Plugin(source: source, file: "plugins/mediazione.lua")
        #expect(plugin.hooks == Set(Hook.allCases).subtracting([.fees]))
    }
}
