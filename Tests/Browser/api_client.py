"""Plain-HTTP helpers for the API contract tests (test_api.py): requests over http.client,
bearer tokens from the CLI, cookie sessions through /login, and a checker that validates every
response against the OpenAPI document with jsonschema (Draft 2020-12).

Environment (set by run.sh): FASCICOLO_URL, FASCICOLO_BIN, FASCICOLO_DATA, FASCICOLO_ROOT.
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

OPERATORE = "operatore@prova.it"
LETTORE = "lettore@prova.it"
ADMIN = "admin@prova.it"  # the owner account's admin (role admin), added by run.sh
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


def request(method, path, body=None, headers=None, timeout=30, base_url=None, source_address=None):
    """One request on a fresh connection, without following redirects. `path` is sent exactly as
    given (no normalisation), `body` is bytes, str or None. A server that closes the connection
    while the body is still being sent is tolerated: its response is read all the same.
    `base_url` addresses another server than FASCICOLO_URL; `source_address` is the local
    (host, port) to connect from (another loopback address is another client)."""
    parts = urllib.parse.urlsplit(base_url or BASE_URL)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=source_address)
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


UPLOAD_STAGING = os.path.join(DATA, "allegati", "tmp")


def staging_files():
    """What uploads left in the server's staging folder (nothing, when each upload ended cleanly)."""
    return os.listdir(UPLOAD_STAGING) if os.path.isdir(UPLOAD_STAGING) else []


_SESSIONS = {}


def session(email):
    """A cookie session of a user (for the HTML pages, forms and the CSV), signed in once per run."""
    if email not in _SESSIONS:
        _SESSIONS[email] = login(email)
    return _SESSIONS[email]


def call(method, path, body=None, auth=OPERATORE):
    """A JSON API call with a user's bearer token (`auth=None`: anonymous); `body` is sent as JSON."""
    headers = bearer(auth) if auth else {}
    payload = None if body is None else json.dumps(body)
    if payload is not None:
        headers["Content-Type"] = "application/json"
    return request(method, path, body=payload, headers=headers)


# ---------------------------------------------------------------------------------------------
# The OpenAPI document and the response checker

def load_document():
    """The OpenAPI document the server serves."""
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
            if "pattern" in schema and not re.search(schema["pattern"], response.header(name)):
                raise ContractError(f"header {name} is {response.header(name)!r}, not matching {schema['pattern']!r}")
        content = documented.get("content")
        body = None
        if content and "application/json" not in content:
            # A file (an attachment's download): any bytes, of a media type the document allows.
            content_type = (response.header("Content-Type") or "").split(";")[0].strip().lower()
            if not any(_media_type_matches(documented_type, content_type) for documented_type in content):
                raise ContractError(f"Content-Type {content_type!r} not documented ({', '.join(content)}): {response.describe()}")
        elif content:
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


def _media_type_matches(documented, actual):
    """Whether the media type `actual` fits `documented` (`*/*`, `image/*` or an exact type)."""
    documented = documented.split(";")[0].strip().lower()
    if documented == "*/*":
        return bool(actual)
    if documented.endswith("/*"):
        return actual.startswith(documented[:-1])
    return actual == documented


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


# ---------------------------------------------------------------------------------------------
# Files: multipart bodies and small valid samples

def multipart(parts):
    """A multipart/form-data body built by hand. `parts` holds (name, text) for a plain field or
    (name, filename, content_type, bytes) for a file (content_type None: no Content-Type line).
    Returns (body, the request's Content-Type header)."""
    boundary = "fascicolo-" + "".join(random.choice(string.ascii_letters + string.digits) for _ in range(24))
    chunks = []
    for part in parts:
        if len(part) == 2:
            name, value = part
            head = f'Content-Disposition: form-data; name="{name}"\r\n\r\n'
            data = value.encode("utf-8") if isinstance(value, str) else value
        else:
            name, filename, content_type, data = part
            head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            head += f"Content-Type: {content_type}\r\n\r\n" if content_type else "\r\n"
        chunks += [f"--{boundary}\r\n".encode("ascii"), head.encode("utf-8"), data, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def upload(path, filename, data, content_type="application/octet-stream", headers=None):
    """POSTs one file as the `file` part of a multipart form to `path`."""
    body, media_type = multipart([("file", filename, content_type, data)])
    return request("POST", path, body=body, headers={**(headers or {}), "Content-Type": media_type})


def sample_pdf(text="Documento di prova"):
    """A small, well-formed one-page PDF showing `text` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def sample_png(rgb=(200, 30, 30)):
    """A valid 2×2 PNG of one colour."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------------------
# The debtor's area (/dossier/private): HTML pages, a cookie jar kept by hand

DOSSIER = "/dossier/private"


class Debtor:
    """A debtor's browser without a browser: the cookies the area sets (Path=/dossier) and the
    pages it answers. `enter(code)` sends the access code through the area's form."""

    def __init__(self, base_url=None, source_address=None):
        self.cookies = {}
        self.base_url = base_url
        self.source_address = source_address

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _send(self, method, path, body=None, headers=None):
        sent = {"Accept": "text/html", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        response = request(method, path, body=body, headers=sent, base_url=self.base_url, source_address=self.source_address)
        for header in response.header_all("Set-Cookie"):
            match = re.match(r"\s*([^=;\s]+)=([^;]*)", header)
            if match:
                expired = re.search(r"(?i);\s*max-age=0\b", header)
                if expired or not match.group(2):
                    self.cookies.pop(match.group(1), None)
                else:
                    self.cookies[match.group(1)] = match.group(2)
        return response

    def get(self, path=DOSSIER):
        return self._send("GET", path)

    def form_token(self, page):
        match = re.search(r'name="_modulo"\s+value="([^"]*)"', page.text)
        return html.unescape(match.group(1)) if match else None

    def enter(self, code, form_token=None):
        """Opens the code form, then sends `code` with the form's `_modulo` (or `form_token`)."""
        page = self.get()
        token = form_token if form_token is not None else self.form_token(page)
        body = urllib.parse.urlencode({"_modulo": token or "", "codice": code})
        return self._send("POST", DOSSIER, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})

    def upload_action(self, page=None):
        """The upload form's action (with its `_csrf` query) on the area's page, or None."""
        page = page or self.get()
        match = re.search(r'<form method="post" action="(/dossier/private/allegati\?[^"]*)"', page.text)
        return html.unescape(match.group(1)) if match else None

    def upload(self, filename, data, content_type="application/octet-stream", action=None):
        body, media_type = multipart([("file", filename, content_type, data)])
        return self._send("POST", action or self.upload_action(), body=body, headers={"Content-Type": media_type})

    def in_area(self, page=None):
        """Whether the page is the area itself (not the code form)."""
        page = page or self.get()
        return self.form_token(page) is None and self.upload_action(page) is not None

    def file_links(self, page=None):
        """The attachment ids the area's page links to."""
        page = page or self.get()
        return [int(aid) for aid in re.findall(r'href="/dossier/private/allegati/(\d+)"', page.text)]

    def download(self, attachment_id):
        return self._send("GET", f"{DOSSIER}/allegati/{attachment_id}")


# ---------------------------------------------------------------------------------------------
# Documents and reports: the repository's OpenAPI document, responses of several media types,
# Word packages built by hand and read back, PDFs read with poppler-utils

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def load_repository_document():
    """The OpenAPI document of the repository: `fascicolo openapi`, the hand-written operations
    (Sources/FascicoloWeb/Static/openapi.json) completed from the types in types/."""
    done = subprocess.run([BIN, "openapi", "--root", ROOT], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


class MediaContract(Contract):
    """A Contract that also accepts the non-JSON answer of an operation documenting JSON and
    other media types for one status (a report as JSON or, with `format=csv`, as CSV): such a
    response is checked like a file download (status, headers, documented media type)."""

    def check(self, response, template=None):
        media_type = (response.header("Content-Type") or "").split(";")[0].strip().lower()
        template = template or self.template_for(response.method, response.path)
        key = (response.method.upper(), template)
        documented = self.operations.get(key, {}).get("responses", {}).get(str(response.status)) if template else None
        if response.status >= 500 or documented is None or media_type in ("", "application/json"):
            return super().check(response, template)
        resolved, _ = self.resolve(documented, "")
        content = resolved.get("content") or {}
        others = {name: value for name, value in content.items() if name != "application/json"}
        if "application/json" not in content or not others:
            return super().check(response, template)
        operation = self.operations[key]
        narrowed = {**operation, "responses": {**operation["responses"], str(response.status): {**resolved, "content": others}}}
        self.operations[key] = narrowed
        try:
            return super().check(response, template)
        finally:
            self.operations[key] = operation


def upload_template(nome, data, tipologia=TYPE_ID, auth=OPERATORE, filename="modello.docx", content_type=DOCX_TYPE, headers=None):
    """POSTs a Word template to /api/v1/templates as the multipart form `nome`, `tipologia`,
    `file` (a part is left out when its value is None), with `auth`'s bearer token (None: none)."""
    parts = [part for part in (("nome", nome), ("tipologia", tipologia)) if part[1] is not None]
    if data is not None:
        parts.append(("file", filename, content_type, data))
    body, media_type = multipart(parts)
    sent = {**(bearer(auth) if auth else {}), **(headers or {}), "Content-Type": media_type}
    return request("POST", "/api/v1/templates", body=body, headers=sent)


_W_NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def docx_package(body, header=None):
    """A minimal .docx (as Tests/FascicoloDocumentsTests/DocxFixture.swift builds it) whose body
    is `body` (WordprocessingML paragraphs and tables) and, optionally, a header part."""
    import io
    import zipfile
    header_type = ('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.header+xml"/>') if header is not None else ""
    files = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         f'wordprocessingml.document.main+xml"/>{header_type}</Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W_NAMESPACES}><w:body>'
         + body + ('<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>' if header is not None else "<w:sectPr/>")
         + "</w:body></w:document>"),
    ]
    if header is not None:
        files.append(("word/header1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {_W_NAMESPACES}>{header}</w:hdr>'))
        files.append(("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
                      'Target="header1.xml"/></Relationships>'))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files:
            archive.writestr(path, text)
    return out.getvalue()


def docx_paragraph(*runs):
    """A paragraph of runs, each run's text as given (so a placeholder can be split across runs)."""
    return "<w:p>" + "".join(f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{html.escape(run, quote=False)}</w:t></w:r>'
                             for run in runs) + "</w:p>"


def docx_table(*rows):
    """A table of rows, each a list of cell texts (one paragraph per cell)."""
    return "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{docx_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
                               for row in rows) + "</w:tbl>"


def docx_parts(data):
    """The files of a .docx package, by path (bytes)."""
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xml_text(chunk):
    texts = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", chunk)
    return html.unescape("".join(texts))


def docx_paragraphs(data, part="word/document.xml"):
    """The text of each paragraph of a part, in order (table cells included)."""
    xml = docx_parts(data).get(part, b"").decode("utf-8")
    return [_xml_text(chunk) for chunk in re.findall(r"<w:p[ >].*?</w:p>|<w:p/>", xml, re.S)]


def docx_table_rows(data, part="word/document.xml"):
    """The rows of every table of a part, each a list of its cells' texts."""
    xml = docx_parts(data).get(part, b"").decode("utf-8")
    return [[_xml_text(cell) for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.S)]
            for row in re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S)]


def docx_text(data):
    """All the text a reader sees: the body, then every header and footer, paragraph by paragraph."""
    names = sorted(name for name in docx_parts(data) if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name))
    return "\n".join(text for name in names for text in docx_paragraphs(data, name))


def docx_leftover_placeholders(data):
    """The parts of the package (by path) whose XML still holds `{{` or `}}`."""
    return sorted(name for name, content in docx_parts(data).items()
                  if name.endswith(".xml") and (b"{{" in content or b"}}" in content))


def _with_pdf_file(data, arguments):
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run([*arguments, handle.name, *(["-"] if arguments[0] == "pdftotext" else [])],
                              capture_output=True, check=True, timeout=60)
        return done.stdout.decode("utf-8", errors="replace")


def pdf_pages(data):
    """The page count pdfinfo reads in a PDF."""
    match = re.search(r"^Pages:\s+(\d+)", _with_pdf_file(data, ["pdfinfo"]), re.M)
    return int(match.group(1)) if match else 0


def pdf_text(data):
    """The text pdftotext extracts from a PDF (reading order, layout kept)."""
    return _with_pdf_file(data, ["pdftotext", "-layout"])


class APIAssertions:
    """Assertions shared by the JSON API test cases. A class that checks responses against the
    OpenAPI document sets `contract` (a `Contract` or `MediaContract`)."""

    contract = None

    def checked(self, response):
        """The response, validated against the contract (its decoded body in `response.data`)."""
        try:
            response.data = self.contract.check(response)
        except ContractError as error:
            self.fail(str(error))
        return response

    def ok(self, response, status=200):
        self.assertEqual(response.status, status, response.describe())
        return response

    def refused(self, response, status, field=None, *fragments):
        """A 4xx of the JSON API with its JSON error, naming `field` when given and holding every fragment."""
        self.assertEqual(response.status, status, response.describe())
        self.assertTrue((response.header("Content-Type") or "").startswith("application/json"), response.describe())
        error = response.json()["error"]
        self.assertTrue(error["message"], response.describe())
        if field is not None:
            self.assertEqual(error["field"], field, response.describe())
        for fragment in fragments:
            self.assertIn(fragment, error["message"], response.describe())
        return error
