"""Attachments and the debtor's area over plain HTTP, against the server run.sh started (the
throttle of wrong access codes against a server of its own, see DebtorThrottleTest).

UploadTest: what the upload accepts (extension, content, claimed type, size) and that a refused
upload leaves nothing behind. DebtorAreaTest: /dossier/private — the code form, what the debtor
sees, its uploads, the end of its session. Who may do what is in test_permissions.py.
"""
import html
import json
import os
import random
import re
import shutil
import socket
import string
import subprocess
import tempfile
import time
import unittest

import api_client as api
from api_client import OPERATORE, TYPE_ID

GESTORE = "gestore@prova.it"
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
DEBTOR_NAME = "debitore (area riservata)"
LIMIT = 25 * 1024 * 1024

PDF = api.sample_pdf()
PNG = api.sample_png()
ZIP = b"PK\x03\x04" + bytes(26) + b"contenuto"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24)


def word(prefix):
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


class AreaTestCase(unittest.TestCase):
    maxDiff = 4000

    def call(self, method, path, body=None, auth=OPERATORE):
        headers = api.bearer(auth) if auth else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return api.request(method, path, body=None if body is None else json.dumps(body), headers=headers)

    def ok(self, response, status=200):
        self.assertEqual(response.status, status, response.describe())
        return response

    def new_contact(self, surname, name="Prova"):
        return self.ok(self.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": surname, "nome": name}), 201).json()

    def new_pratica(self, share=False, **campi):
        contact = self.new_contact(word("Allegati"))
        pratica = self.ok(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
            "stato": "aperta", "interessati": [{"debitore": contact["id"]}], **campi}}), 201).json()
        if share:
            self.ok(self.call("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": SHARED_CODE}), 201)
        return pratica

    def files(self, pid, auth=OPERATORE):
        return self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/attachments", auth=auth)).json()["allegati"]

    def history(self, pid):
        return self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/history")).json()

    def upload(self, pid, filename, data, content_type="application/octet-stream", headers=None):
        return api.upload(f"/api/v1/pratiche/{pid}/attachments", filename, data, content_type, headers or api.bearer(OPERATORE))

    def staging_is_empty(self):
        self.assertEqual(api.staging_files(), [], "an upload left a file behind")

    def refused_upload(self, pid, response, status, field="file"):
        """A JSON error of `status` that left the files, the history and the staging folder as they were."""
        self.assertEqual(response.status, status, response.describe())
        self.assertTrue((response.header("Content-Type") or "").startswith("application/json"), response.describe())
        error = response.json()["error"]
        self.assertTrue(error["message"])
        if field:
            self.assertEqual(error["field"], field, response.describe())
        self.staging_is_empty()

    def access_code(self, pid):
        return self.ok(self.call("POST", f"/api/v1/pratiche/{pid}/token"), 201).json()["codice"]

    def debtor(self, pid, code=None):
        debtor = api.Debtor()
        entered = debtor.enter(code or self.access_code(pid))
        self.assertEqual((entered.status, entered.header("Location")), (303, api.DOSSIER), entered.describe())
        return debtor


# =============================================================================================
class UploadTest(AreaTestCase):

    @classmethod
    def setUpClass(cls):
        cls.pratica = None

    def pid(self):
        if UploadTest.pratica is None:
            UploadTest.pratica = self.new_pratica()
        return UploadTest.pratica["id"]

    ACCEPTED = [
        ("atto.pdf", PDF, "application/pdf"),
        ("atto.p7m", b"\x30\x82\x01\x00" + bytes(12), "application/pkcs7-mime"),
        ("lettera.docx", ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("conti.xlsx", ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("lettera.odt", ZIP, "application/vnd.oasis.opendocument.text"),
        ("conti.ods", ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
        ("archivio.zip", ZIP, "application/zip"),
        ("vecchia.doc", OLE, "application/msword"),
        ("vecchio.xls", OLE, "application/vnd.ms-excel"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + bytes(12), "image/jpeg"),
        ("foto.jpeg", b"\xff\xd8\xff\xe1" + bytes(12), "image/jpeg"),
        ("scansione.tif", b"II*\x00" + bytes(12), "image/tiff"),
        ("scansione.tiff", b"MM\x00*" + bytes(12), "image/tiff"),
        ("nota.txt", "Nota con accenti: è così".encode("utf-8"), "text/plain"),
        ("debiti.csv", b"creditore;importo\nBanca;1000\n", "text/csv"),
        ("dati.xml", b"<?xml version=\"1.0\"?><dati/>", "application/xml"),
        ("messaggio.eml", b"From: a@example.it\r\nSubject: prova\r\n\r\ntesto\r\n", "message/rfc822"),
    ]

    def test_every_accepted_kind_is_stored_and_returned_as_sent(self):
        """Each accepted extension with matching content: 201, the stored media type, the same bytes back."""
        pid = self.pid()
        for name, content, media_type in self.ACCEPTED:
            with self.subTest(name=name):
                response = self.ok(self.upload(pid, name, content, media_type), 201)
                stored = response.json()
                self.assertEqual({k: stored[k] for k in ("nome", "tipo", "dimensione", "caricato_da", "visibile_debitore", "dal_debitore",
                                                         "modificabile")},
                                 {"nome": name, "tipo": media_type, "dimensione": len(content), "caricato_da": OPERATORE,
                                  "visibile_debitore": False, "dal_debitore": False, "modificabile": True})
                self.assertIn(stored, self.files(pid))
                back = self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/attachments/{stored['id']}"))
                self.assertEqual(back.body, content)
                self.assertEqual(back.header("Content-Type"), media_type)
                self.assertTrue((back.header("Content-Disposition") or "").startswith("attachment;"), back.header("Content-Disposition"))

    def test_content_must_match_the_extension(self):
        """A file whose first bytes contradict its extension is refused with 422 on `file`."""
        pid = self.pid()
        before, history = self.files(pid), self.history(pid)
        for name, content in [("atto.pdf", b"non sono un PDF"), ("atto.pdf", PNG), ("foto.png", PDF), ("foto.jpg", PNG),
                              ("lettera.docx", PDF), ("vecchia.doc", ZIP), ("scansione.tif", PDF), ("nota.txt", b"testo\x00binario"),
                              ("debiti.csv", b"a;b\x00"), ("dati.xml", b"<a>\x00</a>"), ("messaggio.eml", b"\x00From:")]:
            with self.subTest(name=name, content=content[:12]):
                self.refused_upload(pid, self.upload(pid, name, content), 422)
        self.assertEqual(self.files(pid), before)
        self.assertEqual(self.history(pid), history)

    def test_claimed_type_must_be_compatible(self):
        """The part's Content-Type must fit the extension; octet-stream or none at all is fine."""
        pid = self.pid()
        for claimed, status in [("application/pdf", 201), ("application/octet-stream", 201), (None, 201),
                                ("image/png", 422), ("text/html", 422), ("application/zip", 422)]:
            with self.subTest(claimed=claimed):
                before = self.files(pid)
                response = self.upload(pid, "dichiarato.pdf", PDF, claimed)
                if status == 201:
                    self.assertEqual(self.ok(response, 201).json()["tipo"], "application/pdf")
                else:
                    self.refused_upload(pid, response, 422)
                    self.assertEqual(self.files(pid), before)
        self.refused_upload(pid, self.upload(pid, "foto.png", PNG, "application/pdf"), 422)
        self.refused_upload(pid, self.upload(pid, "nota.txt", b"testo", "application/pdf"), 422)

    def test_other_extensions_and_empty_files_are_refused(self):
        pid = self.pid()
        before = self.files(pid)
        for name, content in [("programma.exe", b"MZ\x90\x00"), ("pagina.html", b"<html></html>"), ("disegno.svg", b"<svg/>"),
                              ("senza-estensione", PDF), ("atto.pdf.exe", PDF), ("vuoto.pdf", b""), ("vuoto.txt", b"")]:
            with self.subTest(name=name):
                self.refused_upload(pid, self.upload(pid, name, content), 422)
        self.assertEqual(self.files(pid), before)

    def test_path_components_of_the_name_are_dropped(self):
        pid = self.pid()
        for sent, kept in [("../../x.pdf", "x.pdf"), ("/etc/cartella/y.pdf", "y.pdf"), ("C:\\Documenti\\z.pdf", "z.pdf")]:
            with self.subTest(sent=sent):
                self.assertEqual(self.ok(self.upload(pid, sent, PDF, "application/pdf"), 201).json()["nome"], kept)

    def test_too_large_a_file_is_refused_and_leaves_nothing(self):
        """25 MB are accepted; one byte more is a 413 with a JSON error, and nothing is kept."""
        pid = self.new_pratica()["id"]
        largest = self.ok(self.upload(pid, "limite.pdf", b"%PDF-" + bytes(LIMIT - 5), "application/pdf"), 201).json()
        self.assertEqual(largest["dimensione"], LIMIT)
        self.ok(self.call("DELETE", f"/api/v1/pratiche/{pid}/attachments/{largest['id']}"), 204)
        before, history = self.files(pid), self.history(pid)
        self.refused_upload(pid, self.upload(pid, "troppo.pdf", b"%PDF-" + bytes(LIMIT - 4), "application/pdf"), 413, field=None)
        self.assertEqual(self.files(pid), before)
        self.assertEqual(self.history(pid), history)

    def test_upload_with_the_session_cookie_needs_the_csrf_token(self):
        """From the web session an upload needs X-CSRF-Token, like every other write."""
        pid = self.pid()
        signed_in = api.login(OPERATORE)
        before = self.files(pid)
        self.refused_upload(pid, self.upload(pid, "senza-token.pdf", PDF, headers=signed_in.headers(with_csrf=False)), 403, field=None)
        self.refused_upload(pid, self.upload(pid, "token-sbagliato.pdf", PDF, headers=signed_in.headers(csrf="sbagliato")), 403, field=None)
        self.assertEqual(self.files(pid), before)
        self.assertEqual(self.ok(self.upload(pid, "con-token.pdf", PDF, headers=signed_in.headers()), 201).json()["nome"], "con-token.pdf")


# =============================================================================================
def summary(page):
    """The area's summary as {label: [lines]} (the <dl class="summary">)."""
    block = re.search(r'<dl class="summary">(.*?)</dl>', page.text, re.S)
    if not block:
        return None
    entries = {}
    for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block.group(1), re.S):
        lines = re.findall(r'<span class="line">(.*?)</span>', value, re.S) or [value]
        entries[html.unescape(label.strip())] = [html.unescape(line.strip()) for line in lines]
    return entries


class DebtorAreaTest(AreaTestCase):
    """/dossier/private: the debtor enters with the code and sees what the type shows it.
    Wrong codes count against this client's address (10 in 15 minutes for the whole server):
    the tests here send two in all."""

    def test_code_form_is_a_double_submit(self):
        """The form's _modulo equals the fascicolo_dossier_modulo cookie; a code sent with another
        value, or without the cookie, is refused (403) and opens nothing."""
        pid = self.new_pratica()["id"]
        code = self.access_code(pid)
        debtor = api.Debtor()
        page = self.ok(debtor.get())
        self.assertIn('name="codice"', page.text)
        self.assertIsNotNone(debtor.form_token(page))
        self.assertEqual(debtor.form_token(page), debtor.cookies.get("fascicolo_dossier_modulo"))
        modulo_cookie = next(h for h in page.header_all("Set-Cookie") if h.startswith("fascicolo_dossier_modulo="))
        self.assertIn("Path=/dossier", modulo_cookie)
        self.assertIn("HttpOnly", modulo_cookie)

        forged = debtor.enter(code, form_token="valore-inventato")
        self.assertEqual(forged.status, 403, forged.describe())
        self.assertNotIn("fascicolo_dossier", debtor.cookies)

        cookieless = api.Debtor()
        token = cookieless.form_token(cookieless.get())
        cookieless.cookies.clear()
        refused = cookieless._send("POST", api.DOSSIER, body=f"_modulo={token}&codice={code}",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(refused.status, 403, refused.describe())
        self.assertNotIn("fascicolo_dossier", cookieless.cookies)
        self.assertFalse(debtor.in_area())

    def test_right_code_opens_the_area(self):
        """The right code: 303 to the area and an HttpOnly cookie for /dossier only; the area's page follows."""
        pid = self.new_pratica()["id"]
        debtor = api.Debtor()
        entered = debtor.enter(self.access_code(pid))
        self.assertEqual((entered.status, entered.header("Location")), (303, api.DOSSIER))
        cookie = next(h for h in entered.header_all("Set-Cookie") if h.startswith("fascicolo_dossier="))
        self.assertIn("Path=/dossier", cookie)
        self.assertIn("HttpOnly", cookie)
        self.assertTrue(debtor.in_area())
        self.assertEqual([(e["azione"], e["chi"]) for e in self.history(pid)][-1], ("dossier_open", DEBTOR_NAME))

    def test_code_is_read_leniently(self):
        """Case, spaces and dashes do not matter, and O reads as 0, I and L as 1."""
        pid = self.new_pratica()["id"]
        code = self.access_code(pid)
        # A code with a 0 and a 1, so that the look-alike letters are really tried (one code in
        # three has both; 50 draws all miss with a chance of about one in a billion).
        for _ in range(50):
            if "0" in code and "1" in code:
                break
            code = self.access_code(pid)
        self.assertTrue("0" in code and "1" in code, "no code with both 0 and 1 in 50 draws")
        plain = code.replace("-", "")
        look_alike = code.replace("0", "O")
        look_alike = look_alike.replace("1", "I", 1).replace("1", "l")
        for typed in (code.lower(), " ".join(plain[i:i + 4] for i in range(0, len(plain), 4)), plain.lower(),
                      " " + code + " ", look_alike, look_alike.lower()):
            with self.subTest(typed=typed):
                debtor = api.Debtor()
                entered = debtor.enter(typed)
                self.assertEqual((entered.status, entered.header("Location")), (303, api.DOSSIER), entered.describe())
                self.assertTrue(debtor.in_area())

    def test_wrong_code_is_refused(self):
        """A wrong code: 401, the form again with "Codice di accesso non valido.", no session."""
        pid = self.new_pratica()["id"]
        code = self.access_code(pid)
        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        debtor = api.Debtor()
        refused = debtor.enter(wrong)
        self.assertEqual(refused.status, 401, refused.describe())
        self.assertIn("Codice di accesso non valido.", refused.text)
        self.assertIsNotNone(debtor.form_token(refused), "the code form is shown again")
        self.assertNotIn("fascicolo_dossier", debtor.cookies)
        self.assertFalse(debtor.in_area())

    def test_area_shows_the_summary_for_the_debtor_only(self):
        """Type, protocol, state and the fields the type shows to the debtor; nothing else."""
        gestore = self.new_contact(word("Gestorini"), "Anna")
        hidden = {"giudice": word("Giudice"), "note": word("Nota"), "note_riservate": word("Riservata"),
                  "udienze[1].esito": word("Esito")}
        pratica = self.new_pratica(
            procedura="accordo", tribunale="0130750091", numero_rg="1234/2025", giudice=hidden["giudice"], note=hidden["note"],
            note_riservate=hidden["note_riservate"], gestori=[{"gestore": gestore["id"], "data_nomina": "2026-01-10"}],
            udienze=[{"data": "2026-03-15", "ora": "10:30", "descrizione": "Comparizione", "esito": hidden["udienze[1].esito"]},
                     {"data": "2026-05-04", "descrizione": "Rinvio"}])
        protocol = self.ok(self.call("POST", f"/api/v1/pratiche/{pratica['id']}/protocol", {})).json()["protocollo"]
        debtor = self.debtor(pratica["id"])
        page = self.ok(debtor.get())
        heading = re.search(r"<h1>(.*?)</h1>", page.text, re.S).group(1)
        self.assertEqual(html.unescape(heading), f"Crisi da sovraindebitamento — prot. {protocol}")
        self.assertEqual(summary(page), {
            "Stato": ["Aperta"],
            "Procedura richiesta": ["Accordo di composizione della crisi (L. 3/2012) / Concordato minore (CCII)"],
            "Gestori": [f"{gestore['cognome']} Anna"],
            "Tribunale": ["Tribunale di Como"],
            "Numero R.G.": ["1234/2025"],
            "Udienze": ["15/03/2026 · 10:30 · Comparizione", "04/05/2026 · Rinvio"],
        })
        for field, value in hidden.items():
            self.assertNotIn(value, page.text, f"{field} is not shown to the debtor")
        self.assertNotIn("10/01/2026", page.text, "the gestore's appointment date is not shown")

    def test_upload_needs_the_pages_token(self):
        """The upload form's action carries the session's _csrf; without it, or with another, 403 and nothing kept."""
        pid = self.new_pratica()["id"]
        debtor = self.debtor(pid)
        action = debtor.upload_action()
        self.assertRegex(action, r"^/dossier/private/allegati\?_csrf=[^&]+$")
        for forged in ("/dossier/private/allegati", "/dossier/private/allegati?_csrf=", "/dossier/private/allegati?_csrf=inventato"):
            with self.subTest(action=forged):
                self.assertEqual(debtor.upload("estratto.pdf", PDF, "application/pdf", action=forged).status, 403)
        stranger = api.Debtor()
        self.assertEqual(stranger.upload("estratto.pdf", PDF, "application/pdf", action=action).status, 403, "no session, no upload")
        self.assertEqual(self.files(pid), [])
        self.staging_is_empty()

    def test_debtor_upload_reaches_owner_and_gestore(self):
        """The debtor's file: a notice in the area, listed for itself, for the owner (changeable)
        and for the gestore (not changeable), marked as sent by the debtor."""
        pid = self.new_pratica(share=True)["id"]
        debtor = self.debtor(pid)
        sent = debtor.upload("ricevuta.png", PNG, "image/png")
        self.assertEqual((sent.status, sent.header("Location")), (303, api.DOSSIER + "?esito=caricato"), sent.describe())
        notice = self.ok(debtor.get(sent.header("Location")))
        self.assertIn("File ricevuto", notice.text)
        for actor, changeable in ((OPERATORE, True), (GESTORE, False)):
            with self.subTest(actor=actor):
                listed = self.files(pid, auth=actor)
                self.assertEqual([(f["nome"], f["tipo"], f["dimensione"], f["caricato_da"], f["dal_debitore"], f["modificabile"])
                                  for f in listed], [("ricevuta.png", "image/png", len(PNG), DEBTOR_NAME, True, changeable)])
        file = self.files(pid)[0]
        self.assertEqual(debtor.file_links(), [file["id"]])
        self.assertEqual(self.ok(debtor.download(file["id"])).body, PNG)
        self.assertEqual(self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/attachments/{file['id']}", auth=GESTORE)).body, PNG)

    def test_debtor_upload_of_a_wrong_file_is_refused(self):
        """A file whose content contradicts its name: 422 with the reason in the area, nothing kept."""
        pid = self.new_pratica()["id"]
        debtor = self.debtor(pid)
        refused = debtor.upload("ricevuta.png", PDF, "image/png")
        self.assertEqual(refused.status, 422, refused.describe())
        self.assertIn("File non accettato", refused.text)
        self.assertEqual(self.files(pid), [])
        self.staging_is_empty()

    def test_new_code_ends_the_session_and_voids_the_old_code(self):
        pid = self.new_pratica()["id"]
        old = self.access_code(pid)
        debtor = self.debtor(pid, old)
        new = self.access_code(pid)
        page = debtor.get()
        self.assertFalse(debtor.in_area(page), "the area shows the code form again")
        self.assertIsNotNone(debtor.form_token(page))
        self.assertEqual(debtor.upload("tardi.pdf", PDF, "application/pdf", action="/dossier/private/allegati?_csrf=x").status, 403)
        self.assertEqual(api.Debtor().enter(old).status, 401, "the old code no longer works")
        self.assertTrue(self.debtor(pid, new).in_area())
        self.assertEqual(self.files(pid), [])

    def test_leaving_the_area_ends_the_session(self):
        pid = self.new_pratica()["id"]
        debtor = self.debtor(pid)
        session_cookie = debtor.cookies["fascicolo_dossier"]
        left = debtor._send("POST", api.DOSSIER + "/esci")
        self.assertEqual((left.status, left.header("Location")), (303, api.DOSSIER))
        self.assertNotIn("fascicolo_dossier", debtor.cookies)
        replay = api.Debtor()
        replay.cookies["fascicolo_dossier"] = session_cookie
        self.assertFalse(replay.in_area(), "the old session cookie opens nothing")


# =============================================================================================
class DebtorThrottleTest(unittest.TestCase):
    """Ten wrong codes from one address in 15 minutes, and that address gets 429 even with the
    right code, while another address still enters. The throttle lasts as long as the server, so
    this test runs its own `fascicolo serve` over a data directory of its own."""

    @classmethod
    def setUpClass(cls):
        if not api.BIN:
            raise unittest.SkipTest("FASCICOLO_BIN is needed to start a server of our own (run through run.sh)")
        cls.data = tempfile.mkdtemp(prefix="fascicolo-soglia-")
        cls.server = None
        try:
            common = ["--root", api.ROOT, "--data", cls.data]
            subprocess.run([api.BIN, "init", *common, "--name", "OCC soglia"], check=True, capture_output=True)
            subprocess.run([api.BIN, "user", "add", *common, "--email", OPERATORE, "--name", "Operatore Soglia", "--role", "operatore",
                            "--password-stdin"], input=api.PASSWORD + "\n", text=True, check=True, capture_output=True)
            done = subprocess.run([api.BIN, "token", "create", *common, "--user", OPERATORE, "--label", "soglia"],
                                  capture_output=True, text=True, check=True)
            cls.bearer = {"Authorization": "Bearer " + [line.strip() for line in done.stdout.splitlines() if line.strip()][-1]}
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            cls.base_url = f"http://127.0.0.1:{port}"
            cls.log = open(os.path.join(cls.data, "server.log"), "wb")
            cls.server = subprocess.Popen([api.BIN, "serve", *common, "--port", str(port)], stdout=cls.log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 30
            while not cls.healthy():
                if time.monotonic() > deadline or cls.server.poll() is not None:
                    raise RuntimeError("the throttle test's server did not start")
                time.sleep(0.1)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def healthy(cls):
        try:
            return api.request("GET", "/health", base_url=cls.base_url, timeout=2).status == 200
        except OSError:
            return False

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.terminate()
            try:
                cls.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                cls.server.kill()
                cls.server.wait()
            cls.log.close()
        shutil.rmtree(cls.data, ignore_errors=True)

    def call(self, method, path, body=None):
        headers = dict(self.bearer, **({"Content-Type": "application/json"} if body is not None else {}))
        response = api.request(method, path, body=None if body is None else json.dumps(body), headers=headers, base_url=self.base_url)
        self.assertLess(response.status, 300, response.describe())
        return response.json()

    def test_ten_wrong_codes_block_the_address(self):
        contact = self.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": "Soglia", "nome": "Prova"})
        pratica = self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {"interessati": [{"debitore": contact["id"]}]}})
        code = self.call("POST", f"/api/v1/pratiche/{pratica['id']}/token")["codice"]
        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        for attempt in range(1, 11):
            with self.subTest(attempt=attempt):
                self.assertEqual(api.Debtor(base_url=self.base_url).enter(wrong).status, 401)
        for typed in (wrong, code):
            with self.subTest(after="10 wrong codes", typed=typed):
                debtor = api.Debtor(base_url=self.base_url)
                blocked = debtor.enter(typed)
                self.assertEqual(blocked.status, 429, blocked.describe())
                self.assertIn("Troppi codici errati", blocked.text)
                self.assertNotIn("fascicolo_dossier", debtor.cookies)
        elsewhere = api.Debtor(base_url=self.base_url, source_address=("127.0.0.2", 0))
        entered = elsewhere.enter(code)
        self.assertEqual((entered.status, entered.header("Location")), (303, api.DOSSIER), "another address is not blocked")
        self.assertTrue(elsewhere.in_area())


if __name__ == "__main__":
    unittest.main()
