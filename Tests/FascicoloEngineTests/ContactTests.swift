import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The anagrafica: checked identity codes, comuni resolved against ISTAT, one contact per codice fiscale.
@Suite struct ContactTests {
    @Test func aPersonIsCanonicalised() throws {
        let t = try TestEngine.make()
        let contact = try t.engine.addContact(
            kind: .fisica,
            attributes: [
                "cognome": " Rossi ", "nome": "Mario", "codice_fiscale": "rssmra80a01h501u", "data_nascita": "01/01/1980",
                "email": "Mario.Rossi@Example.it", "telefono": "+39 02 1234567", "comune": "Milano", "indirizzo": "Via Roma 1",
            ], actor: t.actor)
        #expect(contact.kind == .fisica)
        #expect(contact.displayName == "Rossi Mario")
        #expect(
            contact.attributes == [
                "cognome": "Rossi", "nome": "Mario", "codice_fiscale": "RSSMRA80A01H501U", "data_nascita": "1980-01-01",
                "email": "mario.rossi@example.it", "telefono": "+39021234567", "comune": "Milano", "provincia": "MI",
                "codice_istat_comune": "015146", "indirizzo": "Via Roma 1",
            ])
        #expect(contact.version == 1)
        #expect(try t.engine.contact(id: contact.id, actor: t.actor) == contact)
    }

    @Test func aComuneWithOnePostalCodeFillsTheCAP() throws {
        let t = try TestEngine.make()
        let contact = try t.addPerson(.lauraBianchi, extra: ["comune": "abbiategrasso"])
        #expect(contact["comune"] == "Abbiategrasso")
        #expect(contact["provincia"] == "MI")
        #expect(contact["codice_istat_comune"] == "015002")
        #expect(contact["cap"] == "20081")
    }

    @Test func aComuneByItsISTATCode() throws {
        let t = try TestEngine.make()
        let contact = try t.addPerson(.lauraBianchi, extra: ["comune": "015146"])
        #expect(contact["comune"] == "Milano")
        #expect(contact["provincia"] == "MI")
    }

    @Test func anAmbiguousComuneNeedsItsProvince() throws {
        let t = try TestEngine.make()
        let error = fascicoloError { try t.addPerson(.lauraBianchi, extra: ["comune": "Samone"]) }
        #expect(error == .validation([FieldIssue(field: "comune", message: "comune sconosciuto o ambiguo: indicare anche la provincia")]))
        let withProvince = try t.addPerson(.lauraBianchi, extra: ["comune": "Samone", "provincia": "to"])
        #expect(withProvince["provincia"] == "TO")
        #expect(withProvince["codice_istat_comune"]?.hasPrefix("001") == true)
    }

    @Test func aComuneInTheWrongProvinceIsRefused() throws {
        let t = try TestEngine.make()
        let error = fascicoloError { try t.addPerson(.lauraBianchi, extra: ["comune": "Milano", "provincia": "RM"]) }
        #expect(error == .validation([FieldIssue(field: "comune", message: "comune sconosciuto nella provincia indicata")]))
    }

    @Test func anInvalidCodiceFiscaleIsRefusedWithoutQuotingIt() throws {
        let t = try TestEngine.make()
        let error = fascicoloError {
            _ = try t.engine.addContact(
                kind: .fisica, attributes: ["cognome": "Rossi", "nome": "Mario", "codice_fiscale": "RSSMRA80A01H501X"],
                actor: t.actor)
        }
        #expect(error == .validation([FieldIssue(field: "codice_fiscale", message: "carattere di controllo del codice fiscale errato")]))
        #expect(error.map { !$0.description.contains("RSSMRA80A01H501X") } == true)
        #expect(try t.engine.contacts(actor: t.actor).total == 0)
    }

    @Test func aPersonNeedsA16CharacterCode() throws {
        let t = try TestEngine.make()
        let error = fascicoloError {
            _ = try t.engine.addContact(
                kind: .fisica, attributes: ["cognome": "Rossi", "nome": "Mario", "codice_fiscale": "02342520158"],
                actor: t.actor)
        }
        #expect(error == .validation([FieldIssue(field: "codice_fiscale", message: "il codice fiscale di una persona fisica ha 16 caratteri")]))
    }

    @Test func aCompanyWithANumericCodeAndPartitaIVA() throws {
        let t = try TestEngine.make()
        let company = try t.engine.addContact(
            kind: .giuridica,
            attributes: [
                "denominazione": "Banca Esempio S.p.A.", "codice_fiscale": "02342520158", "partita_iva": "02342520158",
                "pec": "Banca@PEC.Example.it",
            ], actor: t.actor)
        #expect(company.displayName == "Banca Esempio S.p.A.")
        #expect(company["codice_fiscale"] == "02342520158")
        #expect(company["pec"] == "banca@pec.example.it")
    }

    @Test func requiredNamesByKind() throws {
        let t = try TestEngine.make()
        #expect(
            fascicoloError { _ = try t.engine.addContact(kind: .fisica, attributes: ["cognome": "Rossi"], actor: t.actor) }
                == .validation([FieldIssue(field: "nome", message: "campo obbligatorio")]))
        #expect(
            fascicoloError { _ = try t.engine.addContact(kind: .giuridica, attributes: ["cognome": "Rossi"], actor: t.actor) }
                == .validation([FieldIssue(field: "denominazione", message: "campo obbligatorio")]))
    }

    @Test func everyInvalidAttributeIsReported() throws {
        let t = try TestEngine.make()
        let error = fascicoloError {
            _ = try t.engine.addContact(
                kind: .fisica,
                attributes: [
                    "cognome": "Rossi", "nome": "Mario", "email": "mario@", "cap": "2012", "data_nascita": "01/01/2030", "colore": "blu",
                ], actor: t.actor)
        }
        #expect(
            error
                == .validation([
                    FieldIssue(field: "colore", message: "campo sconosciuto per un contatto"),
                    FieldIssue(field: "data_nascita", message: "data non valida: scrivere gg/mm/aaaa"),
                    FieldIssue(field: "cap", message: "il CAP ha 5 cifre"),
                    FieldIssue(field: "email", message: "indirizzo email non valido"),
                ]))
    }

    @Test func aDuplicateCodiceFiscaleInTheSameAccountIsRefused() throws {
        let t = try TestEngine.make()
        try t.addPerson(.marioRossi)
        let error = fascicoloError {
            _ = try t.engine.addContact(
                kind: .fisica,
                attributes: [
                    "cognome": "Rossi", "nome": "Mario Giuseppe", "codice_fiscale": "rssmra80a01h501u",
                ], actor: t.actor)
        }
        #expect(
            error
                == .validation([FieldIssue(field: "codice_fiscale", message: "valore già presente in un altro record", conflictsWithStoredData: true)]
                ))
        #expect(try t.engine.contacts(actor: t.actor).total == 1)
    }

    @Test func theSameCodiceFiscaleInAnotherAccountIsAccepted() throws {
        let t = try TestEngine.make()
        let mine = try t.addPerson(.marioRossi)
        let other = try t.otherActor()
        let theirs = try t.addPerson(.marioRossi, actor: other)
        #expect(theirs.id != mine.id)
        #expect(theirs.accountId == other.accountId)
        #expect(fascicoloError { _ = try t.engine.contact(id: theirs.id, actor: t.actor) } == .notFound("contatto \(theirs.id)"))
    }

    @Test func updatingAContactChecksItsVersion() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        var attributes = TestPerson.marioRossi.attributes
        attributes["comune"] = "Roma"
        let updated = try t.engine.updateContact(id: rossi.id, expectedVersion: 1, kind: .fisica, attributes: attributes, actor: t.actor)
        #expect(updated.version == 2)
        #expect(updated["provincia"] == "RM")
        let error = fascicoloError {
            _ = try t.engine.updateContact(
                id: rossi.id, expectedVersion: 1, kind: .fisica, attributes: TestPerson.marioRossi.attributes, actor: t.actor)
        }
        #expect(error == .conflict(expected: 1, actual: 2))
        #expect(try t.engine.contact(id: rossi.id, actor: t.actor)["comune"] == "Roma")
    }

    @Test func contactsAreSearchedAndPaged() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let bianchi = try t.addPerson(.lauraBianchi)
        let verdi = try t.addPerson(.giuseppeVerdi)
        #expect(try t.engine.contacts(matching: "Rossi", actor: t.actor).contacts.map(\.id) == [rossi.id])
        #expect(try t.engine.contacts(matching: "BNCLRA85M41F205C", actor: t.actor).contacts.map(\.id) == [bianchi.id])
        let page = try t.engine.contacts(page: 1, pageSize: 2, actor: t.actor)
        #expect(page.contacts.map(\.id) == [bianchi.id, rossi.id], "by display name")
        #expect(page.total == 3)
        #expect(try t.engine.contacts(page: 2, pageSize: 2, actor: t.actor).contacts.map(\.id) == [verdi.id])
    }
}
