"""Reports over plain HTTP, against the server run.sh started: `GET /api/v1/reports` and
`GET /api/v1/reports/{name}` checked against the repository's OpenAPI document, their errors,
and that a report counts only what the caller may see (its own pratiche and those shared with
its account), compared with what the pratiche list of the API gives the same caller.

Only `pratiche-per-stato` is assumed to exist (columns Stato/Pratiche, footer Totale); the
integer-parameter checks use whichever report declares one.

Run with: FASCICOLO_BIN=.build/debug/fascicolo bash Tests/Browser/run.sh
"""
import collections
import csv
import io
import os
import random
import string
import unittest

import api_client as api
from api_client import LETTORE, OPERATORE, TYPE_ID

GESTORE = "gestore@prova.it"
ALTRO = "altro@prova.it"
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
REPORT = "pratiche-per-stato"
NEW_OPERATIONS = {("GET", "/api/v1/reports"), ("GET", "/api/v1/reports/{name}")}

CONTRACT = None
RAN = set()


def setUpModule():
    global CONTRACT
    CONTRACT = api.MediaContract(api.load_repository_document())
    ReportsTestCase.contract = CONTRACT


class ReportsTestCase(api.APIAssertions, unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        RAN.add(self.id())

    def call(self, path, auth=OPERATORE, headers=None):
        sent = {**(api.bearer(auth) if isinstance(auth, str) else auth.headers(with_csrf=False) if auth else {}), **(headers or {})}
        return self.checked(api.request("GET", path, headers=sent))

    def run_report(self, name=REPORT, query="", auth=OPERATORE):
        return self.ok(self.call(f"/api/v1/reports/{name}{query}", auth=auth)).json()

    def reports(self, auth=OPERATORE):
        return {report["nome"]: report for report in self.ok(self.call("/api/v1/reports", auth=auth)).json()["report"]}

    def integer_parameter(self):
        """(report, parameter id) of a report with an integer parameter, or skips."""
        for name, report in sorted(self.reports().items()):
            for parameter in report["parametri"]:
                if parameter["tipo"] == "integer":
                    return name, parameter["id"]
        self.skipTest("no report declares an integer parameter")

    # -- what the caller sees through the pratiche list -------------------------------------------

    def visible_states(self, auth=OPERATORE):
        """How many pratiche of the type the caller sees in each state (by the state's label),
        read page by page from `GET /api/v1/pratiche`."""
        labels = {state["id"]: state["etichetta"] for state in self.ok(api.call("GET", f"/api/v1/types/{TYPE_ID}", auth=auth)).json()["stati"]}
        counts, page = collections.Counter(), 1
        while True:
            listed = self.ok(api.call("GET", f"/api/v1/pratiche?tipo={TYPE_ID}&per_pagina=500&pagina={page}", auth=auth)).json()
            counts.update(labels[pratica["stato"]] for pratica in listed["pratiche"])
            if page >= listed["pagine"]:
                self.assertEqual(sum(counts.values()), listed["totale"])
                return counts
            page += 1

    def report_states(self, auth=OPERATORE):
        """The report's rows as {state label: count} and its footer total."""
        table = self.run_report(auth=auth)["tables"][0]
        self.assertEqual(table["footer"][0]["stato"], "Totale")
        return {row["stato"]: row["pratiche"] for row in table["rows"]}, table["footer"][0]["pratiche"]

    def shared_pratica(self):
        surname = "Report" + "".join(random.choice(string.ascii_lowercase) for _ in range(8))
        contact = self.ok(api.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": surname, "nome": "Ada"}), 201).json()
        pratica = self.ok(api.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
            "stato": "aperta", "interessati": [{"debitore": contact["id"]}]}}), 201).json()
        self.ok(api.call("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": SHARED_CODE}), 201)
        return pratica


# =============================================================================================
class ReportsContractTest(ReportsTestCase):

    def test_list_names_every_report_with_its_parameters(self):
        reports = self.reports()
        self.assertEqual(list(reports), sorted(reports), "listed by name")
        per_state = reports[REPORT]
        self.assertEqual(per_state["titolo"], "Pratiche per stato")
        self.assertTrue(per_state["descrizione"])
        self.assertEqual(per_state["parametri"], [{"id": "tipologia", "etichetta": "Tipologia", "tipo": "text",
                                                   "predefinito": TYPE_ID, "valori": []}])
        for name, report in reports.items():
            with self.subTest(report=name):
                self.assertTrue(report["titolo"])
                ids = [parameter["id"] for parameter in report["parametri"]]
                self.assertEqual(len(ids), len(set(ids)))
                for parameter in report["parametri"]:
                    self.assertEqual(bool(parameter["valori"]), parameter["tipo"] == "enum", parameter)
        self.assertEqual(self.reports(auth=LETTORE), reports, "the same reports for every user")

    def test_pratiche_per_stato_as_json_counts_every_visible_pratica_by_state(self):
        result = self.run_report()
        self.assertEqual((result["report"], result["title"], result["parameters"]), (REPORT, "Pratiche per stato", {"Tipologia": TYPE_ID}))
        self.assertEqual(len(result["tables"]), 1)
        table = result["tables"][0]
        self.assertEqual(table["columns"], [{"id": "stato", "label": "Stato", "type": "text"},
                                            {"id": "pratiche", "label": "Pratiche", "type": "integer"}])
        rows, total = self.report_states()
        visible = self.visible_states()
        self.assertEqual(rows, dict(visible))
        self.assertEqual(total, sum(visible.values()))
        counts = [row["pratiche"] for row in table["rows"]]
        self.assertEqual(counts, sorted(counts, reverse=True), "most frequent state first")
        self.assertEqual(self.run_report(query=f"?tipologia={TYPE_ID}&format=json"), result)

    def test_pratiche_per_stato_as_csv_for_italian_excel(self):
        response = self.ok(self.call(f"/api/v1/reports/{REPORT}?format=csv"))
        self.assertEqual(response.header("Content-Type"), "text/csv; charset=utf-8")
        self.assertEqual(response.header("Content-Disposition"), f"attachment; filename=\"{REPORT}.csv\"; filename*=UTF-8''{REPORT}.csv")
        self.assertTrue(response.body.startswith(b"\xef\xbb\xbf"), response.body[:20])
        text = response.body[3:].decode("utf-8")
        self.assertIn("\r\n", text)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        self.assertEqual(rows[0], ["Stato", "Pratiche"])
        counts, total = self.report_states()
        self.assertEqual(rows[-1], ["Totale", str(total)])
        self.assertEqual({state: int(count) for state, count in rows[1:-1]}, counts)

    def test_lettore_runs_reports_like_its_office(self):
        self.assertEqual(self.report_states(auth=LETTORE), self.report_states())

    def test_session_cookie_runs_reports(self):
        by_session = self.ok(self.call(f"/api/v1/reports/{REPORT}", auth=api.session(OPERATORE))).json()
        self.assertEqual(by_session, self.run_report())


# =============================================================================================
class ReportErrorsTest(ReportsTestCase):

    def test_unknown_report_is_404(self):
        for name in ("report-inesistente", "pratiche_per_stato", "..%2Fscripts%2Fpratiche-per-stato", "pratiche-per-stato.lua"):
            with self.subTest(name=name):
                self.refused(self.call(f"/api/v1/reports/{name}"), 404)
                self.refused(self.call(f"/api/v1/reports/{name}?format=csv"), 404)

    def test_unknown_parameter_is_422_naming_it(self):
        self.refused(self.call(f"/api/v1/reports/{REPORT}?parametro_inventato=1"), 422, "parametro_inventato")
        error = self.refused(self.call(f"/api/v1/reports/{REPORT}?tipologia={TYPE_ID}&anno_sbagliato=2025&format=csv"), 422, "anno_sbagliato")
        self.assertIn("parametro sconosciuto", error["message"])

    def test_bad_integer_value_is_422_naming_the_parameter(self):
        name, parameter = self.integer_parameter()
        for value in ("abc", "2025.5", "12abc", "99999999999999999999"):
            with self.subTest(value=value):
                error = self.refused(self.call(f"/api/v1/reports/{name}?{parameter}={value}"), 422, parameter)
                self.assertIn("numero intero", error["message"])
                self.assertNotIn(value, error["message"], "the message never repeats what was sent")
        self.ok(self.call(f"/api/v1/reports/{name}?{parameter}=2025"))

    def test_bad_format_is_400(self):
        for format in ("xml", "pdf", "JSON", ""):
            with self.subTest(format=format):
                self.refused(self.call(f"/api/v1/reports/{REPORT}?format={format}"), 400)

    def test_reports_need_authentication(self):
        for path in ("/api/v1/reports", f"/api/v1/reports/{REPORT}", f"/api/v1/reports/{REPORT}?format=csv", "/api/v1/reports/report-inesistente"):
            for headers in ({}, {"Authorization": "Bearer non-un-token"}, {"Cookie": "fascicolo_sessione=inventata"}):
                with self.subTest(path=path, headers=headers):
                    response = self.call(path, auth=None, headers=headers)
                    self.refused(response, 401)
                    self.assertEqual(response.header("WWW-Authenticate"), "Bearer")


# =============================================================================================
class ReportVisibilityTest(ReportsTestCase):
    """A report reads only the pratiche the caller may see."""

    def test_shared_account_counts_only_its_own_and_shared_pratiche(self):
        self.shared_pratica()
        for actor in (GESTORE, ALTRO, OPERATORE):
            with self.subTest(actor=actor):
                rows, total = self.report_states(auth=actor)
                visible = self.visible_states(auth=actor)
                self.assertEqual(rows, dict(visible))
                self.assertEqual(total, sum(visible.values()))
        self.assertGreater(self.report_states(auth=GESTORE)[1], 0)
        self.assertLess(self.report_states(auth=GESTORE)[1], self.report_states()[1])

    def test_sharing_a_pratica_adds_it_to_the_shared_account_report(self):
        before_gestore, before_owner, before_altro = (self.report_states(auth=actor) for actor in (GESTORE, OPERATORE, ALTRO))
        pratica = self.shared_pratica()
        after_gestore, after_owner, after_altro = (self.report_states(auth=actor) for actor in (GESTORE, OPERATORE, ALTRO))
        self.assertEqual(after_gestore[1], before_gestore[1] + 1)
        self.assertEqual(after_gestore[0].get("Aperta", 0), before_gestore[0].get("Aperta", 0) + 1)
        self.assertEqual(after_owner[1], before_owner[1] + 1)
        self.assertEqual(after_altro, before_altro, "an unrelated account sees none of it")
        self.ok(api.call("DELETE", f"/api/v1/pratiche/{pratica['id']}/shares/{SHARED_CODE}"), 204)
        self.assertEqual(self.report_states(auth=GESTORE), before_gestore)


# =============================================================================================
class ZzReportsCoverageTest(ReportsTestCase):
    """Runs last: both reports operations were called, at least once successfully."""

    def test_every_reports_operation_was_exercised(self):
        loader = unittest.TestLoader()
        expected = {test.id() for case in (ReportsContractTest, ReportErrorsTest, ReportVisibilityTest)
                    for test in loader.loadTestsFromTestCase(case)}
        if not expected <= RAN:
            self.skipTest("only part of the module ran")
        self.assertTrue(NEW_OPERATIONS <= set(CONTRACT.operations), "the OpenAPI document does not describe every reports operation")
        self.assertEqual(sorted(NEW_OPERATIONS - set(CONTRACT.exercised)), [], "reports operations never exercised")
        self.assertEqual(sorted(key for key in NEW_OPERATIONS if not any(s < 300 for s in CONTRACT.exercised[key])), [])
        self.assertIn(200, CONTRACT.exercised[("GET", "/api/v1/reports/{name}")])


if __name__ == "__main__":
    unittest.main()
