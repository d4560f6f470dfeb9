"""Shared helpers for the browser tests: the Chromium driver, signing in, screenshots, waits, and
a few shortcuts that prepare data (contacts, pratiche) through the app's own JSON API with the
browser's session, so that every test can assert on data it created itself.

run.sh starts `fascicolo serve` and exports FASCICOLO_URL and FASCICOLO_TEST_OUTPUT.
"""

import json
import os
import random
import string
import tempfile

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("FASCICOLO_URL", "http://127.0.0.1:8080").rstrip("/")
OUTPUT = os.environ.get("FASCICOLO_TEST_OUTPUT", os.path.join(tempfile.gettempdir(), "fascicolo-browser"))
SCREENSHOTS = os.path.join(OUTPUT, "screenshots")

OPERATORE = "operatore@prova.it"
LETTORE = "lettore@prova.it"
PASSWORD = "password-di-prova"
TYPE_ID = "crisi-sovraindebitamento"

TIMEOUT = 10


def make_driver():
    """Headless Chromium from the Debian packages (no Selenium Manager: there is no internet)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000",
                     "--lang=it-IT", "--disable-gpu", "--disable-search-engine-choice-screen"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "it-IT,it"})
    # Leaving a form with unsaved edits raises a beforeunload prompt: accept it rather than fail.
    options.set_capability("unhandledPromptBehavior", "accept")
    # Native date inputs follow the process locale, not the page's lang: an Italian office sees
    # gg/mm/aaaa, and so should the screenshots.
    environment = dict(os.environ, LANG="it_IT.UTF-8", LANGUAGE="it_IT:it", LC_ALL="it_IT.UTF-8")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver", env=environment), options=options)
    driver.set_page_load_timeout(30)
    return driver


def url(path):
    return BASE_URL + path


def unique(prefix=""):
    """A short random run of letters, so that surnames created by a test are its own."""
    return prefix + "".join(random.choice(string.ascii_uppercase) for _ in range(6))


def wait(driver, timeout=TIMEOUT):
    return WebDriverWait(driver, timeout)


def visible(driver, css, timeout=TIMEOUT):
    return wait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))




def clickable(driver, css, timeout=TIMEOUT):
    return wait(driver, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))


def page_ready(driver):
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def go(driver, path):
    """Opens a page of the app (a "leave this page?" prompt of a half-filled form is accepted)."""
    driver.get(url(path))
    dismiss_alert(driver)
    page_ready(driver)


def dismiss_alert(driver):
    try:
        driver.switch_to.alert.accept()
    except NoAlertPresentException:
        pass


def scroll_to(driver, element):
    """Brings an element to the middle of the window (the sticky save bar covers the bottom)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    return element


def click_and_wait_for_new_page(driver, element):
    """Clicks something that submits or navigates, and waits until the next page has loaded."""
    html = driver.find_element(By.TAG_NAME, "html")
    scroll_to(driver, element).click()
    wait(driver).until(lambda d: _is_gone(html))
    page_ready(driver)


def _is_gone(element):
    """Whether an element left the document. Chromium may report a node of the unloading page
    as "not belonging to the document" instead of stale; both mean the old page is gone."""
    try:
        element.is_enabled()
        return False
    except (StaleElementReferenceException, WebDriverException):
        return True


def login(driver, email=OPERATORE, password=PASSWORD):
    """Signs in through the login form; returns once the next page has loaded."""
    go(driver, "/login")
    if not driver.current_url.startswith(url("/login")):
        logout(driver)
        go(driver, "/login")
    fill(visible(driver, "#email"), email)
    fill(driver.find_element(By.ID, "password"), password)
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))


def logout(driver):
    button = driver.find_element(By.XPATH, "//header//button[normalize-space()='Esci']")
    click_and_wait_for_new_page(driver, button)


def fill(element, text):
    element.clear()
    if text:
        element.send_keys(text)


def screenshot(driver, name, full=True):
    """Saves the page as screenshots/<name>.png: all of it, or only the window when not `full`."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name + ".png")
    if not full:
        driver.save_screenshot(path)
        return path
    width = driver.execute_script("return Math.max(document.documentElement.scrollWidth, 1440)")
    height = driver.execute_script("return Math.min(Math.max(document.documentElement.scrollHeight, 1000), 6000)")
    driver.set_window_size(width, height + 140)
    try:
        driver.save_screenshot(path)
    finally:
        driver.set_window_size(1440, 1000)
    return path


def flash_text(driver, kind):
    """The text of the flash message of that kind ("notice" or "alert"), or "" when there is none."""
    found = driver.find_elements(By.CSS_SELECTOR, ".flash." + kind)
    return " ".join(element.text for element in found)


# ----------------------------------------------------------------------------------------------
# Data through the JSON API, with the browser's session cookie and CSRF token.

def api(driver, method, path, body=None):
    """Calls /api/v1<path> from the page (same origin, the session's cookie and CSRF token);
    returns (status, parsed JSON or None)."""
    script = """
        const [method, path, body, done] = arguments;
        const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
        const init = { method, credentials: "same-origin", headers: { "X-CSRF-Token": token } };
        if (body !== null) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
        fetch("/api/v1" + path, init)
            .then(async (response) => done([response.status, await response.text()]))
            .catch((error) => done([0, String(error)]));
    """
    if not driver.current_url.startswith(BASE_URL) or "/login" in driver.current_url:
        go(driver, "/pratiche")
    status, text = driver.execute_async_script(script, method, path, body)
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def create_contact(driver, cognome, nome="Mario", **attributes):
    status, answer = api(driver, "POST", "/contacts", dict(tipo="fisica", cognome=cognome, nome=nome, **attributes))
    assert status == 201, (status, answer)
    return answer["id"]


def create_pratica(driver, debtor_id, fields=None, state="aperta"):
    """A pratica in `state` with one debtor; returns its id."""
    campi = {"stato": state, "interessati[1].debitore": debtor_id}
    campi.update(fields or {})
    status, answer = api(driver, "POST", "/pratiche", {"tipo": TYPE_ID, "campi": campi})
    assert status == 201, (status, answer)
    return answer["id"]


def pratica_json(driver, pratica_id):
    status, answer = api(driver, "GET", "/pratiche/%d" % pratica_id)
    assert status == 200, (status, answer)
    return answer


def session_cookie_header(driver):
    return "; ".join("%s=%s" % (cookie["name"], cookie["value"]) for cookie in driver.get_cookies())


# ----------------------------------------------------------------------------------------------
# The pratica form.

def open_tab(driver, section):
    """Selects a tab of the pratica form by its section id and returns the visible panel."""
    clickable(driver, "#tab-" + section).click()
    return visible(driver, "#sez-" + section)


def state_badge(driver):
    return driver.find_element(By.CSS_SELECTOR, ".toolbar .badge").text.strip()


def list_row_links(driver):
    """The pratica links of the rows of the list on the current page."""
    return [row.get_attribute("data-href") for row in driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")]


def choose_contact(driver, field_dom_id, search_text):
    """Opens the picker of a contact field, searches and picks the first result."""
    clickable(driver, "button[data-picker='%s']" % field_dom_id).click()
    dialog = visible(driver, "#contact-picker")
    fill(dialog.find_element(By.ID, "picker-search"), search_text)
    result = wait(driver).until(lambda d: _first_result_matching(d, search_text))
    result.click()
    wait(driver).until(EC.invisibility_of_element_located((By.ID, "contact-picker")))


def choose_columns(driver, paths):
    """Ticks exactly `paths` in "⚙ Colonne" of the pratiche list and saves."""
    go(driver, "/pratiche")
    driver.find_element(By.CSS_SELECTOR, "details.columns-picker summary").click()
    visible(driver, "details.columns-picker .popover")
    for box in driver.find_elements(By.CSS_SELECTOR, "input[name=colonne]"):
        if box.is_selected() != (box.get_attribute("value") in paths):
            scroll_to(driver, box).click()
    click_and_wait_for_new_page(driver, driver.find_element(By.CSS_SELECTOR, "details.columns-picker button"))


def _first_result_matching(driver, text):
    for button in driver.find_elements(By.CSS_SELECTOR, "#picker-results li button"):
        if text.lower() in button.text.lower():
            return button
    return False


def xpath_literal(text):
    """`text` as an XPath string literal (quotes included)."""
    if "'" not in text:
        return "'%s'" % text
    if '"' not in text:
        return '"%s"' % text
    return "concat(%s)" % ", \"'\", ".join("'%s'" % part for part in text.split("'"))


def other_browser(test, user=None):
    """Another Chromium for `test` (closed when it ends), signed in as `user` (None: nobody)."""
    driver = make_driver()
    test.addCleanup(driver.quit)
    if user:
        login(driver, user)
    return driver


# ----------------------------------------------------------------------------------------------
# Downloads: a link of the page fetched with the browser's cookies (headless Chromium keeps
# downloaded files out of reach), as the signed-in user.

def download(driver, href, timeout=180):
    """GETs `href` (a path or an absolute URL of the app) with the driver's session cookies;
    returns (status, headers, body). A PDF may take a while: LibreOffice converts it."""
    import urllib.error
    import urllib.request
    request = urllib.request.Request(href if href.startswith("http") else url(href), headers={"Cookie": session_cookie_header(driver)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def link(driver, text, within=None):
    """The link whose visible text is `text` (in `within` when given)."""
    return (within or driver).find_element(By.XPATH, ".//a[normalize-space()=%s]" % xpath_literal(text))
