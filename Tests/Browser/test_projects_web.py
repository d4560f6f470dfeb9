"""Browser tests of the projects of a pratica (tab "Contenuto" and the project page): the owner
creates a "Piano del consumatore", fills creditors and assets, saves, reads the totals and copies
them into the fee calculator; the gestore's studio edits a shared project but cannot delete it;
the sola_lettura user only reads; a missing amount is pointed out beside its field.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""

import os
import re
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

import browser as b
from test_web import BrowserTestCase

GESTORE = "gestore@prova.it"
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
PIANO = "piano-consumatore"
PIANO_LABEL = "Piano del consumatore / Ristrutturazione dei debiti del consumatore"
SAVE = "Salva progetto"
USE_TOTALS = "Usa attivo e passivo nel calcolo dei compensi"
DELETE = "Elimina progetto"
DELETE_QUESTION = "Eliminare il progetto e tutti i suoi dati?"
TOTALS_NOTICE = "Attivo e passivo ripresi dal progetto: premere «Calcola compenso» per aggiornare il preventivo."




def buttons(driver, text):
    """The buttons whose text is exactly `text`."""
    return driver.find_elements(By.XPATH, "//button[normalize-space()=%s]" % b.xpath_literal(text))


def value(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css).get_attribute("value")


def totals(driver):
    """The totals line of the project page ("Attivo: € … · Passivo: € …")."""
    return driver.find_element(By.CSS_SELECTOR, "p.totals").text.strip()


def project_rows(driver):
    """The rows of the Contenuto table: [name, kind, attivo, passivo] each."""
    return [[cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")][:4]
            for row in driver.find_elements(By.CSS_SELECTOR, "#sez-contenuto table.projects tbody tr")]


class ProjectsWebTest(BrowserTestCase):
    """Signed in as the owner's operatore; the gestore and the sola_lettura user get browsers of their own."""

    # Shortcuts -----------------------------------------------------------------------------

    def api(self, method, path, body=None, expected=200):
        status, answer = b.api(self.driver, method, path, body)
        self.assertEqual(status, expected, answer)
        return answer

    def project_by_api(self, pid, name, campi=None):
        """A project of the owner, filled through the API; returns its JSON."""
        project = self.api("POST", "/pratiche/%d/projects" % pid, {"tipo": PIANO, "nome": name}, expected=201)
        if campi:
            project = self.api("PATCH", "/projects/%d" % project["id"], {"versione": project["versione"], "campi": campi})
        return project

    def shared_project(self):
        """A shared pratica whose project has a creditor of 1200.50, an asset of 4400 and external
        finance of 100. Returns (pratica id, project, creditor id, creditor surname)."""
        pid, _ = self.new_pratica(prefix="Progetto")
        self.api("POST", "/pratiche/%d/shares" % pid, {"codice": SHARED_CODE}, expected=201)
        creditor, surname = self.new_debtor("Banca")
        project = self.project_by_api(pid, "Piano condiviso", {
            "creditori": [{"creditore": creditor, "importo": "1200.50"}],
            "beni": [{"descrizione": "Appartamento", "tipo": "immobile", "valore": "4400"}],
            "finanza_esterna": "100"})
        self.assertEqual((project["attivo"], project["passivo"]), ("4500.00", "1200.50"))
        return pid, project, creditor, surname

    def project_path(self, pid, project_id):
        return "/pratiche/%d/progetti/%d" % (pid, project_id)

    def open_contenuto(self, pid, driver=None):
        driver = driver or self.driver
        b.go(driver, "/pratiche/%d?sezione=contenuto" % pid)
        return b.visible(driver, "#sez-contenuto")

    def blur(self):
        """Leaves the focused field (amounts are formatted when left)."""
        self.driver.execute_script("document.activeElement && document.activeElement.blur();")

    def rows(self, group, driver=None):
        return (driver or self.driver).find_elements(By.CSS_SELECTOR, "#campo-%s .rows > .row" % group)

    # Tests ---------------------------------------------------------------------------------

    def test_owner_creates_a_plan_fills_it_and_uses_its_totals(self):
        """"Nuovo progetto" in Contenuto, a creditor picked from the anagrafica with its amount, an
        asset with its value: the totals follow, and "Usa attivo e passivo…" fills the fee inputs."""
        creditor, surname = self.new_debtor("Creditore")
        pid, _ = self.new_pratica(prefix="Progetto")
        panel = self.open_contenuto(pid)
        self.assertEqual(self.find("#tab-contenuto").get_attribute("aria-selected"), "true")
        self.assertIn("Nessun progetto.", panel.text)
        kinds = Select(self.find("#tipo-progetto"))
        self.assertEqual(sorted(o.get_attribute("value") for o in kinds.options), ["accordo-concordato", "liquidazione", "piano-consumatore"])
        kinds.select_by_value(PIANO)
        self.assertEqual(kinds.first_selected_option.text, PIANO_LABEL)
        b.fill(self.find("#nome-progetto"), "Piano Consumatore – MR")
        b.screenshot(self.driver, "30-contenuto-nuovo-progetto")
        self.submit_with(buttons(self.driver, "Nuovo progetto")[0])

        match = re.search(r"/pratiche/%d/progetti/(\d+)\?esito=progetto-creato$" % pid, self.driver.current_url)
        self.assertIsNotNone(match, self.driver.current_url)
        project_id = int(match.group(1))
        self.assertEqual(b.flash_text(self.driver, "notice"), "Progetto creato: ora si può compilare.")
        self.assertEqual(self.find("h1").text, "Piano Consumatore – MR — " + PIANO_LABEL)
        self.assertEqual(value(self.driver, "#nome_progetto"), "Piano Consumatore – MR")
        self.assertEqual(totals(self.driver), "Attivo: € 0,00 · Passivo: € 0,00")
        self.assertEqual([t.text for t in self.find_all("[role=tab]")], ["Creditori", "Beni", "Redditi e spese"])

        self.assertTrue(self.find("#sez-creditori_sezione").is_displayed())
        row = self.add_row("creditori")
        b.choose_contact(self.driver, "campo-creditori-%s-creditore" % row, surname)
        self.assertEqual(value(self.driver, "#campo-creditori-%s-creditore-nome" % row), surname + " Maria")
        self.assertEqual(value(self.driver, "#campo-creditori-%s-creditore" % row), str(creditor))
        b.fill(self.find("#campo-creditori-%s-importo" % row), "1200,5")
        self.blur()
        self.assertEqual(value(self.driver, "#campo-creditori-%s-importo" % row), "1.200,50")
        Select(self.find("#campo-creditori-%s-privilegio" % row)).select_by_value("chirografario")

        b.open_tab(self.driver, "beni_sezione")
        asset = self.add_row("beni")
        b.fill(self.find("#campo-beni-%s-descrizione" % asset), "Appartamento in via Roma")
        Select(self.find("#campo-beni-%s-tipo" % asset)).select_by_value("immobile")
        b.fill(self.find("#campo-beni-%s-valore" % asset), "4400")
        b.fill(self.find("#campo-finanza_esterna"), "100")
        self.blur()
        b.screenshot(self.driver, "30-progetto-beni")
        self.submit_with(buttons(self.driver, SAVE)[0])

        self.assertTrue(self.driver.current_url.endswith(self.project_path(pid, project_id) + "?esito=progetto-salvato"), self.driver.current_url)
        self.assertEqual(b.flash_text(self.driver, "notice"), "Progetto salvato.")
        self.assertEqual(totals(self.driver), "Attivo: € 4.500,00 · Passivo: € 1.200,50")
        self.assertEqual(value(self.driver, "#campo-creditori-1-creditore-nome"), surname + " Maria")
        self.assertEqual(value(self.driver, "#campo-creditori-1-importo"), "1.200,50")
        self.assertEqual(value(self.driver, "#campo-beni-1-valore"), "4.400,00")
        b.screenshot(self.driver, "30-progetto-salvato")
        saved = self.api("GET", "/projects/%d" % project_id)
        self.assertEqual((saved["attivo"], saved["passivo"], saved["versione"]), ("4500.00", "1200.50", 2))
        self.assertEqual(saved["campi"], {
            "creditori": [{"creditore": creditor, "importo": "1200.50", "privilegio": "chirografario"}],
            "beni": [{"descrizione": "Appartamento in via Roma", "tipo": "immobile", "valore": "4400.00"}],
            "finanza_esterna": "100.00"})

        self.submit_with(buttons(self.driver, USE_TOTALS)[0])
        self.assertTrue(self.driver.current_url.endswith("/pratiche/%d?esito=totali-progetto&sezione=pagamenti" % pid), self.driver.current_url)
        self.assertEqual(b.flash_text(self.driver, "notice"), TOTALS_NOTICE)
        self.assertTrue(self.find("#sez-pagamenti").is_displayed(), "the page opens on Pagamenti")
        self.assertEqual(self.find("#tab-pagamenti").get_attribute("aria-selected"), "true")
        self.assertEqual(value(self.driver, "#campo-compenso_attivo"), "4.500,00")
        self.assertEqual(value(self.driver, "#campo-compenso_passivo"), "1.200,50")
        b.screenshot(self.driver, "30-pagamenti-dal-progetto")
        campi = b.pratica_json(self.driver, pid)["campi"]
        self.assertEqual((campi["compenso_attivo"], campi["compenso_passivo"]), ("4500.00", "1200.50"))

        b.open_tab(self.driver, "contenuto")
        self.assertEqual(project_rows(self.driver), [["Piano Consumatore – MR", PIANO_LABEL, "€ 4.500,00", "€ 1.200,50"]])
        b.screenshot(self.driver, "30-contenuto-elenco")
        self.submit_with(self.driver.find_element(By.LINK_TEXT, "Piano Consumatore – MR"))
        self.assertTrue(self.driver.current_url.endswith(self.project_path(pid, project_id)), self.driver.current_url)

    def test_gestore_edits_the_shared_project_without_deleting_it(self):
        """The gestore opens the shared project, changes an amount and saves; it has neither
        "Elimina progetto" nor "Usa attivo e passivo…", nor "Nuovo progetto" in Contenuto."""
        pid, project, creditor, surname = self.shared_project()
        gestore = b.other_browser(self, GESTORE)
        self.open_contenuto(pid, gestore)
        self.assertEqual(project_rows(gestore), [["Piano condiviso", PIANO_LABEL, "€ 4.500,00", "€ 1.200,50"]])
        self.assertEqual(gestore.find_elements(By.CSS_SELECTOR, "#tipo-progetto, #nome-progetto"), [])
        self.assertEqual(buttons(gestore, "Nuovo progetto"), [])
        b.click_and_wait_for_new_page(gestore, gestore.find_element(By.LINK_TEXT, "Piano condiviso"))

        self.assertTrue(gestore.current_url.endswith(self.project_path(pid, project["id"])), gestore.current_url)
        self.assertEqual(totals(gestore), "Attivo: € 4.500,00 · Passivo: € 1.200,50")
        self.assertEqual(buttons(gestore, DELETE), [])
        self.assertEqual(buttons(gestore, USE_TOTALS), [])
        self.assertEqual(len(buttons(gestore, SAVE)), 1)
        self.assertEqual(value(gestore, "#campo-creditori-1-creditore"), str(creditor))
        amount = gestore.find_element(By.ID, "campo-creditori-1-importo")
        self.assertIsNone(amount.get_attribute("readonly"))
        b.fill(amount, "1.500,00")
        b.screenshot(gestore, "31-progetto-gestore")
        b.click_and_wait_for_new_page(gestore, buttons(gestore, SAVE)[0])

        self.assertEqual(b.flash_text(gestore, "notice"), "Progetto salvato.")
        self.assertEqual(totals(gestore), "Attivo: € 4.500,00 · Passivo: € 1.500,00")
        self.assertEqual(value(gestore, "#campo-creditori-1-importo"), "1.500,00")
        self.assertEqual(buttons(gestore, DELETE), [])
        saved = self.api("GET", "/projects/%d" % project["id"])
        self.assertEqual((saved["versione"], saved["passivo"]), (project["versione"] + 1, "1500.00"))
        self.assertEqual(saved["campi"]["creditori"], [{"creditore": creditor, "importo": "1500.00"}])
        self.assertEqual(saved["campi"]["beni"], project["campi"]["beni"])
        entries = [(e["azione"], e["chi"]) for e in self.api("GET", "/pratiche/%d/history" % pid) if e["campo"] == "progetti"]
        self.assertEqual(entries, [("project_create", b.OPERATORE), ("project_update", b.OPERATORE), ("project_update", GESTORE)])

        # The owner still has both buttons on the same project.
        self.go(self.project_path(pid, project["id"]))
        self.assertEqual(totals(self.driver), "Attivo: € 4.500,00 · Passivo: € 1.500,00")
        self.assertEqual((len(buttons(self.driver, DELETE)), len(buttons(self.driver, USE_TOTALS))), (1, 1))

    def test_gestore_sees_the_names_of_the_creditors(self):
        """The gestore reading a shared project sees who each creditor is (the owner's contact's
        name, as for the contacts of the shared pratica), not a bare contact number."""
        pid, project, creditor, surname = self.shared_project()
        gestore = b.other_browser(self, GESTORE)
        b.go(gestore, self.project_path(pid, project["id"]))
        self.assertEqual(value(gestore, "#campo-creditori-1-creditore"), str(creditor))
        self.assertEqual(value(gestore, "#campo-creditori-1-creditore-nome"), surname + " Maria")

    def test_missing_amount_is_shown_beside_the_field_and_the_input_is_kept(self):
        """A creditor row without "Importo dovuto" is refused: the error is beside the amount,
        the chosen creditor and every other input stay, nothing is saved; once the amount is
        typed, the project saves."""
        _, surname = self.new_debtor("Senzaimporto")
        pid, _ = self.new_pratica(prefix="Progetto")
        project = self.project_by_api(pid, "Piano da completare")
        self.go(self.project_path(pid, project["id"]))
        b.fill(self.find("#nome_progetto"), "Piano da completare – bozza")
        row = self.add_row("creditori")
        b.choose_contact(self.driver, "campo-creditori-%s-creditore" % row, surname)
        Select(self.find("#campo-creditori-%s-privilegio" % row)).select_by_value("ipotecario")
        b.open_tab(self.driver, "beni_sezione")
        b.fill(self.find("#campo-finanza_esterna"), "250")
        self.blur()
        self.submit_with(buttons(self.driver, SAVE)[0])

        self.assertTrue(self.driver.current_url.endswith(self.project_path(pid, project["id"])), self.driver.current_url)
        self.assertEqual(b.flash_text(self.driver, "alert"), "Progetto non salvato: controllare i campi segnalati.")
        self.assertEqual(b.flash_text(self.driver, "notice"), "")
        self.assertIn("Creditore 1: Importo dovuto: campo obbligatorio", self.find(".errors").text)
        rows = self.rows("creditori")
        self.assertEqual(len(rows), 1)
        row = rows[0].get_attribute("data-index")
        amount = "campo-creditori-%s-importo" % row
        self.assertEqual(self.field_error(amount), "campo obbligatorio", "the error beside the amount")
        self.assertEqual(self.find("#" + amount).get_attribute("aria-invalid"), "true")
        self.assertEqual(self.find("#" + amount).get_attribute("value"), "")
        self.assertEqual(self.field_error("campo-creditori-%s-privilegio" % row), "")
        self.assertIn("has-error", self.find("#tab-creditori_sezione").get_attribute("class"))
        self.assertTrue(self.find("#sez-creditori_sezione").is_displayed())
        self.assertEqual(value(self.driver, "#campo-creditori-%s-creditore-nome" % row), surname + " Maria")
        self.assertEqual(Select(self.find("#campo-creditori-%s-privilegio" % row)).first_selected_option.get_attribute("value"), "ipotecario")
        self.assertEqual(value(self.driver, "#nome_progetto"), "Piano da completare – bozza")
        self.assertEqual(value(self.driver, "#campo-finanza_esterna"), "250,00")
        self.assertEqual(totals(self.driver), "Attivo: € 0,00 · Passivo: € 0,00", "the totals are the saved ones")
        b.screenshot(self.driver, "32-progetto-errore-importo")
        self.assertEqual(self.api("GET", "/projects/%d" % project["id"]), project, "nothing saved")

        b.fill(self.find("#" + amount), "3000")
        self.submit_with(buttons(self.driver, SAVE)[0])
        self.assertEqual(b.flash_text(self.driver, "notice"), "Progetto salvato.")
        self.assertEqual(totals(self.driver), "Attivo: € 250,00 · Passivo: € 3.000,00")
        self.assertEqual(self.api("GET", "/projects/%d" % project["id"])["nome"], "Piano da completare – bozza")

    def test_owner_deletes_a_project_after_confirming(self):
        """"Elimina progetto" asks first: "Annulla" keeps it; "OK" deletes it and returns to Contenuto."""
        pid, _ = self.new_pratica(prefix="Progetto")
        project = self.project_by_api(pid, "Piano da eliminare")
        self.go(self.project_path(pid, project["id"]))
        button = buttons(self.driver, DELETE)[0]
        b.scroll_to(self.driver, button).click()
        alert = b.wait(self.driver).until(EC.alert_is_present())
        self.assertEqual(alert.text, DELETE_QUESTION)
        alert.dismiss()
        self.assertTrue(self.driver.current_url.endswith(self.project_path(pid, project["id"])))
        self.assertEqual(self.api("GET", "/projects/%d" % project["id"]), project)

        html = self.find("html")
        b.scroll_to(self.driver, buttons(self.driver, DELETE)[0]).click()
        alert = b.wait(self.driver).until(EC.alert_is_present())
        self.assertEqual(alert.text, DELETE_QUESTION)
        alert.accept()
        b.wait(self.driver).until(lambda d: b._is_gone(html))
        b.page_ready(self.driver)
        self.assertTrue(self.driver.current_url.endswith("/pratiche/%d?esito=progetto-eliminato&sezione=contenuto" % pid), self.driver.current_url)
        self.assertEqual(b.flash_text(self.driver, "notice"), "Progetto eliminato.")
        self.assertTrue(self.find("#sez-contenuto").is_displayed())
        self.assertIn("Nessun progetto.", self.find("#sez-contenuto").text)
        status, _ = b.api(self.driver, "GET", "/projects/%d" % project["id"])
        self.assertEqual(status, 404)

    def test_read_only_user_sees_the_project_without_changing_it(self):
        """The sola_lettura user reads Contenuto and the project: no "Nuovo progetto", no
        "Salva progetto", no rows to add, no delete nor "Usa attivo e passivo…", read-only inputs."""
        pid, project, _, surname = self.shared_project()
        lettore = b.other_browser(self, b.LETTORE)
        self.open_contenuto(pid, lettore)
        self.assertEqual(project_rows(lettore), [["Piano condiviso", PIANO_LABEL, "€ 4.500,00", "€ 1.200,50"]])
        self.assertEqual(lettore.find_elements(By.CSS_SELECTOR, "#tipo-progetto, #nome-progetto"), [])
        b.go(lettore, self.project_path(pid, project["id"]))
        b.screenshot(lettore, "33-progetto-sola-lettura")
        self.assertEqual(totals(lettore), "Attivo: € 4.500,00 · Passivo: € 1.200,50")
        for text in (SAVE, DELETE, USE_TOTALS):
            self.assertEqual(buttons(lettore, text), [], text)
        self.assertEqual(lettore.find_elements(By.CSS_SELECTOR, ".add-row, .remove-row, button[data-picker]"), [])
        self.assertEqual(lettore.find_element(By.ID, "nome_progetto").get_attribute("readonly"), "true")
        self.assertEqual(lettore.find_element(By.ID, "campo-creditori-1-importo").get_attribute("readonly"), "true")
        self.assertEqual(value(lettore, "#campo-creditori-1-creditore-nome"), surname + " Maria")
        self.assertEqual(value(lettore, "#campo-creditori-1-importo"), "1.200,50")


if __name__ == "__main__":
    unittest.main()
