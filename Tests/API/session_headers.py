"""Signs in through the login form and prints the session cookie's value and the session's CSRF
token, one per line."""
import html
import os
import re
import sys
import urllib.parse
import urllib.request

URL = os.environ["FASCICOLO_URL"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(path, data=None, headers=None):
    request = urllib.request.Request(URL + path, data=data, headers=headers or {})
    try:
        response = OPENER.open(request)
    except urllib.error.HTTPError as error:
        response = error
    return response, response.read().decode("utf-8", "replace")


def cookie(response, name):
    for header in response.headers.get_all("Set-Cookie") or []:
        match = re.match(rf"\s*{re.escape(name)}=([^;]*)", header)
        if match:
            return match.group(1)
    raise SystemExit(f"no {name} cookie")


def main(email, password):
    page, text = fetch("/login", headers={"Accept": "text/html"})
    form_token = re.search(r'name="_login"\s+value="([^"]*)"', text).group(1)
    form = urllib.parse.urlencode({"_login": html.unescape(form_token), "email": email, "password": password})
    answer, _ = fetch("/login", data=form.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html",
        "Cookie": f"fascicolo_login={cookie(page, 'fascicolo_login')}"})
    session = cookie(answer, "fascicolo_sessione")
    _, signed_in = fetch("/pratiche", headers={"Accept": "text/html", "Cookie": f"fascicolo_sessione={session}"})
    csrf = re.search(r'<meta name="csrf-token" content="([^"]*)"', signed_in).group(1)
    print(session)
    print(html.unescape(csrf))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
