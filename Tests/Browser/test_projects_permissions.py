"""The projects of a pratica (section Contenuto) through the JSON API: who lists, reads, creates,
changes, deletes them and copies their totals into the fee calculator, and what each write leaves
in the pratica's history.

Actors: the owner's operatore, the owner's sola_lettura user, a user of the account the pratica is
shared with (the gestore), a user of an unrelated account, nobody. Every write runs on a fresh
pratica and project so that the cells do not depend on each other; every refused write leaves the
project, the pratica's projects, the pratica and its history exactly as they were.
"""
import json
import os
import random
import string
import unittest
import urllib.parse

import api_client as api
from api_client import OPERATORE, LETTORE, TYPE_ID

GESTORE = "gestore@prova.it"
ALTRO = "altro@prova.it"
ANONYMOUS = None
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
KINDS = ("piano-consumatore", "accordo-concordato", "liquidazione")
PROJECT_KEYS = ["aggiornato", "attivo", "campi", "creato", "id", "nome", "passivo", "pratica", "proprietario", "tipo", "versione"]



def surname(prefix="Progetto"):
    return prefix + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


session = api.session


def summary(project, owner=True):
    """The project as a list shows it: without `campi`, `proprietario` as the viewer sees it."""
    return {**{k: v for k, v in project.items() if k != "campi"}, "proprietario": owner}


class ProjectsTestCase(api.APIAssertions, unittest.TestCase):
    maxDiff = 8000

    # -- requests -------------------------------------------------------------------------------

    def call(self, method, path, body=None, auth=OPERATORE):
        return api.call(method, path, body, auth)

    # -- data -----------------------------------------------------------------------------------

    def contact(self, auth=OPERATORE, prefix="Creditore"):
        """A contact of `auth`'s account with a unique surname; returns (id, surname)."""
        name = surname(prefix)
        created = self.ok(self.call("POST", "/api/v1/contacts", {"tipo": "giuridica", "denominazione": name}, auth=auth), 201).json()
        return created["id"], name

    def shared_pratica(self):
        """A pratica of the owner, shared with the gestore's studio; returns (pratica, a creditor contact id of the owner)."""
        debtor, _ = self.contact(prefix="Debitore")
        pratica = self.ok(self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
            "stato": "aperta", "interessati": [{"debitore": debtor}]}}), 201).json()
        self.ok(self.call("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": SHARED_CODE}), 201)
        creditor, _ = self.contact()
        return pratica, creditor

    def new_project(self, pid, kind="piano-consumatore", name=None):
        return self.ok(self.call("POST", f"/api/v1/pratiche/{pid}/projects", {"tipo": kind, "nome": name or surname("Piano ")}), 201).json()

    def patch(self, project, campi, auth=OPERATORE, name=None):
        body = {"versione": project["versione"], "campi": campi}
        if name is not None:
            body["nome"] = name
        return self.call("PATCH", f"/api/v1/projects/{project['id']}", body, auth=auth)

    def filled_project(self, kind="piano-consumatore"):
        """A shared pratica with one project of `kind` holding a creditor of 1200.50, an asset of
        4400 and external finance of 100 (attivo 4500.00, passivo 1200.50). Returns (pratica, project, creditor)."""
        pratica, creditor = self.shared_pratica()
        project = self.new_project(pratica["id"], kind)
        filled = self.ok(self.patch(project, {
            "creditori": [{"creditore": creditor, "importo": "1200.50", "privilegio": "chirografario"}],
            "beni": [{"descrizione": "Appartamento", "tipo": "immobile", "valore": "4400"}],
            "finanza_esterna": "100"})).json()
        self.assertEqual((filled["attivo"], filled["passivo"], filled["versione"]), ("4500.00", "1200.50", 2))
        return pratica, filled, creditor

    # -- reading back ---------------------------------------------------------------------------

    def project(self, project_id, auth=OPERATORE):
        return self.ok(self.call("GET", f"/api/v1/projects/{project_id}", auth=auth)).json()

    def projects(self, pid, auth=OPERATORE):
        return self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/projects", auth=auth)).json()["progetti"]

    def history(self, pid, auth=OPERATORE):
        return self.ok(self.call("GET", f"/api/v1/pratiche/{pid}/history", auth=auth)).json()

    def project_entries(self, pid, auth=OPERATORE):
        """The history entries about projects: (azione, chi, prima, dopo)."""
        return [(e["azione"], e["chi"], e["prima"], e["dopo"]) for e in self.history(pid, auth=auth) if e["campo"] == "progetti"]

    def snapshot(self, pid, project_id=None):
        """Everything a project write could change, as the owner reads it."""
        state = {"progetti": self.projects(pid), "pratica": self.ok(self.call("GET", f"/api/v1/pratiche/{pid}")).json(),
                 "storico": self.history(pid)}
        if project_id is not None:
            state["progetto"] = self.project(project_id)
        return state


# =============================================================================================
class ProjectReadTest(ProjectsTestCase):

    def test_who_lists_and_reads_a_project(self):
        """The owner's users and the gestore list and read the project (the gestore with
        `proprietario` false); an unrelated account gets 404, nobody 401."""
        pratica, project, creditor = self.filled_project()
        pid = pratica["id"]
        self.assertEqual(sorted(project), PROJECT_KEYS)
        self.assertEqual((project["pratica"], project["tipo"], project["proprietario"]), (pid, "piano-consumatore", True))
        self.assertEqual(project["campi"], {
            "creditori": [{"creditore": creditor, "importo": "1200.50", "privilegio": "chirografario"}],
            "beni": [{"descrizione": "Appartamento", "tipo": "immobile", "valore": "4400.00"}],
            "finanza_esterna": "100.00"})
        for actor, owner in ((OPERATORE, True), (LETTORE, True), (GESTORE, False)):
            with self.subTest(actor=actor):
                self.assertEqual(self.projects(pid, auth=actor), [summary(project, owner)])
                self.assertEqual(self.project(project["id"], auth=actor), {**project, "proprietario": owner})
        for actor, status in ((ALTRO, 404), (ANONYMOUS, 401)):
            with self.subTest(actor=actor):
                self.refused(self.call("GET", f"/api/v1/pratiche/{pid}/projects", auth=actor), status)
                answer = self.refused(self.call("GET", f"/api/v1/projects/{project['id']}", auth=actor), status)
                self.assertNotIn(project["nome"], json.dumps(answer))

    def test_a_new_pratica_has_no_projects(self):
        """A pratica starts with an empty Contenuto, for the owner and for the gestore."""
        pratica, _ = self.shared_pratica()
        for actor in (OPERATORE, LETTORE, GESTORE):
            with self.subTest(actor=actor):
                self.assertEqual(self.projects(pratica["id"], auth=actor), [])

    def test_projects_are_listed_in_creation_order(self):
        """Each kind of the type can be created; the list holds them all, oldest first, without `campi`."""
        pratica, _ = self.shared_pratica()
        created = [self.new_project(pratica["id"], kind, f"Progetto {number}") for number, kind in enumerate(KINDS, 1)]
        for project, kind in zip(created, KINDS):
            self.assertEqual({k: project[k] for k in ("tipo", "versione", "attivo", "passivo", "proprietario", "campi")},
                             {"tipo": kind, "versione": 1, "attivo": "0.00", "passivo": "0.00", "proprietario": True, "campi": {}})
        self.assertEqual(self.projects(pratica["id"]), [summary(project) for project in created])
        self.assertEqual([p["nome"] for p in self.projects(pratica["id"], auth=GESTORE)], ["Progetto 1", "Progetto 2", "Progetto 3"])

    def test_unknown_project_is_not_found(self):
        """A project id that does not exist is 404 for every operation, also for the owner."""
        for method, path, body in (("GET", "/api/v1/projects/999999999", None),
                                   ("PATCH", "/api/v1/projects/999999999", {"versione": 1, "nome": "x"}),
                                   ("DELETE", "/api/v1/projects/999999999", None),
                                   ("POST", "/api/v1/projects/999999999/fees-input", None),
                                   ("GET", "/api/v1/pratiche/999999999/projects", None),
                                   ("POST", "/api/v1/pratiche/999999999/projects", {"tipo": "liquidazione", "nome": "x"})):
            with self.subTest(method=method, path=path):
                self.refused(self.call(method, path, body), 404)

    def test_ending_the_share_closes_the_projects(self):
        """Once the owner ends the share, the gestore no longer finds the projects, nor changes them."""
        pratica, project, creditor = self.filled_project()
        pid = pratica["id"]
        self.ok(self.call("DELETE", f"/api/v1/pratiche/{pid}/shares/{SHARED_CODE}"), 204)
        before = self.snapshot(pid, project["id"])
        self.refused(self.call("GET", f"/api/v1/pratiche/{pid}/projects", auth=GESTORE), 404)
        self.refused(self.call("GET", f"/api/v1/projects/{project['id']}", auth=GESTORE), 404)
        self.refused(self.patch(project, {"finanza_esterna": "1"}, auth=GESTORE), 404)
        self.assertEqual(self.snapshot(pid, project["id"]), before)


# =============================================================================================
class ProjectWriteMatrixTest(ProjectsTestCase):

    # Expected status of each write for each actor.
    WRITES = {
        "create": {OPERATORE: 201, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "update": {OPERATORE: 200, LETTORE: 403, GESTORE: 200, ALTRO: 404, ANONYMOUS: 401},
        "delete": {OPERATORE: 204, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "fees-input": {OPERATORE: 200, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
    }
    NEW_NAME = "Piano rivisto"

    def write(self, operation, pratica, project, actor):
        if operation == "create":
            return self.call("POST", f"/api/v1/pratiche/{pratica['id']}/projects", {"tipo": "liquidazione", "nome": "Liquidazione"}, auth=actor)
        if operation == "update":
            return self.patch(project, {"creditori[1].importo": "2000", "finanza_esterna": "250"}, auth=actor, name=self.NEW_NAME)
        if operation == "delete":
            return self.call("DELETE", f"/api/v1/projects/{project['id']}", auth=actor)
        return self.call("POST", f"/api/v1/projects/{project['id']}/fees-input", auth=actor)

    def test_writes(self):
        """Each write by each actor, on a fresh shared pratica with a filled project: the status
        of the table; a success does what it says and is audited under the actor, a refusal
        changes nothing."""
        for operation, expectations in self.WRITES.items():
            for actor, status in expectations.items():
                with self.subTest(operation=operation, actor=actor):
                    pratica, project, creditor = self.filled_project()
                    pid = pratica["id"]
                    before = self.snapshot(pid, project["id"])
                    response = self.write(operation, pratica, project, actor)
                    self.assertEqual(response.status, status, response.describe())
                    if status >= 400:
                        self.refused(response, status)
                        self.assertEqual(self.snapshot(pid, project["id"]), before, "a refused write changes nothing")
                        continue
                    getattr(self, "check_" + operation.replace("-", "_"))(response, actor, pratica, project, creditor, before)

    def check_create(self, response, actor, pratica, project, creditor, before):
        created = response.json()
        self.assertEqual(sorted(created), PROJECT_KEYS)
        self.assertEqual({k: created[k] for k in ("pratica", "tipo", "nome", "versione", "attivo", "passivo", "proprietario", "campi")},
                         {"pratica": pratica["id"], "tipo": "liquidazione", "nome": "Liquidazione", "versione": 1, "attivo": "0.00",
                          "passivo": "0.00", "proprietario": True, "campi": {}})
        self.assertEqual(self.projects(pratica["id"]), before["progetti"] + [summary(created)])
        self.assertEqual(self.project(created["id"]), created)
        self.assertEqual(self.project_entries(pratica["id"])[-1], ("project_create", actor, None, "Liquidazione"))

    def check_update(self, response, actor, pratica, project, creditor, before):
        changed = response.json()
        self.assertEqual(changed["versione"], project["versione"] + 1)
        self.assertEqual((changed["nome"], changed["attivo"], changed["passivo"]), (self.NEW_NAME, "4650.00", "2000.00"))
        self.assertEqual(changed["proprietario"], actor != GESTORE)
        self.assertEqual(changed["campi"], {**project["campi"], "finanza_esterna": "250.00",
                                            "creditori": [{"creditore": creditor, "importo": "2000.00", "privilegio": "chirografario"}]})
        self.assertEqual(self.project(project["id"]), {**changed, "proprietario": True})
        self.assertEqual(self.history(pratica["id"])[:-1], before["storico"])
        self.assertEqual(self.project_entries(pratica["id"])[-1], ("project_update", actor, None, self.NEW_NAME))

    def check_delete(self, response, actor, pratica, project, creditor, before):
        self.assertEqual(response.body, b"")
        self.refused(self.call("GET", f"/api/v1/projects/{project['id']}"), 404)
        self.refused(self.call("GET", f"/api/v1/projects/{project['id']}", auth=GESTORE), 404)
        self.assertEqual(self.projects(pratica["id"]), [])
        self.assertEqual(self.history(pratica["id"])[:-1], before["storico"])
        self.assertEqual(self.project_entries(pratica["id"])[-1], ("project_delete", actor, project["nome"], None))

    def check_fees_input(self, response, actor, pratica, project, creditor, before):
        changed = response.json()
        self.assertEqual(changed["id"], pratica["id"])
        self.assertEqual((changed["campi"]["compenso_attivo"], changed["campi"]["compenso_passivo"]), ("4500.00", "1200.50"))
        self.assertEqual(changed["versione"], before["pratica"]["versione"] + 1)
        self.assertEqual(self.ok(self.call("GET", f"/api/v1/pratiche/{pratica['id']}")).json(), changed)
        self.assertEqual(self.project(project["id"]), before["progetto"], "the project itself is unchanged")
        added = self.history(pratica["id"])[len(before["storico"]):]
        self.assertEqual(sorted((e["azione"], e["chi"], e["campo"], e["dopo"]) for e in added),
                         [("update", actor, "compenso_attivo", "4500.00"), ("update", actor, "compenso_passivo", "1200.50")])

    def test_refused_creation_by_a_user_of_the_pratica_account_names_no_project(self):
        """A refused creation (gestore, sola_lettura) adds nothing that the gestore could see either."""
        pratica, _ = self.shared_pratica()
        for actor in (LETTORE, GESTORE):
            with self.subTest(actor=actor):
                self.refused(self.call("POST", f"/api/v1/pratiche/{pratica['id']}/projects",
                                       {"tipo": "piano-consumatore", "nome": "Non creato"}, auth=actor), 403)
        self.assertEqual(self.projects(pratica["id"], auth=GESTORE), [])
        self.assertEqual(self.project_entries(pratica["id"], auth=GESTORE), [])

    def test_session_write_without_csrf_token_is_refused(self):
        """A browser session's cookie alone does not change a project: 403, nothing changes."""
        pratica, project, _ = self.filled_project()
        before = self.snapshot(pratica["id"], project["id"])
        operatore = session(OPERATORE)
        for method, path, body in (("PATCH", f"/api/v1/projects/{project['id']}", {"versione": project["versione"], "nome": "Via cookie"}),
                                   ("DELETE", f"/api/v1/projects/{project['id']}", None),
                                   ("POST", f"/api/v1/projects/{project['id']}/fees-input", None),
                                   ("POST", f"/api/v1/pratiche/{pratica['id']}/projects", {"tipo": "liquidazione", "nome": "Via cookie"})):
            with self.subTest(method=method, path=path):
                headers = operatore.headers(with_csrf=False)
                if body is not None:
                    headers["Content-Type"] = "application/json"
                self.refused(api.request(method, path, body=None if body is None else json.dumps(body), headers=headers), 403)
        self.assertEqual(self.snapshot(pratica["id"], project["id"]), before)


# =============================================================================================
class ProjectAuditTest(ProjectsTestCase):

    def test_every_project_write_is_in_the_history(self):
        """Creation, the owner's and the gestore's changes and the deletion are audited under
        "progetti" with who did them; the owner's users and the gestore read the same entries."""
        pratica, creditor = self.shared_pratica()
        pid = pratica["id"]
        project = self.new_project(pid, "accordo-concordato", "Accordo – prima bozza")
        project = self.ok(self.patch(project, {"creditori": [{"creditore": creditor, "importo": "800", "classe": "Banche"}]})).json()
        project = self.ok(self.patch(project, {}, name="Accordo – seconda bozza")).json()
        project = self.ok(self.patch(project, {"creditori[1].importo": "950"}, auth=GESTORE)).json()
        self.ok(self.call("DELETE", f"/api/v1/projects/{project['id']}"), 204)
        expected = [("project_create", OPERATORE, None, "Accordo – prima bozza"),
                    ("project_update", OPERATORE, None, "Accordo – prima bozza"),
                    ("project_update", OPERATORE, None, "Accordo – seconda bozza"),
                    ("project_update", GESTORE, None, "Accordo – seconda bozza"),
                    ("project_delete", OPERATORE, "Accordo – seconda bozza", None)]
        for actor in (OPERATORE, LETTORE, GESTORE):
            with self.subTest(actor=actor):
                self.assertEqual(self.project_entries(pid, auth=actor), expected)

    def test_a_change_that_changes_nothing_is_not_audited(self):
        """Sending back the values the project already holds keeps its version and writes no entry."""
        pratica, project, creditor = self.filled_project()
        before = self.snapshot(pratica["id"], project["id"])
        same = self.ok(self.patch(project, {"finanza_esterna": "100.00"}, name=project["nome"])).json()
        self.assertEqual(same, project)
        self.assertEqual(self.snapshot(pratica["id"], project["id"]), before)

    def test_refused_changes_are_not_in_the_history(self):
        """Refused project writes (403, 404, 409, 422) leave no entry for anybody."""
        pratica, project, _ = self.filled_project()
        pid = pratica["id"]
        before = self.snapshot(pid, project["id"])
        self.refused(self.patch(project, {"finanza_esterna": "1"}, auth=LETTORE), 403)
        self.refused(self.call("DELETE", f"/api/v1/projects/{project['id']}", auth=GESTORE), 403)
        self.refused(self.patch(project, {"finanza_esterna": "1"}, auth=ALTRO), 404)
        self.refused(self.patch({**project, "versione": project["versione"] - 1}, {"finanza_esterna": "1"}), 409)
        self.refused(self.patch(project, {"finanza_esterna": "-1"}), 422, "finanza_esterna")
        self.assertEqual(self.snapshot(pid, project["id"]), before)
        self.assertEqual(self.project_entries(pid, auth=GESTORE), self.project_entries(pid))


# =============================================================================================
class ProjectConflictAndValidationTest(ProjectsTestCase):

    def test_stale_version_is_a_conflict(self):
        """Two edits from the same version: the first is saved, the second (owner or gestore) is
        refused with 409 and the first one's data stay."""
        pratica, project, _ = self.filled_project()
        first = self.ok(self.patch(project, {"finanza_esterna": "300"})).json()
        self.assertEqual((first["versione"], first["attivo"]), (project["versione"] + 1, "4700.00"))
        after_first = self.snapshot(pratica["id"], project["id"])
        for actor in (OPERATORE, GESTORE):
            with self.subTest(actor=actor):
                self.refused(self.patch(project, {"finanza_esterna": "900"}, auth=actor, name="Sovrascritto"), 409)
                self.assertEqual(self.snapshot(pratica["id"], project["id"]), after_first)
        self.ok(self.patch(first, {"finanza_esterna": "900"}, auth=GESTORE))

    def test_versione_is_required(self):
        """A change without `versione` is refused (4xx) and changes nothing."""
        pratica, project, _ = self.filled_project()
        before = self.snapshot(pratica["id"], project["id"])
        answer = self.call("PATCH", f"/api/v1/projects/{project['id']}", {"campi": {"finanza_esterna": "1"}})
        self.assertIn(answer.status, (400, 422), answer.describe())
        self.refused(answer, answer.status, "versione")
        self.assertEqual(self.snapshot(pratica["id"], project["id"]), before)

    def test_contact_of_another_account_is_refused(self):
        """A creditor must be a contact of the pratica's owner: another account's contact (even
        the gestore's own) is refused with 422 on that row, without repeating its name. The gestore
        may link only the owner's contacts it already reads (those of the pratica and its
        projects): any other of the owner's contacts gets the same refusal as a missing one."""
        pratica, project, creditor = self.filled_project()
        pid = pratica["id"]
        before = self.snapshot(pid, project["id"])
        foreign, foreign_name = self.contact(auth=ALTRO, prefix="Estraneo")
        gestore_own, gestore_name = self.contact(auth=GESTORE, prefix="DelGestore")
        for actor, contact, name in ((OPERATORE, foreign, foreign_name), (GESTORE, gestore_own, gestore_name), (GESTORE, foreign, foreign_name)):
            with self.subTest(actor=actor, contact=name):
                answer = self.patch(project, {"creditori": [{"creditore": creditor, "importo": "1200.50"},
                                                            {"creditore": contact, "importo": "10"}]}, auth=actor)
                self.refused(answer, 422, "creditori[2].creditore")
                self.assertNotIn(name, answer.text)
                self.assertEqual(self.snapshot(pid, project["id"]), before)
        unseen, unseen_name = self.contact()
        answer = self.patch(project, {"creditori[2].creditore": unseen, "creditori[2].importo": "10"}, auth=GESTORE)
        self.refused(answer, 422, "creditori[2].creditore")
        self.assertNotIn(unseen_name, answer.text)
        self.assertEqual(self.snapshot(pid, project["id"]), before)
        # A contact the gestore already reads (the project's creditor) may be linked again.
        changed = self.ok(self.patch(project, {"creditori[2].creditore": creditor, "creditori[2].importo": "10"}, auth=GESTORE)).json()
        self.assertEqual([row["creditore"] for row in changed["campi"]["creditori"]], [creditor, creditor])
        self.assertEqual(changed["passivo"], "1210.50")

    def test_fields_follow_the_kind(self):
        """Each kind has its own fields: `classe` only in the accordo, `soddisfazione` not in the
        liquidazione; required and negative values are refused on their row."""
        pratica, creditor = self.shared_pratica()
        pid = pratica["id"]
        cases = [
            ("accordo-concordato", {"creditori": [{"creditore": creditor, "importo": "10", "classe": "Banche", "soddisfazione": "40"}]}, None),
            ("piano-consumatore", {"creditori": [{"creditore": creditor, "importo": "10", "soddisfazione": "40"}]}, None),
            ("piano-consumatore", {"creditori": [{"creditore": creditor, "importo": "10", "classe": "Banche"}]}, "creditori[1].classe"),
            ("liquidazione", {"creditori": [{"creditore": creditor, "importo": "10", "soddisfazione": "40"}]}, "creditori[1].soddisfazione"),
            ("liquidazione", {"creditori": [{"creditore": creditor, "importo": "10"}, {"creditore": creditor}]}, "creditori[2].importo"),
            ("liquidazione", {"creditori": [{"importo": "10"}]}, "creditori[1].creditore"),
            ("liquidazione", {"beni": [{"valore": "10"}]}, "beni[1].descrizione"),
            ("accordo-concordato", {"beni": [{"descrizione": "Auto", "valore": "-5"}]}, "beni[1].valore"),
            ("accordo-concordato", {"creditori": [{"creditore": creditor, "importo": "10", "soddisfazione": "101"}]}, "creditori[1].soddisfazione"),
        ]
        for kind, campi, field in cases:
            with self.subTest(kind=kind, campi=campi):
                project = self.new_project(pid, kind)
                before = self.snapshot(pid, project["id"])
                answer = self.patch(project, campi)
                if field is None:
                    self.ok(answer)
                    continue
                self.refused(answer, 422, field)
                self.assertEqual(self.snapshot(pid, project["id"]), before)

    def test_creation_needs_a_kind_of_the_type_and_a_name(self):
        """An unknown kind (422 on `tipo`) or a blank name (422 on `nome`) creates nothing."""
        pratica, _ = self.shared_pratica()
        before = self.snapshot(pratica["id"])
        for body, field in (({"tipo": "mutuo-agevolato", "nome": "Piano"}, "tipo"), ({"tipo": "liquidazione", "nome": "   "}, "nome"),
                            ({"tipo": "liquidazione", "nome": "x" * 201}, "nome")):
            with self.subTest(body=body):
                self.refused(self.call("POST", f"/api/v1/pratiche/{pratica['id']}/projects", body), 422, field)
        self.assertEqual(self.snapshot(pratica["id"]), before)

    def test_totals_of_every_kind(self):
        """attivo = the assets' values + external finance; passivo = the creditors' amounts, for each kind."""
        pratica, creditor = self.shared_pratica()
        second, _ = self.contact()
        for kind in KINDS:
            with self.subTest(kind=kind):
                project = self.new_project(pratica["id"], kind)
                changed = self.ok(self.patch(project, {
                    "creditori": [{"creditore": creditor, "importo": "1200.50"}, {"creditore": second, "importo": "0.75"},
                                  {"creditore": creditor, "importo": "30000"}],
                    "beni": [{"descrizione": "Casa", "valore": "4400"}, {"descrizione": "Quadro"}, {"descrizione": "Conto", "valore": "12.34"}],
                    "finanza_esterna": "100"})).json()
                self.assertEqual((changed["attivo"], changed["passivo"]), ("4512.34", "31201.25"))
                listed = {p["id"]: p for p in self.projects(pratica["id"])}[project["id"]]
                self.assertEqual((listed["attivo"], listed["passivo"]), ("4512.34", "31201.25"))
                cleared = self.ok(self.patch(changed, {"beni": [], "creditori": [], "finanza_esterna": None})).json()
                self.assertEqual((cleared["attivo"], cleared["passivo"], cleared["campi"]), ("0.00", "0.00", {}))


# =============================================================================================
class ProjectWebFormPermissionTest(ProjectsTestCase):
    """The same rules through the HTML forms of the project page (cookie session and `_csrf`)."""

    def form(self, actor, path, fields):
        user = session(actor)
        body = urllib.parse.urlencode({"_csrf": user.csrf, **fields})
        return api.request("POST", path, body=body, headers={**user.headers(with_csrf=False), "Accept": "text/html",
                                                              "Content-Type": "application/x-www-form-urlencoded"})

    def page(self, actor, path):
        return api.request("GET", path, headers={**session(actor).headers(with_csrf=False), "Accept": "text/html"})

    def test_project_page_by_actor(self):
        """The owner's users and the gestore open the project page; the unrelated account gets 404,
        and so does a project under another pratica's address."""
        pratica, project, _ = self.filled_project()
        other, _ = self.shared_pratica()
        path = f"/pratiche/{pratica['id']}/progetti/{project['id']}"
        for actor, status in ((OPERATORE, 200), (LETTORE, 200), (GESTORE, 200), (ALTRO, 404)):
            with self.subTest(actor=actor):
                answer = self.page(actor, path)
                self.assertEqual(answer.status, status, answer.describe())
                self.assertEqual(project["nome"] in answer.text, status == 200)
        for actor in (OPERATORE, GESTORE):
            with self.subTest(actor=actor, pratica="another"):
                self.assertEqual(self.page(actor, f"/pratiche/{other['id']}/progetti/{project['id']}").status, 404)
        anonymous = api.request("GET", path, headers={"Accept": "text/html"})
        self.assertEqual(anonymous.status, 303, anonymous.describe())
        self.assertTrue(anonymous.header("Location").startswith("/login"), anonymous.describe())

    FORMS = {
        "create": {LETTORE: 403, GESTORE: 403, ALTRO: 404},
        "save": {LETTORE: 403, ALTRO: 404},
        "delete": {LETTORE: 403, GESTORE: 403, ALTRO: 404},
        "use totals": {LETTORE: 403, GESTORE: 403, ALTRO: 404},
    }

    def test_refused_forms_change_nothing(self):
        """Creating, saving, deleting and copying the totals through the page's forms are refused
        as through the API (403 for the sola_lettura user and the gestore, 404 for another
        account), and change nothing."""
        for operation, expectations in self.FORMS.items():
            for actor, status in expectations.items():
                with self.subTest(operation=operation, actor=actor):
                    pratica, project, _ = self.filled_project()
                    pid, base = pratica["id"], f"/pratiche/{pratica['id']}/progetti"
                    before = self.snapshot(pid, project["id"])
                    if operation == "create":
                        answer = self.form(actor, base, {"tipo_progetto": "liquidazione", "nome_progetto": "Dal modulo"})
                    elif operation == "save":
                        answer = self.form(actor, f"{base}/{project['id']}", {"versione": str(project["versione"]), "nome_progetto": "Dal modulo"})
                    elif operation == "delete":
                        answer = self.form(actor, f"{base}/{project['id']}/elimina", {})
                    else:
                        answer = self.form(actor, f"{base}/{project['id']}/totali", {})
                    self.assertEqual(answer.status, status, answer.describe())
                    self.assertEqual(self.snapshot(pid, project["id"]), before)


if __name__ == "__main__":
    unittest.main()
