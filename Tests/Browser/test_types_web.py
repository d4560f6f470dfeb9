"""The two types added with YAML and Lua only, in a real browser: "Nuova Pratica" with its type
choice, the computed fields filled on save and read-only in the form, a refused step of the
workflow, and the tabs of the list with the view across every type."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import browser as b
from test_web import BrowserTestCase

BANCHE = "banche-equitalia"
ANALISI = "analisi-finanziaria"


class SeveralTypesTest(BrowserTestCase):

    def tearDown(self):
        # The list remembers the last type listed: leave the other modules on the crisi type.
        self.go("/pratiche?tipo=" + b.TYPE_ID)

    def new_form(self, type_id):
        self.go("/pratiche")
        Select(self.find("#nuova-tipo")).select_by_value(type_id)
        self.submit_with(self.driver.find_element(By.XPATH, "//form[@class='new-pratica']//button[normalize-space()='Nuova Pratica']"))
        self.assertIn("/pratiche/nuova?tipo=" + type_id, self.driver.current_url)

    def save(self):
        self.submit_with(self.find(".savebar button"))

    def test_a_banche_equitalia_pratica_computes_its_totals_and_plan(self):
        """The contracts' total and the instalment plan are computed on save and shown read-only."""
        _, surname = self.new_debtor("Banca")
        self.new_form(BANCHE)
        row = self.add_row("richiedenti")
        b.choose_contact(self.driver, "campo-richiedenti-%s-richiedente" % row, surname)
        Select(self.find("#campo-oggetto")).select_by_value("rateizzazione")
        b.open_tab(self.driver, "rapporti_sezione")
        total = self.find("#campo-totale_rapporti")
        self.assertTrue(total.get_attribute("readonly"), "a computed field cannot be typed")
        row = self.add_row("rapporti")
        Select(self.find("#campo-rapporti-%s-tipo" % row)).select_by_value("cartella")
        b.fill(self.find("#campo-rapporti-%s-numero" % row), "097 2024 00012345")
        b.fill(self.find("#campo-rapporti-%s-importo" % row), "10.000,00")
        b.open_tab(self.driver, "rateizzazione_sezione")
        Select(self.find("#campo-piano_tipo")).select_by_value("ader_ordinaria")
        b.fill(self.find("#campo-importo_da_rateizzare"), "10000")
        b.fill(self.find("#campo-numero_rate"), "12")
        self.save()

        self.assertRegex(self.driver.current_url, r"/pratiche/\d+\?esito=creata$")
        b.open_tab(self.driver, "rapporti_sezione")
        self.assertEqual(self.find("#campo-totale_rapporti").get_attribute("value"), "10.000,00")
        b.open_tab(self.driver, "rateizzazione_sezione")
        self.assertEqual(self.find("#campo-rata_mensile").get_attribute("value"), "853,79")
        self.assertEqual(self.find("#campo-totale_interessi").get_attribute("value"), "245,43")
        b.screenshot(self.driver, "30-banche-equitalia-rateizzazione")
        pratica_id = int(re.search(r"/pratiche/(\d+)", self.driver.current_url).group(1))
        stored = b.pratica_json(self.driver, pratica_id)["campi"]
        self.assertEqual(len(stored["piano_rate"]), 12)
        self.assertEqual(stored["piano_rate"][-1]["rata"], "853.74")

    def test_a_step_the_plugin_refuses_is_explained(self):
        """"Registra l'invio dell'istanza" without contracts is refused in words; the state stays."""
        debtor, _ = self.new_debtor("Istanza")
        status, created = b.api(self.driver, "POST", "/pratiche", {
            "tipo": BANCHE, "campi": {"stato": "richiesta", "richiedenti[1].richiedente": debtor, "oggetto": "cartelle"}})
        self.assertEqual(status, 201, created)
        status, _ = b.api(self.driver, "POST", "/pratiche/%d/transitions" % created["id"], {"stato": "analisi"})
        self.assertEqual(status, 200)
        self.go("/pratiche/%d" % created["id"])
        self.submit_with(self.driver.find_element(By.XPATH, "//button[normalize-space()=\"Registra l'invio dell'istanza\"]"))
        self.assertIn("indicare almeno un contratto o una cartella", b.flash_text(self.driver, "alert"))
        self.assertEqual(b.state_badge(self.driver), "In analisi")

    def test_an_analysis_shows_its_indicators(self):
        """Incomes, household and the proposed instalment give the sustenance and the verdict."""
        debtor, _ = self.new_debtor("Analisi")
        status, created = b.api(self.driver, "POST", "/pratiche", {"tipo": ANALISI, "campi": {
            "soggetti[1].soggetto": debtor, "componenti_nucleo": 3,
            "bilancio[1].anno_riferimento": 2024, "bilancio[1].redditi": "31.000,00",
            "rata_proposta": "500", "durata_anni": 5}})
        self.assertEqual(status, 201, created)
        self.go("/pratiche/%d" % created["id"])
        b.open_tab(self.driver, "piano_sezione")
        self.assertTrue(self.find("#campo-reddito_disponibile").get_attribute("readonly"))
        self.assertEqual(Select(self.find("#campo-sostenibilita")).first_selected_option.text, "Sostenibile")
        b.screenshot(self.driver, "31-analisi-finanziaria-indicatori")

    def test_the_list_has_a_tab_per_type_and_one_for_all(self):
        """Tabs lead to each type; "Tutte le tipologie" lists them together with their type."""
        debtor, surname = self.new_debtor("Tutte")
        b.create_pratica(self.driver, debtor)
        status, _ = b.api(self.driver, "POST", "/pratiche", {"tipo": BANCHE, "campi": {
            "richiedenti[1].richiedente": debtor, "oggetto": "cartelle"}})
        self.assertEqual(status, 201)
        self.go("/pratiche?tipo=" + BANCHE)
        tabs = [a.text for a in self.find_all("nav.type-tabs a")]
        self.assertEqual(tabs, ["Analisi finanziaria", "Banche ed Equitalia", "Crisi da sovraindebitamento", "Tutte le tipologie"])
        self.assertEqual(self.find("nav.type-tabs a[aria-current='page']").text, "Banche ed Equitalia")
        self.submit_with(self.driver.find_element(By.LINK_TEXT, "Tutte le tipologie"))
        b.fill(self.find("#q"), surname)
        self.submit_with(self.find("form.search button"))
        self.assertEqual(self.list_total(), 2)
        self.assertIn("Tipologia", self.headers())
        self.assertEqual(sorted(self.column_cells("Tipologia")), ["Banche ed Equitalia", "Crisi da sovraindebitamento"])
        b.screenshot(self.driver, "32-tutte-le-tipologie")
