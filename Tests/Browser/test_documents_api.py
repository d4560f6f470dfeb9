"""Templates and filled documents over plain HTTP, against the server run.sh started: the
`/api/v1/templates` and `/api/v1/pratiche/{id}/documents/{key}` operations checked against the
repository's OpenAPI document, what an upload accepts and refuses, and who may fill, download
or delete what (templates belong to the account that uploaded them; a document is filled with
what the caller may see, so `note_riservate` never reaches an account the pratica is shared with).

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""
import io
import json
import os
import random
import string
import unittest
import urllib.parse
import zipfile

import api_client as api
from api_client import ADMIN, DOCX_TYPE, LETTORE, OPERATORE, TYPE_ID

GESTORE = "gestore@prova.it"
ALTRO = "altro@prova.it"
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
BUILT_INS = ["preventivo", "lettera-nomina-gestore", "comunicazione-creditori", "ricevuta-istanza"]
# The built-in templates of the other two types, after the crisi ones in templates/modelli.yaml.
OTHER_BUILT_INS = {"piano-rateizzazione": "banche-equitalia", "relazione-analisi-finanziaria": "analisi-finanziaria"}
ALL_BUILT_INS = BUILT_INS + list(OTHER_BUILT_INS)
NEW_OPERATIONS = {("GET", "/api/v1/templates"), ("POST", "/api/v1/templates"), ("DELETE", "/api/v1/templates/{key}"),
                  ("GET", "/api/v1/pratiche/{id}/documents/{key}")}

CONTRACT = None
RAN = set()


def setUpModule():
    global CONTRACT
    CONTRACT = api.MediaContract(api.load_repository_document())
    DocumentsTestCase.contract = CONTRACT


def word(prefix):
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


def note_template():
    """A template printing the reserved note, and a paragraph shown only when there is one."""
    return api.docx_package(api.docx_paragraph("Protocollo {{protocollo}}") + api.docx_paragraph("Riservato: [{{note_riservate}}]")
                            + api.docx_paragraph("{{#note_riservate}}C'è una nota riservata{{/note_riservate}}"))


def gestori_template():
    """A template with `{{protocollo}}` split across two runs, a table row repeated per gestore
    and the reserved note."""
    return api.docx_package(
        api.docx_paragraph("Pratica n. {{proto", "collo}} — fine")
        + api.docx_table(["Gestore", "Nomina"], ["{{#gestori}}{{gestore}}", "{{data_nomina}}{{/gestori}}"])
        + api.docx_paragraph("Note: {{note_riservate}}"))


class DocumentsTestCase(api.APIAssertions, unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        RAN.add(self.id())

    def call(self, method, path, body=None, *, auth=OPERATORE, headers=None):
        """A request checked against the document. `auth` is an email (bearer token), a Session, or None."""
        sent = dict(headers or {})
        if isinstance(auth, str):
            sent.update(api.bearer(auth))
        elif isinstance(auth, api.Session):
            sent.update(auth.headers())
        payload = None if body is None else json.dumps(body)
        if payload is not None:
            sent["Content-Type"] = "application/json"
        return self.checked(api.request(method, path, body=payload, headers=sent))

    def upload(self, nome, data, auth=OPERATORE, **options):
        return self.checked(api.upload_template(nome, data, auth=auth if isinstance(auth, str) else None,
                                                headers=auth.headers() if isinstance(auth, api.Session) else None, **options))

    def uploaded(self, data=None, auth=OPERATORE, nome=None):
        """Uploads a template (the gestori one by default); returns its key. Deleted when the test ends."""
        created = self.ok(self.upload(nome or word("Modello "), data or gestori_template(), auth=auth), 201).json()
        self.addCleanup(lambda: api.request("DELETE", f"/api/v1/templates/{created['chiave']}", headers=api.bearer(auth)))
        return created["chiave"]

    def keys(self, auth=OPERATORE, query=""):
        return [t["chiave"] for t in self.ok(self.call("GET", "/api/v1/templates" + query, auth=auth)).json()["modelli"]]

    def fill(self, pid, key, auth=OPERATORE, format=None):
        return self.call("GET", f"/api/v1/pratiche/{pid}/documents/{key}" + (f"?format={format}" if format else ""), auth=auth)

    def contact(self, surname, name="Ada", auth=OPERATORE):
        return self.ok(api.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": surname, "nome": name}, auth), 201).json()

    def pratica(self, share=False, numera=True, **campi):
        """A numbered pratica of the owner with a debtor of a unique surname and two gestori."""
        debtor = self.contact(word("Documenti"))
        first, second = self.contact(word("Gestoreuno"), "Primo"), self.contact(word("Gestoredue"), "Secondo")
        fields = {"interessati": [{"debitore": debtor["id"]}],
                  "gestori": [{"gestore": first["id"], "data_nomina": "2026-01-10"}, {"gestore": second["id"], "data_nomina": "2026-02-12"}],
                  **campi}
        pratica = self.ok(api.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "numera": numera, "campi": fields}), 201).json()
        if share:
            self.ok(api.call("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": SHARED_CODE}), 201)
        pratica["debitore"] = f"{debtor['cognome']} {debtor['nome']}"
        pratica["gestori"] = [f"{first['cognome']} Primo", f"{second['cognome']} Secondo"]
        return pratica

    def staging_is_empty(self):
        self.assertEqual(api.staging_files(), [], "an upload left a file behind")


# =============================================================================================
class TemplatesContractTest(DocumentsTestCase):
    """Every operation called for real as the owner's operatore."""

    def test_list_holds_the_built_in_templates_and_filters_by_type(self):
        templates = self.ok(self.call("GET", "/api/v1/templates")).json()["modelli"]
        built_in = [t for t in templates if t["incluso"]]
        self.assertEqual([t["chiave"] for t in built_in], ALL_BUILT_INS)
        for template in built_in:
            expected_type = OTHER_BUILT_INS.get(template["chiave"], TYPE_ID)
            self.assertEqual((template["tipologie"], template["caricato_da"], template["caricato_il"]), ([expected_type], None, None))
        self.assertEqual([t["nome"] for t in built_in][0], "Preventivo dei compensi")
        self.assertEqual(self.keys(query=f"?type={TYPE_ID}"), [t["chiave"] for t in templates if TYPE_ID in t["tipologie"]])
        self.assertEqual(self.keys(query="?type=tipologia-inesistente"), [])

    def test_upload_fill_and_delete_an_office_template(self):
        """201 with its key; listed with who uploaded it; filled with the placeholder split across
        runs joined and one table row per gestore; deleted with 204, then gone."""
        pratica = self.pratica(note_riservate="Nota riservata di prova")
        name = word("Modello gestori ")
        created = self.ok(self.upload(name, gestori_template()), 201).json()
        key = created["chiave"]
        self.assertRegex(key, r"^ufficio-\d+$")
        self.assertEqual(created, {"chiave": key, "nome": name, "tipologia": TYPE_ID})
        listed = {t["chiave"]: t for t in self.ok(self.call("GET", "/api/v1/templates")).json()["modelli"]}
        self.assertEqual({k: listed[key][k] for k in ("nome", "tipologie", "incluso", "caricato_da")},
                         {"nome": name, "tipologie": [TYPE_ID], "incluso": False, "caricato_da": OPERATORE})
        self.assertTrue(listed[key]["caricato_il"])

        filled = self.ok(self.fill(pratica["id"], key))
        self.assertEqual(filled.header("Content-Type"), DOCX_TYPE)
        self.assertRegex(filled.header("Content-Disposition"), r'^attachment; filename="[^"]*\.docx"')
        self.assertEqual(api.docx_leftover_placeholders(filled.body), [])
        paragraphs = api.docx_paragraphs(filled.body)
        self.assertIn(f"Pratica n. {pratica['protocollo']} — fine", paragraphs)
        self.assertIn("Note: Nota riservata di prova", paragraphs)
        self.assertEqual(api.docx_table_rows(filled.body), [["Gestore", "Nomina"], [pratica["gestori"][0], "10/01/2026"],
                                                             [pratica["gestori"][1], "12/02/2026"]])

        self.ok(self.call("DELETE", f"/api/v1/templates/{key}"), 204)
        self.assertNotIn(key, self.keys())
        self.refused(self.fill(pratica["id"], key), 404)
        self.refused(self.call("DELETE", f"/api/v1/templates/{key}"), 404)

    def test_a_template_without_gestori_rows_keeps_the_table_valid(self):
        """A pratica without gestori: the repeated row disappears, the header row stays."""
        key = self.uploaded()
        pratica = self.pratica(gestori=[])
        filled = self.ok(self.fill(pratica["id"], key))
        self.assertEqual(api.docx_table_rows(filled.body), [["Gestore", "Nomina"]])
        self.assertEqual(api.docx_leftover_placeholders(filled.body), [])

    def test_every_built_in_template_fills_for_a_pratica(self):
        pratica = self.pratica()
        for key in BUILT_INS:
            with self.subTest(template=key):
                filled = self.ok(self.fill(pratica["id"], key, format="docx"))
                self.assertEqual(api.docx_leftover_placeholders(filled.body), [])
                text = api.docx_text(filled.body)
                self.assertIn(pratica["protocollo"], text)
                self.assertIn(pratica["protocollo"].replace("/", " "), filled.header("Content-Disposition"))
        letter = api.docx_text(self.ok(self.fill(pratica["id"], "lettera-nomina-gestore")).body)
        for gestore in pratica["gestori"]:
            self.assertIn(gestore, letter)
        self.assertIn(pratica["debitore"], api.docx_text(self.ok(self.fill(pratica["id"], "preventivo")).body))

    def test_fill_as_pdf(self):
        pratica = self.pratica()
        filled = self.ok(self.fill(pratica["id"], "ricevuta-istanza", format="pdf"))
        self.assertEqual(filled.header("Content-Type"), "application/pdf")
        self.assertRegex(filled.header("Content-Disposition"), r'^attachment; filename="[^"]*\.pdf"')
        self.assertTrue(filled.body.startswith(b"%PDF"))
        self.assertGreaterEqual(api.pdf_pages(filled.body), 1)
        text = api.pdf_text(filled.body)
        self.assertIn("RICEVUTA DI PRESENTAZIONE", text)
        self.assertIn(pratica["protocollo"], text)

    def test_a_pratica_without_protocol_names_the_file_by_its_id(self):
        pratica = self.pratica(numera=False)
        filled = self.ok(self.fill(pratica["id"], "preventivo"))
        self.assertIn(f'filename="Preventivo dei compensi pratica {pratica["id"]}.docx"', filled.header("Content-Disposition"))

    def test_bad_format_unknown_keys_and_ids(self):
        pratica = self.pratica()
        pid = pratica["id"]
        self.refused(self.fill(pid, "preventivo", format="odt"), 400)
        for path in [f"/api/v1/pratiche/{pid}/documents/inesistente", f"/api/v1/pratiche/{pid}/documents/ufficio-999999",
                     f"/api/v1/pratiche/{pid}/documents/ufficio-abc", "/api/v1/pratiche/999999/documents/preventivo",
                     "/api/v1/pratiche/0/documents/preventivo", "/api/v1/pratiche/abc/documents/preventivo"]:
            with self.subTest(path=path):
                self.refused(self.call("GET", path), 404)
        for key in ["preventivo", "ufficio-abc", "inesistente"]:
            with self.subTest(delete=key):
                self.refused(self.call("DELETE", f"/api/v1/templates/{key}"), 400, None, "ufficio-N")
        self.refused(self.call("DELETE", "/api/v1/templates/ufficio-999999"), 404)
        self.assertEqual(self.keys()[:6], ALL_BUILT_INS, "a built-in template cannot be deleted")


# =============================================================================================
class TemplateUploadTest(DocumentsTestCase):
    """What an upload refuses: every refusal is a JSON error naming the problem, and leaves
    neither a template nor a staged file behind."""

    def assert_refused(self, response, status, field, *fragments):
        with self.subTest(refused=fragments or status):
            self.refused(response, status, field, *fragments)
        self.staging_is_empty()

    def test_unknown_placeholder_is_refused_with_its_position(self):
        before = self.keys()
        data = api.docx_package(api.docx_paragraph("Pratica {{protocollo}}") + api.docx_paragraph("Valore: {{campo_inesistente}}"))
        error = self.refused(self.upload(word("Sbagliato "), data), 422, "file", "«{{campo_inesistente}}»", "paragrafo 2",
                             "segnaposto sconosciuto")
        self.assertIn("corpo del documento", error["message"])
        self.assertNotIn("issues", error)
        self.assertEqual(self.keys(), before)
        self.staging_is_empty()

    def test_every_unknown_placeholder_is_listed(self):
        data = api.docx_package(api.docx_paragraph("{{nome_sbagliato}}") + api.docx_table(["{{#gestori}}{{gestore.inventato}}{{/gestori}}"]))
        error = self.refused(self.upload(word("Sbagliato "), data), 422, "file")
        self.assertEqual([issue["field"] for issue in error["issues"]], ["file", "file"])
        self.assertIn("paragrafo 1", error["issues"][0]["message"])
        self.assertIn("«{{nome_sbagliato}}»", error["issues"][0]["message"])
        self.assertIn("inventato", error["issues"][1]["message"])
        self.assertIn("paragrafo 2", error["issues"][1]["message"])
        self.staging_is_empty()

    def test_malformed_placeholders_are_refused(self):
        before = self.keys()
        for body, fragment in [(api.docx_paragraph("{{#gestori}}{{gestore}}"), "non è mai chiusa"),
                               (api.docx_paragraph("{{/gestori}}"), "non è stata aperta"),
                               (api.docx_paragraph("{{protocollo"), "senza la chiusura"),
                               (api.docx_paragraph("{{proto collo}}"), "segnaposto non valido")]:
            self.assert_refused(self.upload(word("Malformato "), api.docx_package(body)), 422, "file", fragment)
        self.assertEqual(self.keys(), before)

    def test_damaged_or_foreign_files_are_refused(self):
        before = self.keys()
        good = gestori_template()
        rng = random.Random(7)
        not_word = io.BytesIO()
        with zipfile.ZipFile(not_word, "w") as archive:
            archive.writestr("contenuto.txt", "non sono un documento Word")
        for data, fragment in [(bytes(rng.randrange(256) for _ in range(4096)), "non è un documento Word (.docx) valido o è danneggiato"),
                               (good[: len(good) // 2], "non è un documento Word (.docx) valido o è danneggiato"),
                               (api.sample_pdf(), "non è un documento Word (.docx) valido o è danneggiato"),
                               (not_word.getvalue(), "manca il testo del documento")]:
            self.assert_refused(self.upload(word("Danneggiato "), data), 422, "file", fragment)
        damaged_xml = api.docx_package("<w:p><w:r><w:t>non chiuso</w:r></w:p>")
        self.assert_refused(self.upload(word("Danneggiato "), damaged_xml), 422, "file", "danneggiato")
        self.assertEqual(self.keys(), before)

    def test_form_fields_are_required(self):
        before = self.keys()
        self.assert_refused(self.upload(word("Senza file "), None), 422, "file", "scegliere un file .docx")
        self.assert_refused(self.upload("", gestori_template()), 422, "nome")
        self.assert_refused(self.upload("   ", gestori_template()), 422, "nome")
        self.assert_refused(self.upload("x" * 121, gestori_template()), 422, "nome")
        self.assert_refused(self.upload(word("Tipologia "), gestori_template(), tipologia="tipologia-inesistente"), 404, None)
        self.assert_refused(self.upload(word("Tipologia "), gestori_template(), tipologia=None), 404, None)
        self.assertEqual(self.keys(), before)

    def test_malformed_requests(self):
        before = self.keys()
        body, media_type = api.multipart([("file", "a.docx", DOCX_TYPE, gestori_template())])
        cases = [
            ({"Content-Type": "application/json"}, b'{"nome": "Modello"}', 415),
            ({"Content-Type": "multipart/form-data"}, body, 400),
            ({"Content-Type": media_type}, body[: len(body) // 2], 400),
            ({"Content-Type": media_type}, body[:-8], 400),
        ]
        for headers, raw, status in cases:
            with self.subTest(headers=headers, status=status):
                self.refused(self.checked(api.request("POST", "/api/v1/templates", body=raw, headers={**api.bearer(), **headers})), status)
        two_files, two_type = api.multipart([("nome", "Modello"), ("tipologia", TYPE_ID), ("file", "a.docx", DOCX_TYPE, gestori_template()),
                                             ("file", "b.docx", DOCX_TYPE, gestori_template())])
        self.refused(self.checked(api.request("POST", "/api/v1/templates", body=two_files,
                                              headers={**api.bearer(), "Content-Type": two_type})), 400)
        self.assertEqual(self.keys(), before)
        self.staging_is_empty()

    def test_a_body_cut_short_after_a_text_part_is_an_interrupted_upload(self):
        """A body that does not end with the closing boundary is an interrupted upload (400),
        not a complete form without a file."""
        body, media_type = api.multipart([("nome", "Interrotto"), ("tipologia", TYPE_ID), ("file", "a.docx", DOCX_TYPE, gestori_template())])
        response = self.checked(api.request("POST", "/api/v1/templates", body=body[:-8], headers={**api.bearer(), "Content-Type": media_type}))
        self.refused(response, 400)

    def test_template_over_5_mb_is_refused_not_a_server_error(self):
        """A template over 5 MB is refused beside the file field (422), not a server error."""
        buffer = io.BytesIO(gestori_template())
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
            archive.writestr("word/media/rumore.bin", random.Random(5).randbytes(6 << 20))
        big = buffer.getvalue()
        self.assertGreater(len(big), 5 << 20)
        response = api.upload_template(word("Grande "), big)
        self.assertIn(response.status, (413, 422), response.describe())
        self.checked(response)
        self.assertEqual(response.json()["error"]["field"], "file")


# =============================================================================================
class DocumentsAuthTest(DocumentsTestCase):
    """401 without authentication, 403 for sola_lettura and for a session without its CSRF token;
    the read-only user still lists and fills."""

    def test_every_operation_needs_authentication(self):
        pratica = self.pratica()
        key = self.uploaded()
        requests = [("GET", "/api/v1/templates", None), ("GET", f"/api/v1/pratiche/{pratica['id']}/documents/preventivo", None),
                    ("DELETE", f"/api/v1/templates/{key}", None)]
        for headers in ({}, {"Authorization": "Bearer non-un-token"}, {"Cookie": "fascicolo_sessione=inventato"}):
            for method, path, _ in requests:
                with self.subTest(request=f"{method} {path}", headers=headers):
                    response = self.call(method, path, auth=None, headers=headers)
                    self.refused(response, 401)
                    self.assertEqual(response.header("WWW-Authenticate"), "Bearer")
            with self.subTest(request="POST /api/v1/templates", headers=headers):
                body, media_type = api.multipart([("nome", "Anonimo"), ("tipologia", TYPE_ID), ("file", "a.docx", DOCX_TYPE, gestori_template())])
                self.refused(self.checked(api.request("POST", "/api/v1/templates", body=body, headers={**headers, "Content-Type": media_type})), 401)
        self.assertIn(key, self.keys())
        self.staging_is_empty()

    def test_read_only_user_lists_and_fills_but_cannot_write(self):
        pratica = self.pratica()
        key = self.uploaded()
        self.assertIn(key, self.keys(auth=LETTORE))
        self.ok(self.fill(pratica["id"], key, auth=LETTORE))
        lettore = api.session(LETTORE)
        for auth in (LETTORE, lettore):
            with self.subTest(auth="token" if auth == LETTORE else "session"):
                error = self.refused(self.upload(word("Lettore "), gestori_template(), auth=auth), 403)
                self.assertIn("sola lettura", error["message"])
                self.refused(self.call("DELETE", f"/api/v1/templates/{key}", auth=auth), 403, None, "sola lettura")
        self.assertIn(key, self.keys())
        self.staging_is_empty()

    def test_session_writes_need_the_csrf_token(self):
        key = self.uploaded()
        operatore = api.session(OPERATORE)
        for name, headers in {"no token": operatore.headers(with_csrf=False), "wrong token": operatore.headers(csrf="x" * len(operatore.csrf)),
                              "token of another session": operatore.headers(csrf=api.session(LETTORE).csrf)}.items():
            with self.subTest(csrf=name):
                self.refused(self.call("DELETE", f"/api/v1/templates/{key}", auth=None, headers=headers), 403)
                body, media_type = api.multipart([("nome", "Sessione"), ("tipologia", TYPE_ID), ("file", "a.docx", DOCX_TYPE, gestori_template())])
                self.refused(self.checked(api.request("POST", "/api/v1/templates", body=body, headers={**headers, "Content-Type": media_type})), 403)
        self.assertIn(key, self.keys())
        # With the token, the session writes like a bearer token does.
        created = self.ok(self.upload(word("Sessione "), gestori_template(), auth=operatore), 201).json()
        self.ok(self.call("DELETE", f"/api/v1/templates/{created['chiave']}", auth=operatore), 204)
        self.staging_is_empty()

    def test_admin_of_the_office_manages_the_operatore_templates(self):
        """Templates belong to the account, not to the user who uploaded them."""
        key = self.uploaded()
        self.assertIn(key, self.keys(auth=ADMIN))
        self.ok(self.call("DELETE", f"/api/v1/templates/{key}", auth=ADMIN), 204)
        self.assertNotIn(key, self.keys())


# =============================================================================================
class DocumentPermissionsTest(DocumentsTestCase):
    """Templates belong to the account that uploads them; documents are filled with what the
    caller may see: `note_riservate` (access {shared: hidden}) never reaches the account a pratica
    is shared with, and a pratica the caller cannot see gives 404 for all of its documents."""

    def reserved_pratica(self):
        secret = "Riservatissimo" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
        pratica = self.pratica(share=True)
        current = self.ok(api.call("GET", f"/api/v1/pratiche/{pratica['id']}")).json()
        self.ok(api.call("PATCH", f"/api/v1/pratiche/{pratica['id']}", {"versione": current["versione"],
                                                                      "campi": {"note_riservate": f"Nota: {secret}"}}))
        return pratica, secret

    def test_reserved_note_reaches_the_owner_only(self):
        pratica, secret = self.reserved_pratica()
        pid = pratica["id"]
        own = self.uploaded(note_template())
        theirs = self.uploaded(note_template(), auth=GESTORE)

        owner = api.docx_paragraphs(self.ok(self.fill(pid, own)).body)
        self.assertIn(f"Riservato: [Nota: {secret}]", owner)
        self.assertIn("C'è una nota riservata", owner)
        for actor in (ADMIN, LETTORE):
            with self.subTest(actor=actor):
                self.assertIn(f"Riservato: [Nota: {secret}]", api.docx_paragraphs(self.ok(self.fill(pid, own, auth=actor)).body))

        filled = self.ok(self.fill(pid, theirs, auth=GESTORE))
        shared = api.docx_paragraphs(filled.body)
        self.assertIn(f"Protocollo {pratica['protocollo']}", shared)
        self.assertIn("Riservato: []", shared)
        self.assertNotIn("C'è una nota riservata", shared)
        self.assertNotIn(secret.encode(), b"".join(api.docx_parts(filled.body).values()))

        cookie = api.session(GESTORE).headers(with_csrf=False)
        page = api.request("GET", f"/pratiche/{pid}/modelli/{theirs}?formato=docx", headers={**cookie, "Accept": "text/html"})
        self.assertEqual(page.status, 200, page.describe())
        self.assertNotIn(secret.encode(), b"".join(api.docx_parts(page.body).values()))

    def test_reserved_note_never_reaches_the_shared_account_as_pdf(self):
        pratica, secret = self.reserved_pratica()
        theirs = self.uploaded(note_template(), auth=GESTORE)
        filled = self.ok(self.fill(pratica["id"], theirs, auth=GESTORE, format="pdf"))
        text = api.pdf_text(filled.body)
        self.assertIn(pratica["protocollo"], text)
        self.assertNotIn(secret, text)

    def test_shared_account_fills_the_built_in_templates_with_its_own_office(self):
        pratica = self.pratica(share=True)
        filled = self.ok(self.fill(pratica["id"], "preventivo", auth=GESTORE))
        header = "\n".join(api.docx_paragraphs(filled.body, "word/header1.xml"))
        self.assertIn("Studio Gestore", header)
        self.assertNotIn("OCC di prova", header)
        self.assertIn(pratica["debitore"], api.docx_text(filled.body))

    def test_templates_belong_to_the_uploading_account(self):
        """The owner's template does not exist for the gestore's studio or an unrelated account:
        not listed, not filled (even for a pratica they see), not deleted (404)."""
        pratica = self.pratica(share=True)
        key = self.uploaded()
        for actor in (GESTORE, ALTRO):
            with self.subTest(actor=actor):
                self.assertNotIn(key, self.keys(auth=actor))
                self.assertEqual(self.keys(auth=actor)[:6], ALL_BUILT_INS)
                self.refused(self.call("DELETE", f"/api/v1/templates/{key}", auth=actor), 404)
                self.refused(self.fill(pratica["id"], key, auth=actor), 404)
        self.assertIn(key, self.keys())
        for actor in (GESTORE, ALTRO):
            cookie = api.session(actor)
            with self.subTest(actor=actor, page="blank template"):
                blank = api.request("GET", f"/modelli/{key}", headers={**cookie.headers(with_csrf=False), "Accept": "text/html"})
                self.assertEqual(blank.status, 404, blank.describe())
            with self.subTest(actor=actor, page="delete form"):
                deleted = api.request("POST", f"/modelli/{key}/elimina", body=urllib.parse.urlencode({"_csrf": cookie.csrf}),
                                      headers={**cookie.headers(with_csrf=False), "Content-Type": "application/x-www-form-urlencoded",
                                               "Accept": "text/html"})
                self.assertEqual(deleted.status, 404, deleted.describe())
        self.assertIn(key, self.keys())
        mine = api.request("GET", f"/modelli/{key}", headers={**api.session(OPERATORE).headers(with_csrf=False), "Accept": "text/html"})
        self.assertEqual((mine.status, mine.header("Content-Type")), (200, DOCX_TYPE), mine.describe())
        self.assertEqual(api.docx_paragraphs(mine.body)[0], "Pratica n. {{protocollo}} — fine", "the blank template, as uploaded")

    def test_a_pratica_the_caller_cannot_see_is_404_for_its_documents(self):
        unshared = self.pratica()
        shared = self.pratica(share=True)
        for actor, pratica in ((ALTRO, unshared), (ALTRO, shared), (GESTORE, unshared)):
            for key, format in (("preventivo", None), ("preventivo", "pdf"), ("ricevuta-istanza", "docx")):
                with self.subTest(actor=actor, pratica="shared" if pratica is shared else "not shared", key=key, format=format):
                    self.refused(self.fill(pratica["id"], key, auth=actor, format=format), 404)
            cookie = api.session(actor).headers(with_csrf=False)
            for path in (f"/pratiche/{pratica['id']}/modelli", f"/pratiche/{pratica['id']}/modelli/preventivo?formato=docx"):
                with self.subTest(actor=actor, page=path):
                    self.assertEqual(api.request("GET", path, headers={**cookie, "Accept": "text/html"}).status, 404)
        self.ok(self.fill(shared["id"], "preventivo", auth=GESTORE))

    def test_ending_the_share_ends_the_documents(self):
        pratica = self.pratica(share=True)
        self.ok(self.fill(pratica["id"], "preventivo", auth=GESTORE))
        self.ok(api.call("DELETE", f"/api/v1/pratiche/{pratica['id']}/shares/{SHARED_CODE}"), 204)
        self.refused(self.fill(pratica["id"], "preventivo", auth=GESTORE), 404)


# =============================================================================================
class ZzDocumentsCoverageTest(DocumentsTestCase):
    """Runs last: every documents operation was called, at least once successfully."""

    def test_every_documents_operation_was_exercised(self):
        loader = unittest.TestLoader()
        expected = {test.id() for case in (TemplatesContractTest, TemplateUploadTest, DocumentsAuthTest, DocumentPermissionsTest)
                    for test in loader.loadTestsFromTestCase(case)}
        if not expected <= RAN:
            self.skipTest("only part of the module ran")
        self.assertTrue(NEW_OPERATIONS <= set(CONTRACT.operations), "the OpenAPI document does not describe every documents operation")
        self.assertEqual(sorted(NEW_OPERATIONS - set(CONTRACT.exercised)), [], "documents operations never exercised")
        unsuccessful = sorted(key for key in NEW_OPERATIONS if not any(s < 300 for s in CONTRACT.exercised[key]))
        self.assertEqual(unsuccessful, [], "documents operations never exercised with a successful response")


if __name__ == "__main__":
    unittest.main()
