import FascicoloCore
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The project kinds (`types/progetti/*.yaml`) and the roles (`roles.yaml`): what ships, and the
/// exact diagnostics of broken files.
@Suite struct ProjectConfigTests {
    static let bad = TestPaths.fixture("project-config/bad")

    @Test func theShippedProjectKindsLoadWithTheirTotals() throws {
        let result = ProjectKindLoader.load(root: TestPaths.repoRoot, typeIds: ["crisi-sovraindebitamento"])
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.kinds.map(\.id) == ["accordo-concordato", "liquidazione", "piano-consumatore"])
        let piano = try #require(result.kinds.last)
        #expect(piano.attivo == ["beni.valore", "finanza_esterna"] && piano.passivo == ["creditori.importo"])
        #expect(piano.applies(to: "crisi-sovraindebitamento") && !piano.applies(to: "banche"))
        let totals = piano.totals([
            "beni": .list([.record(["valore": .money(Money(cents: 150_000))]), .record(["valore": .money(Money(cents: 50))])]),
            "finanza_esterna": .money(Money(cents: 1_000)),
            "creditori": .list([.record(["importo": .money(Money(cents: 999_999))])]),
        ])
        #expect(totals.attivo == Money(cents: 151_050) && totals.passivo == Money(cents: 999_999))
    }

    @Test func aBrokenProjectKindIsReportedAndLeftOut() {
        let result = ProjectKindLoader.load(root: Self.bad, typeIds: ["crisi-sovraindebitamento"])
        #expect(
            result.diagnostics.map(\.description) == [
                "types/progetti/piano.yaml:15:21: error: 'access' is not supported in project kinds: the accounts a pratica is shared with see and edit its projects whole",
                "types/progetti/piano.yaml:3:9: error: unknown pratica type 'sconosciuta'",
                "types/progetti/piano.yaml:5:12: error: 'beni.descrizione' is not a money field (or group.subfield) of this project kind",
                "types/progetti/piano.yaml:6:12: error: 'creditori.importo' is not a money field (or group.subfield) of this project kind",
            ])
        #expect(result.kinds.isEmpty)
    }

    @Test func theShippedRolesAreTheBuiltInOnes() {
        let result = RoleLoader.load(root: TestPaths.repoRoot)
        #expect(result.diagnostics.isEmpty)
        #expect(result.roles.all.map(\.id) == ["admin", "operatore", "sola_lettura"])
        #expect(result.roles.all.map(\.permissions) == RoleSet.builtIn.all.map(\.permissions))
    }

    @Test func aBrokenRolesFileIsReportedAndGrantsNothingNew() {
        let result = RoleLoader.load(root: Self.bad)
        #expect(
            result.diagnostics.map(\.description) == [
                "roles.yaml:3:29: error: unknown permission (known: modifica, condivisione, area_debitore, utenti)",
                "roles.yaml:4:9: error: role id 'Lettura' must be lower-case letters, digits and '_' and start with a letter",
                "roles.yaml:2:3: error: at least one role needs the 'utenti' permission, or nobody could manage users",
            ])
        #expect(result.roles.all.map(\.id) == ["admin", "operatore", "sola_lettura"])
    }

    @Test func withoutARolesFileTheBuiltInRolesApply() {
        let result = RoleLoader.load(root: TestPaths.fixture("types"))
        #expect(result.diagnostics.isEmpty && result.roles.all.map(\.id) == ["admin", "operatore", "sola_lettura"])
    }
}
