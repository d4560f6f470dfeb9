import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("The OpenAPI document, generated from the types, and what the API answers")
struct OpenAPIDocumentTests {
    @Test("the served document carries each type's field schemas, states, sort keys and filter grammar")
    func generatedFromTheTypes() async throws {
        let (fixture, _, _) = try APITests.fixture()
        try await fixture.run { client in
            let response = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try JSONParser.parse(String(buffer: response.body))
            let schemas = try #require(document[path: ["components", "schemas"]])
            let input = try #require(schemas["CampiInIngressoCrisiSovraindebitamento"])
            #expect(input["required"] == .array([.string("interessati")]))
            #expect(input[path: ["properties", "procedura", "anyOf"]]?.arrayValue?.first?["enum"]?.arrayValue?.contains(.string("accordo")) == true)
            #expect(input[path: ["properties", "preventivo_minimo"]] == nil, "the fee calculator's results are not typed")
            #expect(schemas[path: ["CampiCrisiSovraindebitamento", "properties", "udienze", "items", "required"]] == .array([.string("data")]))
            let states = schemas[path: ["RichiestaTransizione", "properties", "stato", "enum"]]?.arrayValue ?? []
            #expect(states.contains(.string("esame_documentazione")))
            let parameters = try #require(document[path: ["components", "parameters"]])
            #expect(parameters[path: ["ordina", "schema", "enum"]]?.arrayValue?.contains(.string("-data_apertura")) == true)
            let filters = parameters[path: ["filtro", "schema", "items", "anyOf"]]?.arrayValue?.compactMap { $0["pattern"]?.stringValue } ?? []
            #expect(filters.contains { $0.hasPrefix("^procedura=") })
            #expect(filters.contains { $0.hasPrefix("^udienze\\.data=") })
        }
    }

    @Test("a duplicate, an unknown account code and a change that leaves a row incomplete are 409, not 422")
    func conflictsWithStoredData() async throws {
        let (fixture, api, debtor) = try APITests.fixture()
        let pratica = try fixture.test.createCrisi(debitore: debtor.id)
        try await fixture.run { client in
            let duplicate = try await api.call(
                client, .post, "/api/v1/contacts", json: #"{"cognome":"Rossi","nome":"Mario","codice_fiscale":"\#(debtor["codice_fiscale"] ?? "")"}"#)
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.json()["error"]?["field"] == .string("codice_fiscale"))
            let unknownCode = try await api.call(client, .post, "/api/v1/pratiche/\(pratica.id)/shares", json: #"{"codice":"999999"}"#)
            #expect(unknownCode.status == .conflict)
            let incompleteRow = try await api.call(
                client, .patch, "/api/v1/pratiche/\(pratica.id)", json: #"{"versione":1,"campi":{"scadenze[1].descrizione":"Deposito"}}"#)
            #expect(incompleteRow.status == .conflict)
            #expect(try incompleteRow.json()["error"]?["field"] == .string("scadenze[1].data"))
            let invalidValue = try await api.call(
                client, .patch, "/api/v1/pratiche/\(pratica.id)", json: #"{"versione":1,"campi":{"procedura":"x"}}"#)
            #expect(invalidValue.status == .unprocessableContent)
        }
    }

    @Test("a list across types filters and sorts on a field the types declare; an empty page number is refused")
    func listsAcrossTypes() async throws {
        let (fixture, api, debtor) = try APITests.fixture()
        _ = try fixture.test.createCrisi(debitore: debtor.id, fields: ["procedura": .text("accordo")])
        _ = try fixture.test.createCrisi(debitore: debtor.id, fields: ["procedura": .text("liquidazione")])
        try await fixture.run { client in
            let list = try await api.call(client, .get, "/api/v1/pratiche?filtro=procedura%3Daccordo&ordina=-data_apertura")
            #expect(list.status == .ok)
            #expect(try list.json()["totale"] == .number("1"))
            #expect(try await api.call(client, .get, "/api/v1/pratiche?per_pagina=").status == .badRequest)
            #expect(try await api.call(client, .get, "/api/v1/pratiche?soggetto=").status == .badRequest)
        }
    }
}
