"""Plain-HTTP helpers for the API contract tests (test_api.py): requests over http.client,
bearer tokens from the CLI, cookie sessions through /login, and a checker that validates every
response against the OpenAPI document with jsonschema (Draft 2020-12).

Environment (set by run.sh): FASCICOLO_URL, FASCICOLO_BIN, FASCICOLO_DATA, FASCICOLO_ROOT;
FASCICOLO_OPENAPI_FROM_REPO=1 reads the document from the repository instead of the server.
"""
import html
import http.client
import json
import os
import random
import re
import string
import subprocess
import urllib.parse

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE_URL = os.environ.get("FASCICOLO_URL", "http://127.0.0.1:8080")
BIN = os.environ.get("FASCICOLO_BIN", "")
DATA = os.environ.get("FASCICOLO_DATA", "")
ROOT = os.environ.get("FASCICOLO_ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
OPENAPI_FROM_REPO = os.environ.get("FASCICOLO_OPENAPI_FROM_REPO") == "1"
REPO_OPENAPI = os.path.join(ROOT, "Sources", "FascicoloWeb", "Static", "openapi.json")

OPERATORE = "operatore@prova.it"
LETTORE = "lettore@prova.it"
PASSWORD = "password-di-prova"
TYPE_ID = "crisi-sovraindebitamento"

# Personal data the tests send somewhere; no error message may ever contain any of it.
PERSONAL_DATA = set()


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers
        self.body = body
        self._json = None

    def header(self, name):
        return self.headers.get(name)

    def header_all(self, name):
        return self.headers.get_all(name) or []

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json

    def describe(self):
        path = self.path if len(self.path) <= 160 else self.path[:160] + "…"
        return f"{self.method} {path} -> {self.status}: {self.text[:500]}"


def request(method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection, without following redirects. `path` is sent exactly as
    given (no normalisation), `body` is bytes, str or None. A server that closes the connection
    while the body is still being sent is tolerated: its response is read all the same."""
    parts = urllib.parse.urlsplit(BASE_URL)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        connection.putrequest(method, path, skip_accept_encoding=True)
        headers = dict(headers or {})
        headers.setdefault("Accept", "application/json")
        if body is not None:
            headers["Content-Length"] = str(len(body))
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body:
            try:
                view = memoryview(body)
                for start in range(0, len(view), 65536):
                    connection.send(view[start:start + 65536])
            except (BrokenPipeError, ConnectionResetError):
                pass
        response = connection.getresponse()
        return Response(method, path, response.status, response.headers, response.read())
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------
# Authentication

_tokens = {}


def token(email):
    """A bearer token for `email`, created once with `fascicolo token create`."""
    if email not in _tokens:
        if not BIN or not DATA:
            raise RuntimeError("FASCICOLO_BIN and FASCICOLO_DATA are needed to create API tokens (run through run.sh)")
        done = subprocess.run([BIN, "token", "create", "--root", ROOT, "--data", DATA, "--user", email, "--label", "test-api"],
                              capture_output=True, text=True, check=True)
        lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        _tokens[email] = lines[-1]
    return _tokens[email]


def bearer(email=OPERATORE):
    return {"Authorization": f"Bearer {token(email)}"}


class Session:
    """A signed-in browser session: the session cookie and its CSRF token."""

    def __init__(self, cookie, csrf):
        self.cookie = cookie
        self.csrf = csrf

    def headers(self, with_csrf=True, csrf=None):
        headers = {"Cookie": f"fascicolo_sessione={self.cookie}"}
        if with_csrf:
            headers["X-CSRF-Token"] = csrf if csrf is not None else self.csrf
        return headers


def _cookie(response, name):
    for header in response.header_all("Set-Cookie"):
        match = re.match(rf"\s*{re.escape(name)}=([^;]*)", header)
        if match:
            return match.group(1)
    return None


def login(email, password=PASSWORD):
    page = request("GET", "/login", headers={"Accept": "text/html"})
    if page.status != 200:
        raise RuntimeError(f"GET /login: {page.status}")
    match = re.search(r'name="_login"\s+value="([^"]*)"', page.text)
    login_cookie = _cookie(page, "fascicolo_login")
    if not match or not login_cookie:
        raise RuntimeError("login form without _login field or fascicolo_login cookie")
    form = urllib.parse.urlencode({"_login": html.unescape(match.group(1)), "email": email, "password": password})
    answer = request("POST", "/login", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"fascicolo_login={login_cookie}", "Accept": "text/html"})
    secret = _cookie(answer, "fascicolo_sessione")
    if answer.status != 303 or not secret:
        raise RuntimeError(f"POST /login: {answer.status}, no session cookie")
    signed_in = request("GET", "/pratiche", headers={"Cookie": f"fascicolo_sessione={secret}", "Accept": "text/html"})
    csrf = re.search(r'<meta name="csrf-token" content="([^"]*)"', signed_in.text)
    if not csrf:
        raise RuntimeError("no csrf-token meta on /pratiche")
    return Session(secret, html.unescape(csrf.group(1)))


# ---------------------------------------------------------------------------------------------
# The OpenAPI document and the response checker

def load_document():
    """The OpenAPI document: the repository file, or the one the server serves."""
    if OPENAPI_FROM_REPO:
        with open(REPO_OPENAPI, encoding="utf-8") as handle:
            return json.load(handle)
    return request("GET", "/api/openapi.json").json()


def _escape(segment):
    return segment.replace("~", "~0").replace("/", "~1")


class ContractError(AssertionError):
    pass


class Contract:
    BASE_URI = "urn:fascicolo:openapi"
    METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

    def __init__(self, document):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(self.BASE_URI, resource)
        self.operations = {}
        self.templates = []
        for template, item in document.get("paths", {}).items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            self.templates.append((literal, template, re.compile(pattern)))
            for method in self.METHODS:
                if method in item:
                    self.operations[(method.upper(), template)] = item[method]
        self.templates.sort(key=lambda entry: -entry[0])
        self.exercised = {}
        self._validators = {}

    def template_for(self, method, raw_path):
        path = raw_path.split("?", 1)[0]
        for _, template, pattern in self.templates:
            if pattern.match(path) and (method.upper(), template) in self.operations:
                return template
        return None

    def resolve(self, node, pointer):
        """Follows a `$ref` (to a component) and returns the node and its JSON pointer."""
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ContractError(f"unsupported reference {ref}")
            pointer = ref[1:]
            node = self.document
            for part in pointer.split("/")[1:]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node, pointer

    def validator(self, pointer):
        if pointer not in self._validators:
            schema = {"$ref": f"{self.BASE_URI}#{pointer}"}
            self._validators[pointer] = jsonschema.Draft202012Validator(
                schema, registry=self.registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        return self._validators[pointer]

    def schema_errors(self, pointer, instance):
        errors = sorted(self.validator(pointer).iter_errors(instance), key=lambda e: list(e.absolute_path))
        return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}" for e in errors[:10]]

    def check(self, response, template=None):
        """Validates `response` against the document; returns the parsed JSON body (or None).
        Raises ContractError when the status is a 5xx or undocumented, or the body does not match."""
        if response.status >= 500:
            raise ContractError(f"server error: {response.describe()}")
        template = template or self.template_for(response.method, response.path)
        if template is None:
            raise ContractError(f"operation not in the OpenAPI document: {response.method} {response.path}")
        key = (response.method.upper(), template)
        operation = self.operations[key]
        responses = operation.get("responses", {})
        code = str(response.status)
        if code not in responses:
            raise ContractError(f"status {code} not documented for {key[0]} {template} "
                                f"(documented: {', '.join(sorted(responses))}): {response.describe()}")
        base = "/paths/" + _escape(template) + "/" + key[0].lower() + "/responses/" + code
        documented, pointer = self.resolve(responses[code], base)
        for name, header in (documented.get("headers") or {}).items():
            header, _ = self.resolve(header, "")
            if response.header(name) is None:
                raise ContractError(f"header {name} missing: {response.describe()}")
            schema = header.get("schema", {})
            if "const" in schema and response.header(name) != schema["const"]:
                raise ContractError(f"header {name} is {response.header(name)!r}, expected {schema['const']!r}")
        content = documented.get("content")
        body = None
        if content:
            if "application/json" not in content:
                raise ContractError(f"no application/json content documented for {key} {code}")
            content_type = response.header("Content-Type") or ""
            if not content_type.startswith("application/json"):
                raise ContractError(f"Content-Type {content_type!r} instead of JSON: {response.describe()}")
            try:
                body = response.json()
            except ValueError as error:
                raise ContractError(f"body is not JSON ({error}): {response.describe()}") from None
            errors = self.schema_errors(pointer + "/content/application~1json/schema", body)
            if errors:
                raise ContractError(f"{response.method} {response.path} -> {code} does not match the documented schema:\n  "
                                    + "\n  ".join(errors) + f"\nbody: {response.text[:1500]}")
            if isinstance(body, dict) and isinstance(body.get("error"), dict):
                error = body["error"]
                if "issues" in error and error["field"] != error["issues"][0]["field"]:
                    raise ContractError(f"error.field is not the first issue's field: {response.describe()}")
                leaked = [secret for secret in PERSONAL_DATA if secret.lower() in response.text.lower()]
                if leaked:
                    raise ContractError(f"error message repeats personal data {leaked}: {response.describe()}")
        elif response.body.strip():
            raise ContractError(f"undocumented body: {response.describe()}")
        self.exercised.setdefault(key, set()).add(response.status)
        return body


# ---------------------------------------------------------------------------------------------
# Test data

_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12,
                    14, 16, 10, 22, 25, 24, 23]))
_CF_EVEN = {c: (int(c) if c.isdigit() else ord(c) - ord("A")) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def cf_check_character(first15):
    total = sum(_CF_ODD[c] if i % 2 == 0 else _CF_EVEN[c] for i, c in enumerate(first15))
    return chr(ord("A") + total % 26)


def random_codice_fiscale(rng=random):
    letters = "".join(rng.choice("BCDFGHLMNPRSTVZ") for _ in range(6))
    year = f"{rng.randint(40, 99):02d}"
    month = rng.choice("ABCDEHLMPRST")
    day = f"{rng.randint(1, 28) + rng.choice([0, 40]):02d}"
    first15 = letters + year + month + day + "H501"
    return first15 + cf_check_character(first15)


def wrong_check_character(cf):
    good = cf[-1]
    return cf[:-1] + ("A" if good != "A" else "B")


def random_surname(rng=random):
    return "Zanardell" + "".join(rng.choice(string.ascii_lowercase) for _ in range(6))
