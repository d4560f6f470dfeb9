import Foundation
import Testing

/// `fascicolo fees`: the documented JSON object and the Italian table.
@Suite struct FeesCommandTests {
    @Test func jsonHasTheDocumentedShapeAndTheLawsFigures() throws {
        let workspace = Workspace()
        let output = try workspace.succeed([
            "fees", "--kind", "piano", "--attivo", "100.000,00", "--passivo", "250000",
            "--riduzione", "20", "--rimborso", "15", "--json",
        ])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["lordo", "compenso", "spese_generali", "totale", "forbice", "scaglioni", "avvisi"])
        #expect(json["totale"] as? [String: String] == ["min": "7609.01", "medio": "8771.60", "max": "9934.19"])
        #expect(json["compenso"] as? [String: String] == ["min": "6616.53", "medio": "7627.48", "max": "8638.43"])
        #expect((json["forbice"] as? [String: String])?["min"] == "4962.40")
        #expect((json["scaglioni"] as? [[String: Any]])?.count == 7)
        #expect((json["avvisi"] as? [String])?.isEmpty == true)
    }

    @Test func theTableReadsInItalian() throws {
        let workspace = Workspace()
        let output = try workspace.succeed([
            "fees", "--kind", "liquidazione", "--attivo", "0", "--passivo", "81131.39",
            "--riduzione", "40", "--rimborso", "10",
        ])
        #expect(output.contains("\nTotale                    101,74  302,54  503,34\n"))
        #expect(output.hasPrefix("Compenso OCC – art. 16 D.M. 202/2014 – procedura: liquidazione\n"))
    }

    @Test(arguments: [["--attivo", "-5"], ["--attivo", "dieci"], ["--riduzione", "120"], ["--kind", "fallimento"]])
    func badInputIsAUsageError(override: [String]) throws {
        var arguments = ["fees", "--kind", "piano", "--attivo", "1000", "--passivo", "1000", "--riduzione", "20", "--rimborso", "15"]
        let position = try #require(arguments.firstIndex(of: override[0]))
        arguments[position + 1] = override[1]
        let result = try Workspace().run(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains(override[0]))
    }
}

/// `fascicolo check` reports plugin problems like type problems.
@Suite struct PluginCheckCommandTests {
    @Test func brokenPluginsAreReportedVerbatim() throws {
        let result = try CLI.run(["check", "--root", CLI.fixture("broken-plugin").path])
        #expect(result.exitCode == 1)
        #expect(
            result.stdout == """
                plugins/orfano.lua: error: no type 'types/orfano.yaml' for this plugin
                plugins/prova.lua: error: unknown hook 'tasse'; expected one of: can_transition, compute, fees, folder_name, on_create, on_transition, protocol, validate

                """)
        #expect(result.stderr == "errore: 2 errori\n")
    }
}
