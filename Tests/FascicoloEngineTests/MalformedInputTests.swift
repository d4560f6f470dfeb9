import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Testing

/// Input that once crashed the engine or was misread: each is refused in words, nothing is written.
@Suite struct MalformedInputTests {
    @Test(arguments: ["a]b[1", "udienze[0].data", "udienze[1]x", "[1]", "udienze[1].", "udienze[x].data", "udienze[1].data[2]", ""])
    func malformedChangePathsAreRefused(path: String) throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: debtor.id)
        #expect(throws: FascicoloError.self) {
            try t.engine.update(id: pratica.id, expectedVersion: pratica.version, changes: PraticaChanges([(path, .text("x"))]), actor: t.actor)
        }
        #expect(try t.engine.pratica(id: pratica.id, actor: t.actor).version == pratica.version)
    }

    /// Empty or dotted names, and built-ins that are not offered as filters: a validation error
    /// on that filter, not a crash or an empty list.
    @Test(arguments: ["", ".", "..", "gestori.", ".gestore", "aggiornata", "protocollo", "nome_cartella"])
    func filtersThatCannotApplyAreRefused(field: String) throws {
        let t = try TestEngine.make()
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [ListRequest.Filter(field: field, expression: "2025")]
        #expect {
            try t.engine.list(request, actor: t.actor)
        } throws: { error in
            guard case .validation(let issues) = error as? FascicoloError else { return false }
            return issues.count == 1 && issues[0].field == FieldIssue.safeName(field)
        }
    }

    @Test func aHugePageNumberIsRefusedNotOverflowed() throws {
        let t = try TestEngine.make()
        var request = ListRequest(type: TestProjects.crisi)
        request.page = Int.max
        #expect(throws: FascicoloError.self) { try t.engine.list(request, actor: t.actor) }
        #expect(throws: FascicoloError.self) { try t.engine.contacts(page: Int.max, actor: t.actor) }
    }

    @Test func anUnknownFieldNameThatLooksLikeDataIsNotRepeated() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let error = #expect(throws: FascicoloError.self) {
            try t.createCrisi(debitore: debtor.id, fields: ["RSSMRA80A01H501U": .text("x")])
        }
        #expect(error?.description.contains("RSSMRA80A01H501U") == false)
        #expect(error?.description.contains("campo non riconosciuto") == true)
    }
}
