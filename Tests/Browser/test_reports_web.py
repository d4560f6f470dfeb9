"""Browser tests of the Report pages: the list of /report, running "Pratiche per stato" from its
form (table, total, inline SVG chart), its CSV and JSON downloads, and a wrong parameter value
shown beside its field.

The total is compared with the number of pratiche the same user sees through the JSON API.
Only `pratiche-per-stato` is assumed to exist; the parameter check uses whichever report
declares an integer parameter.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""

import csv
import io
import json
import unittest
import urllib.parse

from selenium.webdriver.common.by import By

import api_client as api
import browser as b
from test_web import BrowserTestCase

REPORT = "pratiche-per-stato"
TITLE = "Pratiche per stato"


class ReportsWebTest(BrowserTestCase):
    """Signed in as the owner's operatore."""

    # Shortcuts -----------------------------------------------------------------------------

    def visible_pratiche(self, user=b.OPERATORE):
        """How many pratiche of the type `user` sees, through the JSON API's list."""
        answer = api.call("GET", f"/api/v1/pratiche?tipo={b.TYPE_ID}&per_pagina=1", auth=user)
        self.assertEqual(answer.status, 200, answer.describe())
        return answer.json()["totale"]

    def run_from_form(self, name=REPORT):
        """Opens the report's page from /report and presses "Esegui"."""
        self.go("/report")
        self.submit_with(self.driver.find_element(By.CSS_SELECTOR, "ul.reports a[href='/report/%s']" % name))
        self.submit_with(self.button("Esegui"))

    def button(self, text):
        return self.driver.find_element(By.XPATH, "//button[normalize-space()=%s]" % b.xpath_literal(text))

    def table(self):
        """(headers, body rows, footer rows) of the first report table, as cell texts."""
        table = self.find("table.list.report")
        def texts(css):
            return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td, th")] for row in table.find_elements(By.CSS_SELECTOR, css)]
        return texts("thead tr")[0], texts("tbody tr"), texts("tfoot tr")

    def download(self, link_text):
        href = b.link(self.driver, link_text).get_attribute("href")
        status, headers, body = b.download(self.driver, href)
        self.assertEqual(status, 200, body[:300])
        return headers, body

    def integer_parameter(self):
        answer = api.call("GET", "/api/v1/reports")
        self.assertEqual(answer.status, 200, answer.describe())
        for report in answer.json()["report"]:
            for parameter in report["parametri"]:
                if parameter["tipo"] == "integer":
                    return report, parameter
        self.skipTest("no report declares an integer parameter")

    # Tests ---------------------------------------------------------------------------------

    def test_report_list_links_every_report(self):
        self.go("/report")
        self.assertEqual(self.find("h1").text, "Report")
        links = {a.get_attribute("href"): a.text for a in self.find_all("ul.reports li a")}
        listed = api.call("GET", "/api/v1/reports").json()["report"]
        self.assertEqual(links, {b.url("/report/" + report["nome"]): report["titolo"] for report in listed})
        self.assertIn(b.url("/report/" + REPORT), links)
        self.assertEqual(self.find("header a[aria-current=page]").text, "Report")
        b.screenshot(self.driver, "70-report-elenco")

    def test_pratiche_per_stato_total_is_the_number_of_visible_pratiche(self):
        self.run_from_form()
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.driver.current_url).query, keep_blank_values=True)
        self.assertEqual(query["esegui"], ["1"])
        self.assertEqual(self.find("h1").text, TITLE)
        self.assertEqual(self.find("#param-tipologia").get_attribute("value"), "", "left empty, the parameter takes its default")
        headers, rows, footer = self.table()
        self.assertEqual(headers, ["Stato", "Pratiche"])
        self.assertEqual(len(footer), 1)
        self.assertEqual(footer[0][0], "Totale")
        total = int(footer[0][1])
        self.assertEqual(total, self.visible_pratiche())
        self.assertEqual(sum(int(count) for _, count in rows), total)
        chart = self.find("figure.chart svg")
        self.assertTrue(chart.is_displayed())
        self.assertEqual(len(chart.find_elements(By.CSS_SELECTOR, "rect[fill^='#'] > title")), len(rows), "one bar per state")
        bars = [bar.get_attribute("textContent") for bar in chart.find_elements(By.CSS_SELECTOR, "rect > title")]
        self.assertEqual(bars, [f"{state}: {count}" for state, count in rows])
        self.assertEqual(b.flash_text(self.driver, "alert"), "")
        b.screenshot(self.driver, "71-report-pratiche-per-stato")

    def test_csv_download_is_for_italian_excel(self):
        self.run_from_form()
        _, rows, footer = self.table()
        headers, body = self.download("Scarica CSV")
        self.assertEqual(headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn(f'filename="{REPORT}.csv"', headers["Content-Disposition"])
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"), body[:10])
        text = body[3:].decode("utf-8")
        self.assertTrue(text.startswith("Stato;Pratiche\r\n"), text[:40])
        self.assertEqual(list(csv.reader(io.StringIO(text, newline=""), delimiter=";")), [["Stato", "Pratiche"], *rows, *footer])

    def test_json_download_parses_and_matches_the_table(self):
        self.run_from_form()
        _, rows, footer = self.table()
        headers, body = self.download("Scarica JSON")
        self.assertEqual(headers["Content-Type"].split(";")[0], "application/json")
        self.assertIn(f'filename="{REPORT}.json"', headers["Content-Disposition"])
        result = json.loads(body.decode("utf-8"))
        self.assertEqual((result["report"], result["title"], result["parameters"]), (REPORT, TITLE, {"Tipologia": b.TYPE_ID}))
        table = result["tables"][0]
        self.assertEqual([[row["stato"], str(row["pratiche"])] for row in table["rows"]], rows)
        self.assertEqual(table["footer"], [{"stato": "Totale", "pratiche": int(footer[0][1])}])

    def test_a_wrong_integer_is_shown_beside_its_field_with_the_value_kept(self):
        report, parameter = self.integer_parameter()
        field = "param-" + parameter["id"]
        self.go("/report/" + report["nome"])
        self.assertEqual(self.find_all("table.list.report"), [], "the form alone until the report runs")
        b.fill(self.find("#" + field), "2025.5")
        self.submit_with(self.button("Esegui"))
        self.assertIn("atteso un numero intero", self.field_error(field))
        self.assertEqual(self.find("#" + field).get_attribute("value"), "2025.5", "the value typed is kept")
        self.assertIn("Report non eseguito", b.flash_text(self.driver, "alert"))
        self.assertEqual(self.find_all("table.list.report"), [])
        self.assertEqual(self.find_all("figure.chart"), [])
        b.screenshot(self.driver, "72-report-parametro-sbagliato")
        # Letters cannot be typed into a number field; a link or a bookmark can carry them.
        page = api.request("GET", f"/report/{report['nome']}?esegui=1&{parameter['id']}=abc",
                           headers={**api.session(b.OPERATORE).headers(with_csrf=False), "Accept": "text/html"})
        self.assertEqual(page.status, 422, page.describe())
        self.assertRegex(page.text, r'<div class="field has-error"><label for="%s">[^<]*</label>\s*<input id="%s" name="%s" type="number" value="abc">\s*'
                         r'<span class="error">atteso un numero intero</span>' % ((field,) * 2 + (parameter["id"],)))

    def test_shared_account_report_counts_only_its_pratiche(self):
        """The gestore's studio runs the same report: its total is what it sees, not the owner's."""
        gestore = b.other_browser(self, "gestore@prova.it")
        b.go(gestore, f"/report/{REPORT}?esegui=1")
        footer = gestore.find_element(By.CSS_SELECTOR, "table.list.report tfoot tr").find_elements(By.TAG_NAME, "th")
        self.assertEqual(footer[0].text, "Totale")
        self.assertEqual(int(footer[1].text), self.visible_pratiche("gestore@prova.it"))
        self.assertLess(int(footer[1].text), self.visible_pratiche())

    def test_unknown_report_page_is_404(self):
        session = api.session(b.OPERATORE).headers(with_csrf=False)
        for path in ("/report/report-inesistente", "/report/report-inesistente?esegui=1",
                     "/report/" + urllib.parse.quote("../scripts/" + REPORT, safe="")):
            with self.subTest(path=path):
                self.assertEqual(api.request("GET", path, headers={**session, "Accept": "text/html"}).status, 404)


if __name__ == "__main__":
    unittest.main()
