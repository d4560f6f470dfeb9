-- Registro degli affari (art. 9 D.M. 202/2014): the register every OCC must keep, with the
-- progressive order number, the debtor's identifying data, the designated gestore and the outcome.
-- One row per pratica of the office (its own pratiche, not those shared with it) whose
-- data_presentazione falls in the chosen year, in protocol order. docs/reports.md has the rules.
local TYPE = "crisi-sovraindebitamento"

-- The contact ids of one field of every row of a group (e.g. interessati[].debitore).
local function group_contacts(rows, field)
  local ids = {}
  for _, row in ipairs(rows or {}) do
    if row[field] ~= nil then ids[#ids + 1] = row[field] end
  end
  return ids
end

-- Names (with the codice fiscale when known) of the contacts with the given ids, by id.
local function contact_labels(q, wanted)
  local ids = {}
  for id in pairs(wanted) do ids[#ids + 1] = id end
  local labels = {}
  for _, contact in ipairs(q.contacts{ ids = ids }) do
    local label = contact.nominativo
    if contact.codice_fiscale ~= nil and contact.codice_fiscale ~= "" then
      label = label .. " (" .. contact.codice_fiscale .. ")"
    elseif contact.partita_iva ~= nil and contact.partita_iva ~= "" then
      label = label .. " (P. IVA " .. contact.partita_iva .. ")"
    end
    labels[contact.id] = label
  end
  return labels
end

-- "A; B" for a list of contact ids; a contact the caller may not open shows as its number.
local function joined(ids, labels)
  local parts = {}
  for _, id in ipairs(ids) do parts[#parts + 1] = labels[id] or ("contatto n. " .. id) end
  if #parts == 0 then return nil end
  return table.concat(parts, "; ")
end

-- The earliest data_nomina among the gestori rows, or nil.
local function first_appointment(gestori)
  local first = nil
  for _, row in ipairs(gestori or {}) do
    if row.data_nomina ~= nil and (first == nil or row.data_nomina < first) then first = row.data_nomina end
  end
  return first
end

-- Protocol order: pratiche with a protocol first, by protocol year and number; the others after,
-- by date of filing; the pratica number breaks ties.
local function register_order(a, b)
  local ka, kb = a.numero_protocollo ~= nil, b.numero_protocollo ~= nil
  if ka ~= kb then return ka end
  if ka then
    local ya, yb = a.anno_protocollo, b.anno_protocollo
    if ya ~= yb then return ya < yb end
    if a.numero_protocollo ~= b.numero_protocollo then return a.numero_protocollo < b.numero_protocollo end
  end
  local da, db = a.data_presentazione or "", b.data_presentazione or ""
  if da ~= db then return da < db end
  return a.id < b.id
end

-- The office's own pratiche filed in `year`, in register order.
local function filed_in(q, year)
  if year < 1900 or year > 9999 then error("anno non valido: indicare un anno di quattro cifre, ad esempio 2025", 0) end
  local range = string.format("%04d-01-01..%04d-12-31", year, year)
  local list = {}
  for _, p in ipairs(q.pratiche{ type = TYPE, where = { data_presentazione = range },
                                 fields = { "data_presentazione", "interessati", "procedura", "gestori", "esito" } }) do
    if p.propria then list[#list + 1] = p end
  end
  table.sort(list, register_order)
  return list
end

return {
  title = "Registro degli affari (art. 9 D.M. 202/2014)",
  description = "Registro informatico degli affari dell'organismo: una riga per ogni pratica propria con data di presentazione "
    .. "nell'anno, in ordine di protocollo (anno e numero; le pratiche senza protocollo in coda, per data di presentazione). "
    .. "Riporta numero d'ordine, data di presentazione, debitori con codice fiscale, procedura, gestori designati con la data "
    .. "della prima nomina, stato ed esito. Le pratiche ricevute in condivisione da un altro ufficio non sono incluse.",
  params = {
    { id = "anno", label = "Anno di presentazione", type = "integer", default = "anno_corrente", required = true },
  },
  run = function(params, q)
    local pratiche = filed_in(q, params.anno)
    local wanted = {}
    for _, p in ipairs(pratiche) do
      for _, id in ipairs(group_contacts(p.interessati, "debitore")) do wanted[id] = true end
      for _, id in ipairs(group_contacts(p.gestori, "gestore")) do wanted[id] = true end
    end
    local labels = contact_labels(q, wanted)
    local procedure, states, outcomes = q.labels("procedura", TYPE), q.labels("stato", TYPE), q.labels("esito", TYPE)
    local rows = {}
    for index, p in ipairs(pratiche) do
      rows[#rows + 1] = {
        n = index,
        numero = p.protocollo,
        data_presentazione = p.data_presentazione,
        debitori = joined(group_contacts(p.interessati, "debitore"), labels),
        procedura = p.procedura and (procedure[p.procedura] or p.procedura),
        gestori = joined(group_contacts(p.gestori, "gestore"), labels),
        data_nomina = first_appointment(p.gestori),
        stato = states[p.stato] or p.stato,
        esito = p.esito and (outcomes[p.esito] or p.esito),
      }
    end
    return {
      title = "Registro degli affari – anno " .. params.anno,
      columns = {
        { id = "n", label = "N.", type = "integer" },
        { id = "numero", label = "Numero d'ordine" },
        { id = "data_presentazione", label = "Data di presentazione", type = "date" },
        { id = "debitori", label = "Debitore/i" },
        { id = "procedura", label = "Procedura" },
        { id = "gestori", label = "Gestore/i designato/i" },
        { id = "data_nomina", label = "Data di nomina", type = "date" },
        { id = "stato", label = "Stato" },
        { id = "esito", label = "Esito" },
      },
      rows = rows,
      footer = { { numero = "Totale", debitori = #rows == 1 and "1 pratica" or (#rows .. " pratiche") } },
    }
  end,
}
