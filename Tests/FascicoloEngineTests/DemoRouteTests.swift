import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// Demo pratiche reach their states along declared transitions, each step checked and audited.
@Suite struct DemoRouteTests {
    @Test func concludedPraticheCarryTheirWholeRouteInTheAuditLog() throws {
        let t = try TestEngine.make()
        var generator = DemoGenerator(engine: t.engine, actor: t.actor, seed: 7)
        try generator.generate(pratiche: 60)
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [ListRequest.Filter(field: "stato", expression: "conclusa")]
        let concluded = try t.engine.list(request, actor: t.actor).pratiche
        try #require(!concluded.isEmpty)
        for pratica in concluded {
            let steps = try t.engine.history(id: pratica.id, actor: t.actor).filter { $0.action == "transition" && $0.field == "stato" }
            #expect(
                steps.map { $0.newValue ?? "" } == [
                    "esame_documentazione", "assegnata_gestore", "lavorazione_gestore",
                    "consegnata_gestore", "ricorso_inviato", "prima_udienza", "conclusa",
                ])
            #expect(pratica.fields["esito"] != nil)
            #expect(pratica.fields["gestori"]?.listValue?.isEmpty == false)
        }
    }
}
