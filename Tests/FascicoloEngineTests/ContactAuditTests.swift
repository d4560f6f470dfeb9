import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// Contact changes are audited field by field; saving unchanged data writes nothing.
@Suite struct ContactAuditTests {
    @Test func savingTheSameDataKeepsTheVersion() throws {
        let t = try TestEngine.make()
        let contact = try t.addPerson(.marioRossi)
        let same = try t.engine.updateContact(
            id: contact.id, expectedVersion: contact.version, kind: contact.kind,
            attributes: contact.attributes, actor: t.actor)
        #expect(same.version == contact.version)
    }

    @Test func changingTheKindIsAnAuditedChange() throws {
        let t = try TestEngine.make()
        let contact = try t.engine.addContact(
            kind: .fisica, attributes: ["cognome": "Studio", "nome": "Associato", "denominazione": "Studio Associato"],
            actor: t.actor)
        let changed = try t.engine.updateContact(
            id: contact.id, expectedVersion: contact.version, kind: .giuridica,
            attributes: contact.attributes, actor: t.actor)
        #expect(changed.kind == .giuridica)
        #expect(changed.version == contact.version + 1)
    }

    @Test func anISTATCodeAndADifferentComuneNameAreRefused() throws {
        let t = try TestEngine.make()
        #expect(throws: FascicoloError.validation([FieldIssue(field: "comune", message: "il comune non corrisponde al codice ISTAT indicato")])) {
            try t.engine.addContact(
                kind: .fisica, attributes: ["cognome": "Rossi", "nome": "Mario", "comune": "Roma", "codice_istat_comune": "015146"],
                actor: t.actor)
        }
    }
}
