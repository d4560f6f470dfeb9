"""Browser tests of the pratica's "Allegati" and "Area debitore" tabs and of the debtor's area
/dossier/private: the owner uploads, downloads, shows and deletes files and generates the access
code; the debtor, in a browser of its own, enters it, reads and sends files; the gestore's studio
sees the files but neither the code nor the reserved note.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""

import os
import shutil
import tempfile
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

import api_client as api
import browser as b
from test_web import BrowserTestCase

GESTORE = "gestore@prova.it"
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
DEBTOR_NAME = "debitore (area riservata)"
CODE_FORMAT = r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$"
PDF = api.sample_pdf("Relazione particolareggiata")
PNG = api.sample_png()


def fetch(driver, href):
    """GETs a link of the page with the driver's cookies: (status, headers, body)."""
    request = urllib.request.Request(href if href.startswith("http") else b.url(href),
                                     headers={"Cookie": b.session_cookie_header(driver)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class AttachmentsWebTest(BrowserTestCase):
    """Signed in as the owner's operatore; the debtor and the gestore get browsers of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = tempfile.mkdtemp(prefix="fascicolo-allegati-")
        cls.pdf_path = os.path.join(cls.folder, "relazione.pdf")
        cls.png_path = os.path.join(cls.folder, "ricevuta.png")
        for path, content in ((cls.pdf_path, PDF), (cls.png_path, PNG)):
            with open(path, "wb") as handle:
                handle.write(content)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    # Shortcuts -----------------------------------------------------------------------------

    def upload_by_api(self, pid, name, content, user=b.OPERATORE, visible=False):
        sent = api.upload(f"/api/v1/pratiche/{pid}/attachments", name, content, headers=api.bearer(user))
        self.assertEqual(sent.status, 201, sent.describe())
        if visible:
            self.assertEqual(self.api("PATCH", f"/pratiche/{pid}/attachments/{sent.json()['id']}", {"visibile_debitore": True})[0], 200)
        return sent.json()

    def api(self, method, path, body=None):
        return b.api(self.driver, method, path, body)

    def files(self, pid):
        status, answer = self.api("GET", f"/pratiche/{pid}/attachments")
        self.assertEqual(status, 200, answer)
        return answer["allegati"]

    def row(self, name, driver=None):
        """The row of the Allegati table whose link is `name`."""
        return (driver or self.driver).find_element(By.XPATH, "//section[@id='sez-allegati']//tbody/tr[td[1]/a[normalize-space()=%s]]"
                                                    % b.xpath_literal(name))

    def row_buttons(self, row):
        return [button.text.strip() for button in row.find_elements(By.TAG_NAME, "button")]

    def confirm(self, button, question, accept=True):
        """Clicks a button that asks first, checks the question and answers it; when accepted,
        waits for the next page."""
        html = self.driver.find_element(By.TAG_NAME, "html")
        b.scroll_to(self.driver, button).click()
        alert = b.wait(self.driver).until(EC.alert_is_present())
        self.assertEqual(alert.text, question)
        if not accept:
            alert.dismiss()
            return
        alert.accept()
        b.wait(self.driver).until(lambda d: b._is_gone(html))
        b.page_ready(self.driver)

    def button(self, text, within=None):
        return (within or self.driver).find_element(By.XPATH, ".//button[normalize-space()=%s]" % b.xpath_literal(text))

    # Tests ---------------------------------------------------------------------------------

    def test_owner_uploads_downloads_and_shows_a_file_to_the_debtor(self):
        """Upload through the Allegati tab, download through its link, then "No — mostra" and back."""
        pid, _ = self.new_pratica(prefix="Allegati")
        self.go("/pratiche/%d" % pid)
        panel = b.open_tab(self.driver, "allegati")
        self.assertIn("Nessun allegato.", panel.text)
        self.find("#allegato-file").send_keys(self.pdf_path)
        self.submit_with(self.button("Aggiungi allegato", panel))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Allegato caricato.")
        self.assertTrue(self.find("#sez-allegati").is_displayed(), "the page comes back on the Allegati tab")
        self.assertEqual(self.find("#tab-allegati").get_attribute("aria-selected"), "true")
        stored = self.files(pid)
        self.assertEqual([(f["nome"], f["tipo"], f["dimensione"], f["caricato_da"]) for f in stored],
                         [("relazione.pdf", "application/pdf", len(PDF), b.OPERATORE)])
        row = self.row("relazione.pdf")
        self.assertIn(b.OPERATORE, row.text)
        self.assertEqual(self.row_buttons(row), ["No — mostra", "Elimina"])
        b.screenshot(self.driver, "20-allegati-proprietario")

        link = row.find_element(By.TAG_NAME, "a")
        self.assertEqual(link.get_attribute("href"), b.url("/pratiche/%d/allegati/%d" % (pid, stored[0]["id"])))
        status, headers, body = fetch(self.driver, link.get_attribute("href"))
        self.assertEqual((status, body), (200, PDF))
        self.assertEqual(headers.get("Content-Type"), "application/pdf")
        self.assertTrue(headers.get("Content-Disposition", "").startswith("attachment;"), headers.get("Content-Disposition"))

        self.submit_with(self.button("No — mostra", self.row("relazione.pdf")))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Allegato visibile al debitore.")
        self.assertEqual(self.row_buttons(self.row("relazione.pdf")), ["Sì — nascondi", "Elimina"])
        self.assertTrue(self.files(pid)[0]["visibile_debitore"])
        self.submit_with(self.button("Sì — nascondi", self.row("relazione.pdf")))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Allegato nascosto al debitore.")
        self.assertFalse(self.files(pid)[0]["visibile_debitore"])

    def test_owner_deletes_a_file_only_after_confirming(self):
        """"Elimina" asks first: cancelling keeps the file, confirming deletes it."""
        pid, _ = self.new_pratica(prefix="Allegati")
        self.upload_by_api(pid, "da-eliminare.pdf", PDF)
        self.go("/pratiche/%d?sezione=allegati" % pid)
        self.confirm(self.button("Elimina", self.row("da-eliminare.pdf")), "Eliminare l'allegato?", accept=False)
        self.assertEqual([f["nome"] for f in self.files(pid)], ["da-eliminare.pdf"])
        self.assertTrue(self.row("da-eliminare.pdf").is_displayed())
        self.confirm(self.button("Elimina", self.row("da-eliminare.pdf")), "Eliminare l'allegato?")
        self.assertEqual(b.flash_text(self.driver, "notice"), "Allegato eliminato.")
        self.assertIn("Nessun allegato.", self.find("#sez-allegati").text)
        self.assertEqual(self.files(pid), [])

    def test_owner_generates_the_code_and_the_debtor_uses_the_area(self):
        """The owner generates the code; the debtor enters it in a browser of its own, reads the
        summary and the file shown to it, sends a PNG; the owner sees it as sent by the debtor."""
        gestore = b.create_contact(self.driver, b.unique("Gestorini"), "Anna")
        pid, _ = self.new_pratica({"numero_rg": "4321/2025", "tribunale": "0130750091", "gestori[1].gestore": gestore,
                                   "udienze[1].data": "2026-06-16", "udienze[1].descrizione": "Comparizione",
                                   "giudice": "Giudice Riservatissimo"}, prefix="Area")
        self.upload_by_api(pid, "piano.pdf", PDF, visible=True)
        self.upload_by_api(pid, "interno.pdf", api.sample_pdf("Solo per l'OCC"))

        self.go("/pratiche/%d?sezione=token" % pid)
        panel = self.find("#sez-token")
        self.assertTrue(panel.is_displayed())
        self.assertIn("Nessun codice di accesso generato.", panel.text)
        self.submit_with(self.button("🔨 Genera il codice", panel))
        self.assertIn("Nuovo codice di accesso generato", b.flash_text(self.driver, "notice"))
        code = self.find("code#codice-accesso").text.strip()
        self.assertRegex(code, CODE_FORMAT)
        self.assertEqual(self.api("GET", "/pratiche/%d/token" % pid)[1]["codice"], code)
        b.screenshot(self.driver, "21-area-debitore-codice")

        debtor = b.other_browser(self)
        b.go(debtor, "/dossier/private")
        b.fill(b.visible(debtor, "#codice"), code.lower().replace("-", " "))
        b.click_and_wait_for_new_page(debtor, debtor.find_element(By.XPATH, "//button[normalize-space()='Entra']"))
        self.assertEqual(debtor.current_url, b.url("/dossier/private"))
        area = debtor.find_element(By.CSS_SELECTOR, "section.dossier")
        self.assertEqual(area.find_element(By.TAG_NAME, "h1").text, "Crisi da sovraindebitamento")
        facts = {dt.text: dd.text for dt, dd in zip(area.find_elements(By.CSS_SELECTOR, "dl.summary dt"),
                                                   area.find_elements(By.CSS_SELECTOR, "dl.summary dd"))}
        self.assertEqual(facts["Stato"], "Aperta")
        self.assertEqual(facts["Numero R.G."], "4321/2025")
        self.assertEqual(facts["Tribunale"], "Tribunale di Como")
        self.assertIn("Gestorini", facts["Gestori"])
        self.assertEqual(facts["Udienze"], "16/06/2026 · Comparizione")
        self.assertNotIn("Riservatissimo", debtor.page_source)
        links = area.find_elements(By.CSS_SELECTOR, "table a")
        self.assertEqual([link.text for link in links], ["piano.pdf"], "only the file shown to the debtor")
        status, _, body = fetch(debtor, links[0].get_attribute("href"))
        self.assertEqual((status, body), (200, PDF))
        b.screenshot(debtor, "22-area-debitore")

        debtor.find_element(By.ID, "file").send_keys(self.png_path)
        b.click_and_wait_for_new_page(debtor, debtor.find_element(By.XPATH, "//button[normalize-space()='Invia']"))
        self.assertEqual(debtor.current_url, b.url("/dossier/private?esito=caricato"))
        self.assertIn("File ricevuto", b.flash_text(debtor, "notice"))
        sent_row = debtor.find_element(By.XPATH, "//table//tr[td/a[normalize-space()='ricevuta.png']]")
        self.assertEqual(sent_row.find_elements(By.TAG_NAME, "td")[-1].text, "voi")
        b.screenshot(debtor, "22-area-debitore-inviato")

        self.go("/pratiche/%d?sezione=allegati" % pid)
        row = self.row("ricevuta.png")
        self.assertIn("inviato dal debitore", row.text)
        self.assertIn(DEBTOR_NAME, row.text)
        self.assertEqual(self.row_buttons(row), ["Elimina"], "the owner may delete the debtor's file")
        received = [f for f in self.files(pid) if f["nome"] == "ricevuta.png"]
        self.assertEqual([(f["dal_debitore"], f["caricato_da"], f["tipo"]) for f in received], [(True, DEBTOR_NAME, "image/png")])
        b.screenshot(self.driver, "20-allegati-dal-debitore")

    def test_new_code_asks_first_and_ends_the_debtors_session(self):
        """"Mostra codice di accesso" shows the current code; "Genera un nuovo codice" asks first,
        replaces it, and the debtor's open area falls back to the code form."""
        pid, _ = self.new_pratica(prefix="Area")
        status, first = self.api("POST", "/pratiche/%d/token" % pid)
        self.assertEqual(status, 201, first)
        debtor = b.other_browser(self)
        b.go(debtor, "/dossier/private")
        b.fill(b.visible(debtor, "#codice"), first["codice"])
        b.click_and_wait_for_new_page(debtor, debtor.find_element(By.XPATH, "//button[normalize-space()='Entra']"))
        self.assertTrue(debtor.find_elements(By.CSS_SELECTOR, "section.dossier"), "the debtor is in")

        self.go("/pratiche/%d?sezione=token" % pid)
        self.assertEqual(self.find_all("code#codice-accesso"), [], "the code is not on the page until asked for")
        self.submit_with(self.button("Mostra codice di accesso", self.find("#sez-token")))
        self.assertEqual(self.find("code#codice-accesso").text.strip(), first["codice"])

        self.confirm(self.button("🔨 Genera un nuovo codice", self.find("#sez-token")),
                     "Il codice attuale smetterà di funzionare. Generarne uno nuovo?")
        second = self.find("code#codice-accesso").text.strip()
        self.assertRegex(second, CODE_FORMAT)
        self.assertNotEqual(second, first["codice"])
        self.assertEqual(self.api("GET", "/pratiche/%d/token" % pid)[1]["codice"], second)

        b.go(debtor, "/dossier/private")
        self.assertEqual(debtor.find_elements(By.CSS_SELECTOR, "section.dossier"), [])
        self.assertTrue(debtor.find_element(By.ID, "codice").is_displayed(), "the code form again")

    def test_gestore_sees_files_but_not_the_code_nor_the_reserved_note(self):
        """The gestore's studio: the Allegati tab with its own file changeable and the owner's not,
        no Area debitore tab, no reserved note; grey fields except the hearings."""
        pid, _ = self.new_pratica({"numero_rg": "99/2026", "note_riservate": "Valutazione Riservatissima",
                                   "udienze[1].data": "2026-07-01", "udienze[1].descrizione": "Prima udienza"}, prefix="Gestita")
        status, answer = self.api("POST", "/pratiche/%d/shares" % pid, {"codice": SHARED_CODE})
        self.assertEqual(status, 201, answer)
        self.upload_by_api(pid, "del-proprietario.pdf", PDF)
        self.upload_by_api(pid, "del-gestore.pdf", api.sample_pdf("Accettazione"), user=GESTORE)

        self.go("/pratiche/%d" % pid)
        self.assertTrue(self.find_all("#tab-token"), "the owner has the Area debitore tab")
        self.assertEqual(self.find("[name='f.note_riservate']").get_attribute("value"), "Valutazione Riservatissima")
        b.open_tab(self.driver, "allegati")
        self.assertEqual(self.row_buttons(self.row("del-gestore.pdf")), ["No — mostra", "Elimina"], "the owner changes every file")

        gestore = b.other_browser(self, GESTORE)
        b.go(gestore, "/pratiche/%d" % pid)
        self.assertEqual(gestore.find_elements(By.ID, "tab-token"), [])
        self.assertEqual(gestore.find_elements(By.ID, "sez-token"), [])
        self.assertEqual(gestore.find_elements(By.CSS_SELECTOR, "[name='f.note_riservate']"), [])
        self.assertNotIn("Riservatissima", gestore.page_source)
        self.assertNotIn("Note riservate", gestore.page_source)
        self.assertEqual(gestore.find_element(By.CSS_SELECTOR, "input[name='f.numero_rg']").get_attribute("readonly"), "true")
        hearing = gestore.find_elements(By.CSS_SELECTOR, "#campo-udienze input[name^='g.udienze.']:not([type=hidden])")
        self.assertTrue(hearing, "the hearing's inputs")
        for element in hearing:
            self.assertIsNone(element.get_attribute("readonly"), element.get_attribute("name"))
            self.assertTrue(element.is_enabled(), element.get_attribute("name"))

        b.open_tab(gestore, "allegati")
        owners = self.row("del-proprietario.pdf", gestore)
        self.assertEqual(self.row_buttons(owners), [], "no Elimina nor mostra on the owner's file")
        self.assertEqual(owners.find_elements(By.TAG_NAME, "td")[4].text, "no")
        self.assertEqual(self.row_buttons(self.row("del-gestore.pdf", gestore)), ["No — mostra", "Elimina"])
        self.assertTrue(gestore.find_element(By.ID, "allegato-file").is_enabled(), "the gestore may upload")
        status, _, body = fetch(gestore, self.row("del-proprietario.pdf", gestore).find_element(By.TAG_NAME, "a").get_attribute("href"))
        self.assertEqual((status, body), (200, PDF))
        b.screenshot(gestore, "23-allegati-gestore")




if __name__ == "__main__":
    import unittest
    unittest.main()
