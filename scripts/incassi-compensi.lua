-- Incassi e compensi: what debtors paid the OCC in a period (acconti and saldi of the Pagamenti
-- section, by month) and what was paid to the gestori (their invoices in the period).
-- Counts what the caller may see.
local TYPE = "crisi-sovraindebitamento"

-- "15/03/2025" for "2025-03-15".
local function italian(iso)
  local y, m, d = string.match(iso, "^(%d+)-(%d+)-(%d+)")
  return d .. "/" .. m .. "/" .. y
end

-- The period asked for: `al` defaults to today (declared default), `dal` to 1 January of the
-- year of `al`.
local function period(params)
  local to = params.al
  local from = params.dal or (string.sub(to, 1, 4) .. "-01-01")
  if from > to then error("periodo non valido: la data «dal» (" .. italian(from) .. ") è successiva alla data «al» (" .. italian(to) .. ")", 0) end
  return from, to
end

-- Payments of one kind (`amount`/`date` fields) dated in the period, added to `months`.
local function add_payments(q, months, kind, amount_field, date_field, from, to)
  local list = q.pratiche{ type = TYPE, where = { [date_field] = from .. ".." .. to }, fields = { amount_field, date_field } }
  for _, p in ipairs(list) do
    local amount, date = p[amount_field], p[date_field]
    if amount ~= nil and date ~= nil and date >= from and date <= to then
      local month = string.sub(date, 1, 7)
      local row = months[month]
      if row == nil then
        row = { mese = month, acconti = dec(0), saldi = dec(0), totale = dec(0), pagamenti = 0 }
        months[month] = row
      end
      row[kind] = row[kind] + amount
      row.totale = row.totale + amount
      row.pagamenti = row.pagamenti + 1
    end
  end
end

-- Table 1: acconti and saldi by month.
local function receipts_table(q, from, to)
  local months = {}
  add_payments(q, months, "acconti", "acconto_importo", "acconto_data", from, to)
  add_payments(q, months, "saldi", "saldo_importo", "saldo_data", from, to)
  local rows = {}
  local total = { mese = "Totale", acconti = dec(0), saldi = dec(0), totale = dec(0), pagamenti = 0 }
  for _, row in pairs(months) do
    rows[#rows + 1] = row
    for _, key in ipairs({ "acconti", "saldi", "totale", "pagamenti" }) do total[key] = total[key] + row[key] end
  end
  table.sort(rows, function(a, b) return a.mese < b.mese end)
  return {
    title = "Incassi dai debitori per mese (acconti e saldi)",
    columns = {
      { id = "mese", label = "Mese" },
      { id = "pagamenti", label = "Pagamenti", type = "integer" },
      { id = "acconti", label = "Acconti", type = "money" },
      { id = "saldi", label = "Saldi", type = "money" },
      { id = "totale", label = "Totale", type = "money" },
    },
    rows = rows,
    footer = { total },
    chart = { type = "bar", label = "mese", value = { "acconti", "saldi" }, title = "Incassi per mese" },
  }
end

-- Names of the contacts with the given ids, by id (only those the caller may open).
local function contact_names(q, wanted)
  local ids = {}
  for id in pairs(wanted) do ids[#ids + 1] = id end
  local names = {}
  for _, contact in ipairs(q.contacts{ ids = ids }) do names[contact.id] = contact.nominativo end
  return names
end

-- Table 2: per gestore, the rows of the Gestori section whose invoice is dated in the period.
local function fees_table(q, from, to)
  local by_gestore = {}
  local list = q.pratiche{ type = TYPE, where = { ["gestori.fattura_data"] = from .. ".." .. to }, fields = { "gestori" } }
  for _, p in ipairs(list) do
    for _, row in ipairs(p.gestori or {}) do
      if row.gestore ~= nil and row.fattura_data ~= nil and row.fattura_data >= from and row.fattura_data <= to then
        local acc = by_gestore[row.gestore]
        if acc == nil then
          acc = { fatture = 0, compenso = dec(0), fattura = dec(0) }
          by_gestore[row.gestore] = acc
        end
        acc.fatture = acc.fatture + 1
        acc.compenso = acc.compenso + (row.compenso_liquidato or 0)
        acc.fattura = acc.fattura + (row.fattura_importo or 0)
      end
    end
  end
  local names = contact_names(q, by_gestore)
  local rows = {}
  local total = { gestore = "Totale", fatture = 0, compenso = dec(0), fattura = dec(0) }
  for id, acc in pairs(by_gestore) do
    rows[#rows + 1] = { gestore = names[id] or ("Contatto n. " .. id), fatture = acc.fatture, compenso = acc.compenso, fattura = acc.fattura }
    total.fatture, total.compenso, total.fattura = total.fatture + acc.fatture, total.compenso + acc.compenso, total.fattura + acc.fattura
  end
  table.sort(rows, function(a, b) return a.gestore < b.gestore end)
  return {
    title = "Compensi ai gestori (fatture con data nel periodo)",
    columns = {
      { id = "gestore", label = "Gestore" },
      { id = "fatture", label = "Fatture", type = "integer" },
      { id = "compenso", label = "Compenso liquidato (quota OCC)", type = "money" },
      { id = "fattura", label = "Importo fatture", type = "money" },
    },
    rows = rows,
    footer = { total },
  }
end

return {
  title = "Incassi e compensi",
  description = "Tabella 1: gli importi pagati dai debitori nel periodo, per mese: acconti (importo dell'acconto con data "
    .. "dell'acconto nel periodo) e saldi (importo del saldo con data del saldo nel periodo); un pagamento senza importo o senza "
    .. "data non è contato. Tabella 2: per gestore, le righe della sezione Gestori con data fattura nel periodo: numero, somma "
    .. "del compenso liquidato e dell'importo fattura. Senza «dal», il periodo parte dal 1° gennaio dell'anno della data «al».",
  params = {
    { id = "dal", label = "Dal (predefinito: 1° gennaio)", type = "date" },
    { id = "al", label = "Al", type = "date", default = "oggi" },
  },
  run = function(params, q)
    local from, to = period(params)
    return {
      title = "Incassi e compensi dal " .. italian(from) .. " al " .. italian(to),
      tables = { receipts_table(q, from, to), fees_table(q, from, to) },
    }
  end,
}
