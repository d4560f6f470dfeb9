"""Browser tests of documents: the pratica's "Modelli" tab (the built-in templates filled as Word
and PDF), the office's "Modelli" page (uploading a template, the refusals shown beside the file
field, deleting, the letterhead and its logo) and what the read-only user may not do there.

Downloads are the page's own links fetched with the browser's session cookies; Word files are
read back with zipfile, PDFs with pdfinfo and pdftotext.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""

import os
import random
import shutil
import tempfile
import unittest
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import api_client as api
import browser as b
from test_web import BrowserTestCase

BUILT_INS = {"preventivo": "Preventivo dei compensi", "lettera-nomina-gestore": "Lettera di nomina del gestore",
             "comunicazione-creditori": "Comunicazione ai creditori", "ricevuta-istanza": "Ricevuta di presentazione dell'istanza"}
# The built-in templates of the other two types, listed on /modelli after the crisi ones.
OTHER_BUILT_INS = {"piano-rateizzazione": "Prospetto di rateizzazione e riepilogo dei rapporti",
                   "relazione-analisi-finanziaria": "Relazione di analisi finanziaria"}
PNG = api.sample_png((20, 90, 160))


def gestori_template():
    """`{{protocollo}}` split across two runs, a table row per gestore, the reserved note."""
    return api.docx_package(
        api.docx_paragraph("Pratica n. {{proto", "collo}}")
        + api.docx_table(["Gestore", "Data di nomina"], ["{{#gestori}}{{gestore}}", "{{data_nomina}}{{/gestori}}"])
        + api.docx_paragraph("Note riservate: {{note_riservate}}"))


class DocumentsWebTest(BrowserTestCase):
    """Signed in as the owner's operatore."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.mkdtemp(prefix="fascicolo-modelli-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    # Shortcuts -----------------------------------------------------------------------------

    def file(self, name, content):
        path = os.path.join(self.folder, name)
        with open(path, "wb") as handle:
            handle.write(content)
        return path

    def numbered_pratica(self, gestori=True, **campi):
        """A numbered pratica with a fresh debtor and, unless told otherwise, two gestori.
        Returns its JSON with "debitore" (the debtor's name) and "gestori" (theirs)."""
        debtor, surname = self.new_debtor("Modelli")
        names, rows = [], []
        if gestori:
            for day, first in (("2026-01-10", "Primo"), ("2026-02-12", "Secondo")):
                gestore = b.unique("Gestore")
                rows.append({"gestore": b.create_contact(self.driver, gestore, first), "data_nomina": day})
                names.append(f"{gestore} {first}")
        status, pratica = b.api(self.driver, "POST", "/pratiche", {"tipo": b.TYPE_ID, "numera": True, "campi": {
            "interessati": [{"debitore": debtor}], "gestori": rows, **campi}})
        self.assertEqual(status, 201, pratica)
        pratica["debitore"], pratica["gestori"] = f"{surname} Maria", names
        return pratica

    def templates_table(self):
        """{label: (origin, {link text: href})} of the pratica's Modelli page."""
        found = {}
        for row in self.find_all("table.templates tbody tr"):
            cells = row.find_elements(By.TAG_NAME, "td")
            found[cells[0].text] = (cells[1].text, {a.text: a.get_attribute("href") for a in cells[2].find_elements(By.TAG_NAME, "a")})
        return found

    def download(self, href, media_type):
        status, headers, body = b.download(self.driver, href)
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers["Content-Type"], media_type)
        self.assertTrue(headers["Content-Disposition"].startswith("attachment;"), headers["Content-Disposition"])
        return body

    def open_modelli_tab(self, pid):
        self.go("/pratiche/%d" % pid)
        self.submit_with(b.clickable(self.driver, "#tab-modelli"))
        self.assertEqual(self.driver.current_url, b.url("/pratiche/%d/modelli" % pid))

    def upload_form(self, name, path):
        """Fills the "Carica un modello" form and submits it."""
        self.go("/modelli")
        b.fill(self.find("#modello-nome"), name)
        Select(self.find("#modello-tipologia")).select_by_value(b.TYPE_ID)
        self.find("#modello-file").send_keys(path)
        self.submit_with(self.button("Carica modello"))

    def button(self, text, within=None):
        return (within or self.driver).find_element(By.XPATH, ".//button[normalize-space()=%s]" % b.xpath_literal(text))

    def uploaded_rows(self):
        """The rows of "Modelli dell'ufficio" as lists of cell texts."""
        return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in self.find_all("table.uploaded tbody tr")]

    def office_templates(self, auth=b.OPERATORE):
        answer = api.call("GET", "/api/v1/templates", auth=auth)
        self.assertEqual(answer.status, 200, answer.describe())
        return {t["nome"]: t["chiave"] for t in answer.json()["modelli"] if not t["incluso"]}

    def delete_by_api(self, name):
        key = self.office_templates().get(name)
        if key:
            api.call("DELETE", f"/api/v1/templates/{key}")

    def letterhead(self, text="", logo=None, remove=False, user=b.OPERATORE):
        """Saves the letterhead over HTTP with `user`'s session, as the form does."""
        session = api.session(user)
        parts = [("intestazione", text)] + ([("rimuovi_logo", "1")] if remove else [])
        if logo is not None:
            parts.append(("file", "logo.png", "image/png", logo))
        body, media_type = api.multipart(parts)
        return api.request("POST", "/modelli/carta-intestata?_csrf=" + urllib.parse.quote(session.csrf), body=body,
                           headers={**session.headers(with_csrf=False), "Content-Type": media_type, "Accept": "text/html"})

    # The pratica's Modelli tab --------------------------------------------------------------

    def test_modelli_tab_lists_the_built_in_templates_and_fills_the_preventivo_as_word(self):
        pratica = self.numbered_pratica()
        self.open_modelli_tab(pratica["id"])
        self.assertIn("Modelli", self.find("h1").text)
        templates = self.templates_table()
        for key, label in BUILT_INS.items():
            with self.subTest(template=label):
                self.assertEqual(templates[label][0], "incluso")
                self.assertEqual(sorted(templates[label][1]), ["PDF", "Word"])
                self.assertTrue(templates[label][1]["Word"].endswith("/pratiche/%d/modelli/%s?formato=docx" % (pratica["id"], key)))
        b.screenshot(self.driver, "60-modelli-pratica")

        docx = self.download(templates["Preventivo dei compensi"][1]["Word"], api.DOCX_TYPE)
        self.assertEqual(api.docx_leftover_placeholders(docx), [])
        text = api.docx_text(docx)
        self.assertIn(pratica["debitore"], text)
        self.assertIn("Pratica n. %s" % pratica["protocollo"], text)
        self.assertIn("PREVENTIVO DEI COMPENSI", text)
        self.assertIn("OCC di prova", "\n".join(api.docx_paragraphs(docx, "word/header1.xml")), "the office's name in the header")

    def test_preventivo_as_pdf_has_pages_and_the_protocol(self):
        pratica = self.numbered_pratica()
        self.open_modelli_tab(pratica["id"])
        pdf = self.download(self.templates_table()["Preventivo dei compensi"][1]["PDF"], "application/pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(api.pdf_pages(pdf), 1)
        text = api.pdf_text(pdf)
        self.assertIn("PREVENTIVO", text)
        self.assertIn(pratica["protocollo"], text)
        self.assertIn(pratica["debitore"], text)

    def test_every_built_in_template_fills_without_placeholders_left(self):
        pratica = self.numbered_pratica()
        self.open_modelli_tab(pratica["id"])
        templates = self.templates_table()
        for label in BUILT_INS.values():
            with self.subTest(template=label):
                docx = self.download(templates[label][1]["Word"], api.DOCX_TYPE)
                self.assertEqual(api.docx_leftover_placeholders(docx), [])
                self.assertIn(pratica["protocollo"], api.docx_text(docx))
        letter = api.docx_text(self.download(templates["Lettera di nomina del gestore"][1]["Word"], api.DOCX_TYPE))
        for gestore in pratica["gestori"]:
            self.assertIn(gestore, letter)

    def test_back_link_returns_to_the_pratica(self):
        pratica = self.numbered_pratica(gestori=False)
        self.open_modelli_tab(pratica["id"])
        self.submit_with(b.link(self.driver, "Torna alla pratica"))
        self.assertEqual(self.driver.current_url, b.url("/pratiche/%d" % pratica["id"]))

    # The office's Modelli page --------------------------------------------------------------

    def test_office_uploads_a_template_and_fills_it_with_one_row_per_gestore(self):
        name = b.unique("Elenco gestori ")
        self.addCleanup(self.delete_by_api, name)
        self.upload_form(name, self.file("gestori.docx", gestori_template()))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Modello caricato.")
        row = [cells for cells in self.uploaded_rows() if cells[0] == name]
        self.assertEqual(len(row), 1, self.uploaded_rows())
        self.assertEqual(row[0][1:3], ["Crisi da sovraindebitamento", b.OPERATORE])
        b.screenshot(self.driver, "61-modelli-ufficio")

        pratica = self.numbered_pratica(note_riservate="Solo per l'ufficio")
        self.open_modelli_tab(pratica["id"])
        origin, links = self.templates_table()[name]
        self.assertEqual(origin, "dell'ufficio")
        docx = self.download(links["Word"], api.DOCX_TYPE)
        self.assertEqual(api.docx_leftover_placeholders(docx), [])
        paragraphs = api.docx_paragraphs(docx)
        self.assertIn("Pratica n. %s" % pratica["protocollo"], paragraphs, "the placeholder split across runs is filled")
        self.assertEqual(api.docx_table_rows(docx), [["Gestore", "Data di nomina"], [pratica["gestori"][0], "10/01/2026"],
                                                     [pratica["gestori"][1], "12/02/2026"]])
        self.assertIn("Note riservate: Solo per l'ufficio", paragraphs)

    def test_office_deletes_its_template_after_confirming(self):
        name = b.unique("Da eliminare ")
        self.addCleanup(self.delete_by_api, name)
        created = api.upload_template(name, gestori_template())
        self.assertEqual(created.status, 201, created.describe())
        self.go("/modelli")
        delete = self.driver.find_element(By.XPATH, "//table[contains(@class,'uploaded')]//button[@aria-label=%s]"
                                          % b.xpath_literal("Elimina " + name))
        b.scroll_to(self.driver, delete).click()
        alert = b.wait(self.driver).until(EC.alert_is_present())
        self.assertEqual(alert.text, "Eliminare il modello?")
        alert.dismiss()
        self.assertIn(name, self.office_templates(), "dismissing the question keeps the template")
        html = self.driver.find_element(By.TAG_NAME, "html")
        b.scroll_to(self.driver, delete).click()
        b.wait(self.driver).until(EC.alert_is_present()).accept()
        b.wait(self.driver).until(lambda d: b._is_gone(html))
        b.page_ready(self.driver)
        self.assertEqual(b.flash_text(self.driver, "notice"), "Modello eliminato.")
        self.assertNotIn(name, [cells[0] for cells in self.uploaded_rows()])
        self.assertNotIn(name, self.office_templates())

    def test_unknown_placeholder_is_refused_beside_the_file_field(self):
        name = b.unique("Sbagliato ")
        self.addCleanup(self.delete_by_api, name)
        bad = api.docx_package(api.docx_paragraph("Pratica {{protocollo}}") + api.docx_paragraph("Dato: {{campo_inesistente}}"))
        self.upload_form(name, self.file("sbagliato.docx", bad))
        error = self.field_error("modello-file")
        self.assertIn("«{{campo_inesistente}}»", error)
        self.assertIn("paragrafo 2", error)
        self.assertIn("segnaposto sconosciuto", error)
        self.assertIn("Modello non caricato", b.flash_text(self.driver, "alert"))
        self.assertEqual(self.find("#modello-nome").get_attribute("value"), name, "the name typed is kept")
        self.assertNotIn(name, self.office_templates())
        self.assertEqual(api.staging_files(), [])
        b.screenshot(self.driver, "62-modello-rifiutato")

    def test_damaged_word_files_are_refused_with_a_clear_message(self):
        good = gestori_template()
        rng = random.Random(11)
        for label, content in (("random bytes", bytes(rng.randrange(256) for _ in range(2048))),
                               ("truncated zip", good[: len(good) * 2 // 3])):
            with self.subTest(file=label):
                name = b.unique("Danneggiato ")
                self.addCleanup(self.delete_by_api, name)
                self.upload_form(name, self.file("danneggiato.docx", content))
                self.assertIn("non è un documento Word (.docx) valido o è danneggiato", self.field_error("modello-file"))
                self.assertIn("Modello non caricato", b.flash_text(self.driver, "alert"))
                self.assertNotIn(name, self.office_templates())
        self.assertEqual(api.staging_files(), [])

    def test_letterhead_logo_is_placed_in_the_filled_preventivo(self):
        text = "Via Roma 1, 00100 Roma\nTel. 06 1234567"
        self.addCleanup(self.letterhead, "", None, True)
        self.go("/modelli")
        self.assertEqual(self.find_all("img.logo-preview"), [])
        b.fill(self.find("#intestazione"), text)
        self.find("#logo-file").send_keys(self.file("logo.png", PNG))
        self.submit_with(self.button("Salva carta intestata"))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Carta intestata salvata.")
        self.assertEqual(self.find("#intestazione").get_attribute("value"), text)
        self.assertTrue(self.find("img.logo-preview").is_displayed())
        status, headers, logo = b.download(self.driver, "/modelli/logo")
        self.assertEqual((status, headers["Content-Type"], logo), (200, "image/png", PNG))

        pratica = self.numbered_pratica(gestori=False)
        self.open_modelli_tab(pratica["id"])
        word = self.templates_table()["Preventivo dei compensi"][1]["Word"]
        filled = self.download(word, api.DOCX_TYPE)
        parts = api.docx_parts(filled)
        self.assertEqual(parts.get("word/media/fascicolo-logo.png"), PNG)
        self.assertIn(b'Target="media/fascicolo-logo.png"', parts["word/_rels/header1.xml.rels"])
        self.assertIn(b"/word/media/fascicolo-logo.png", parts["[Content_Types].xml"])
        self.assertIn(b"<w:drawing>", parts["word/header1.xml"])
        self.assertEqual(api.docx_leftover_placeholders(filled), [])
        self.assertIn("Via Roma 1, 00100 Roma", "\n".join(api.docx_paragraphs(filled, "word/header1.xml")))

        # "Rimuovi il logo", sent as a client that adds no empty file part (see the test below).
        removed = self.letterhead(text, remove=True)
        self.assertEqual((removed.status, removed.header("Location")), (303, "/modelli?esito=carta-intestata"), removed.describe())
        self.go("/modelli")
        self.assertEqual(self.find_all("img.logo-preview"), [])
        self.assertEqual(b.download(self.driver, "/modelli/logo")[0], 404)
        filled = self.download(word, api.DOCX_TYPE)
        self.assertNotIn("word/media/fascicolo-logo.png", api.docx_parts(filled))
        self.assertEqual(api.docx_leftover_placeholders(filled), [])
        self.assertIn("Via Roma 1, 00100 Roma", "\n".join(api.docx_paragraphs(filled, "word/header1.xml")))

    def test_letterhead_form_saves_without_choosing_a_new_logo(self):
        """An empty logo input (a `file` part with filename="" and no bytes) is no new logo: the
        text alone can be changed, and "Rimuovi il logo" removes it."""
        self.addCleanup(self.letterhead, "", None, True)
        saved = self.letterhead("Prima riga", logo=PNG)
        self.assertEqual(saved.status, 303, saved.describe())
        self.go("/modelli")
        b.fill(self.find("#intestazione"), "Seconda riga")
        self.find("input[name=rimuovi_logo]").click()
        self.submit_with(self.button("Salva carta intestata"))
        self.assertEqual(b.flash_text(self.driver, "alert"), "")
        self.assertEqual(b.flash_text(self.driver, "notice"), "Carta intestata salvata.")
        self.assertEqual(self.find_all("img.logo-preview"), [])
        self.assertEqual(self.find("#intestazione").get_attribute("value"), "Seconda riga")

    def test_a_logo_that_is_not_an_image_is_refused(self):
        self.go("/modelli")
        self.find("#logo-file").send_keys(self.file("logo.png", api.sample_pdf("Non sono un logo")))
        self.submit_with(self.button("Salva carta intestata"))
        self.assertIn("Carta intestata non salvata", b.flash_text(self.driver, "alert"))
        self.assertIn("PNG o JPEG", b.flash_text(self.driver, "alert"))
        self.assertEqual(self.find_all("img.logo-preview"), [])
        self.assertEqual(b.download(self.driver, "/modelli/logo")[0], 404)


class ReadOnlyDocumentsWebTest(BrowserTestCase):
    """The sola_lettura user fills templates but changes nothing on the office's Modelli page."""
    user = b.LETTORE

    def test_read_only_user_sees_no_upload_form_and_cannot_post(self):
        name = b.unique("Del lettore ")
        created = api.upload_template(b.unique("Dell'ufficio "), gestori_template())
        self.assertEqual(created.status, 201, created.describe())
        key = created.json()["chiave"]
        self.addCleanup(api.call, "DELETE", f"/api/v1/templates/{key}")

        b.go(self.driver, "/modelli")
        self.assertEqual(len(self.find_all("table.templates:not(.uploaded) tbody tr")), len(BUILT_INS) + len(OTHER_BUILT_INS))
        self.assertIn(created.json()["nome"], [row.text for row in self.find_all("table.uploaded tbody tr td:first-child")])
        self.assertEqual(self.find_all("#modello-file"), [])
        self.assertEqual(self.find_all("#logo-file"), [])
        self.assertEqual(self.find_all("form[enctype='multipart/form-data']"), [])
        self.assertEqual(self.find_all("form[action$='/elimina']"), [], "no delete button")
        b.screenshot(self.driver, "63-modelli-sola-lettura")

        session = api.session(b.LETTORE)
        csrf = "?_csrf=" + urllib.parse.quote(session.csrf)
        body, media_type = api.multipart([("nome", name), ("tipologia", b.TYPE_ID), ("file", "m.docx", api.DOCX_TYPE, gestori_template())])
        headers = {**session.headers(with_csrf=False), "Accept": "text/html"}
        letterhead, letterhead_type = api.multipart([("intestazione", "Scritta dal lettore")])
        for path, sent, content_type in (("/modelli" + csrf, body, media_type),
                                         ("/modelli/carta-intestata" + csrf, letterhead, letterhead_type),
                                         (f"/modelli/{key}/elimina", urllib.parse.urlencode({"_csrf": session.csrf}),
                                          "application/x-www-form-urlencoded")):
            with self.subTest(path=path.split("?")[0]):
                answer = api.request("POST", path, body=sent, headers={**headers, "Content-Type": content_type})
                self.assertEqual(answer.status, 403, answer.describe())
                self.assertIn("sola lettura", answer.text)
        self.assertNotIn(name, [t["nome"] for t in api.call("GET", "/api/v1/templates").json()["modelli"]])
        self.assertIn(key, [t["chiave"] for t in api.call("GET", "/api/v1/templates").json()["modelli"]])
        self.assertEqual(api.staging_files(), [])

        pratica = api.call("POST", "/api/v1/pratiche", {"tipo": b.TYPE_ID, "numera": True, "campi": {
            "interessati": [{"debitore": api.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": b.unique("Lettore"),
                                                                               "nome": "Ada"}).json()["id"]}]}}).json()
        b.go(self.driver, "/pratiche/%d/modelli" % pratica["id"])
        word = self.find("table.templates tbody tr td a[href$='/modelli/%s?formato=docx']" % key).get_attribute("href")
        status, _, docx = b.download(self.driver, word)
        self.assertEqual(status, 200)
        self.assertIn("Pratica n. %s" % pratica["protocollo"], api.docx_paragraphs(docx))
