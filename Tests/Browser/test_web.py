"""Browser tests of the Fascicolo web pages: a real server (started by run.sh) driven by headless
Chromium. Every test asserts on what a user sees, on pratiche and contacts it created itself
(unique surnames), so the random demo data never decides the outcome.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""

import csv
import io
import os
import random
import re
import unittest
import urllib.request

import api_client as api
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import browser as b

DEFAULT_COLUMNS = ["protocollo", "stato", "interessati.debitore", "data_apertura", "procedura", "gestori.gestore"]


def unused_codice_fiscale(driver):
    """A valid codice fiscale no contact has yet (the anagrafica keeps them unique)."""
    codici = valid_codici_fiscali()
    random.shuffle(codici)
    for codice in codici:
        status, found = b.api(driver, "GET", "/contacts?q=" + codice)
        if status == 200 and found["totale"] == 0:
            return codice
    raise unittest.SkipTest("every test codice fiscale is already in this anagrafica: run on fresh data")


def valid_codici_fiscali():
    """Valid, already normalised codici fiscali from the identity test vectors."""
    root = os.environ.get("FASCICOLO_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
    path = os.path.join(root, "Tests", "Fixtures", "identity", "cf_test_vettori.csv")
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["codice_fiscale"] for row in rows if row["valido"] == "1" and row["codice_fiscale"] == row["normalizzato"]]


class BrowserTestCase(unittest.TestCase):
    """One Chromium per test class, signed in as `user` (None: not signed in)."""
    user = b.OPERATORE

    @classmethod
    def setUpClass(cls):
        cls.driver = b.make_driver()
        try:
            if cls.user:
                b.login(cls.driver, cls.user)
        except Exception:
            cls.driver.quit()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def setUp(self):
        # A test that failed half-way may have left a dialog or a half-filled form open.
        b.dismiss_alert(self.driver)

    # Shortcuts -----------------------------------------------------------------------------

    def go(self, path):
        b.go(self.driver, path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def submit_with(self, element):
        b.click_and_wait_for_new_page(self.driver, element)

    def new_debtor(self, prefix="Test"):
        """A contact with a unique surname; returns (id, surname)."""
        surname = b.unique(prefix)
        return b.create_contact(self.driver, surname, "Maria"), surname

    def new_pratica(self, fields=None, state="aperta", prefix="Test"):
        """A pratica of our own with a fresh debtor; returns (id, debtor surname)."""
        debtor, surname = self.new_debtor(prefix)
        return b.create_pratica(self.driver, debtor, fields, state), surname

    def set_value(self, element, value):
        """Sets a date or time input the way a date picker does (typing into a native date
        input depends on the browser's locale) and fires the events the page listens to."""
        self.driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)

    def add_row(self, group):
        """Clicks "+ Aggiungi …" of a repeatable group and returns the new row's index."""
        before = len(self.find_all("#campo-%s .rows > .row" % group))
        b.clickable(self.driver, "#campo-%s .add-row" % group).click()
        b.wait(self.driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#campo-%s .rows > .row" % group)) == before + 1)
        return self.find_all("#campo-%s .rows > .row" % group)[-1].get_attribute("data-index")

    def field_error(self, dom_id):
        """The error shown beside a field (its .field wrapper), or ""."""
        wrapper = self.find("#%s" % dom_id).find_element(By.XPATH, "./ancestor::div[contains(@class,'field')][1]")
        return " ".join(e.text for e in wrapper.find_elements(By.CSS_SELECTOR, ".error"))

    def list_total(self):
        text = self.find(".table-meta strong").text
        match = re.match(r"(\d+) pratic", text)
        self.assertIsNotNone(match, text)
        return int(match.group(1))

    def headers(self):
        return [re.sub(r"\s*[▲▼]$", "", th.text.strip()) for th in self.find_all("table.list thead th")]

    def column_cells(self, label):
        index = self.headers().index(label)
        return [row.find_elements(By.TAG_NAME, "td")[index].text for row in self.find_all("table.list tbody tr")]

    def open_filters(self):
        """Opens the yellow "Filtri" panel (it is already open while a filter or search is active)."""
        if not self.find("details.filters").get_attribute("open"):
            self.find("details.filters > summary").click()
        b.visible(self.driver, "#filtri")

    def search(self, text):
        self.go("/pratiche")
        b.fill(self.find("#q"), text)
        self.submit_with(self.find("form.search button"))

    def choose_columns(self, paths):
        b.choose_columns(self.driver, paths)


# ================================================================================================
class LoginTest(BrowserTestCase):
    user = None

    def tearDown(self):
        if "/login" not in self.driver.current_url:
            b.logout(self.driver)

    def test_wrong_password_shows_error_and_keeps_email(self):
        """A wrong password leaves the user on the login page with an error and the e-mail typed."""
        self.go("/login")
        b.screenshot(self.driver, "01-login")
        b.fill(self.find("#email"), b.OPERATORE)
        b.fill(self.find("#password"), "password-sbagliata")
        self.submit_with(self.find("form[action='/login'] button"))
        self.assertIn("/login", self.driver.current_url)
        self.assertIn("Email o password non corretti", b.flash_text(self.driver, "alert"))
        self.assertEqual(self.find("#email").get_attribute("value"), b.OPERATORE)
        self.assertEqual(self.find("#password").get_attribute("value"), "")
        b.screenshot(self.driver, "01-login-errore")

    def test_login_shows_the_list_and_logout_closes_the_session(self):
        """Signing in opens the pratiche list with the user's name; "Esci" ends the session."""
        b.login(self.driver)
        self.assertTrue(self.driver.current_url.startswith(b.url("/pratiche")), self.driver.current_url)
        self.assertEqual(self.find("h1").text, "Pratiche")
        self.assertIn("Operatore Prova", self.find("header.topbar").text)
        b.logout(self.driver)
        self.assertIn("/login", self.driver.current_url)
        self.go("/pratiche")
        self.assertIn("/login", self.driver.current_url, "after Esci the list must ask to sign in again")

    def test_login_returns_to_the_requested_page(self):
        """Opening a page while signed out asks to sign in, then shows that page."""
        self.go("/calendario?vista=elenco")
        self.assertIn("/login", self.driver.current_url)
        b.fill(self.find("#email"), b.OPERATORE)
        b.fill(self.find("#password"), b.PASSWORD)
        self.submit_with(self.find("form[action='/login'] button"))
        self.assertIn("/calendario", self.driver.current_url)
        self.assertTrue(self.find("h1").text.startswith("Calendario"))


# ================================================================================================
class CreatePraticaTest(BrowserTestCase):

    def open_new_form(self):
        self.go("/pratiche")
        # With several types, "Nuova Pratica" sits next to the choice of the type.
        Select(self.find("#nuova-tipo")).select_by_value(b.TYPE_ID)
        self.submit_with(self.driver.find_element(By.XPATH, "//form[@class='new-pratica']//button[normalize-space()='Nuova Pratica']"))
        self.assertIn("/pratiche/nuova?tipo=" + b.TYPE_ID, self.driver.current_url)
        Select(self.find("#stato")).select_by_value("aperta")

    def test_create_pratica_picking_the_debtor_from_the_anagrafica(self):
        """The debtor is chosen in the picker by searching the surname; the new pratica shows it."""
        _, surname = self.new_debtor("Scelto")
        self.open_new_form()
        b.screenshot(self.driver, "04-nuova-pratica")
        row = self.add_row("interessati")
        b.choose_contact(self.driver, "campo-interessati-%s-debitore" % row, surname)
        self.assertEqual(self.find("#campo-interessati-%s-debitore-nome" % row).get_attribute("value"), surname + " Maria")
        self.submit_with(self.find(".savebar button"))

        self.assertRegex(self.driver.current_url, r"/pratiche/\d+\?esito=creata$")
        self.assertIn("Pratica creata", b.flash_text(self.driver, "notice"))
        self.assertEqual(b.state_badge(self.driver), "Aperta")
        self.assertEqual(self.find("#campo-interessati-1-debitore-nome").get_attribute("value"), surname + " Maria")

    def test_create_pratica_adding_a_new_contact_inside_the_picker(self):
        """"Aggiungi" in the picker creates the contact and picks it; it is then in the anagrafica."""
        surname = b.unique("Nuovo")
        codice = unused_codice_fiscale(self.driver)
        self.open_new_form()
        row = self.add_row("interessati")
        b.clickable(self.driver, "button[data-picker='campo-interessati-%s-debitore']" % row).click()
        b.visible(self.driver, "#contact-picker")
        self.find("#picker-add summary").click()
        b.fill(b.visible(self.driver, "#picker-cognome"), surname)
        b.fill(self.find("#picker-nome"), "Luigi")
        b.fill(self.find("#picker-cf"), codice)
        b.screenshot(self.driver, "04-picker-aggiungi")
        self.find("#picker-save").click()
        b.wait(self.driver).until(EC.invisibility_of_element_located((By.ID, "contact-picker")))
        self.assertEqual(self.find("#campo-interessati-%s-debitore-nome" % row).get_attribute("value"), surname + " Luigi")
        self.submit_with(self.find(".savebar button"))
        self.assertIn("Pratica creata", b.flash_text(self.driver, "notice"))
        self.assertEqual(self.find("#campo-interessati-1-debitore-nome").get_attribute("value"), surname + " Luigi")

        self.go("/anagrafica?q=" + surname)
        rows = self.find_all("table.list tbody tr")
        self.assertEqual(len(rows), 1)
        self.assertIn(surname + " Luigi", rows[0].text)
        self.assertIn(codice, rows[0].text)

    def test_picker_add_refuses_a_wrong_codice_fiscale(self):
        """A wrong codice fiscale in the picker's "Aggiungi" is explained and nothing is picked."""
        self.open_new_form()
        row = self.add_row("interessati")
        b.clickable(self.driver, "button[data-picker='campo-interessati-%s-debitore']" % row).click()
        b.visible(self.driver, "#contact-picker")
        self.find("#picker-add summary").click()
        b.fill(b.visible(self.driver, "#picker-cognome"), b.unique("Errato"))
        b.fill(self.find("#picker-cf"), "RSSMRA80A01H501X")
        self.find("#picker-save").click()
        error = b.wait(self.driver).until(lambda d: d.find_element(By.ID, "picker-error").text.strip())
        self.assertTrue(error)
        self.assertTrue(self.find("#contact-picker").is_displayed())
        self.find("#contact-picker .actions button").click()
        b.wait(self.driver).until(EC.invisibility_of_element_located((By.ID, "contact-picker")))
        self.assertEqual(self.find("#campo-interessati-%s-debitore" % row).get_attribute("value"), "")

    def test_create_without_debtor_is_refused(self):
        """Without a debtor the pratica is not created: the error is beside "Interessati"."""
        _, before = b.api(self.driver, "GET", "/pratiche?per_pagina=1")
        self.open_new_form()
        b.fill(self.find("#nome_cartella"), "Senza debitore")
        self.submit_with(self.find(".savebar button"))
        self.assertNotRegex(self.driver.current_url, r"/pratiche/\d+")
        self.assertTrue(self.find(".errors").is_displayed())
        group = self.find("#campo-interessati")
        self.assertTrue(group.find_element(By.CSS_SELECTOR, ".error").text)
        self.assertEqual(self.find("#nome_cartella").get_attribute("value"), "Senza debitore")
        self.assertEqual(Select(self.find("#stato")).first_selected_option.get_attribute("value"), "aperta")
        _, after = b.api(self.driver, "GET", "/pratiche?per_pagina=1")
        self.assertEqual(after["totale"], before["totale"])


# ================================================================================================
class EditPraticaTest(BrowserTestCase):

    def open(self, pratica_id):
        self.go("/pratiche/%d" % pratica_id)

    def save(self):
        self.submit_with(self.find(".savebar button"))

    def test_protocol_hammer_assigns_the_first_free_number(self):
        """"Primo libero" fills the protocol with the first free YYYY/NNNN number."""
        pratica_id, surname = self.new_pratica()
        self.open(pratica_id)
        self.assertEqual(self.find("#campo-protocollo").get_attribute("value"), "")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[@value='protocollo' and contains(., 'Primo libero')]"))
        self.assertIn("Protocollo assegnato", b.flash_text(self.driver, "notice"))
        protocol = self.find("#campo-protocollo").get_attribute("value")
        self.assertRegex(protocol, r"^\d{4}/\d{4}$")
        self.assertEqual(b.pratica_json(self.driver, pratica_id)["protocollo"], protocol)
        # The list shows it too, as the link to the pratica.
        self.search(surname)
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "table.list tbody tr td a").text, protocol)

    def test_hearing_and_deadline_rows_are_saved(self):
        """Rows added with "+ Aggiungi Udienza/Scadenza" are saved and shown again."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        b.open_tab(self.driver, "procedura_sezione")
        row = self.add_row("udienze")
        self.set_value(self.find("#campo-udienze-%s-data" % row), "2026-04-21")
        self.set_value(self.find("#campo-udienze-%s-ora" % row), "10:30")
        b.fill(self.find("#campo-udienze-%s-descrizione" % row), "Udienza di comparizione")
        b.open_tab(self.driver, "scadenze_sezione")
        row = self.add_row("scadenze")
        self.set_value(self.find("#campo-scadenze-%s-data" % row), "2026-04-30")
        b.fill(self.find("#campo-scadenze-%s-descrizione" % row), "Deposito relazione")
        self.save()

        self.assertIn("Modifiche salvate", b.flash_text(self.driver, "notice"))
        self.assertFalse(self.find_all(".errors"))
        b.open_tab(self.driver, "procedura_sezione")
        self.assertEqual(self.find("#campo-udienze-1-data").get_attribute("value"), "2026-04-21")
        self.assertEqual(self.find("#campo-udienze-1-ora").get_attribute("value"), "10:30")
        self.assertEqual(self.find("#campo-udienze-1-descrizione").get_attribute("value"), "Udienza di comparizione")
        b.open_tab(self.driver, "scadenze_sezione")
        self.assertEqual(self.find("#campo-scadenze-1-data").get_attribute("value"), "2026-04-30")
        self.assertEqual(self.find("#campo-scadenze-1-descrizione").get_attribute("value"), "Deposito relazione")
        stored = b.pratica_json(self.driver, pratica_id)["campi"]
        self.assertEqual(stored["udienze"][0]["data"], "2026-04-21")
        self.assertEqual(stored["scadenze"][0]["descrizione"], "Deposito relazione")

    def test_deadline_without_description_shows_error_and_keeps_input(self):
        """A deadline with a date but no description: error beside it, input kept, nothing saved."""
        pratica_id, _ = self.new_pratica()
        version = b.pratica_json(self.driver, pratica_id)["versione"]
        self.open(pratica_id)
        b.fill(self.find("#campo-note"), "Nota da non perdere")
        b.open_tab(self.driver, "scadenze_sezione")
        row = self.add_row("scadenze")
        self.set_value(self.find("#campo-scadenze-%s-data" % row), "2026-05-08")
        self.save()

        self.assertTrue(b.flash_text(self.driver, "alert"))
        self.assertIn("Descrizione", self.find(".errors").text)
        # The tab with the error is the one shown, and it is marked.
        self.assertEqual(self.find("#tab-scadenze_sezione").get_attribute("aria-selected"), "true")
        self.assertIn("has-error", self.find("#tab-scadenze_sezione").get_attribute("class"))
        self.assertTrue(self.find("#campo-scadenze-1-descrizione").is_displayed())
        self.assertIn("obbligatorio", self.field_error("campo-scadenze-1-descrizione"))
        self.assertEqual(self.find("#campo-scadenze-1-data").get_attribute("value"), "2026-05-08")
        self.assertEqual(self.find("#campo-note").get_attribute("value"), "Nota da non perdere")
        b.screenshot(self.driver, "06-errore-scadenza")
        stored = b.pratica_json(self.driver, pratica_id)
        self.assertEqual(stored["versione"], version)
        self.assertNotIn("scadenze", stored["campi"])
        self.assertNotIn("note", stored["campi"])

    def test_letters_in_an_amount_show_error_and_keep_input(self):
        """Letters in "Valore attivo" are refused beside the field; the text typed stays."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        b.fill(self.find("#campo-valore_attivo"), "dodicimila")
        b.fill(self.find("#campo-valore_passivo"), "25000")
        self.find("#nome_cartella").click()  # leaving an amount field formats it
        self.assertEqual(self.find("#campo-valore_passivo").get_attribute("value"), "25.000,00")
        self.save()

        self.assertTrue(b.flash_text(self.driver, "alert"))
        self.assertTrue(self.field_error("campo-valore_attivo"))
        self.assertEqual(self.find("#campo-valore_attivo").get_attribute("value"), "dodicimila")
        self.assertEqual(self.find("#campo-valore_passivo").get_attribute("value"), "25.000,00")
        self.assertIn("Valore attivo", self.find(".errors").text)
        stored = b.pratica_json(self.driver, pratica_id)["campi"]
        self.assertNotIn("valore_attivo", stored)
        self.assertNotIn("valore_passivo", stored)

    def test_allowed_state_change_updates_the_badge(self):
        """"Avvia l'esame della documentazione" moves an open pratica to "Esame documentazione"."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        self.assertEqual(b.state_badge(self.driver), "Aperta")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()=\"Avvia l'esame della documentazione\"]"))
        self.assertIn("Stato aggiornato", b.flash_text(self.driver, "notice"))
        self.assertEqual(b.state_badge(self.driver), "Esame documentazione")
        self.assertEqual(b.pratica_json(self.driver, pratica_id)["stato"], "esame_documentazione")
        # The history tab records the change.
        panel = b.open_tab(self.driver, "storico")
        self.assertIn("Esame documentazione", panel.text)

    def test_refused_state_change_explains_why(self):
        """"Assegna al gestore" without a nominated gestore is refused in words; the state stays."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        button = self.driver.find_element(By.XPATH, "//button[normalize-space()='Assegna al gestore']")
        note = self.find("#" + button.get_attribute("aria-describedby"))
        self.assertIn("Non consentito ora", note.text)
        self.assertIn("gestore", note.text)
        self.submit_with(button)
        alert = b.flash_text(self.driver, "alert")
        self.assertIn("Passaggio a «Assegnata al Gestore» non consentito", alert)
        self.assertIn("nomina", alert)
        self.assertEqual(b.state_badge(self.driver), "Aperta")
        self.assertEqual(b.pratica_json(self.driver, pratica_id)["stato"], "aperta")

    def test_fee_calculator_shows_breakdown_and_fills_preventivo(self):
        """"Calcola compenso" saves the inputs, shows the breakdown and fills the read-only quote."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        b.open_tab(self.driver, "pagamenti")
        for field in ("preventivo_minimo", "preventivo_medio", "preventivo_massimo"):
            element = self.find("#campo-" + field)
            self.assertTrue(element.get_attribute("readonly"), field + " should be read-only")
        Select(self.find("#campo-compenso_procedura")).select_by_value("piano")
        b.fill(self.find("#campo-compenso_attivo"), "50.000,00")
        b.fill(self.find("#campo-compenso_passivo"), "100.000,00")
        b.fill(self.find("#campo-compenso_riduzione"), "20")
        b.fill(self.find("#campo-compenso_rimborso"), "15")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Calcola compenso']"))

        self.assertIn("Compenso calcolato", b.flash_text(self.driver, "notice"))
        panel = b.open_tab(self.driver, "pagamenti")
        tables = panel.find_elements(By.CSS_SELECTOR, ".fees-table")
        self.assertGreaterEqual(len(tables), 2)
        self.assertTrue(tables[0].is_displayed())
        self.assertGreaterEqual(len(tables[1].find_elements(By.CSS_SELECTOR, "tbody tr")), 5, "attivo and passivo brackets")
        # art. 16 D.M. 202/2014 on attivo 50.000 and passivo 100.000, -20 %, +15 % spese generali.
        self.assertEqual(self.find("#campo-preventivo_minimo").get_attribute("value"), "4.566,55")
        self.assertEqual(self.find("#campo-preventivo_medio").get_attribute("value"), "5.223,13")
        self.assertEqual(self.find("#campo-preventivo_massimo").get_attribute("value"), "5.879,72")
        self.assertTrue(self.find("#campo-preventivo_data").get_attribute("value"))
        self.assertEqual(self.find("#campo-compenso_attivo").get_attribute("value"), "50.000,00")
        self.assertIn("4.566,55", tables[0].text)
        b.screenshot(self.driver, "07-pagamenti-compenso")

    def test_tabs_are_reachable_with_the_keyboard(self):
        """Tab reaches the tab list, arrows move between tabs, Tab again enters the open panel."""
        pratica_id, _ = self.new_pratica()
        self.open(pratica_id)
        b.screenshot(self.driver, "05-pratica-dati")
        active = lambda: self.driver.switch_to.active_element
        self.driver.execute_script("document.activeElement && document.activeElement.blur()")
        body = self.find("body")
        body.send_keys(Keys.TAB)
        self.assertEqual(active().text, "Vai al contenuto", "the first Tab shows the skip link")
        for _ in range(60):
            if active().get_attribute("role") == "tab":
                break
            active().send_keys(Keys.TAB)
        self.assertEqual(active().get_attribute("id"), "tab-dati_pratica")
        active().send_keys(Keys.ARROW_RIGHT)
        self.assertEqual(active().get_attribute("id"), "tab-gestori_sezione")
        self.assertEqual(active().get_attribute("aria-selected"), "true")
        self.assertTrue(self.find("#sez-gestori_sezione").is_displayed())
        self.assertFalse(self.find("#sez-dati_pratica").is_displayed())
        active().send_keys(Keys.ARROW_RIGHT)
        active().send_keys(Keys.ARROW_RIGHT)
        self.assertEqual(active().get_attribute("id"), "tab-scadenze_sezione")
        b.screenshot(self.driver, "05-pratica-scadenze")
        active().send_keys(Keys.TAB)
        self.assertEqual(active().get_attribute("id"), "sez-scadenze_sezione", "Tab leaves the tab list for the open panel")
        active().send_keys(Keys.SHIFT, Keys.TAB)
        self.assertEqual(active().get_attribute("id"), "tab-scadenze_sezione")
        active().send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT)
        self.assertEqual(active().get_attribute("id"), "tab-storico", "arrows wrap around")
        for section in ("gestori_sezione", "procedura_sezione"):
            b.open_tab(self.driver, section)
            b.screenshot(self.driver, "05-pratica-" + section)


# ================================================================================================
class ListTest(BrowserTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        b.choose_columns(cls.driver, DEFAULT_COLUMNS)  # whatever an earlier run or module chose

    def restore_columns(self):
        self.choose_columns(DEFAULT_COLUMNS)

    def test_search_by_debtor_surname(self):
        """Typing the debtor's surname in the search box finds that pratica only."""
        pratica_id, surname = self.new_pratica(prefix="Cerca")
        self.search(surname)
        self.assertEqual(b.list_row_links(self.driver), ["/pratiche/%d" % pratica_id])
        self.assertEqual(self.list_total(), 1)
        self.assertEqual(self.find("#q").get_attribute("value"), surname)
        self.assertIn(surname, self.find("table.list tbody").text)
        # Lower case works too.
        self.search(surname.lower())
        self.assertEqual(b.list_row_links(self.driver), ["/pratiche/%d" % pratica_id])

    def test_search_by_hearing_date_typed_in_italian(self):
        """A hearing date typed as dd/mm/yyyy in the search box finds the pratica."""
        day = "2026-%02d-%02d" % (random.randint(1, 12), random.randint(1, 28))
        pratica_id, _ = self.new_pratica({"udienze[1].data": day, "udienze[1].descrizione": "Udienza"})
        typed = "/".join(reversed(day.split("-")))
        self.go("/pratiche?per_pagina=100")
        b.fill(self.find("#q"), typed)
        self.submit_with(self.find("form.search button"))
        self.assertIn("/pratiche/%d" % pratica_id, b.list_row_links(self.driver))
        self.assertLess(self.list_total(), 20, "a date search should narrow the list")

    def test_filter_by_state(self):
        """Ticking "Aperta" in the yellow Filtri panel keeps only open pratiche."""
        surname = b.unique("Stato")
        debtor = b.create_contact(self.driver, surname)
        open_id = b.create_pratica(self.driver, debtor)
        other_id = b.create_pratica(self.driver, debtor, state="richiesta_informazioni")
        self.search(surname)
        self.assertEqual(sorted(b.list_row_links(self.driver)), sorted(["/pratiche/%d" % open_id, "/pratiche/%d" % other_id]))
        self.go("/pratiche")
        all_total = self.list_total()
        self.open_filters()
        box = b.clickable(self.driver, "#filtri input[name='f.stato'][value='aperta']")
        b.screenshot(self.driver, "03-elenco-filtri", full=False)
        box.click()
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Applica filtri']"))

        self.assertIn("f.stato=aperta", self.driver.current_url)
        self.assertTrue(self.find("details.filters").get_attribute("open"), "the panel stays open while a filter is active")
        self.assertTrue(self.find("#filtri input[name='f.stato'][value='aperta']").is_selected())
        self.assertLess(self.list_total(), all_total)
        self.assertEqual(set(self.column_cells("Stato")), {"Aperta"})
        b.screenshot(self.driver, "03-elenco-filtrato")
        # A filter applied to a search keeps the search: only our open pratica is left.
        self.search(surname)
        self.open_filters()
        b.clickable(self.driver, "input[name='f.stato'][value='aperta']").click()
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Applica filtri']"))
        self.assertEqual(self.find("#q").get_attribute("value"), surname)
        self.assertEqual(b.list_row_links(self.driver), ["/pratiche/%d" % open_id])

    def test_filter_by_debtor_chosen_in_the_picker(self):
        """The "Debitore" filter, chosen with the picker, lists that debtor's pratiche."""
        pratica_id, surname = self.new_pratica(prefix="Filtro")
        self.go("/pratiche")
        self.open_filters()
        b.choose_contact(self.driver, "filtro-interessati-debitore", surname)
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Applica filtri']"))
        self.assertEqual(b.list_row_links(self.driver), ["/pratiche/%d" % pratica_id])
        self.assertIn(surname, self.find("#filtro-interessati-debitore-nome").get_attribute("value"))

    def test_filter_by_opening_date_range(self):
        """"Data di apertura dal … al …" keeps the pratiche opened in that range."""
        pratica_id, _ = self.new_pratica({"data_apertura": "2026-02-17"})
        self.go("/pratiche?per_pagina=100")
        self.open_filters()
        self.set_value(b.visible(self.driver, "#filtro-data_apertura-da"), "2026-02-16")
        self.set_value(self.find("#filtro-data_apertura-a"), "2026-02-18")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Applica filtri']"))
        self.assertIn("/pratiche/%d" % pratica_id, b.list_row_links(self.driver))
        for text in self.column_cells("Data di apertura"):
            self.assertIn(text, ("16/02/2026", "17/02/2026", "18/02/2026"))

    def test_sort_by_clicking_a_column_header(self):
        """Clicking "Protocollo" sorts the list by protocol, clicking again reverses it."""
        self.go("/pratiche?per_pagina=100")
        self.submit_with(self.driver.find_element(By.XPATH, "//table[contains(@class,'list')]//th/a[starts-with(normalize-space(), 'Protocollo')]"))
        cells = [c for c in self.column_cells("Protocollo") if re.match(r"^\d{4}/\d{4}$", c)]
        self.assertGreater(len(cells), 5)
        self.assertEqual(cells, sorted(cells))
        self.assertEqual(self.find("table.list thead th[aria-sort]").text.strip(), "Protocollo ▲")
        self.submit_with(self.driver.find_element(By.XPATH, "//table[contains(@class,'list')]//th/a[starts-with(normalize-space(), 'Protocollo')]"))
        cells = [c for c in self.column_cells("Protocollo") if re.match(r"^\d{4}/\d{4}$", c)]
        self.assertEqual(cells, sorted(cells, reverse=True))

    def test_choose_columns_persists(self):
        """Unticking a column and ticking another changes the headers, also after reloading."""
        self.addCleanup(self.restore_columns)
        self.go("/pratiche")
        b.screenshot(self.driver, "02-elenco")
        self.assertIn("Procedura richiesta", self.headers())
        self.assertNotIn("Udienze: Data", self.headers())
        self.find("details.columns-picker summary").click()
        b.visible(self.driver, "details.columns-picker .popover")
        self.find("input[name=colonne][value='procedura']").click()
        box = self.find("input[name=colonne][value='udienze.data']")
        b.scroll_to(self.driver, box)
        box.click()
        b.screenshot(self.driver, "02-elenco-colonne", full=False)
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Salva colonne']"))

        self.assertNotIn("Procedura richiesta", self.headers())
        self.assertIn("Udienze: Data", self.headers())
        self.go("/pratiche")
        self.assertNotIn("Procedura richiesta", self.headers())
        self.assertIn("Udienze: Data", self.headers())

    def fetch_csv(self, link):
        request = urllib.request.Request(b.url(link) if link.startswith("/") else link,
                                         headers={"Cookie": b.session_cookie_header(self.driver)})
        with urllib.request.urlopen(request, timeout=30) as response:
            self.assertIn("text/csv", response.headers.get("Content-Type"))
            return response.read()

    def test_export_csv_of_the_whole_list(self):
        """"Esporta CSV": BOM, semicolons, the visible column labels, one row per pratica."""
        self.go("/pratiche")
        total = self.list_total()
        headers = self.headers()
        raw = self.fetch_csv(self.find(".table-meta a.button").get_attribute("href"))
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel")
        text = raw[3:].decode("utf-8")
        self.assertIn(";", text.splitlines()[0])
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[0], headers)
        self.assertEqual(len(rows) - 1, total)

    def test_export_csv_follows_search_and_uses_decimal_comma(self):
        """The CSV of a search holds just the pratiche found, amounts written 12.345,50."""
        self.addCleanup(self.restore_columns)
        surname = b.unique("Csv")
        debtor = b.create_contact(self.driver, surname)
        for amount in ("12345.5", "980"):
            b.create_pratica(self.driver, debtor, {"valore_attivo": amount})
        self.choose_columns(["protocollo", "interessati.debitore", "valore_attivo"])
        self.search(surname)
        self.assertEqual(self.list_total(), 2)
        raw = self.fetch_csv(self.find(".table-meta a.button").get_attribute("href"))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[0], self.headers())
        self.assertEqual(len(rows), 3)
        amounts = sorted(row[rows[0].index("Valore attivo")] for row in rows[1:])
        self.assertEqual(amounts, ["12.345,50", "980,00"])
        self.assertTrue(all(surname in row[rows[0].index("Interessati: Debitore")] for row in rows[1:]))


# ================================================================================================
class CalendarTest(BrowserTestCase):

    def test_month_week_and_list_show_the_hearing(self):
        """A hearing appears on its day in the month, week and list views, linking to the pratica."""
        pratica_id, _ = self.new_pratica({"udienze[1].data": "2026-06-16", "udienze[1].ora": "10:30",
                                          "udienze[1].descrizione": "Udienza di comparizione"})
        link = "a[href='/pratiche/%d']" % pratica_id
        self.go("/calendario?mese=2026-06")
        self.assertEqual(self.find("h1").text, "Calendario: Giugno 2026")
        day = self.driver.find_element(By.XPATH, "//table[contains(@class,'calendar')]//td[.//span[@class='day-number' and text()='16'] and not(contains(@class,'outside'))]")
        entries = day.find_elements(By.CSS_SELECTOR, link)
        if entries:
            self.assertEqual(len(entries), 1, "the hearing on 16 June")
            self.assertIn("Udienza", entries[0].get_attribute("title") + entries[0].text)
        else:
            # A crowded day shows the first few dates and "altre N…", which opens that day's week.
            more = day.find_element(By.CSS_SELECTOR, "a.more")
            self.assertIn("giorno=2026-06-16", more.get_attribute("href"))
        b.screenshot(self.driver, "08-calendario-mese")

        self.go("/calendario?vista=settimana&giorno=2026-06-16")
        section = self.driver.find_element(By.ID, "giorno-2026-06-16").find_element(By.XPATH, "..")
        self.assertEqual(len(section.find_elements(By.CSS_SELECTOR, link)), 1)
        b.screenshot(self.driver, "08-calendario-settimana")

        self.go("/calendario?vista=elenco&mese=2026-06")
        self.assertTrue(self.find_all(link))
        b.screenshot(self.driver, "08-calendario-elenco")

        self.submit_with(self.find(link))
        self.assertTrue(self.driver.current_url.endswith("/pratiche/%d" % pratica_id))

    def test_previous_and_next_move_by_a_month(self):
        """"Successivo" and "Precedente" move the month grid."""
        self.go("/calendario?mese=2026-06")
        self.submit_with(self.driver.find_element(By.PARTIAL_LINK_TEXT, "Successivo"))
        self.assertEqual(self.find("h1").text, "Calendario: Luglio 2026")
        self.submit_with(self.driver.find_element(By.PARTIAL_LINK_TEXT, "Precedente"))
        self.submit_with(self.driver.find_element(By.PARTIAL_LINK_TEXT, "Precedente"))
        self.assertEqual(self.find("h1").text, "Calendario: Maggio 2026")


# ================================================================================================
class AnagraficaTest(BrowserTestCase):

    def test_new_contact_with_codice_fiscale_checked_while_typing(self):
        """The codice fiscale is checked as typed; the saved contact is found by the search."""
        codice = unused_codice_fiscale(self.driver)
        surname = b.unique("Anagrafe")
        self.go("/anagrafica")
        b.screenshot(self.driver, "09-anagrafica")
        self.submit_with(self.driver.find_element(By.LINK_TEXT, "Nuovo contatto"))
        b.fill(self.find("#contatto-cognome"), surname)
        b.fill(self.find("#contatto-nome"), "Giulia")
        cf = self.find("#contatto-codice_fiscale")
        note = self.find("#contatto-codice_fiscale-verifica")
        b.fill(cf, codice[:-1] + ("A" if codice[-1] != "A" else "B"))
        b.wait(self.driver).until(lambda d: "controllo" in note.text)
        self.assertEqual(cf.get_attribute("aria-invalid"), "true")
        b.fill(cf, codice)
        b.wait(self.driver).until(lambda d: note.text == "Codice fiscale corretto.")
        b.fill(self.find("#contatto-comune"), "Ancona")
        b.fill(self.find("#contatto-provincia"), "AN")
        b.screenshot(self.driver, "10-contatto-nuovo")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Crea contatto']"))
        self.assertIn("Contatto salvato", b.flash_text(self.driver, "notice"))

        self.go("/anagrafica")
        b.fill(self.find("#q"), surname)
        self.submit_with(self.find("form.search button"))
        rows = self.find_all("table.list tbody tr")
        self.assertEqual(len(rows), 1)
        self.assertIn(codice, rows[0].text)
        self.assertIn("Ancona", rows[0].text)
        self.submit_with(rows[0].find_element(By.TAG_NAME, "a"))
        self.assertEqual(self.find("#contatto-cognome").get_attribute("value"), surname)
        self.assertEqual(self.find("#contatto-provincia").get_attribute("value"), "AN")

    def test_codice_fiscale_already_in_the_anagrafica_is_refused(self):
        """A second contact with a codice fiscale already used is refused beside the field."""
        codice = unused_codice_fiscale(self.driver)
        b.create_contact(self.driver, b.unique("Primo"), codice_fiscale=codice)
        surname = b.unique("Doppio")
        self.go("/anagrafica/nuovo")
        b.fill(self.find("#contatto-cognome"), surname)
        b.fill(self.find("#contatto-nome"), "Anna")
        b.fill(self.find("#contatto-codice_fiscale"), codice)
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Crea contatto']"))
        self.assertTrue(b.flash_text(self.driver, "alert"))
        self.assertTrue(self.field_error("contatto-codice_fiscale"))
        self.assertEqual(self.find("#contatto-cognome").get_attribute("value"), surname)
        _, found = b.api(self.driver, "GET", "/contacts?q=" + surname)
        self.assertEqual(found["totale"], 0)

    def test_company_shows_denominazione_instead_of_names(self):
        """Choosing "Persona giuridica" shows Denominazione and hides Cognome and Nome."""
        self.go("/anagrafica/nuovo")
        self.assertTrue(self.find("#contatto-cognome").is_displayed())
        self.assertFalse(self.find("#contatto-denominazione").is_displayed())
        self.find("input[name=tipo][value=giuridica]").click()
        self.assertTrue(self.find("#contatto-denominazione").is_displayed())
        self.assertFalse(self.find("#contatto-cognome").is_displayed())

    def test_wrong_codice_fiscale_is_refused_and_kept(self):
        """Saving a wrong codice fiscale shows the error beside it and keeps what was typed."""
        surname = b.unique("Sbagliato")
        self.go("/anagrafica/nuovo")
        b.fill(self.find("#contatto-cognome"), surname)
        b.fill(self.find("#contatto-codice_fiscale"), "RSSMRA80A01H501X")
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='Crea contatto']"))
        self.assertTrue(self.field_error("contatto-codice_fiscale"))
        self.assertEqual(self.find("#contatto-codice_fiscale").get_attribute("value"), "RSSMRA80A01H501X")
        self.assertEqual(self.find("#contatto-cognome").get_attribute("value"), surname)
        _, found = b.api(self.driver, "GET", "/contacts?q=" + surname)
        self.assertEqual(found["totale"], 0)


# ================================================================================================
class ReadOnlyUserTest(BrowserTestCase):
    user = b.LETTORE

    def test_read_only_user_cannot_change_a_pratica(self):
        """A sola_lettura user sees the pratica with read-only fields and no "Salva" button."""
        debtor = api.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": api.random_surname(), "nome": "Mario"}).json()
        pratica = api.call("POST", "/api/v1/pratiche", {"tipo": b.TYPE_ID, "campi": {"stato": "aperta",
                                                                                       "interessati[1].debitore": debtor["id"]}}).json()
        self.go(f"/pratiche/{pratica['id']}")
        b.screenshot(self.driver, "11-sola-lettura")
        self.assertFalse(self.driver.find_elements(By.XPATH, "//button[normalize-space()='Salva' or normalize-space()='Crea pratica']"))
        self.assertFalse(self.driver.find_elements(By.XPATH, "//button[contains(., 'Primo libero')]"))
        self.assertFalse(self.driver.find_elements(By.XPATH, "//button[normalize-space()='Calcola compenso']"))
        self.assertFalse(self.find_all(".add-row"))
        self.assertTrue(self.find("#campo-protocollo").get_attribute("readonly"))
        self.assertFalse(self.find("#campo-procedura").is_enabled())
        transitions = self.find_all(".transitions button")
        self.assertTrue(transitions, "the state panel lists the transitions, disabled")
        for button in transitions:
            self.assertFalse(button.is_enabled())

    def test_read_only_user_post_is_refused(self):
        """A form POST by a sola_lettura user is refused with 403, and nothing changes."""
        self.go("/pratiche")
        link = b.list_row_links(self.driver)[0]
        self.go(link)
        status = self.driver.execute_async_script("""
            const done = arguments[0];
            const form = new FormData(document.getElementById('pratica-form'));
            form.set('f.note', 'scritto da chi non può');
            fetch(location.pathname, { method: 'POST', body: new URLSearchParams(form), credentials: 'same-origin' })
                .then((response) => done(response.status)).catch(() => done(0));
        """)
        self.assertEqual(status, 403)
        self.go(link)
        self.assertNotIn("scritto da chi non può", self.find("#campo-note").get_attribute("value"))




# ================================================================================================
class SharingTest(BrowserTestCase):
    """Issue "Accounts and sharing": the owner shares a pratica by code; the gestore's studio then
    sees it read-only except the fields the type opens to it."""

    def test_share_by_code_then_work_as_the_shared_account(self):
        """Share from the pratica page, then sign in as the studio: banner, grey fields, a hearing saved."""
        code = os.environ["FASCICOLO_GESTORE_ACCOUNT"]
        surname = b.unique("Condivisa")
        pratica_id = b.create_pratica(self.driver, b.create_contact(self.driver, surname))
        self.go("/pratiche/%d" % pratica_id)
        b.fill(self.find("#codice-condivisione"), code)
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()='+ Condividi']"))
        self.assertIn("Pratica condivisa", b.flash_text(self.driver, "notice"))
        self.assertIn("Studio Gestore", self.find(".sharing").text)
        b.screenshot(self.driver, "12-condivisione-proprietario")

        b.login(self.driver, "gestore@prova.it")
        try:
            self.go("/pratiche?q=" + surname)
            self.assertEqual(b.list_row_links(self.driver), ["/pratiche/%d" % pratica_id])
            self.go("/pratiche/%d" % pratica_id)
            self.assertIn("Pratica condivisa dall'account", self.find(".flash.shared").text)
            self.assertEqual(self.find("#campo-note").get_attribute("readonly"), "true", "an owner-only field is grey")
            self.assertEqual(self.find_all("button[value^='stato:']"), [], "no state changes for a shared account")
            panel = b.open_tab(self.driver, "procedura_sezione")
            panel.find_element(By.XPATH, ".//button[contains(normalize-space(), 'Aggiungi Udienza')]").click()
            self.driver.execute_script("""
                const input = document.querySelector("#campo-udienze-1-data");
                input.value = "2026-05-04"; input.dispatchEvent(new Event("input", {bubbles: true}));""")
            b.fill(self.find("#campo-udienze-1-descrizione"), "Rinvio chiesto dal gestore")
            b.screenshot(self.driver, "12-condivisione-gestore")
            self.submit_with(self.driver.find_element(By.XPATH, "//button[@value='salva']"))
            self.assertIn("Modifiche salvate", b.flash_text(self.driver, "notice"))
        finally:
            b.login(self.driver, self.user)
        hearing = b.pratica_json(self.driver, pratica_id)["campi"]["udienze"][0]
        self.assertEqual((hearing["data"], hearing["descrizione"]), ("2026-05-04", "Rinvio chiesto dal gestore"))


if __name__ == "__main__":
    unittest.main()
