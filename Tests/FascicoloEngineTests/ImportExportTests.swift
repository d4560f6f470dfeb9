import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// Every line `exportLines` writes.
private func export(_ t: TestEngine) throws -> [String] {
    var lines: [String] = []
    try t.engine.exportLines(actor: t.actor) { lines.append($0) }
    return lines
}

/// All pratiche of the actor, oldest first.
private func allPratiche(_ t: TestEngine) throws -> [Pratica] {
    var request = ListRequest()
    request.sort = "creata"
    request.pageSize = 500
    return try t.engine.list(request, actor: t.actor).pratiche
}

/// The document with every contact reference replaced by that contact's codice fiscale, so that
/// documents of two databases can be compared whatever the contacts' ids.
private func byCodiceFiscale(_ fields: [String: Value], _ t: TestEngine) throws -> [String: Value] {
    func swap(_ value: Value) throws -> Value {
        switch value {
        case .reference(let id): return .text("CF:" + (try t.engine.contact(id: id, actor: t.actor)["codice_fiscale"] ?? "?"))
        case .list(let items): return .list(try items.map(swap))
        case .record(let record): return .record(try record.mapValues(swap))
        default: return value
        }
    }
    return try fields.mapValues(swap)
}

/// JSON Lines export and import between two data directories.
@Suite struct ImportExportTests {
    @Test func aRoundTripKeepsPraticheContactsAndLinks() throws {
        let source = try TestEngine.make()
        let rossi = try source.addPerson(.marioRossi, extra: ["comune": "Milano", "email": "mario.rossi@example.it"])
        let verdi = try source.addPerson(.giuseppeVerdi)
        let first = try source.createCrisi(
            debitore: rossi.id,
            fields: [
                "stato": .text("aperta"), "data_apertura": .text("10/01/2025"), "procedura": .text("piano_consumatore"),
                "valore_attivo": .text("1.234,56"), "percentuale_riduzione": .text("12,5"), "giudice": .text("Dott.ssa Colombo"),
                "tribunale": .text("0151460094"), "gestori": .list([.record(["gestore": .reference(verdi.id), "data_nomina": .text("03/02/2025")])]),
                "udienze": .list([.record(["data": .text("15/03/2025"), "ora": .text("9:30"), "descrizione": .text("Comparizione")])]),
            ])
        _ = try source.engine.transition(id: first.id, to: "esame_documentazione", actor: source.actor)
        _ = try source.engine.assignProtocol(id: first.id, actor: source.actor)
        _ = try source.createCrisi(debitore: verdi.id, fields: ["nome_cartella": .text("Verdi – richiesta"), "anno": .integer(2024)])

        let lines = try export(source)
        #expect(lines.count == 4)
        #expect(lines.prefix(2).allSatisfy { $0.hasPrefix(#"{"record":"contatto""#) })
        #expect(lines.suffix(2).allSatisfy { $0.hasPrefix(#"{"record":"pratica""#) })

        let target = try source.sibling()
        let report = try target.engine.importLines(lines, actor: target.actor)
        #expect(report.contacts == 2)
        #expect(report.pratiche == 2)
        #expect(report.failures.isEmpty, "\(report.failures)")

        let before = try allPratiche(source)
        let after = try allPratiche(target)
        #expect(after.count == before.count)
        #expect(try target.engine.contacts(actor: target.actor).total == 2)
        for (old, new) in zip(before, after) {
            #expect(new.state == old.state)
            #expect(new.year == old.year)
            #expect(new.folderName == old.folderName)
            #expect(new.protocolNumber == old.protocolNumber)
            #expect(try byCodiceFiscale(new.fields, target) == byCodiceFiscale(old.fields, source))
        }
        let sourceContacts = try source.engine.contacts(actor: source.actor).contacts
        let targetContacts = try target.engine.contacts(actor: target.actor).contacts
        #expect(targetContacts.map(\.attributes) == sourceContacts.map(\.attributes))
    }

    @Test func contactLinksAreRemappedToTheNewIds() throws {
        let source = try TestEngine.make()
        // Shift the ids of the target so that the source's ids would name other contacts there.
        let target = try source.sibling()
        try target.addPerson(.annaNeri)
        try target.addPerson(.lauraBianchi)
        let rossi = try source.addPerson(.marioRossi)
        _ = try source.createCrisi(debitore: rossi.id)

        let report = try target.engine.importLines(try export(source), actor: target.actor)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let imported = try #require(try allPratiche(target).first)
        let newRossi = try #require(try target.engine.contacts(matching: "RSSMRA80A01H501U", actor: target.actor).contacts.first)
        #expect(newRossi.id != rossi.id)
        #expect(imported.fields["interessati"] == .list([.record(["debitore": .reference(newRossi.id)])]))
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [ListRequest.Filter(field: "interessati.debitore", expression: "\(newRossi.id)")]
        #expect(try target.ids(request).ids == [imported.id])
        #expect(try target.search("Rossi") == [imported.id])
    }

    @Test func aBadLineIsReportedByNumberAndTheOthersGoIn() throws {
        let target = try TestEngine.make()
        let lines = [
            #"{"record":"contatto","id":41,"tipo":"fisica","cognome":"Rossi","nome":"Mario","codice_fiscale":"RSSMRA80A01H501U"}"#,
            #"{"record":"pratica","tipo":"crisi-sovraindebitamento","stato":"aperta","campi":{"interessati":[{"debitore":41}],"giudice":"Colombo"}}"#,
            "",
            #"{"record":"pratica","tipo":"crisi-sovraindebitamento","campi":{"interessati":[{"debitore":41}],"valore_attivo":"molto"}}"#,
            #"{"record":"contatto","id":42,"tipo":"fisica","cognome":"Bianchi","nome":"Laura","codice_fiscale":"BNCLRA85M41F205C"}"#,
            #"{"record":"pratica","tipo":"crisi-sovraindebitamento","stato":"conclusa","campi":{"interessati":[{"debitore":42}]}}"#,
        ]
        let report = try target.engine.importLines(lines, actor: target.actor)
        #expect(report.contacts == 2)
        #expect(report.pratiche == 2)
        #expect(report.failures.map(\.line) == [4])
        #expect(report.failures.map(\.message) == ["valore_attivo: importo non valido: scrivere ad esempio 1.234,56"])
        #expect(report.failures.allSatisfy { !$0.message.contains("molto") })
        let imported = try allPratiche(target)
        #expect(imported.map(\.state) == ["aperta", "conclusa"])
        #expect(imported.map { $0.fields["giudice"] } == [.text("Colombo"), nil])
    }

    @Test func unreadableAndUnknownLinesAreReported() throws {
        let target = try TestEngine.make()
        let lines = [
            #"{"record":"contatto","tipo":"fisica","cognome":"Rossi","nome":"Mario"}"#,
            #"{"record":"contatto","tipo":"fisica","cognome":"Rossi""#,
            #"{"record":"fattura","numero":1}"#,
            #"{"record":"pratica","tipo":"sportello","campi":{}}"#,
        ]
        let report = try target.engine.importLines(lines, actor: target.actor)
        #expect(report.contacts == 1)
        #expect(report.pratiche == 0)
        #expect(report.failures.map(\.line) == [2, 3, 4])
        #expect(
            report.failures.dropFirst().map(\.message) == [
                #"record: atteso "contatto" o "pratica""#,
                "tipologia di pratica 'sportello' inesistente",
            ])
        #expect(report.failures.first?.message.hasPrefix("JSON non valido alla posizione") == true)
    }
}
