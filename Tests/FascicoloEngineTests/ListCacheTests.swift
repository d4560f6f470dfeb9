import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// List pages are reused only while nothing has been committed: a write by this engine, by
/// another engine on the same file (another process, the CLI) is seen by the next list.
@Suite struct ListCacheTests {
    @Test func aPageIsReadAgainAfterAnyCommit() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        var request = ListRequest(type: "crisi-sovraindebitamento")
        request.text = "rossi"
        #expect(try t.engine.list(request, actor: t.actor).total == 0)
        let first = try t.createCrisi(debitore: debtor.id)
        #expect(try t.engine.list(request, actor: t.actor).total == 1, "a write of this engine")

        let other = try Engine(project: t.engine.project, dataDirectory: t.dataDirectory, today: { TestEngine.today })
        _ = try other.update(
            id: first.id, expectedVersion: first.version, changes: PraticaChanges([("note", .text("altrove"))]),
            actor: t.actor)
        #expect(
            try t.engine.list(request, actor: t.actor).pratiche.first?.fields["note"] == .text("altrove"),
            "a write of another connection on the same file")
        _ = try other.create(
            NewPratica(
                type: "crisi-sovraindebitamento",
                fields: ["interessati": .list([.record(["debitore": .reference(debtor.id)])])]), actor: t.actor)
        #expect(try t.engine.list(request, actor: t.actor).total == 2)
    }

    @Test func pagesAreKeptPerAccount() throws {
        let t = try TestEngine.make()
        let other = try t.otherActor()
        _ = try t.createCrisi(debitore: try t.addPerson(.marioRossi).id)
        let request = ListRequest(type: "crisi-sovraindebitamento")
        #expect(try t.engine.list(request, actor: t.actor).total == 1)
        #expect(try t.engine.list(request, actor: other).total == 0, "the same request by another account is not served from the cache")
    }
}
