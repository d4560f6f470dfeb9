import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// A type that lists and filters by a group sub-field (docs/types.md §9).
private let rateale = """
    id: rateale
    sections:
      - id: principale
        fields:
          - id: titolo
            type: text
            column: true
          - id: rate
            type: group
            item_label: "Rata"
            fields:
              - id: scadenza
                type: date
                required: true
    states:
      - id: aperta
        initial: true
    list:
      columns: [titolo, rate.scadenza]
      filters: [rate.scadenza]
    """

/// Sub-fields are list columns and filters, but never the sort key (which row would decide?).
@Suite struct SubFieldSortTests {
    @Test func aSubFieldAsDefaultSortIsALoadError() {
        let project = TestProjects.make(types: ["rateale": rateale + "\n  sort: rate.scadenza\n"])
        #expect(
            project.diagnostics.map(\.description) == [
                "types/rateale.yaml:21:9: error: cannot sort by 'rate.scadenza', a field inside a group; sort by a built-in or a top-level field"
            ])
        #expect(project.type("rateale") == nil)
    }

    @Test func theListShowsTheSubFieldColumn() throws {
        let t = try TestEngine.make(project: TestProjects.make(types: ["rateale": rateale]))
        let pratica = try t.engine.create(
            NewPratica(
                type: "rateale",
                fields: [
                    "titolo": .text("Prima"),
                    "rate": .list([.record(["scadenza": .text("10/04/2025")]), .record(["scadenza": .text("10/05/2025")])]),
                ]), actor: t.actor)
        let cells = try t.engine.render(columns: ["titolo", "rate.scadenza"], for: [pratica], actor: t.actor)
        #expect(cells == [["Prima", "10/04/2025; 10/05/2025"]])
    }

    @Test func filteringOnTheSubFieldWorks() throws {
        let t = try TestEngine.make(project: TestProjects.make(types: ["rateale": rateale]))
        let april = try t.engine.create(
            NewPratica(
                type: "rateale",
                fields: [
                    "titolo": .text("Aprile"), "rate": .list([.record(["scadenza": .text("10/04/2025")])]),
                ]), actor: t.actor)
        _ = try t.engine.create(
            NewPratica(
                type: "rateale",
                fields: [
                    "titolo": .text("Maggio"), "rate": .list([.record(["scadenza": .text("10/05/2025")])]),
                ]), actor: t.actor)
        var request = ListRequest(type: "rateale")
        request.sort = "creata"
        request.filters = [ListRequest.Filter(field: "rate.scadenza", expression: "04/2025")]
        #expect(try t.ids(request).ids == [april.id])
    }
}
