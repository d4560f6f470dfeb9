"""API contract and bad-input tests against a running `fascicolo serve` (started by run.sh).

Every response is checked against the served OpenAPI document: its status code must
be documented for the operation and its body must match the documented schema (jsonschema,
Draft 2020-12). ContractTest calls every operation for real; the bad-input tests send malformed,
mistyped, oversized, unauthenticated and forbidden requests and check that each gets a 4xx with a
JSON error, never a 5xx, that nothing stored changed, and that no error message repeats the
personal data that was sent. ZzCoverageTest (last) checks that every documented operation ran.

The document is fetched from /api/openapi.json and must equal `fascicolo openapi` (the
repository's Static/openapi.json completed from the types in types/).
"""
import contextlib
import decimal
import json
import os
import random
import unittest
import urllib.parse

import jsonschema

import api_client as api
from api_client import OPERATORE, LETTORE, TYPE_ID

GESTORE = "gestore@prova.it"
ALTRO = "altro@prova.it"
FILE_LIMIT = 25 * 1024 * 1024
PROJECT_KINDS = ("piano-consumatore", "accordo-concordato", "liquidazione")

CONTRACT = None
SESSIONS = {}
FIXTURES = {}
RNG = random.Random()

EXPECTED_OPERATIONS = {
    ("GET", "/api/v1/pratiche"), ("POST", "/api/v1/pratiche"), ("GET", "/api/v1/search"),
    ("GET", "/api/v1/pratiche/{id}"), ("PATCH", "/api/v1/pratiche/{id}"),
    ("GET", "/api/v1/pratiche/{id}/transitions"), ("POST", "/api/v1/pratiche/{id}/transitions"),
    ("POST", "/api/v1/pratiche/{id}/protocol"), ("POST", "/api/v1/pratiche/{id}/fees"),
    ("GET", "/api/v1/pratiche/{id}/history"),
    ("GET", "/api/v1/pratiche/{id}/shares"),
    ("POST", "/api/v1/pratiche/{id}/shares"),
    ("DELETE", "/api/v1/pratiche/{id}/shares/{codice}"),
    ("GET", "/api/v1/contacts"), ("POST", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/{id}"), ("PATCH", "/api/v1/contacts/{id}"),
    ("GET", "/api/v1/types"), ("GET", "/api/v1/types/{type}"),
    ("GET", "/api/v1/calendar"), ("POST", "/api/v1/fees"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/v1/pratiche/{id}/attachments"), ("POST", "/api/v1/pratiche/{id}/attachments"),
    ("GET", "/api/v1/pratiche/{id}/attachments/{attachment}"), ("PATCH", "/api/v1/pratiche/{id}/attachments/{attachment}"),
    ("DELETE", "/api/v1/pratiche/{id}/attachments/{attachment}"),
    ("GET", "/api/v1/pratiche/{id}/token"), ("POST", "/api/v1/pratiche/{id}/token"),
    ("GET", "/api/v1/pratiche/{id}/projects"), ("POST", "/api/v1/pratiche/{id}/projects"),
    ("GET", "/api/v1/projects/{id}"), ("PATCH", "/api/v1/projects/{id}"), ("DELETE", "/api/v1/projects/{id}"),
    ("POST", "/api/v1/projects/{id}/fees-input"),
    ("GET", "/api/v1/templates"), ("POST", "/api/v1/templates"), ("DELETE", "/api/v1/templates/{key}"),
    ("GET", "/api/v1/pratiche/{id}/documents/{key}"),
    ("GET", "/api/v1/reports"), ("GET", "/api/v1/reports/{name}"),
}
# Writes that read no body: no requestBody, and no 400, 413 or 415 to document.
BODYLESS_WRITES = {("POST", "/api/v1/pratiche/{id}/token"), ("POST", "/api/v1/projects/{id}/fees-input")}


def setUpModule():
    global CONTRACT
    CONTRACT = api.Contract(api.load_document())


def contract():
    return CONTRACT


def session(email):
    if email not in SESSIONS:
        SESSIONS[email] = api.login(email)
    return SESSIONS[email]


def money(text):
    return decimal.Decimal(text)


class APITestCase(unittest.TestCase):
    maxDiff = 4000

    # -- calls ----------------------------------------------------------------------------------

    def call(self, method, path, body=None, *, auth=OPERATORE, headers=None, content_type="application/json", raw=None):
        """Sends a request (JSON-encoding `body` unless `raw` bytes/str are given) and checks the
        response against the document. `auth` is an email (bearer token), a Session, or None."""
        sent = dict(headers or {})
        if isinstance(auth, str):
            sent.update(api.bearer(auth))
        elif isinstance(auth, api.Session):
            sent.update(auth.headers())
        payload = raw if raw is not None else (None if body is None else json.dumps(body))
        if payload is not None and content_type is not None:
            sent.setdefault("Content-Type", content_type)
        response = api.request(method, path, body=payload, headers=sent)
        try:
            response.data = contract().check(response)
        except api.ContractError as error:
            self.fail(str(error))
        return response

    def ok(self, method, path, body=None, status=200, **options):
        response = self.call(method, path, body, **options)
        self.assertEqual(response.status, status, response.describe())
        return response.data

    def rejected(self, response, *statuses, field=None):
        """A 4xx (one of `statuses` when given) with a JSON error body."""
        self.assertTrue(400 <= response.status < 500, response.describe())
        if statuses:
            self.assertIn(response.status, statuses, response.describe())
        if response.path.startswith("/api/"):
            self.assertTrue((response.header("Content-Type") or "").startswith("application/json"), response.describe())
            error = response.json()["error"]
            self.assertTrue(error["message"], response.describe())
            if field is not None:
                self.assertEqual(error["field"], field, response.describe())
        return response

    @contextlib.contextmanager
    def unchanged(self, *paths):
        """The GET of each path gives the same JSON before and after the block."""
        before = [self.ok("GET", path) for path in paths]
        yield
        after = [self.ok("GET", path) for path in paths]
        for path, old, new in zip(paths, before, after):
            self.assertEqual(new, old, f"{path} changed after a rejected request")

    def upload(self, path, filename, data, media_type="application/pdf", **options):
        """POSTs one file as the `file` part of a multipart form, checked against the document."""
        body, content_type = api.multipart([("file", filename, media_type, data)])
        return self.call("POST", path, raw=body, content_type=content_type, **options)

    def staging_is_empty(self):
        self.assertEqual(api.staging_files(), [], "an upload left a file behind")

    # -- fixtures -------------------------------------------------------------------------------

    def new_contact(self, **extra):
        surname = api.random_surname(RNG)
        cf = api.random_codice_fiscale(RNG)
        api.PERSONAL_DATA.update({surname, cf})
        body = {"tipo": "fisica", "cognome": surname, "nome": "Ottavia", "codice_fiscale": cf, **extra}
        return self.ok("POST", "/api/v1/contacts", body, status=201)

    def new_pratica(self, **campi):
        contact = self.contact()
        fields = {"interessati": [{"debitore": contact["id"]}], **campi}
        return self.ok("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": fields}, status=201)

    def contact(self):
        if "contact" not in FIXTURES:
            FIXTURES["contact"] = self.new_contact(comune="Roma", telefono="06 1234567")
        return FIXTURES["contact"]

    def pratica(self):
        """A pratica for the bad-input tests (rejected requests must leave it unchanged)."""
        if "pratica" not in FIXTURES:
            FIXTURES["pratica"] = self.new_pratica(
                valore_attivo="10.000,00", valore_passivo="50000", compenso_procedura="piano", compenso_attivo="20000",
                compenso_passivo="80000", compenso_riduzione="20", compenso_rimborso="15",
                udienze=[{"data": "2026-05-04", "ora": "10:00", "descrizione": "comparizione"}])
        return FIXTURES["pratica"]

    def current(self, pratica):
        return self.ok("GET", f"/api/v1/pratiche/{pratica['id']}")

    def attachment(self):
        """A file of the fixture pratica."""
        if "attachment" not in FIXTURES:
            response = self.upload(f"/api/v1/pratiche/{self.pratica()['id']}/attachments", "relazione.pdf", api.sample_pdf("Relazione"))
            self.assertEqual(response.status, 201, response.describe())
            FIXTURES["attachment"] = response.data
        return FIXTURES["attachment"]

    def project(self):
        """A project of the fixture pratica, with a creditor and an asset."""
        if "project" not in FIXTURES:
            created = self.ok("POST", f"/api/v1/pratiche/{self.pratica()['id']}/projects",
                              {"tipo": "piano-consumatore", "nome": "Piano di prova"}, status=201)
            FIXTURES["project"] = self.ok("PATCH", f"/api/v1/projects/{created['id']}", {"versione": created["versione"], "campi": {
                "creditori": [{"creditore": self.contact()["id"], "importo": "8000"}], "beni": [{"descrizione": "Auto", "valore": "3000"}]}})
        return self.ok("GET", f"/api/v1/projects/{FIXTURES['project']['id']}")

    def access_code(self):
        """The fixture pratica's access code, generated once."""
        if "access_code" not in FIXTURES:
            FIXTURES["access_code"] = self.ok("POST", f"/api/v1/pratiche/{self.pratica()['id']}/token", status=201)
        return FIXTURES["access_code"]

    def write_requests(self):
        """One well-formed request per write operation, against the fixtures:
        (method, path, body, paths whose GET must not change when the request is refused)."""
        pratica, contact = self.current(self.pratica()), self.contact()
        pid, cid = pratica["id"], contact["id"]
        p, c = f"/api/v1/pratiche/{pid}", f"/api/v1/contacts/{cid}"
        counts = ("/api/v1/pratiche?per_pagina=1", "/api/v1/contacts?per_pagina=1")
        h = p + "/history"
        return [
            ("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {"interessati": [{"debitore": cid}]}}, counts),
            ("PATCH", p, {"versione": pratica["versione"], "campi": {"note": "modificata"}}, (p, h)),
            ("POST", p + "/transitions", {"stato": "rinunciata", "versione": pratica["versione"]}, (p, h)),
            ("POST", p + "/protocol", {}, (p, h)),
            ("POST", p + "/fees", {"versione": pratica["versione"]}, (p, h)),
            ("POST", "/api/v1/contacts", {"cognome": "Bianchi", "nome": "Anna"}, counts),
            ("PATCH", c, {"versione": self.ok("GET", c)["versione"], "note": "modificata"}, (c,)),
            ("POST", "/api/v1/fees", {"procedura": "piano", "attivo": "1000", "passivo": "2000", "riduzione": "20",
                                      "rimborso": "15"}, counts),
            *self.file_and_project_json_writes(),
        ]

    def file_and_project_json_writes(self):
        """The JSON writes of files and projects, in the form of `write_requests`."""
        pid, attachment, project = self.pratica()["id"], self.attachment(), self.project()
        p, j = f"/api/v1/pratiche/{pid}", f"/api/v1/projects/{project['id']}"
        files, projects, h = p + "/attachments", p + "/projects", p + "/history"
        return [
            ("PATCH", f"{files}/{attachment['id']}", {"visibile_debitore": True}, (files, h)),
            ("POST", projects, {"tipo": "piano-consumatore", "nome": "Nuovo piano"}, (projects, h)),
            ("PATCH", j, {"versione": project["versione"], "nome": "Rinominato", "campi": {"finanza_esterna": "500"}}, (j, h)),
        ]

    def every_write(self):
        """Every write operation, JSON or not: (method, path, the options of `call`, watched paths)."""
        for method, path, body, watched in self.write_requests():
            yield method, path, {"body": body}, watched
        for method, path, raw, content_type, watched in self.other_write_requests():
            yield method, path, ({"raw": raw, "content_type": content_type} if raw is not None else {}), watched

    def other_write_requests(self):
        """One well-formed request per write operation without a JSON body (an upload, deletions,
        the access code, the project's totals): (method, path, raw body or None, its Content-Type,
        paths whose GET must not change when the request is refused)."""
        pid, attachment, project = self.pratica()["id"], self.attachment(), self.project()
        self.access_code()
        p, j = f"/api/v1/pratiche/{pid}", f"/api/v1/projects/{project['id']}"
        files, h = p + "/attachments", p + "/history"
        body, media_type = api.multipart([("file", "nuovo.pdf", "application/pdf", api.sample_pdf("Nuovo"))])
        return [
            ("POST", files, body, media_type, (files, h)),
            ("DELETE", f"{files}/{attachment['id']}", None, None, (files, h)),
            ("POST", p + "/token", None, None, (p + "/token", h)),
            ("DELETE", j, None, None, (j, p + "/projects", h)),
            ("POST", j + "/fees-input", None, None, (p, h)),
        ]


# =============================================================================================
class DocumentTest(APITestCase):
    """The OpenAPI document itself."""

    def test_document_is_openapi_31_with_every_operation(self):
        document = contract().document
        self.assertEqual(document.get("openapi"), "3.1.0")
        self.assertEqual(document["info"]["title"], "Fascicolo API")
        self.assertEqual(document["info"]["version"], "1")
        self.assertEqual(document["servers"], [{"url": "/"}])
        schemes = document["components"]["securitySchemes"]
        self.assertEqual(schemes["bearer"], {**schemes["bearer"], "type": "http", "scheme": "bearer"})
        self.assertEqual((schemes["sessione"]["type"], schemes["sessione"]["in"], schemes["sessione"]["name"]),
                         ("apiKey", "cookie", "fascicolo_sessione"))
        self.assertEqual((schemes["csrf"]["type"], schemes["csrf"]["in"], schemes["csrf"]["name"]),
                         ("apiKey", "header", "X-CSRF-Token"))
        self.assertEqual(set(contract().operations), EXPECTED_OPERATIONS)
        for name in ["Pratica", "Contatto", "PaginaPratiche", "PaginaContatti", "Preventivo", "VoceCalendario", "Tipologia",
                     "Transizione", "VoceStorico", "Errore", "Allegato", "ElencoAllegati", "CodiceAccesso", "ProgettoSintesi",
                     "Progetto", "ElencoProgetti", "Modello", "ElencoModelli", "NuovoModello", "ModelloCaricato", "Report",
                     "ElencoReport", "RisultatoReport"]:
            self.assertIn(name, document["components"]["schemas"])
        from openapi_spec_validator import validate  # installed by `make test-deps`
        validate(document)

    def test_every_operation_is_described(self):
        ids = set()
        for (method, template), operation in contract().operations.items():
            with self.subTest(operation=f"{method} {template}"):
                self.assertNotIn(operation["operationId"], ids)
                ids.add(operation["operationId"])
                self.assertTrue(operation.get("summary") and operation.get("description"))
                responses = operation["responses"]
                for code, response in responses.items():
                    resolved, _ = contract().resolve(response, "")
                    self.assertTrue(resolved.get("description"))
                    if code.startswith("4"):
                        self.assertEqual(resolved["content"]["application/json"]["schema"], {"$ref": "#/components/schemas/Errore"})
                if template.startswith("/api/v1/"):
                    self.assertIn("401", responses)
                    self.assertTrue(operation.get("security"))
                if method in ("POST", "PATCH", "DELETE"):
                    self.assertIn("403", responses)
                    self.assertIn({"sessione": [], "csrf": []}, operation["security"])
                if (method, template) in BODYLESS_WRITES:
                    self.assertNotIn("requestBody", operation, "the server reads no body")
                elif method in ("POST", "PATCH"):
                    for code in ("400", "401", "403", "413", "415"):
                        self.assertIn(code, responses)
                    body = operation["requestBody"]
                    self.assertTrue(body["required"])
                    if "multipart/form-data" in body["content"]:
                        self.assertEqual(list(body["content"]), ["multipart/form-data"])
                        schema, _ = contract().resolve(body["content"]["multipart/form-data"]["schema"], "")
                        self.assertEqual(schema["required"], ["file"])
                    else:
                        self.assertEqual(list(body["content"]), ["application/json"])
                        schema, _ = contract().resolve(body["content"]["application/json"]["schema"], "")
                        self.assertIs(schema.get("additionalProperties"), False, "the server rejects unknown keys")
                if method == "POST" and template in ("/api/v1/pratiche", "/api/v1/contacts"):
                    self.assertIn("Location", responses["201"]["headers"])
                for parameter in operation.get("parameters", []):
                    resolved, _ = contract().resolve(parameter, "")
                    self.assertTrue(resolved.get("description"), parameter)

    def test_schemas_are_valid_and_references_resolve(self):
        document = contract().document
        for name, schema in document["components"]["schemas"].items():
            with self.subTest(schema=name):
                jsonschema.Draft202012Validator.check_schema(schema)
                contract().validator(f"/components/schemas/{name}")

        def walk(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    contract().resolve(node, "")
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(document)

    def test_served_document_is_the_generated_one(self):
        served = self.call("GET", "/api/openapi.json", auth=None)
        self.assertEqual(served.status, 200)
        self.assertEqual(served.json(), api.load_repository_document())

    def test_document_is_generated_from_the_types(self):
        document = api.load_repository_document()
        schemas = document["components"]["schemas"]
        self.assertIn("CampiCrisiSovraindebitamento", schemas)
        self.assertIn("CampiInIngressoCrisiSovraindebitamento", schemas)
        self.assertIn("crisi-sovraindebitamento", document["components"]["parameters"]["tipo"]["schema"]["enum"])
        self.assertIn("esame_documentazione", schemas["RichiestaTransizione"]["properties"]["stato"]["enum"])
        self.assertIn("-data_apertura", document["components"]["parameters"]["ordina"]["schema"]["enum"])
        self.assertEqual(schemas["CampiInIngressoCrisiSovraindebitamento"]["required"], ["interessati"])


# =============================================================================================
class ContractTest(APITestCase):
    """Every operation called for real; responses validated against the document."""

    ran = set()

    def setUp(self):
        ContractTest.ran.add(self._testMethodName)

    # -- pratiche -------------------------------------------------------------------------------

    def test_list_pratiche(self):
        everything = self.ok("GET", "/api/v1/pratiche?per_pagina=500")
        self.assertGreaterEqual(everything["totale"], 80)
        self.assertEqual(len(everything["pratiche"]), min(everything["totale"], 500))
        created = [p["creata"] for p in everything["pratiche"]]
        self.assertEqual(created, sorted(created, reverse=True), "default order without tipo: newest first")

        page = self.ok("GET", "/api/v1/pratiche?per_pagina=7&pagina=2")
        self.assertEqual((page["pagina"], page["per_pagina"]), (2, 7))
        self.assertEqual(page["pagine"], -(-page["totale"] // 7))
        self.assertEqual([p["id"] for p in page["pratiche"]], [p["id"] for p in everything["pratiche"][7:14]])

        states = self.ok("GET", f"/api/v1/pratiche?tipo={TYPE_ID}&stato=aperta,esame_documentazione&per_pagina=500")
        self.assertTrue(all(p["stato"] in ("aperta", "esame_documentazione") for p in states["pratiche"]))
        self.assertEqual(states["totale"], sum(p["stato"] in ("aperta", "esame_documentazione") for p in everything["pratiche"]))

        year = next(p["campi"]["data_apertura"][:4] for p in everything["pratiche"]
                    if "data_apertura" in p["campi"] and money(p["campi"].get("valore_passivo", "0")) >= 10000)
        ranged = self.ok("GET", f"/api/v1/pratiche?tipo={TYPE_ID}&filtro=data_apertura%3D01/01/{year}..31/12/{year}"
                                "&filtro=valore_passivo%3D10000..&ordina=-valore_passivo&per_pagina=500")
        self.assertTrue(ranged["pratiche"], f"the demo data has pratiche opened in {year}")
        for pratica in ranged["pratiche"]:
            self.assertTrue(f"{year}-01-01" <= pratica["campi"]["data_apertura"] <= f"{year}-12-31")
            self.assertGreaterEqual(money(pratica["campi"]["valore_passivo"]), 10000)
        passivi = [money(p["campi"]["valore_passivo"]) for p in ranged["pratiche"]]
        self.assertEqual(passivi, sorted(passivi, reverse=True))

        pratica = self.current(self.pratica())
        debtor = pratica["campi"]["interessati"][0]["debitore"]
        linked = self.ok("GET", f"/api/v1/pratiche?soggetto={debtor}&per_pagina=500")
        self.assertIn(pratica["id"], [p["id"] for p in linked["pratiche"]])

    def test_search(self):
        pratica = self.current(self.pratica())
        surname = self.contact()["cognome"]
        found = self.ok("GET", f"/api/v1/search?q={surname}")
        self.assertIn(pratica["id"], [p["id"] for p in found["pratiche"]])
        by_date = self.ok("GET", f"/api/v1/search?q=04/05/2026&tipo={TYPE_ID}&per_pagina=500")
        self.assertIn(pratica["id"], [p["id"] for p in by_date["pratiche"]])
        nothing = self.ok("GET", "/api/v1/search?q=parolachenonesiste")
        self.assertEqual((nothing["totale"], nothing["pratiche"], nothing["pagine"]), (0, [], 1))

    def test_create_and_read_pratica(self):
        contact = self.contact()
        body = {"tipo": TYPE_ID, "numera": True, "campi": {
            "interessati": [{"debitore": contact["id"]}], "procedura": "accordo", "valore_attivo": "1.234,56",
            "valore_passivo": 98765.4, "percentuale_riduzione": "12,5", "data_presentazione": "15/03/2026",
            "udienze": [{"data": "2026-06-01", "ora": "9:30", "descrizione": "prima udienza"}]}}
        response = self.call("POST", "/api/v1/pratiche", body)
        self.assertEqual(response.status, 201, response.describe())
        created = response.data
        self.assertEqual(response.header("Location"), f"/api/v1/pratiche/{created['id']}")
        self.assertEqual(created["versione"], 1)
        self.assertRegex(created["protocollo"], r"^\d{4}/\d{4}$")
        self.assertEqual(created["campi"]["valore_attivo"], "1234.56")
        self.assertEqual(created["campi"]["valore_passivo"], "98765.40")
        self.assertEqual(created["campi"]["percentuale_riduzione"], 12.5)
        self.assertEqual(created["campi"]["data_presentazione"], "2026-03-15")
        self.assertEqual(created["campi"]["udienze"], [{"data": "2026-06-01", "ora": "09:30", "descrizione": "prima udienza"}])
        self.assertEqual(self.ok("GET", response.header("Location")), created)

    def test_update_pratica(self):
        pratica = self.new_pratica(note="prima", valore_attivo="100")
        updated = self.ok("PATCH", f"/api/v1/pratiche/{pratica['id']}", {"versione": pratica["versione"], "campi": {
            "note": "dopo", "valore_attivo": None, "udienze": [{"data": "01/02/2027"}], "udienze[1].ora": "15:00"}})
        self.assertEqual(updated["versione"], pratica["versione"] + 1)
        self.assertEqual(updated["campi"]["note"], "dopo")
        self.assertNotIn("valore_attivo", updated["campi"])
        self.assertEqual(updated["campi"]["udienze"], [{"data": "2027-02-01", "ora": "15:00"}])
        same = self.ok("PATCH", f"/api/v1/pratiche/{pratica['id']}", {"versione": updated["versione"], "campi": {"note": "dopo"}})
        self.assertEqual(same["versione"], updated["versione"], "no change, no new version")

    def test_transitions(self):
        pratica = self.new_pratica()
        self.assertEqual(pratica["stato"], "richiesta_informazioni")
        options = self.ok("GET", f"/api/v1/pratiche/{pratica['id']}/transitions")
        self.assertIn("aperta", [o["stato"] for o in options])
        for option in options:
            self.assertEqual(option["consentita"], option["motivo"] is None)
        moved = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/transitions", {"stato": "aperta", "versione": pratica["versione"]})
        self.assertEqual(moved["stato"], "aperta")
        self.assertEqual(moved["versione"], pratica["versione"] + 1)
        self.assertIn("data_apertura", moved["campi"], "the plugin stamps the opening date")
        refused = {o["stato"]: o for o in self.ok("GET", f"/api/v1/pratiche/{pratica['id']}/transitions")}
        self.assertFalse(refused["assegnata_gestore"]["consentita"])
        self.assertTrue(refused["assegnata_gestore"]["motivo"])
        final = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/transitions", {"stato": "rinunciata"})
        self.assertEqual(self.ok("GET", f"/api/v1/pratiche/{final['id']}/transitions"), [], "no way out of a final state")

    def test_protocol(self):
        pratica = self.new_pratica()
        self.assertIsNone(pratica["protocollo"])
        numbered = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/protocol", {})
        self.assertRegex(numbered["protocollo"], r"^\d{4}/\d{4}$")
        again = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/protocol", {"protocollo": None})
        self.assertEqual(again["protocollo"], numbered["protocollo"], "a second click never burns a number")
        chosen = f"2031/{RNG.randint(1000, 9999):04d}"
        manual = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/protocol", {"protocollo": chosen})
        self.assertEqual(manual["protocollo"], chosen)

    def test_pratica_fees(self):
        pratica = self.new_pratica(compenso_procedura="piano", compenso_attivo="50000", compenso_passivo="120.000,00",
                                   compenso_riduzione=20, compenso_rimborso="15")
        result = self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/fees", {"versione": pratica["versione"]})
        quote, saved = result["preventivo"], result["pratica"]["campi"]
        self.assertEqual(saved["preventivo_minimo"], quote["totale"]["min"])
        self.assertEqual(saved["preventivo_medio"], quote["totale"]["medio"])
        self.assertEqual(saved["preventivo_massimo"], quote["totale"]["max"])
        self.assertEqual(saved["preventivo_data"], result["pratica"]["aggiornata"][:10])
        self.assertEqual(result["pratica"], self.current(pratica))
        calculator = self.ok("POST", "/api/v1/fees", {"tipo": TYPE_ID, "procedura": "piano", "attivo": "50000.00",
                                                      "passivo": "120000.00", "riduzione": "20", "rimborso": "15"})
        self.assertEqual(calculator, quote, "same inputs, same quote")

    def test_history(self):
        pratica = self.new_pratica()
        pid = pratica["id"]
        updated = self.ok("PATCH", f"/api/v1/pratiche/{pid}", {"versione": 1, "campi": {"note": "storia"}})
        self.ok("POST", f"/api/v1/pratiche/{pid}/transitions", {"stato": "aperta", "versione": updated["versione"]})
        self.ok("POST", f"/api/v1/pratiche/{pid}/protocol", {})
        history = self.ok("GET", f"/api/v1/pratiche/{pid}/history")
        actions = [(e["azione"], e["campo"]) for e in history]
        self.assertEqual(actions[0], ("create", "stato"))
        self.assertIn(("update", "note"), actions)
        self.assertIn(("transition", "stato"), actions)
        self.assertIn(("protocol", "protocollo"), actions)
        self.assertTrue(all(e["chi"] == OPERATORE for e in history))
        note = next(e for e in history if e["campo"] == "note")
        self.assertEqual((note["prima"], note["dopo"]), (None, "storia"))

    def test_shares(self):
        pratica = self.new_pratica()
        pid = pratica["id"]
        code = os.environ["FASCICOLO_GESTORE_ACCOUNT"]
        self.assertEqual(self.ok("GET", f"/api/v1/pratiche/{pid}/shares"), {"condivisioni": []})
        self.rejected(self.call("GET", f"/api/v1/pratiche/{pid}", auth=GESTORE), 404)
        shared = self.ok("POST", f"/api/v1/pratiche/{pid}/shares", {"codice": code}, status=201)
        self.assertEqual([s["codice"] for s in shared["condivisioni"]], [code])
        self.assertEqual(self.ok("GET", f"/api/v1/pratiche/{pid}", auth=GESTORE)["id"], pid)
        self.assertIn(pid, [p["id"] for p in self.ok("GET", "/api/v1/pratiche?per_pagina=500", auth=GESTORE)["pratiche"]])
        self.rejected(self.call("PATCH", f"/api/v1/pratiche/{pid}", {"versione": pratica["versione"], "campi": {"note": "x"}}, auth=GESTORE), 403)
        self.rejected(self.call("DELETE", f"/api/v1/pratiche/{pid}/shares/{code}", auth=GESTORE), 403)
        self.rejected(self.call("POST", f"/api/v1/pratiche/{pid}/shares", {"codice": "12"}), 422, field="codice")
        response = self.call("DELETE", f"/api/v1/pratiche/{pid}/shares/{code}")
        self.assertEqual(response.status, 204, response.describe())
        self.rejected(self.call("GET", f"/api/v1/pratiche/{pid}", auth=GESTORE), 404)
        actions = [e["azione"] for e in self.ok("GET", f"/api/v1/pratiche/{pid}/history")]
        self.assertIn("share", actions)
        self.assertIn("unshare", actions)

    # -- files, the debtor's access code, projects ----------------------------------------------

    def test_attachments(self):
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        self.assertEqual(self.ok("GET", p + "/attachments"), {"allegati": []})
        content = api.sample_pdf("Contratto di prova")
        response = self.upload(p + "/attachments", "contratto.pdf", content)
        self.assertEqual(response.status, 201, response.describe())
        created = response.data
        self.assertEqual({k: v for k, v in created.items() if k not in ("id", "caricato_il")},
                         {"nome": "contratto.pdf", "tipo": "application/pdf", "dimensione": len(content), "caricato_da": OPERATORE,
                          "visibile_debitore": False, "dal_debitore": False, "modificabile": True})
        self.assertEqual(self.ok("GET", p + "/attachments"), {"allegati": [created]})
        a = f"{p}/attachments/{created['id']}"
        download = self.call("GET", a)
        self.assertEqual(download.status, 200, download.describe())
        self.assertEqual(download.body, content)
        self.assertEqual(download.header("Content-Type"), "application/pdf")
        self.assertEqual(download.header("Content-Disposition"), "attachment; filename=\"contratto.pdf\"; filename*=UTF-8''contratto.pdf")
        self.assertEqual(self.ok("PATCH", a, {"visibile_debitore": True}), {**created, "visibile_debitore": True})
        self.assertEqual(self.ok("GET", p + "/attachments"), {"allegati": [{**created, "visibile_debitore": True}]})
        self.assertEqual(self.ok("PATCH", a, {"visibile_debitore": False}, auth=session(OPERATORE)), created)

        # A name beyond ASCII: an ASCII fallback and the exact name (RFC 5987) in Content-Disposition.
        name = "perizia però.png"
        other = self.upload(p + "/attachments", name, api.sample_png(), "image/png", auth=session(OPERATORE))
        self.assertEqual((other.status, other.data["nome"], other.data["tipo"]), (201, name, "image/png"), other.describe())
        download = self.call("GET", f"{p}/attachments/{other.data['id']}", auth=session(OPERATORE))
        self.assertEqual(download.body, api.sample_png())
        quoted = urllib.parse.quote(name, safe="!#$&+-.^_`|~")
        self.assertEqual(download.header("Content-Disposition"), f"attachment; filename=\"perizia per_.png\"; filename*=UTF-8''{quoted}")

        deleted = self.call("DELETE", a)
        self.assertEqual((deleted.status, deleted.body), (204, b""), deleted.describe())
        self.rejected(self.call("GET", a), 404)
        self.assertEqual([f["id"] for f in self.ok("GET", p + "/attachments")["allegati"]], [other.data["id"]])
        entries = [(e["azione"], e["chi"], e["prima"] or e["dopo"]) for e in self.ok("GET", p + "/history")
                   if e["azione"] in ("upload", "download", "show_debtor", "hide_debtor", "delete")]
        self.assertEqual(entries, [("upload", OPERATORE, "contratto.pdf"), ("download", OPERATORE, "contratto.pdf"),
                                   ("show_debtor", OPERATORE, "contratto.pdf"), ("hide_debtor", OPERATORE, "contratto.pdf"),
                                   ("upload", OPERATORE, name), ("download", OPERATORE, name), ("delete", OPERATORE, "contratto.pdf")])

    def test_access_code(self):
        pratica = self.new_pratica()
        path = f"/api/v1/pratiche/{pratica['id']}/token"
        self.rejected(self.call("GET", path), 404)
        first = self.ok("POST", path, status=201)
        self.assertEqual(first["indirizzo"], "/dossier/private")
        self.assertEqual(self.ok("GET", path), first)
        second = self.ok("POST", path, status=201, auth=session(OPERATORE))
        self.assertNotEqual(second["codice"], first["codice"])
        self.assertEqual(self.ok("GET", path, auth=session(OPERATORE)), second)
        self.assertEqual([e["azione"] for e in self.ok("GET", f"/api/v1/pratiche/{pratica['id']}/history") if e["campo"] == "token"],
                         ["token", "token_regenerated"])
        self.assertNotIn(second["codice"], json.dumps(self.ok("GET", f"/api/v1/pratiche/{pratica['id']}/history")))
        # Only the owner's roles with area_debitore: not sola_lettura, not the account it is shared with.
        self.ok("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": os.environ["FASCICOLO_GESTORE_ACCOUNT"]}, status=201)
        with self.unchanged(path):
            for actor in (LETTORE, GESTORE):
                with self.subTest(actor=actor):
                    self.rejected(self.call("GET", path, auth=actor), 403)
                    self.rejected(self.call("POST", path, auth=actor), 403)
            self.rejected(self.call("GET", path, auth=ALTRO), 404)
            self.rejected(self.call("POST", path, auth=ALTRO), 404)

    def project_fields(self, kind, creditor):
        """Values for every field of a project kind (the three kinds share most of them)."""
        campi = {
            "creditori": [{"creditore": creditor, "importo": "12.000,00", "privilegio": "chirografario"},
                          {"creditore": creditor, "importo": 3000.5}],
            "beni": [{"descrizione": "Automobile", "tipo": "mobile_registrato", "valore": "4500"}],
            "finanza_esterna": "1.000,00",
            "redditi": [{"descrizione": "Stipendio", "importo_mensile": "1500"}],
            "spese": [{"descrizione": "Affitto", "importo_mensile": "600,50"}],
        }
        if kind != "liquidazione":
            campi["creditori"][0]["soddisfazione"] = "40,5"
        if kind == "accordo-concordato":
            campi["creditori"][1]["classe"] = "Chirografari"
        return campi

    def test_projects(self):
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        creditor = self.new_contact()["id"]
        self.assertEqual(self.ok("GET", p + "/projects"), {"progetti": []})
        projects = []
        for kind in PROJECT_KINDS:
            with self.subTest(kind=kind):
                created = self.ok("POST", p + "/projects", {"tipo": kind, "nome": f"  Progetto {kind}  "}, status=201)
                self.assertEqual({k: v for k, v in created.items() if k not in ("id", "creato", "aggiornato")},
                                 {"pratica": pratica["id"], "tipo": kind, "nome": f"Progetto {kind}", "versione": 1, "attivo": "0.00",
                                  "passivo": "0.00", "proprietario": True, "campi": {}})
                j = f"/api/v1/projects/{created['id']}"
                self.assertEqual(self.ok("GET", j), created)
                updated = self.ok("PATCH", j, {"versione": 1, "nome": "Piano – Rossi", "campi": self.project_fields(kind, creditor)})
                self.assertEqual((updated["versione"], updated["nome"], updated["attivo"], updated["passivo"]),
                                 (2, "Piano – Rossi", "5500.00", "15000.50"))
                self.assertEqual(updated["campi"]["creditori"][0]["importo"], "12000.00")
                self.assertEqual(updated["campi"]["spese"], [{"descrizione": "Affitto", "importo_mensile": "600.50"}])
                if kind != "liquidazione":
                    self.assertEqual(updated["campi"]["creditori"][0]["soddisfazione"], 40.5)
                path_change = self.ok("PATCH", j, {"versione": 2, "campi": {"creditori[2].importo": "3000", "finanza_esterna": None}})
                self.assertEqual((path_change["versione"], path_change["attivo"], path_change["passivo"]), (3, "4500.00", "15000.00"))
                self.assertNotIn("finanza_esterna", path_change["campi"])
                same = self.ok("PATCH", j, {"versione": 3, "campi": {"creditori[2].importo": "3.000,00"}})
                self.assertEqual(same, path_change, "no change, no new version")
                self.assertEqual(self.ok("GET", j), same)
                projects.append(same)
        self.assertEqual(self.ok("GET", p + "/projects"),
                         {"progetti": [{k: v for k, v in project.items() if k != "campi"} for project in projects]})

        # The project's totals into the pratica's fee calculator.
        chosen = projects[0]
        j = f"/api/v1/projects/{chosen['id']}"
        before = self.current(pratica)
        fed = self.ok("POST", j + "/fees-input", auth=session(OPERATORE))
        self.assertEqual((fed["campi"]["compenso_attivo"], fed["campi"]["compenso_passivo"]), (chosen["attivo"], chosen["passivo"]))
        self.assertEqual(fed["versione"], before["versione"] + 1)
        self.assertEqual(fed, self.current(pratica))
        self.assertEqual({k: v for k, v in fed["campi"].items() if not k.startswith("compenso_")}, before["campi"])

        # The account the pratica is shared with reads and edits projects; only the owner creates,
        # deletes and uses their totals. Another account sees nothing.
        self.ok("POST", p + "/shares", {"codice": os.environ["FASCICOLO_GESTORE_ACCOUNT"]}, status=201)
        seen = self.ok("GET", j, auth=GESTORE)
        self.assertEqual(seen, {**self.ok("GET", j), "proprietario": False})
        self.assertEqual([x["proprietario"] for x in self.ok("GET", p + "/projects", auth=GESTORE)["progetti"]], [False] * len(projects))
        edited = self.ok("PATCH", j, {"versione": seen["versione"], "campi": {"beni[1].valore": "5000"}}, auth=GESTORE)
        self.assertEqual((edited["versione"], edited["attivo"], edited["proprietario"]), (seen["versione"] + 1, "5000.00", False))
        with self.unchanged(j, p, p + "/projects", p + "/history"):
            self.rejected(self.call("DELETE", j, auth=GESTORE), 403)
            self.rejected(self.call("POST", j + "/fees-input", auth=GESTORE), 403)
            self.rejected(self.call("POST", p + "/projects", {"tipo": "liquidazione", "nome": "Del gestore"}, auth=GESTORE), 403)
            for method, path, body in [("GET", j, None), ("PATCH", j, {"versione": edited["versione"], "nome": "Altrui"}),
                                       ("DELETE", j, None), ("POST", j + "/fees-input", None), ("GET", p + "/projects", None),
                                       ("POST", p + "/projects", {"tipo": "liquidazione", "nome": "Altrui"})]:
                with self.subTest(actor=ALTRO, request=f"{method} {path}"):
                    self.rejected(self.call(method, path, body, auth=ALTRO), 404)

        deleted = self.call("DELETE", j)
        self.assertEqual((deleted.status, deleted.body), (204, b""), deleted.describe())
        self.rejected(self.call("GET", j), 404)
        self.assertEqual([x["id"] for x in self.ok("GET", p + "/projects")["progetti"]], [x["id"] for x in projects[1:]])
        actions = [e["azione"] for e in self.ok("GET", p + "/history") if e["campo"] == "progetti"]
        self.assertEqual(actions, ["project_create", "project_update", "project_update"] * 3 + ["project_update", "project_delete"])

    # -- contacts -------------------------------------------------------------------------------

    def test_contacts(self):
        contact = self.new_contact(comune="Roma", email="Ottavia@Example.IT", data_nascita="11/07/1963")
        self.assertEqual(contact["email"], "ottavia@example.it")
        self.assertEqual((contact["provincia"], contact["data_nascita"]), ("RM", "1963-07-11"))
        self.assertEqual(contact["nominativo"], f"{contact['cognome']} Ottavia")
        page = self.ok("GET", f"/api/v1/contacts?q={contact['cognome']}")
        self.assertEqual([c["id"] for c in page["contatti"]], [contact["id"]])
        listed = self.ok("GET", "/api/v1/contacts?per_pagina=3&pagina=2")
        self.assertEqual((listed["pagina"], listed["per_pagina"], len(listed["contatti"])), (2, 3, 3))
        self.assertEqual(self.ok("GET", f"/api/v1/contacts/{contact['id']}"), contact)

    def test_create_contact_location(self):
        response = self.call("POST", "/api/v1/contacts", {"tipo": "giuridica", "denominazione": "Studio Prova S.r.l.",
                                                          "partita_iva": "12345678903"})
        self.assertEqual(response.status, 201, response.describe())
        self.assertEqual(response.header("Location"), f"/api/v1/contacts/{response.data['id']}")
        self.assertEqual(self.ok("GET", response.header("Location")), response.data)

    def test_update_contact(self):
        contact = self.new_contact(note="da togliere")
        cid = contact["id"]
        updated = self.ok("PATCH", f"/api/v1/contacts/{cid}", {"versione": contact["versione"], "telefono": "+39 333 1234567",
                                                               "note": None})
        self.assertEqual(updated["versione"], contact["versione"] + 1)
        self.assertEqual(updated["telefono"], "+393331234567")
        self.assertNotIn("note", updated)
        self.assertEqual(updated["cognome"], contact["cognome"], "keys not sent stay as they are")

    # -- reference ------------------------------------------------------------------------------

    def test_types(self):
        types = self.ok("GET", "/api/v1/types")
        self.assertIn(TYPE_ID, [t["id"] for t in types])
        one = self.ok("GET", f"/api/v1/types/{TYPE_ID}")
        self.assertEqual(one, next(t for t in types if t["id"] == TYPE_ID))
        fields = {f["id"]: f for s in one["sezioni"] for f in s["campi"]}
        self.assertEqual(fields["interessati"]["tipo"], "group")
        self.assertEqual(fields["interessati"]["campi"][0]["ruolo"], "debitore")
        self.assertIn("aperta", [s["id"] for s in one["stati"] if s["iniziale"]])

    def test_calendar(self):
        entries = self.ok("GET", "/api/v1/calendar?da=2026-01-01&a=2026-12-31")
        dates = [e["data"] for e in entries]
        self.assertEqual(dates, sorted(dates))
        self.assertTrue(all("2026-01-01" <= d <= "2026-12-31" for d in dates))
        pratica = self.current(self.pratica())
        mine = self.ok("GET", f"/api/v1/calendar?da=01/05/2026&a=31/05/2026&tipo={TYPE_ID}&soggetto="
                              f"{pratica['campi']['interessati'][0]['debitore']}")
        self.assertIn({"data": "2026-05-04", "pratica": pratica["id"], "campo": "udienze.data"},
                      [{k: e[k] for k in ("data", "pratica", "campo")} for e in mine])

    def test_fees_calculator(self):
        quote = self.ok("POST", "/api/v1/fees", {"procedura": "incapiente", "attivo": 20000, "passivo": "35000,50",
                                                 "riduzione": 30, "rimborso": "12.5", "attribuito": None})
        for column in ("lordo", "compenso", "spese_generali", "totale"):
            values = [money(quote[column][k]) for k in ("min", "medio", "max")]
            self.assertEqual(values, sorted(values))
        self.assertTrue(any("incapiente" in warning for warning in quote["avvisi"]))

    # -- documents and reports (test_documents_api.py and test_reports_api.py test them in depth)

    def test_templates_and_documents(self):
        pratica = self.pratica()
        listed = self.ok("GET", "/api/v1/templates")
        self.assertIn("preventivo", [template["chiave"] for template in listed["modelli"] if template["incluso"]])
        template = api.docx_package(api.docx_paragraph("Pratica {{protocollo}}"))
        body, content_type = api.multipart([("nome", "Modello di prova"), ("tipologia", TYPE_ID),
                                            ("file", "modello.docx", api.DOCX_TYPE, template)])
        created = self.ok("POST", "/api/v1/templates", raw=body, content_type=content_type, status=201)
        filled = self.call("GET", f"/api/v1/pratiche/{pratica['id']}/documents/{created['chiave']}")
        self.assertEqual((filled.status, filled.header("Content-Type")), (200, api.DOCX_TYPE), filled.describe())
        self.ok("DELETE", f"/api/v1/templates/{created['chiave']}", status=204)

    def test_reports(self):
        listed = self.ok("GET", "/api/v1/reports")
        self.assertIn("pratiche-per-stato", [report["nome"] for report in listed["report"]])
        result = self.ok("GET", "/api/v1/reports/pratiche-per-stato")
        self.assertEqual(result["tables"][0]["footer"][0]["stato"], "Totale")

    def test_openapi_document_route(self):
        self.ok("GET", "/api/openapi.json", auth=None)


# =============================================================================================
class BadInputTest(APITestCase):
    """Malformed, mistyped and out-of-range input: a 4xx with a JSON error, nothing written."""

    def test_malformed_json(self):
        for method, path, _, watched in self.write_requests():
            for raw in ['{"versione": 1,', "{bad}", "", "{} x", "[1, 2", '{"a": tru}', '{"a": "\\ud800"}']:
                with self.subTest(request=f"{method} {path}", raw=raw[:20]), self.unchanged(*watched):
                    self.rejected(self.call(method, path, raw=raw), 400)

    def test_invalid_utf8_and_deep_nesting(self):
        for method, path, _, watched in self.write_requests():
            with self.subTest(request=f"{method} {path}"), self.unchanged(*watched):
                self.rejected(self.call(method, path, raw=b'{"note": "\xff\xfe"}'), 400)
                self.rejected(self.call(method, path, raw="[" * 100000 + "]" * 100000), 400)

    def test_body_not_an_object(self):
        for method, path, _, watched in self.write_requests():
            for raw in ["[]", "null", '"testo"', "42", "true"]:
                with self.subTest(request=f"{method} {path}", raw=raw[:20]), self.unchanged(*watched):
                    self.rejected(self.call(method, path, raw=raw), 400)

    def test_unknown_top_level_fields(self):
        for method, path, body, watched in self.write_requests():
            with self.subTest(request=f"{method} {path}"), self.unchanged(*watched):
                self.rejected(self.call(method, path, {**body, "campo_inventato": 1}), 400, field="campo_inventato")
            surname = api.random_surname(RNG)
            api.PERSONAL_DATA.add(surname)
            with self.subTest(request=f"{method} {path}", key="personal"), self.unchanged(*watched):
                response = self.rejected(self.call(method, path, {**body, f"{surname} Ottavia": 1}), 400)
                self.assertEqual(response.json()["error"]["field"], "(campo non riconosciuto)")

    def test_wrong_json_types(self):
        pratica, contact = self.current(self.pratica()), self.contact()
        p, c = f"/api/v1/pratiche/{pratica['id']}", f"/api/v1/contacts/{contact['id']}"
        v = pratica["versione"]
        cases = [
            ("PATCH", p, {"versione": str(v), "campi": {"note": "x"}}, "versione"),
            ("PATCH", p, {"versione": float(v), "campi": {"note": "x"}}, "versione"),
            ("PATCH", p, {"versione": 10 ** 30, "campi": {"note": "x"}}, "versione"),
            ("PATCH", p, {"versione": v, "campi": [["note", "x"]]}, "campi"),
            ("PATCH", p, {"versione": v, "campi": "note=x"}, "campi"),
            ("PATCH", p, {"versione": v}, "campi"),
            ("PATCH", p, {"campi": {"note": "x"}}, "versione"),
            ("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": []}, "campi"),
            ("POST", "/api/v1/pratiche", {"tipo": 7, "campi": {}}, "tipo"),
            ("POST", "/api/v1/pratiche", {"campi": {}}, "tipo"),
            ("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "numera": "sì"}, "numera"),
            ("POST", p + "/transitions", {"stato": 5}, "stato"),
            ("POST", p + "/transitions", {"stato": ["aperta"]}, "stato"),
            ("POST", p + "/transitions", {"versione": v}, "stato"),
            ("POST", p + "/transitions", {"stato": "rinunciata", "versione": "1"}, "versione"),
            ("POST", p + "/protocol", {"protocollo": 42}, "protocollo"),
            ("POST", p + "/fees", {"versione": None}, "versione"),
            ("POST", p + "/fees", {"versione": True}, "versione"),
            ("POST", "/api/v1/contacts", {"cognome": 5, "nome": "Anna"}, "cognome"),
            ("POST", "/api/v1/contacts", {"tipo": "azienda", "denominazione": "X"}, "tipo"),
            ("PATCH", c, {"versione": contact["versione"], "telefono": 3331234567}, "telefono"),
            ("PATCH", c, {"versione": [1]}, "versione"),
            ("POST", "/api/v1/fees", {"procedura": "piano", "attivo": True, "passivo": "1", "riduzione": "20", "rimborso": "15"}, "attivo"),
            ("POST", "/api/v1/fees", {"procedura": "piano", "attivo": "1", "passivo": {"a": 1}, "riduzione": "20", "rimborso": "15"}, "passivo"),
            ("POST", "/api/v1/fees", {"procedura": 1, "attivo": "1", "passivo": "1", "riduzione": "20", "rimborso": "15"}, "procedura"),
            ("POST", "/api/v1/fees", {"attivo": "1", "passivo": "1", "riduzione": "20", "rimborso": "15"}, "procedura"),
        ]
        counts = ("/api/v1/pratiche?per_pagina=1", "/api/v1/contacts?per_pagina=1")
        for method, path, body, field in cases:
            with self.subTest(request=f"{method} {path} {json.dumps(body)}"):
                with self.unchanged(p, c, *counts):
                    self.rejected(self.call(method, path, body), 400, field=field)

    def test_body_over_one_megabyte_is_413(self):
        big = "x" * (1 << 20)
        for method, path, body, watched in self.write_requests():
            with self.subTest(request=f"{method} {path}"), self.unchanged(*watched):
                self.rejected(self.call(method, path, {**body, "riempitivo": big}), 413)

    def test_wrong_content_type_is_415(self):
        for method, path, body, watched in self.write_requests():
            for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]:
                with self.subTest(request=f"{method} {path}", content_type=content_type), self.unchanged(*watched):
                    self.rejected(self.call(method, path, raw=json.dumps(body), content_type=content_type), 415)

    def test_bad_dates(self):
        pratica = self.current(self.pratica())
        p = f"/api/v1/pratiche/{pratica['id']}"
        for value in ["2026-02-30", "31/04/2026", "ieri", "2026-13-01", "0000-01-01", "20260101", 20260101, True]:
            with self.subTest(value=value), self.unchanged(p):
                self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": {"data_apertura": value}}),
                              422, field="data_apertura")
            with self.subTest(value=value, group=True), self.unchanged(p):
                self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": {"udienze[1].data": value}}),
                              422, field="udienze[1].data")
        contact = self.contact()
        c = f"/api/v1/contacts/{contact['id']}"
        for value in ["31/02/1980", "2999-01-01", "nato ieri"]:
            with self.subTest(contact_date=value), self.unchanged(c):
                self.rejected(self.call("PATCH", c, {"versione": contact["versione"], "data_nascita": value}), 422, field="data_nascita")
        for query in ["da=2026-02-30&a=2026-03-31", "da=2026-03-01&a=domani", "da=2026-03-01", "a=2026-03-01",
                      "da=2026-03-31&a=2026-03-01", "da=2026-01-01&a=2027-06-30", "da=&a="]:
            with self.subTest(calendar=query):
                self.rejected(self.call("GET", f"/api/v1/calendar?{query}"), 400)
        for expression in ["data_apertura=32/01/2025", "data_apertura=ieri..domani", "data_apertura=2025-01-01..x"]:
            with self.subTest(filtro=expression):
                self.rejected(self.call("GET", f"/api/v1/pratiche?tipo={TYPE_ID}&filtro={expression}"), 422, field="data_apertura")

    def test_bad_money(self):
        pratica = self.current(self.pratica())
        p = f"/api/v1/pratiche/{pratica['id']}"
        values = ["-5", "-1.234,56", "€ -10", -1, "12a", "abc", "1.2.3,4,5", "1e5", "0.001", "9" * 30,
                  "NaN", "Infinity", "١٢٣"]
        for value in values:
            with self.subTest(value=value), self.unchanged(p):
                self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": {"valore_attivo": value}}),
                              422, field="valore_attivo")
        for literal in ["1e400", "-1e400", "1e-400", "123456789012345678901234567890"]:
            with self.subTest(literal=literal), self.unchanged(p):
                raw = f'{{"versione": {pratica["versione"]}, "campi": {{"valore_attivo": {literal}}}}}'
                self.rejected(self.call("PATCH", p, raw=raw), 422, field="valore_attivo")
        with self.subTest(group="gestori"), self.unchanged(p):
            self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": {
                "gestori": [{"gestore": self.contact()["id"], "compenso_liquidato": "-100"}]}}), 422, field="gestori[1].compenso_liquidato")
        base = {"procedura": "piano", "attivo": "1000", "passivo": "2000", "riduzione": "20", "rimborso": "15"}
        for key in ("attivo", "passivo", "attribuito"):
            for value in ["-1", "-0,01", "12a", "1,2,3", "1,005", "9" * 30, "€", -5]:
                with self.subTest(fees=key, value=value):
                    self.rejected(self.call("POST", "/api/v1/fees", {**base, key: value}), 400, 422)
        for key in ("riduzione", "rimborso"):
            for value in ["-20", "101", "venti", "1e3"]:
                with self.subTest(fees=key, value=value):
                    self.rejected(self.call("POST", "/api/v1/fees", {**base, key: value}), 400, 422)

    def test_other_invalid_fields(self):
        pratica = self.current(self.pratica())
        p = f"/api/v1/pratiche/{pratica['id']}"
        cases = [
            ({"procedura": "qualsiasi"}, "procedura"),
            ({"percentuale_riduzione": "101"}, "percentuale_riduzione"),
            ({"percentuale_riduzione": "12,345"}, "percentuale_riduzione"),
            ({"interessati": []}, "interessati"),
            ({"interessati": [{"debitore": 10 ** 12}]}, "interessati[1].debitore"),
            ({"interessati": [{"debitore": -4}]}, "interessati[1].debitore"),
            ({"interessati": [{"debitore": "abc"}]}, "interessati[1].debitore"),
            ({"interessati": {"debitore": 1}}, "interessati"),
            ({"interessati": [1, 2]}, "interessati[1]"),
            ({"gestori": [{"gestore": 1}, {"gestore": 2}, {"gestore": 3}]}, None),
            ({"udienze[9].data": "2026-01-01"}, "udienze[9].data"),
            ({"udienze[0].data": "2026-01-01"}, "udienze[0].data"),
            ({"udienze[99999999999999999999].data": "2026-01-01"}, None),
            ({"udienze[1].ora": "25:61"}, "udienze[1].ora"),
            ({"numero_rg": "x" * 31}, "numero_rg"),
            ({"note": {"testo": "x"}}, "note"),
            ({"note": ["x"]}, "note"),
            ({"campo_inesistente": "x"}, "campo_inesistente"),
            ({"stato": "aperta"}, "stato"),
            ({"anno": "duemila"}, "anno"),
            ({"protocollo": "non-un-numero"}, "protocollo"),
        ]
        for campi, field in cases:
            with self.subTest(campi=json.dumps(campi)[:80]), self.unchanged(p):
                self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": campi}), 422, field=field)
        with self.unchanged("/api/v1/pratiche?per_pagina=1"):
            self.rejected(self.call("POST", "/api/v1/pratiche", {"tipo": "tipologia-inesistente", "campi": {}}), 404)
            self.rejected(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {}}), 422, field="interessati")
            self.rejected(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
                "interessati": [{"debitore": self.contact()["id"]}], "stato": "conclusa"}}), 422, field="stato")
        for method, path, body in [("POST", p + "/transitions", {"stato": "stato_inesistente"}),
                                   ("POST", p + "/protocol", {"protocollo": "0"}),
                                   ("POST", p + "/protocol", {"protocollo": "2026/-3"}),
                                   ("POST", p + "/protocol", {"protocollo": "1800/1"})]:
            with self.subTest(request=f"{method} {path} {body}"), self.unchanged(p):
                self.rejected(self.call(method, path, body), 422)

    def test_builtin_fields_reject_wrong_json_types(self):
        """`nome_cartella` and `protocollo` inside `campi` are texts: an object, a list or a boolean
        is refused, not turned into "1", "1, 2" or "Sì"."""
        p = f"/api/v1/pratiche/{self.new_pratica()['id']}"
        for field, value in [("nome_cartella", {"a": 1}), ("nome_cartella", [1, 2]), ("nome_cartella", True),
                             ("protocollo", {"a": 1}), ("protocollo", [7])]:
            with self.subTest(field=field, value=value), self.unchanged(p):
                version = self.ok("GET", p)["versione"]
                self.rejected(self.call("PATCH", p, {"versione": version, "campi": {field: value}}), 422, field=field)
            with self.subTest(field=field, value=value, create=True), self.unchanged("/api/v1/pratiche?per_pagina=1"):
                self.rejected(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
                    "interessati": [{"debitore": self.contact()["id"]}], field: value}}), 422, field=field)

    def test_accepted_amounts_can_be_read_back(self):
        """An amount the server accepts must stay readable: it must not make every later change of
        the pratica fail on a field the client did not touch."""
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        # Amounts have at most 15 integer digits, however they are written.
        for literal, status in [("92233720368547758", 422), ("9999999999999999.99", 422), ("\"9999999999999999\"", 422),
                                ("999999999999999.99", 200), ("\"999999999999999\"", 200)]:
            with self.subTest(amount=literal):
                current = self.ok("GET", p)
                raw = f'{{"versione": {current["versione"]}, "campi": {{"valore_attivo": {literal}}}}}'
                response = self.call("PATCH", p, raw=raw)
                if status == 422:
                    self.rejected(response, 422, field="valore_attivo")
                    continue
                self.assertEqual(response.status, 200, response.describe())
                stored = response.data
                later = self.call("PATCH", p, {"versione": stored["versione"], "campi": {"note": f"dopo {literal}"}})
                self.assertEqual(later.status, 200, later.describe())
                self.assertEqual(later.data["campi"]["valore_attivo"], stored["campi"]["valore_attivo"])
                self.ok("PATCH", p, {"versione": later.data["versione"], "campi": {"valore_attivo": None}})

    def test_many_filters_are_refused_not_a_server_error(self):
        """Long filter lists and searches with many dates get a 4xx (or an answer), never a 500."""
        many_filters = "&".join(["filtro=giudice%3Dx"] * 1000)
        many_dates = "+".join(["01/01/2020"] * 1000)
        for path in [f"/api/v1/pratiche?tipo={TYPE_ID}&{many_filters}", f"/api/v1/search?q={many_dates}",
                     f"/api/v1/calendar?da=2026-01-01&a=2026-12-31&tipo={TYPE_ID}&{many_filters}",
                     f"/api/v1/calendar?da=2026-01-01&a=2026-12-31&q={many_dates}"]:
            with self.subTest(path=path[:70]):
                response = self.call("GET", path)
                self.assertLess(response.status, 500, response.describe())

    def test_incomplete_pratica_for_fees(self):
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        with self.unchanged(p):
            # The request is valid; the pratica lacks the calculator's inputs: a conflict (409).
            response = self.rejected(self.call("POST", p + "/fees", {"versione": pratica["versione"]}), 409)
            self.assertEqual(response.json()["error"]["field"], "compenso_procedura")

    def test_contact_validation(self):
        contact = self.contact()
        c = f"/api/v1/contacts/{contact['id']}"
        counts = "/api/v1/contacts?per_pagina=1"
        cases = [
            ({"cognome": "Bianchi"}, "nome"),
            ({"tipo": "giuridica"}, "denominazione"),
            ({"cognome": "Bianchi", "nome": "Anna", "codice_fiscale": "RSSMRA80A01H501"}, "codice_fiscale"),
            ({"cognome": "Bianchi", "nome": "Anna", "partita_iva": "12345678901"}, "partita_iva"),
            ({"cognome": "Bianchi", "nome": "Anna", "cap": "1234"}, "cap"),
            ({"cognome": "Bianchi", "nome": "Anna", "provincia": "Roma"}, "provincia"),
            ({"cognome": "Bianchi", "nome": "Anna", "comune": "Comune che non esiste"}, "comune"),
            ({"cognome": "Bianchi", "nome": "Anna", "email": "non una email"}, "email"),
            ({"cognome": "Bianchi", "nome": "Anna", "telefono": "chiamami"}, "telefono"),
            ({"cognome": "Bianchi", "nome": "Anna", "note": "x" * 5001}, "note"),
            ({"cognome": "B" * 201, "nome": "Anna"}, "cognome"),
        ]
        for body, field in cases:
            with self.subTest(body=json.dumps(body)[:80]), self.unchanged(counts):
                self.rejected(self.call("POST", "/api/v1/contacts", body), 422, field=field)
        # A codice fiscale already in the register conflicts with the stored data: 409.
        with self.unchanged(counts):
            duplicate = {"cognome": "Bianchi", "nome": "Anna", "codice_fiscale": contact["codice_fiscale"]}
            self.rejected(self.call("POST", "/api/v1/contacts", duplicate), 409, field="codice_fiscale")
        with self.unchanged(c):
            self.rejected(self.call("PATCH", c, {"versione": contact["versione"], "cognome": None}), 422, field="cognome")

    def test_bad_ids(self):
        pratica, contact = self.pratica(), self.contact()
        ids = ["abc", "-1", "0", "1.5", "1e3", "99999999999999999999", "9223372036854775807", "9223372036854775808",
               "%20", "..%2F..%2Fetc", "%2e%2e", "0x10", "1%00"]
        routes = [("GET", "/api/v1/pratiche/{}", None), ("PATCH", "/api/v1/pratiche/{}", {"versione": 1, "campi": {}}),
                  ("GET", "/api/v1/pratiche/{}/transitions", None),
                  ("POST", "/api/v1/pratiche/{}/transitions", {"stato": "aperta"}),
                  ("POST", "/api/v1/pratiche/{}/protocol", {}), ("POST", "/api/v1/pratiche/{}/fees", {"versione": 1}),
                  ("GET", "/api/v1/pratiche/{}/history", None),
                  ("GET", "/api/v1/contacts/{}", None), ("PATCH", "/api/v1/contacts/{}", {"versione": 1})]
        with self.unchanged(f"/api/v1/pratiche/{pratica['id']}", f"/api/v1/contacts/{contact['id']}"):
            for method, route, body in routes:
                for value in ids:
                    with self.subTest(request=f"{method} {route.format(value)}"):
                        self.rejected(self.call(method, route.format(value), body), 404)
        self.rejected(self.call("GET", "/api/v1/types/tipologia-inesistente"), 404)
        self.rejected(self.call("GET", "/api/v1/types/..%2F..%2Fetc%2Fpasswd"), 404)

    def test_bad_query_parameters(self):
        for path, field, status in [
            ("/api/v1/pratiche?pagina=0", "pagina", 400), ("/api/v1/pratiche?pagina=-1", "pagina", 400),
            ("/api/v1/pratiche?pagina=abc", "pagina", 400), ("/api/v1/pratiche?pagina=99999999999999999999", "pagina", 400),
            ("/api/v1/pratiche?pagina=1000001", None, 400), ("/api/v1/pratiche?per_pagina=501", None, 400),
            ("/api/v1/pratiche?per_pagina=0", "per_pagina", 400), ("/api/v1/search?per_pagina=1.5", "per_pagina", 400),
            ("/api/v1/pratiche?soggetto=abc", "soggetto", 400), ("/api/v1/pratiche?filtro=senza-uguale", "filtro", 400),
            ("/api/v1/pratiche?filtro=campo_inesistente%3D1..", "campo_inesistente", 422),
            (f"/api/v1/pratiche?tipo={TYPE_ID}&filtro=valore_attivo%3D1..x", "valore_attivo", 422),
            (f"/api/v1/pratiche?tipo={TYPE_ID}&filtro=protocollo%3D1", "protocollo", 422),
            (f"/api/v1/pratiche?tipo={TYPE_ID}&filtro=procedura%3Dinventata", "procedura", 422),
            (f"/api/v1/pratiche?tipo={TYPE_ID}&stato=inventato", "stato", 422),
            ("/api/v1/pratiche?filtro=anno%3Dduemila", "anno", 422),
            ("/api/v1/pratiche?tipo=tipologia-inesistente", None, 404),
            ("/api/v1/contacts?pagina=0", "pagina", 400), ("/api/v1/contacts?per_pagina=501", None, 400),
            ("/api/v1/contacts?per_pagina=x", "per_pagina", 400),
            ("/api/v1/calendar?da=2026-01-01&a=2026-01-31&soggetto=x", "soggetto", 400),
            ("/api/v1/calendar?da=2026-01-01&a=2026-01-31&tipo=tipologia-inesistente", None, 404),
        ]:
            with self.subTest(path=path):
                self.rejected(self.call("GET", path), status, field=field)

    def test_path_tricks(self):
        document = json.dumps(contract().document)[:200]
        for path in ["/api/v1/pratiche/..%2F..%2Fetc", "/api/v1/pratiche/..%2F..%2F..%2Fetc%2Fpasswd",
                     "/static/..%2Fopenapi.json", "/static/../../etc/passwd", "/static/..%2F..%2F..%2Fetc%2Fpasswd",
                     "/static/%2e%2e/%2e%2e/etc/passwd", "/api/v1/../../etc/passwd", "/api/v1/pratiche/1/../../../../etc/passwd",
                     "/static/.%2e/Package.swift", "/api/v1/%2e%2e/openapi.json"]:
            with self.subTest(path=path):
                response = api.request("GET", path, headers=api.bearer())
                self.assertTrue(400 <= response.status < 500, response.describe())
                self.assertNotIn("root:", response.text)
                self.assertNotIn("swift-tools-version", response.text)
                if path.startswith("/static/") and "openapi" in path:
                    self.assertNotIn(document, response.text)
                if path.startswith("/api/"):
                    self.rejected(response)
                    if contract().template_for("GET", path):
                        contract().check(response)

    def test_unsupported_methods(self):
        pratica = self.pratica()
        p, a, j = f"/api/v1/pratiche/{pratica['id']}", f"/api/v1/pratiche/{pratica['id']}/attachments/{self.attachment()['id']}", \
            f"/api/v1/projects/{self.project()['id']}"
        self.access_code()
        for method, path in [("DELETE", p), ("PUT", p), ("DELETE", "/api/v1/contacts"), ("PUT", "/api/v1/fees"), ("PUT", a), ("POST", a),
                             ("DELETE", p + "/attachments"), ("PATCH", p + "/token"), ("DELETE", p + "/token"), ("PUT", j), ("POST", j),
                             ("DELETE", p + "/projects"), ("GET", j + "/fees-input"), ("DELETE", j + "/fees-input")]:
            with self.subTest(request=f"{method} {path}"), self.unchanged(p, p + "/attachments", p + "/token", j, p + "/history"):
                response = api.request(method, path, body="{}", headers={**api.bearer(), "Content-Type": "application/json"})
                self.rejected(response, 404, 405)

    def test_stale_version(self):
        pratica = self.new_pratica(note="versione", compenso_procedura="piano", compenso_attivo="1000", compenso_passivo="2000",
                                   compenso_riduzione="20", compenso_rimborso="15")
        p = f"/api/v1/pratiche/{pratica['id']}"
        current = self.ok("PATCH", p, {"versione": pratica["versione"], "campi": {"note": "versione 2"}})
        stale = pratica["versione"]
        for method, path, body in [("PATCH", p, {"versione": stale, "campi": {"note": "persa"}}),
                                   ("PATCH", p, {"versione": current["versione"] + 5, "campi": {"note": "persa"}}),
                                   ("POST", p + "/transitions", {"stato": "aperta", "versione": stale}),
                                   ("POST", p + "/fees", {"versione": stale})]:
            with self.subTest(request=f"{method} {path} {body}"), self.unchanged(p, p + "/history"):
                response = self.rejected(self.call(method, path, body), 409)
                self.assertIn("conflitto", response.json()["error"]["message"])
        contact = self.new_contact()
        c = f"/api/v1/contacts/{contact['id']}"
        self.ok("PATCH", c, {"versione": contact["versione"], "note": "nuova"})
        with self.unchanged(c):
            self.rejected(self.call("PATCH", c, {"versione": contact["versione"], "note": "persa"}), 409)
        project = self.ok("POST", f"{p}/projects", {"tipo": "liquidazione", "nome": "Versioni"}, status=201)
        j = f"/api/v1/projects/{project['id']}"
        changed = self.ok("PATCH", j, {"versione": project["versione"], "nome": "Versione 2"})
        for body in ({"versione": project["versione"], "nome": "persa"}, {"versione": changed["versione"] + 3, "campi": {"finanza_esterna": "1"}}):
            with self.subTest(request=f"PATCH {j} {body}"), self.unchanged(j, p + "/history"):
                response = self.rejected(self.call("PATCH", j, body), 409)
                self.assertIn("conflitto", response.json()["error"]["message"])

    def test_concurrent_updates_with_the_same_version(self):
        """Optimistic locking under concurrency: of several changes sent at once with the same
        version exactly one is applied, the others get 409."""
        import threading
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        headers = {**api.bearer(), "Content-Type": "application/json"}
        responses = [None] * 6

        def send(index):
            body = json.dumps({"versione": pratica["versione"], "campi": {"note": f"scrittura {index}"}})
            responses[index] = api.request("PATCH", p, body=body, headers=headers)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(responses))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for response in responses:
            self.assertIsNotNone(response)
            contract().check(response)
        statuses = sorted(r.status for r in responses)
        self.assertEqual(statuses, [200] + [409] * (len(responses) - 1), [r.describe() for r in responses])
        winner = next(r for r in responses if r.status == 200).json()
        self.assertEqual(self.current(pratica), winner)
        self.assertEqual(winner["versione"], pratica["versione"] + 1)

    def test_refused_transition(self):
        pratica = self.new_pratica(stato="aperta")
        p = f"/api/v1/pratiche/{pratica['id']}"
        reasons = {o["stato"]: o["motivo"] for o in self.ok("GET", p + "/transitions")}
        self.assertTrue(reasons["assegnata_gestore"])
        with self.unchanged(p, p + "/history"):
            response = self.rejected(self.call("POST", p + "/transitions", {"stato": "assegnata_gestore"}), 409, field="stato")
            self.assertIn(reasons["assegnata_gestore"], response.json()["error"]["message"])
        with self.unchanged(p, p + "/history"):
            response = self.rejected(self.call("POST", p + "/transitions", {"stato": "conclusa"}), 409, field="stato")
            self.assertIn("non consentito", response.json()["error"]["message"])

    def test_protocol_taken(self):
        first, second = self.new_pratica(), self.new_pratica()
        chosen = f"2032/{RNG.randint(1000, 9999):04d}"
        self.ok("POST", f"/api/v1/pratiche/{first['id']}/protocol", {"protocollo": chosen})
        p = f"/api/v1/pratiche/{second['id']}"
        with self.unchanged(p):
            self.rejected(self.call("POST", p + "/protocol", {"protocollo": chosen}), 409, field="protocollo")
            self.rejected(self.call("PATCH", p, {"versione": second["versione"], "campi": {"protocollo": chosen}}), 409, field="protocollo")
        with self.unchanged("/api/v1/pratiche?per_pagina=1"):
            self.rejected(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
                "interessati": [{"debitore": self.contact()["id"]}], "protocollo": chosen}}), 409, field="protocollo")

    def test_error_messages_never_repeat_personal_data(self):
        surname, cf = api.random_surname(RNG), api.random_codice_fiscale(RNG)
        bad_cf = api.wrong_check_character(cf)
        api.PERSONAL_DATA.update({surname, bad_cf, cf})
        counts = "/api/v1/contacts?per_pagina=1"
        pratica, contact = self.current(self.pratica()), self.contact()
        p, c = f"/api/v1/pratiche/{pratica['id']}", f"/api/v1/contacts/{contact['id']}"
        with self.unchanged(counts, p, c):
            self.rejected(self.call("POST", "/api/v1/contacts", {"cognome": surname, "nome": "Ottavia", "codice_fiscale": bad_cf}), 422)
            self.rejected(self.call("POST", "/api/v1/contacts", {"cognome": surname, "nome": "Ottavia", "telefono": cf,
                                                                 "email": surname, "comune": surname, "provincia": surname}), 422)
            self.rejected(self.call("POST", "/api/v1/contacts", {"cognome": surname, "codice_fiscale": cf, surname: cf}), 400)
            self.rejected(self.call("PATCH", c, {"versione": contact["versione"], "codice_fiscale": bad_cf}), 422)
            self.rejected(self.call("PATCH", c, {"versione": contact["versione"] + 9, "cognome": surname}), 409)
            self.rejected(self.call("PATCH", p, {"versione": pratica["versione"], "campi": {
                "valore_attivo": surname, "data_apertura": cf, "procedura": surname, "numero_rg": surname * 3,
                surname: cf, "udienze": [{"data": cf, surname: 1}]}}), 422)
            self.rejected(self.call("POST", "/api/v1/fees", {"procedura": "piano", "attivo": surname, "passivo": cf,
                                                             "riduzione": "20", "rimborso": "15"}), 400, 422)
            self.rejected(self.call("GET", f"/api/v1/pratiche?tipo={TYPE_ID}&filtro=data_apertura%3D{cf}"), 422)
            self.rejected(self.call("GET", f"/api/v1/pratiche?filtro={surname}%3D{cf}"), 422)
            self.rejected(self.call("GET", f"/api/v1/calendar?da={cf}&a={surname}"), 400)
            self.rejected(self.call("GET", f"/api/v1/pratiche?soggetto={surname}"), 400)

    def test_error_messages_never_repeat_sent_identifiers(self):
        """Values sent where an identifier is expected (a state, a type, a sort key) may be personal
        data typed in the wrong box: the message must not repeat them either."""
        pratica = self.current(self.pratica())
        p = f"/api/v1/pratiche/{pratica['id']}"
        for label, method, path, body, status in [
            ("stato (transition)", "POST", p + "/transitions", {"stato": "@@"}, 422),
            ("stato (filter)", "GET", f"/api/v1/pratiche?tipo={TYPE_ID}&stato=@@", None, 422),
            ("stato (create)", "POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {"stato": "@@"}}, 422),
            ("tipo (create)", "POST", "/api/v1/pratiche", {"tipo": "@@", "campi": {}}, 404),
            ("tipo (list)", "GET", "/api/v1/pratiche?tipo=@@", None, 404),
            ("tipo (fees)", "POST", "/api/v1/fees", {"tipo": "@@", "procedura": "piano", "attivo": "1", "passivo": "1",
                                                     "riduzione": "20", "rimborso": "15"}, 404),
            ("type (path)", "GET", "/api/v1/types/@@", None, 404),
            ("ordina", "GET", "/api/v1/pratiche?ordina=@@", None, 422),
        ]:
            surname = api.random_surname(RNG)
            api.PERSONAL_DATA.add(surname)
            with self.subTest(where=label), self.unchanged(p, "/api/v1/pratiche?per_pagina=1"):
                path_sent = path.replace("@@", surname)
                body_sent = json.loads(json.dumps(body).replace("@@", surname)) if body is not None else None
                self.rejected(self.call(method, path_sent, body_sent), status)

    def test_error_field_names_the_request_key(self):
        """`error.field` names what the client sent: the body key or query parameter."""
        base = {"procedura": "piano", "attivo": "1000", "passivo": "2000", "riduzione": "20", "rimborso": "15"}
        with self.subTest(key="procedura"):
            self.rejected(self.call("POST", "/api/v1/fees", {**base, "procedura": "inventata"}), 422, field="procedura")
        with self.subTest(key="ordina"):
            self.rejected(self.call("GET", "/api/v1/pratiche?ordina=campo_inventato"), 422, field="ordina")

    # -- files, access codes, projects ----------------------------------------------------------

    def test_bad_ids_of_files_codes_and_projects(self):
        pratica, attachment, project = self.pratica(), self.attachment(), self.project()
        self.access_code()
        p, j = f"/api/v1/pratiche/{pratica['id']}", f"/api/v1/projects/{project['id']}"
        ids = ["abc", "-1", "0", "1.5", "1e3", "99999999999999999999", "9223372036854775807", "9223372036854775808",
               "%20", "..%2F..%2Fetc", "%2e%2e", "0x10", "1%00"]
        upload, media_type = api.multipart([("file", "atto.pdf", "application/pdf", api.sample_pdf())])
        aid = attachment["id"]
        routes = [("GET", "/api/v1/pratiche/{}/attachments", None), ("POST", "/api/v1/pratiche/{}/attachments", upload),
                  ("GET", p + "/attachments/{}", None), ("PATCH", p + "/attachments/{}", {"visibile_debitore": True}),
                  ("DELETE", p + "/attachments/{}", None),
                  ("GET", "/api/v1/pratiche/{}/attachments/%d" % aid, None),
                  ("PATCH", "/api/v1/pratiche/{}/attachments/%d" % aid, {"visibile_debitore": True}),
                  ("DELETE", "/api/v1/pratiche/{}/attachments/%d" % aid, None),
                  ("GET", "/api/v1/pratiche/{}/token", None), ("POST", "/api/v1/pratiche/{}/token", None),
                  ("GET", "/api/v1/pratiche/{}/projects", None),
                  ("POST", "/api/v1/pratiche/{}/projects", {"tipo": "piano-consumatore", "nome": "Inesistente"}),
                  ("GET", "/api/v1/projects/{}", None), ("PATCH", "/api/v1/projects/{}", {"versione": 1, "nome": "Inesistente"}),
                  ("DELETE", "/api/v1/projects/{}", None), ("POST", "/api/v1/projects/{}/fees-input", None)]
        with self.unchanged(p, p + "/attachments", p + "/token", p + "/projects", j, p + "/history"):
            for method, route, body in routes:
                for value in ids:
                    with self.subTest(request=f"{method} {route.format(value)}"):
                        if body is upload:
                            response = self.call(method, route.format(value), raw=upload, content_type=media_type)
                        else:
                            response = self.call(method, route.format(value), body)
                        self.rejected(response, 404)
        self.staging_is_empty()

    def test_wrong_json_types_of_files_and_projects(self):
        pid, attachment, project = self.pratica()["id"], self.attachment(), self.project()
        p, j, v = f"/api/v1/pratiche/{pid}", f"/api/v1/projects/{project['id']}", project["versione"]
        a = f"{p}/attachments/{attachment['id']}"
        cases = [
            ("PATCH", a, {"visibile_debitore": "true"}, "visibile_debitore"),
            ("PATCH", a, {"visibile_debitore": 1}, "visibile_debitore"),
            ("PATCH", a, {"visibile_debitore": [True]}, "visibile_debitore"),
            ("PATCH", a, {"visibile_debitore": {"valore": True}}, "visibile_debitore"),
            ("POST", p + "/projects", {"tipo": 7, "nome": "x"}, "tipo"),
            ("POST", p + "/projects", {"tipo": ["piano-consumatore"], "nome": "x"}, "tipo"),
            ("POST", p + "/projects", {"tipo": None, "nome": "x"}, "tipo"),
            ("POST", p + "/projects", {"nome": "x"}, "tipo"),
            ("POST", p + "/projects", {"tipo": "piano-consumatore", "nome": 5}, "nome"),
            ("POST", p + "/projects", {"tipo": "piano-consumatore", "nome": {"testo": "x"}}, "nome"),
            ("POST", p + "/projects", {"tipo": "piano-consumatore"}, "nome"),
            ("POST", p + "/projects", {"tipo": "piano-consumatore", "nome": "x", "campi": {}}, "campi"),
            ("PATCH", j, {"versione": str(v), "nome": "x"}, "versione"),
            ("PATCH", j, {"versione": float(v), "nome": "x"}, "versione"),
            ("PATCH", j, {"versione": 10 ** 30, "nome": "x"}, "versione"),
            ("PATCH", j, {"versione": True, "nome": "x"}, "versione"),
            ("PATCH", j, {"versione": [v]}, "versione"),
            ("PATCH", j, {"nome": "x"}, "versione"),
            ("PATCH", j, {"versione": v, "campi": [["finanza_esterna", "1"]]}, "campi"),
            ("PATCH", j, {"versione": v, "campi": "finanza_esterna=1"}, "campi"),
            ("PATCH", j, {"versione": v, "nome": 5}, "nome"),
            ("PATCH", j, {"versione": v, "nome": ["x"]}, "nome"),
            ("PATCH", j, {"versione": v, "tipo": "liquidazione"}, "tipo"),
        ]
        for method, path, body, field in cases:
            with self.subTest(request=f"{method} {path} {json.dumps(body)}"), \
                    self.unchanged(p + "/attachments", p + "/projects", j, p + "/history"):
                self.rejected(self.call(method, path, body), 400, field=field)

    def test_attachment_change_needs_the_flag(self):
        """`visibile_debitore` is required: a change without it (or with null) is a 400, and does
        not hide a file the debtor sees."""
        p = f"/api/v1/pratiche/{self.pratica()['id']}"
        response = self.upload(p + "/attachments", "mostrato.pdf", api.sample_pdf("Mostrato"))
        self.assertEqual(response.status, 201, response.describe())
        a = f"{p}/attachments/{response.data['id']}"
        self.ok("PATCH", a, {"visibile_debitore": True})
        for body in ({}, {"visibile_debitore": None}):
            with self.subTest(body=body), self.unchanged(p + "/attachments", p + "/history"):
                self.rejected(self.call("PATCH", a, body), 400, field="visibile_debitore")

    def test_project_validation(self):
        pid, contact = self.pratica()["id"], self.contact()
        p = f"/api/v1/pratiche/{pid}"
        project = self.project()
        j = f"/api/v1/projects/{project['id']}"
        foreign = self.ok("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": api.random_surname(RNG), "nome": "Altrui"},
                          status=201, auth=ALTRO)
        api.PERSONAL_DATA.add(foreign["cognome"])
        with self.unchanged(p + "/projects", p + "/history"):
            for body, field in [({"tipo": "tipo-inventato", "nome": "x"}, "tipo"), ({"tipo": "", "nome": "x"}, "tipo"),
                                ({"tipo": "piano-consumatore", "nome": ""}, "nome"), ({"tipo": "piano-consumatore", "nome": "   "}, "nome"),
                                ({"tipo": "piano-consumatore", "nome": "x" * 201}, "nome")]:
                with self.subTest(create=json.dumps(body)[:80]):
                    self.rejected(self.call("POST", p + "/projects", body), 422, field=field)
        cid = contact["id"]
        for campi, field in [
            ({"campo_inesistente": "x"}, "campo_inesistente"),
            ({"creditori": [{"importo": "100"}]}, "creditori[1].creditore"),
            ({"creditori": [{"creditore": 10 ** 12, "importo": "1"}]}, "creditori[1].creditore"),
            ({"creditori": [{"creditore": foreign["id"], "importo": "1"}]}, "creditori[1].creditore"),
            ({"creditori": [{"creditore": "abc", "importo": "1"}]}, "creditori[1].creditore"),
            ({"creditori": [{"creditore": cid, "importo": "abc"}]}, "creditori[1].importo"),
            ({"creditori": [{"creditore": cid, "importo": "-1"}]}, "creditori[1].importo"),
            ({"creditori": [{"creditore": cid, "importo": "1", "soddisfazione": 101}]}, "creditori[1].soddisfazione"),
            ({"creditori": [{"creditore": cid, "importo": "1", "privilegio": "inventato"}]}, "creditori[1].privilegio"),
            ({"creditori": [{"creditore": cid, "importo": "1"}] * 201}, "creditori"),
            ({"creditori[9].importo": "1"}, "creditori[9].importo"),
            ({"beni": [{"descrizione": "x" * 301}]}, "beni[1].descrizione"),
            ({"beni": [{"descrizione": "casa", "tipo": "castello"}]}, "beni[1].tipo"),
            ({"beni": {"descrizione": "casa"}}, "beni"),
            ({"finanza_esterna": "-1"}, "finanza_esterna"),
            ({"finanza_esterna": "1e400"}, "finanza_esterna"),
            ({"redditi": [{"importo_mensile": "100"}]}, "redditi[1].descrizione"),
        ]:
            with self.subTest(campi=json.dumps(campi)[:80]), self.unchanged(j, p + "/history"):
                self.rejected(self.call("PATCH", j, {"versione": project["versione"], "campi": campi}), 422, field=field)
        for name in ("", "  ", "x" * 201):
            with self.subTest(nome=name), self.unchanged(j, p + "/history"):
                self.rejected(self.call("PATCH", j, {"versione": project["versione"], "nome": name}), 422, field="nome")

    def test_project_totals_the_pratica_cannot_hold(self):
        """Totals above the largest amount a pratica accepts: `fees-input` refuses them with a 422
        (documented) and the pratica is unchanged."""
        pratica = self.new_pratica()
        p = f"/api/v1/pratiche/{pratica['id']}"
        project = self.ok("POST", p + "/projects", {"tipo": "liquidazione", "nome": "Totali enormi"}, status=201)
        j = f"/api/v1/projects/{project['id']}"
        largest = "999999999999999.99"
        creditor = self.contact()["id"]
        huge = self.ok("PATCH", j, {"versione": project["versione"], "campi": {
            "creditori": [{"creditore": creditor, "importo": largest}, {"creditore": creditor, "importo": largest}]}})
        self.assertEqual(huge["passivo"], "1999999999999999.98")
        before = self.ok("GET", p)
        self.rejected(self.call("POST", j + "/fees-input"), 422, field="compenso_passivo")
        self.assertEqual(self.ok("GET", p), before)

    def test_malformed_uploads(self):
        """Not multipart, no boundary, broken bodies, no file, two files, a bad file: a 4xx with a
        JSON error, no file added, nothing in the history, nothing left in the staging folder."""
        p = f"/api/v1/pratiche/{self.pratica()['id']}"
        path = p + "/attachments"
        pdf = api.sample_pdf()
        good, good_type = api.multipart([("file", "atto.pdf", "application/pdf", pdf)])
        boundary = good_type.split("boundary=")[1]
        two, two_type = api.multipart([("file", "a.pdf", "application/pdf", pdf), ("file", "b.pdf", "application/pdf", pdf)])
        text_only, text_type = api.multipart([("nota", "solo testo")])
        no_filename, no_filename_type = api.multipart([("file", "non un file")])
        long_text, long_type = api.multipart([("nota", "x" * 5000), ("file", "atto.pdf", "application/pdf", pdf)])
        many, many_type = api.multipart([(f"campo{i}", "x") for i in range(21)] + [("file", "atto.pdf", "application/pdf", pdf)])
        exe, exe_type = api.multipart([("file", "programma.exe", "application/octet-stream", b"MZ\x90\x00")])
        nameless = (f"--{boundary}\r\nContent-Disposition: form-data; filename=\"atto.pdf\"\r\n\r\n").encode() + pdf + \
            f"\r\n--{boundary}--\r\n".encode()
        cases = [
            ("JSON", json.dumps({"file": "atto.pdf"}).encode(), "application/json", 415, None),
            ("text", pdf, "text/plain", 415, None),
            ("form", b"file=atto.pdf", "application/x-www-form-urlencoded", 415, None),
            ("no Content-Type", good, None, 415, None),
            ("no boundary", good, "multipart/form-data", 400, None),
            ("empty boundary", good, "multipart/form-data; boundary=", 400, None),
            ("boundary too long", good, "multipart/form-data; boundary=" + "b" * 71, 400, None),
            ("another boundary", good, "multipart/form-data; boundary=altro-separatore", 400, None),
            ("truncated", good[:len(good) // 2], good_type, 400, None),
            ("no closing boundary", good[:good.rindex(b"--" + boundary.encode())], good_type, 400, None),
            ("garbage", b"\x00\xff" * 100, good_type, 400, None),
            ("empty body", b"", good_type, 400, None),
            ("text parts only", text_only, text_type, 400, "file"),
            ("file part without filename", no_filename, no_filename_type, 400, "file"),
            ("part without name", nameless, good_type, 400, None),
            ("two files", two, two_type, 400, None),
            ("text part over 4 KB", long_text, long_type, 400, None),
            ("21 text parts", many, many_type, 400, None),
            ("refused file", exe, exe_type, 422, "file"),
        ]
        for label, body, content_type, status, field in cases:
            with self.subTest(case=label), self.unchanged(path, p + "/history"):
                response = self.call("POST", path, raw=body, content_type=content_type)
                self.rejected(response, status, field=field)
                self.staging_is_empty()

    def test_upload_over_25_mb_is_413(self):
        p = f"/api/v1/pratiche/{self.pratica()['id']}"
        with self.unchanged(p + "/attachments", p + "/history"):
            response = self.upload(p + "/attachments", "enorme.pdf", b"%PDF-" + bytes(FILE_LIMIT - 4))
            self.rejected(response, 413)
        self.staging_is_empty()

    def test_file_and_project_errors_never_repeat_personal_data(self):
        """File names, project names and project values may be personal data: no error repeats them."""
        surname, cf = api.random_surname(RNG), api.random_codice_fiscale(RNG)
        api.PERSONAL_DATA.update({surname, cf})
        pid, project = self.pratica()["id"], self.project()
        p, j = f"/api/v1/pratiche/{pid}", f"/api/v1/projects/{project['id']}"
        with self.unchanged(p + "/attachments", p + "/projects", j, p + "/history"):
            for name, content in [(f"{surname}.exe", b"MZ"), (f"{surname} {cf}.pdf", api.sample_png()), (f"{surname}.pdf", b""),
                                  (f"{surname}", api.sample_pdf())]:
                with self.subTest(file=name):
                    self.rejected(self.upload(p + "/attachments", name, content, "application/octet-stream"), 422, field="file")
            self.rejected(self.upload(p + "/attachments", f"{surname}.pdf", api.sample_pdf(), f"text/{surname}"), 422, field="file")
            self.rejected(self.call("POST", p + "/projects", {"tipo": surname, "nome": cf}), 422, field="tipo")
            self.rejected(self.call("POST", p + "/projects", {"tipo": "liquidazione", "nome": surname * 20}), 422, field="nome")
            self.rejected(self.call("POST", p + "/projects", {"tipo": "liquidazione", surname: cf}), 400)
            self.rejected(self.call("PATCH", j, {"versione": project["versione"], "nome": surname * 20}), 422, field="nome")
            self.rejected(self.call("PATCH", j, {"versione": project["versione"], "campi": {
                surname: cf, "creditori": [{"creditore": surname, "importo": cf, surname: 1}], "beni": [{"descrizione": cf * 30}]}}), 422)
            self.rejected(self.call("PATCH", j, {"versione": project["versione"] + 7, "nome": surname}), 409)
            self.rejected(self.call("PATCH", f"{p}/attachments/{self.attachment()['id']}", {"visibile_debitore": surname}), 400)


# =============================================================================================
class AuthTest(APITestCase):
    """401 without authentication, 403 for sola_lettura and for a session without CSRF token."""

    def all_requests(self):
        pratica, contact = self.pratica(), self.contact()
        p = f"/api/v1/pratiche/{pratica['id']}"
        self.access_code()
        reads = [("GET", path, {}) for path in [
            "/api/v1/pratiche", "/api/v1/search?q=a", p, p + "/transitions", p + "/history", p + "/shares",
            "/api/v1/contacts", f"/api/v1/contacts/{contact['id']}", "/api/v1/types", f"/api/v1/types/{TYPE_ID}",
            "/api/v1/calendar?da=2026-01-01&a=2026-01-31", p + "/attachments", f"{p}/attachments/{self.attachment()['id']}",
            p + "/token", p + "/projects", f"/api/v1/projects/{self.project()['id']}"]]
        writes = [(method, path, options) for method, path, options, _ in self.every_write()]
        return reads, writes

    def test_missing_or_invalid_authentication_is_401(self):
        reads, writes = self.all_requests()
        pratica = self.pratica()
        variants = {"none": {}, "bad token": {"Authorization": "Bearer non-un-token"},
                    "empty bearer": {"Authorization": "Bearer "}, "basic": {"Authorization": "Basic b3BlcmF0b3JlOnBhc3N3b3Jk"},
                    "bad cookie": {"Cookie": "fascicolo_sessione=inventato"},
                    "bad token with good cookie": {"Authorization": "Bearer x", **session(OPERATORE).headers()}}
        p = f"/api/v1/pratiche/{pratica['id']}"
        with self.unchanged(p, p + "/history", p + "/attachments", p + "/token", p + "/projects",
                            f"/api/v1/projects/{self.project()['id']}", f"/api/v1/contacts/{self.contact()['id']}",
                            "/api/v1/pratiche?per_pagina=1", "/api/v1/contacts?per_pagina=1"):
            for method, path, options in reads + writes:
                for name, headers in variants.items():
                    with self.subTest(request=f"{method} {path}", auth=name):
                        response = self.rejected(self.call(method, path, auth=None, headers=headers, **options), 401)
                        self.assertEqual(response.header("WWW-Authenticate"), "Bearer")
        self.staging_is_empty()

    def test_session_cookie_works_for_reads_and_csrf_protected_writes(self):
        operatore = session(OPERATORE)
        self.ok("GET", "/api/v1/pratiche?per_pagina=1", auth=None, headers=operatore.headers(with_csrf=False))
        quote = self.ok("POST", "/api/v1/fees", {"procedura": "piano", "attivo": "1000", "passivo": "2000", "riduzione": "20",
                                                 "rimborso": "15"}, auth=operatore)
        self.assertIn("totale", quote)
        contact = self.new_contact()
        updated = self.ok("PATCH", f"/api/v1/contacts/{contact['id']}", {"versione": contact["versione"], "note": "via sessione"},
                          auth=operatore)
        self.assertEqual(updated["note"], "via sessione")
        project = self.project()
        renamed = self.ok("PATCH", f"/api/v1/projects/{project['id']}", {"versione": project["versione"], "nome": "Via sessione"},
                          auth=operatore)
        self.assertEqual(renamed["nome"], "Via sessione")

    def test_session_without_csrf_token_is_403(self):
        operatore = session(OPERATORE)
        for method, path, options, watched in self.every_write():
            for name, headers in {"no token": operatore.headers(with_csrf=False),
                                  "wrong token": operatore.headers(csrf="x" * len(operatore.csrf)),
                                  "empty token": operatore.headers(csrf=""),
                                  "token of another session": operatore.headers(csrf=session(LETTORE).csrf)}.items():
                with self.subTest(request=f"{method} {path}", csrf=name), self.unchanged(*watched):
                    self.rejected(self.call(method, path, auth=None, headers=headers, **options), 403)
        self.staging_is_empty()

    def test_read_only_user_cannot_write(self):
        lettore = session(LETTORE)
        self.ok("GET", "/api/v1/pratiche?per_pagina=1", auth=LETTORE)
        self.ok("GET", f"/api/v1/pratiche/{self.pratica()['id']}", auth=lettore)
        for method, path, options, watched in self.every_write():
            if path == "/api/v1/fees":
                # The calculator stores nothing: a read-only user may use it.
                self.ok(method, path, auth=LETTORE, **options)
                continue
            with self.subTest(request=f"{method} {path}", auth="token"), self.unchanged(*watched):
                response = self.rejected(self.call(method, path, auth=LETTORE, **options), 403)
                self.assertIn("sola lettura", response.json()["error"]["message"])
            with self.subTest(request=f"{method} {path}", auth="session"), self.unchanged(*watched):
                self.rejected(self.call(method, path, auth=lettore, **options), 403)
        self.staging_is_empty()


# =============================================================================================
class ZzCoverageTest(APITestCase):
    """Runs last: every documented operation was called and its response validated."""

    def test_every_documented_operation_was_exercised(self):
        expected = {name for name in unittest.TestLoader().getTestCaseNames(ContractTest)}
        if ContractTest.ran != expected:
            self.skipTest("only part of the module ran")
        missing = sorted(set(contract().operations) - set(contract().exercised))
        self.assertEqual(missing, [], "documented operations never exercised")
        successful = sorted(key for key, statuses in contract().exercised.items() if not any(s < 300 for s in statuses))
        self.assertEqual(successful, [], "operations never exercised with a successful response")


if __name__ == "__main__":
    unittest.main()
