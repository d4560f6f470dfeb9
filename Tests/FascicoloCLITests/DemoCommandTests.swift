import Foundation
import Testing

/// `fascicolo demo`: synthetic pratiche through the normal validation path.
@Suite struct DemoCommandTests {
    @Test func demoCreatesTheRequestedNumberOfPratiche() throws {
        let workspace = Workspace()
        let output = try workspace.succeed(["demo", "--pratiche", "50"])
        #expect(output.wholeMatch(of: /Create 50 pratiche dimostrative \(più 6 di altre tipologie\) in \d+ s\.\n/) != nil, "\(output)")

        let list = try JSONText.object(try workspace.succeed(["pratica", "list", "--type", "crisi-sovraindebitamento", "--json"]))
        #expect(list["totale"] as? Int == 50)
        #expect((list["pratiche"] as? [Any])?.count == 50)
    }
}
