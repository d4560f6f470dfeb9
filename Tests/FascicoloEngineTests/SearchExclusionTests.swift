import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// A type with one searchable date field and one marked `search: false`.
private let riservata = """
    id: riservata
    sections:
      - id: principale
        fields:
          - id: titolo
            type: text
            required: true
          - id: data_udienza
            type: date
          - id: data_riservata
            type: date
            search: false
          - id: nota_riservata
            type: text
            search: false
    states:
      - id: aperta
        initial: true
    """

/// `search: false` keeps a field's values out of the search box (docs/types.md §4 and §5).
@Suite struct SearchExclusionTests {
    private func engine() throws -> TestEngine {
        let project = TestProjects.make(types: ["riservata": riservata])
        #expect(project.diagnostics.map(\.description) == [])
        return try TestEngine.make(project: project)
    }

    private func create(_ t: TestEngine, _ fields: [String: Value]) throws -> Pratica {
        try t.engine.create(NewPratica(type: "riservata", fields: fields), actor: t.actor)
    }

    @Test func aTextFieldWithSearchFalseIsNotFound() throws {
        let t = try engine()
        let a = try create(t, ["titolo": .text("Pratica Colombo"), "nota_riservata": .text("Galbiati")])
        #expect(try t.search("Colombo") == [a.id])
        #expect(try t.search("Galbiati") == [])
    }

    /// docs/types.md §5 (date): typing a date finds the pratiche with that date in any date field
    /// "unless the field has `search: false`".
    @Test func aDateFieldWithSearchFalseIsNotFoundByTheSearchBox() throws {
        let t = try engine()
        let hearing = try create(t, ["titolo": .text("Udienza"), "data_udienza": .text("15/03/2025")])
        let reserved = try create(t, ["titolo": .text("Riservata"), "data_riservata": .text("15/03/2025")])
        let found = try t.search("15/03/2025")
        #expect(found == [hearing.id], "hearing #\(hearing.id), reserved #\(reserved.id)")
        // The calendar still shows every date field.
        let days = try t.engine.calendar(from: CalendarDate(2025, 3, 15), to: CalendarDate(2025, 3, 15), actor: t.actor).flatMap(\.entries)
            .filter { $0.field != "creata" }.map(\.praticaId)
        #expect(Set(days) == [hearing.id, reserved.id])
    }
}
