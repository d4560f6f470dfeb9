"""The authorisation matrix of docs/permissions.md, asserted through the JSON API.

For each actor — the owner's operatore, the owner's sola_lettura user, a user of the account the
pratica is shared with, a user of an unrelated account, and nobody — every read and write path
of a pratica answers as the table says. Every write runs on a fresh pratica so that the cells do
not depend on each other; every refused write leaves the pratica unchanged.
"""
import os
import random
import string
import unittest

import api_client as api
from api_client import OPERATORE, LETTORE, TYPE_ID

GESTORE = "gestore@prova.it"
ALTRO = "altro@prova.it"
ANONYMOUS = None
SHARED_CODE = os.environ.get("FASCICOLO_GESTORE_ACCOUNT", "")
OTHER_CODE = os.environ.get("FASCICOLO_ALTRO_ACCOUNT", "")


def surname():
    return "Matrice" + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


class PermissionMatrixTest(unittest.TestCase):
    def call(self, method, path, body=None, auth=OPERATORE):
        headers = api.bearer(auth) if auth else {}
        payload = None if body is None else api.json.dumps(body)
        if payload is not None:
            headers["Content-Type"] = "application/json"
        return api.request(method, path, body=payload, headers=headers)

    def shared_pratica(self):
        """A pratica of the owner, with a debtor of a unique surname and a hearing, shared with the gestore's studio."""
        name = surname()
        contact = self.call("POST", "/api/v1/contacts", {"tipo": "fisica", "cognome": name, "nome": "Prova"}).json()
        pratica = self.call("POST", "/api/v1/pratiche", {"tipo": TYPE_ID, "campi": {
            "stato": "aperta", "interessati": [{"debitore": contact["id"]}],
            "udienze": [{"data": "2026-03-15", "descrizione": "Comparizione"}]}}).json()
        shared = self.call("POST", f"/api/v1/pratiche/{pratica['id']}/shares", {"codice": SHARED_CODE})
        self.assertEqual(shared.status, 201, shared.describe())
        return pratica, contact, name

    # -- reads ----------------------------------------------------------------------------------

    READERS = {OPERATORE: True, LETTORE: True, GESTORE: True, ALTRO: False}

    def test_reads(self):
        pratica, contact, name = self.shared_pratica()
        pid = pratica["id"]
        for actor, sees in self.READERS.items():
            with self.subTest(actor=actor):
                expected = 200 if sees else 404
                for path in [f"/api/v1/pratiche/{pid}", f"/api/v1/pratiche/{pid}/history", f"/api/v1/pratiche/{pid}/shares",
                             f"/api/v1/pratiche/{pid}/transitions", f"/api/v1/contacts/{contact['id']}"]:
                    self.assertEqual(self.call("GET", path, auth=actor).status, expected, f"{actor} GET {path}")
                found = [p["id"] for p in self.call("GET", f"/api/v1/search?q={name}", auth=actor).json()["pratiche"]]
                self.assertEqual(pid in found, sees, f"{actor}: search by surname")
                listed = [p["id"] for p in self.call("GET", "/api/v1/pratiche?per_pagina=500&ordina=-creata", auth=actor).json()["pratiche"]]
                self.assertEqual(pid in listed, sees, f"{actor}: list")
                dates = self.call("GET", f"/api/v1/calendar?da=2026-03-01&a=2026-03-31&q={name}", auth=actor).json()
                self.assertEqual(any(d["pratica"] == pid for d in dates), sees, f"{actor}: calendar")
        for path in [f"/api/v1/pratiche/{pid}", "/api/v1/pratiche", f"/api/v1/contacts/{contact['id']}"]:
            self.assertEqual(self.call("GET", path, auth=ANONYMOUS).status, 401, f"anonymous GET {path}")

    # -- writes ---------------------------------------------------------------------------------

    # Expected status of each write for each actor (docs/permissions.md).
    WRITES = {
        "note (owner-only field)": {OPERATORE: 200, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "hearing (open to shared accounts)": {OPERATORE: 200, LETTORE: 403, GESTORE: 200, ALTRO: 404, ANONYMOUS: 401},
        "transition": {OPERATORE: 200, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "protocol": {OPERATORE: 200, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "share with another account": {OPERATORE: 201, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
        "end a share": {OPERATORE: 204, LETTORE: 403, GESTORE: 403, ALTRO: 404, ANONYMOUS: 401},
    }

    def write(self, operation, pratica, actor):
        pid = pratica["id"]
        if operation == "note (owner-only field)":
            return self.call("PATCH", f"/api/v1/pratiche/{pid}", {"versione": pratica["versione"], "campi": {"note": "x"}}, auth=actor)
        if operation == "hearing (open to shared accounts)":
            return self.call("PATCH", f"/api/v1/pratiche/{pid}", {"versione": pratica["versione"],
                                                                 "campi": {"udienze[1].descrizione": "Rinvio"}}, auth=actor)
        if operation == "transition":
            return self.call("POST", f"/api/v1/pratiche/{pid}/transitions", {"stato": "esame_documentazione"}, auth=actor)
        if operation == "protocol":
            return self.call("POST", f"/api/v1/pratiche/{pid}/protocol", {}, auth=actor)
        if operation == "share with another account":
            return self.call("POST", f"/api/v1/pratiche/{pid}/shares", {"codice": OTHER_CODE}, auth=actor)
        return self.call("DELETE", f"/api/v1/pratiche/{pid}/shares/{SHARED_CODE}", auth=actor)

    def test_writes(self):
        for operation, expectations in self.WRITES.items():
            for actor, status in expectations.items():
                with self.subTest(operation=operation, actor=actor):
                    pratica, _, _ = self.shared_pratica()
                    before = self.call("GET", f"/api/v1/pratiche/{pratica['id']}").json()
                    response = self.write(operation, pratica, actor)
                    self.assertEqual(response.status, status, response.describe())
                    if status >= 400:
                        self.assertIn("error", response.json())
                        after = self.call("GET", f"/api/v1/pratiche/{pratica['id']}").json()
                        self.assertEqual(after, before, "a refused write changes nothing")


if __name__ == "__main__":
    unittest.main()
