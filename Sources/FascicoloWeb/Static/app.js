// Fascicolo — the little JavaScript the pages use. Every page works without it; this adds tabs,
// group rows, the contact picker, Italian amount formatting and the codice fiscale check.
"use strict";
document.documentElement.classList.add("js");

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

// Tabs of the pratica form (arrow keys move between tabs).
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls"))?.classList.toggle("selected", selected);
    }
    const current = document.getElementById("sezione");
    if (current) current.value = tab.id.replace(/^tab-/, "");
  };
  tabs.forEach((tab, index) => {
    tab.tabIndex = tab.getAttribute("aria-selected") === "true" ? 0 : -1;
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

// Repeatable groups: add a row from the <template>, remove a row, respect the maximum.
function setupGroups() {
  for (const group of document.querySelectorAll("fieldset.group")) {
    const rows = group.querySelector(".rows");
    const template = group.querySelector("template");
    const add = group.querySelector(".add-row");
    const max = Number(group.dataset.max || 1000);
    let next = Number(group.dataset.next || 1);
    const refresh = () => {
      if (!add) return;
      add.disabled = rows.querySelectorAll(".row").length >= max;
      rows.querySelectorAll(".row").forEach((row, index) => {
        const legend = row.querySelector("legend");
        if (legend) legend.textContent = legend.textContent.replace(/\s*\d*$/, " " + (index + 1));
      });
    };
    add?.addEventListener("click", () => {
      const html = template.innerHTML.replaceAll("__N__", String(next++));
      rows.insertAdjacentHTML("beforeend", html);
      refresh();
      rows.lastElementChild?.querySelector("input, select, textarea")?.focus();
      markDirty();
    });
    group.addEventListener("click", (event) => {
      const button = event.target.closest(".remove-row");
      if (!button || !group.contains(button)) return;
      button.closest(".row").remove();
      refresh();
      markDirty();
      add?.focus();
    });
    refresh();
  }
}

// The contact picker: a dialog that searches the anagrafica and can add a contact on the spot.
function setupPicker() {
  const dialog = document.getElementById("contact-picker");
  if (!dialog) return;
  const search = document.getElementById("picker-search");
  const results = document.getElementById("picker-results");
  const error = document.getElementById("picker-error");
  let target = null;
  let timer = null;

  const choose = (contact) => {
    const hidden = document.getElementById(target);
    const name = document.getElementById(target + "-nome");
    hidden.value = String(contact.id);
    name.value = contact.nominativo;
    dialog.close();
    markDirty();
    name.focus();
  };
  const show = (contacts) => {
    results.replaceChildren();
    if (!contacts.length) {
      const item = document.createElement("li");
      item.textContent = "Nessun contatto trovato: usa «Aggiungi».";
      item.className = "empty";
      results.append(item);
    }
    for (const contact of contacts) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = contact.nominativo + " ";
      const detail = document.createElement("small");
      detail.textContent = [contact.codice_fiscale || contact.partita_iva, contact.comune].filter(Boolean).join(" · ");
      button.append(detail);
      button.addEventListener("click", () => choose(contact));
      item.append(button);
      results.append(item);
    }
  };
  const find = async () => {
    const response = await fetch("/api/v1/contacts?per_pagina=20&q=" + encodeURIComponent(search.value.trim()), { credentials: "same-origin" });
    if (response.ok) show((await response.json()).contatti);
  };
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(find, 200); });
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); find(); } });

  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-picker]");
    if (opener) {
      target = opener.dataset.picker;
      search.value = "";
      error.textContent = "";
      const add = document.getElementById("picker-add");
      if (add) add.open = false;
      dialog.showModal();
      search.focus();
      find();
      return;
    }
    const clear = event.target.closest("[data-clear]");
    if (clear) {
      document.getElementById(clear.dataset.clear).value = "";
      document.getElementById(clear.dataset.clear + "-nome").value = "";
      markDirty();
    }
  });

  dialog.addEventListener("change", (event) => {
    if (event.target.name !== "picker-kind") return;
    const fieldset = event.target.closest("fieldset");
    fieldset.classList.toggle("is-person", event.target.value === "fisica");
    fieldset.classList.toggle("is-company", event.target.value === "giuridica");
  });
  document.getElementById("picker-add")?.addEventListener("toggle", (event) => {
    const surname = document.getElementById("picker-cognome");
    if (event.target.open && !surname.value) surname.value = search.value.trim();
  });
  document.getElementById("picker-save")?.addEventListener("click", async () => {
    const kind = dialog.querySelector('input[name="picker-kind"]:checked').value;
    const body = { tipo: kind };
    const value = (id) => document.getElementById(id).value.trim();
    if (kind === "fisica") { body.cognome = value("picker-cognome"); body.nome = value("picker-nome"); }
    else { body.denominazione = value("picker-denominazione"); }
    if (value("picker-cf")) body.codice_fiscale = value("picker-cf");
    const response = await fetch("/api/v1/contacts", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) { error.textContent = answer.error.message; return; }
    choose(answer);
  });
}

// Amounts in Italian notation: 1234.5, 1234,5 or 1.234,5 becomes 1.234,50 when the field is left.
// Anything else (1234.567, 1.23.4) is left as typed, for the server to point out.
function formatAmount(text) {
  let value = text.trim().replace(/\s|€/g, "");
  if (!value) return "";
  if (/^-?\d+\.\d{1,2}$/.test(value)) value = value.replace(".", ",");
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{0,2})?$/.test(value)) return text;
  const negative = value.startsWith("-");
  const [whole, decimals = ""] = value.replace("-", "").split(",");
  const digits = whole.replaceAll(".", "").replace(/^0+(?=\d)/, "");
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (negative ? "-" : "") + grouped + "," + (decimals + "00").slice(0, 2);
}
function setupAmounts() {
  document.addEventListener("focusout", (event) => {
    if (event.target.matches("input.money")) event.target.value = formatAmount(event.target.value);
  });
}

// The codice fiscale's check letter, verified while typing (the server checks everything else too).
const ODD = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17,
  I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
const SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
function codiceFiscaleProblem(raw) {
  const code = raw.toUpperCase().replace(/\s/g, "");
  if (!code) return "";
  if (code.length !== 16) return "Il codice fiscale ha 16 caratteri (ora " + code.length + ").";
  if (!SHAPE.test(code)) return "Formato non valido.";
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = code[i];
    sum += i % 2 === 0 ? ODD[c] : (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
  }
  return String.fromCharCode(65 + (sum % 26)) === code[15] ? null : "Carattere di controllo errato: verificare il codice.";
}
function setupCodiceFiscale() {
  document.addEventListener("input", (event) => {
    if (!event.target.matches("input.cf")) return;
    const problem = codiceFiscaleProblem(event.target.value);
    const noteId = (event.target.getAttribute("aria-describedby") || "").split(/\s+/).find((id) => id.endsWith("-verifica"));
    const note = noteId ? document.getElementById(noteId) : null;
    event.target.setAttribute("aria-invalid", problem ? "true" : "false");
    if (note) note.textContent = problem === null ? "Codice fiscale corretto." : problem;
  });
}

// The contact form shows the fields of a person or of a company.
function setupContactKind() {
  const form = document.querySelector(".contact-form");
  if (!form) return;
  const apply = () => {
    const person = form.querySelector('input[name="tipo"][value="fisica"]').checked;
    form.classList.toggle("is-person", person);
    form.classList.toggle("is-company", !person);
  };
  form.addEventListener("change", apply);
  apply();
}

// Rows of a list open their pratica; the page-size and similar selects submit themselves.
function setupLists() {
  document.addEventListener("click", (event) => {
    const row = event.target.closest("tr[data-href]");
    if (row && !event.target.closest("a, button, input")) location.href = row.dataset.href;
  });
}

// Leaving a form with unsaved edits asks first.
let dirty = false;
function markDirty() { dirty = true; }
function setupDirtyWarning() {
  const form = document.getElementById("pratica-form");
  if (!form) return;
  form.addEventListener("input", markDirty);
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
}

document.addEventListener("DOMContentLoaded", () => {
  setupTabs();
  setupGroups();
  setupPicker();
  setupAmounts();
  setupCodiceFiscale();
  setupContactKind();
  setupLists();
  setupDirtyWarning();
});

// Forms that destroy or replace something ask first (data-confirm holds the question).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// "Stampa" buttons of the report page (the printed page hides the menu and the form).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
