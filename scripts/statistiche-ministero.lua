-- Statistiche annuali per il Ministero della Giustizia: the figures an OCC reports every year on
-- the applications it received. Counts the office's own pratiche only (not those shared with it).
-- The counting rules are in the description below and in docs/reports.md.
local TYPE = "crisi-sovraindebitamento"
-- Final states that end an application before a gestore is appointed.
local ARCHIVED = { rinunciata = true, inammissibile = true, archiviata_senza_nomina = true }
local CONCLUDED = "conclusa"

-- The office's own pratiche, with the fields the tables need.
local function own_pratiche(q)
  local list = {}
  for _, p in ipairs(q.pratiche{ type = TYPE, fields = { "data_presentazione", "gestori", "procedura", "esito", "tribunale" } }) do
    if p.propria then list[#list + 1] = p end
  end
  return list
end

-- The state of `p` at the end of day `date` (ISO): the last state it entered by then, from the
-- audit log (`states`, by pratica id, from q.states_on); a pratica with no recorded change by
-- that day (entered or imported afterwards) counts with its current state, the only one known.
local function state_on(p, states)
  return states[tostring(p.id)] or p.stato
end

-- Whether a gestore of `p` was appointed (data_nomina) by `date`.
local function appointed_by(p, date)
  for _, row in ipairs(p.gestori or {}) do
    if row.gestore ~= nil and row.data_nomina ~= nil and row.data_nomina <= date then return true end
  end
  return false
end

-- Counts by label, as rows sorted by count (largest first) then label; with the total.
local function counted_rows(counts)
  local rows, total = {}, 0
  for label, count in pairs(counts) do
    rows[#rows + 1] = { voce = label, pratiche = count }
    total = total + count
  end
  table.sort(rows, function(a, b) return a.pratiche > b.pratiche or (a.pratiche == b.pratiche and a.voce < b.voce) end)
  return rows, total
end

local function add(counts, label) counts[label] = (counts[label] or 0) + 1 end

-- A percentage with one decimal, or nil when there is nothing to divide by.
local function share(count, total)
  if total == 0 then return nil end
  return (dec(count) * 100 / total):round(1)
end

local COUNT_COLUMNS = {
  { id = "voce", label = "Voce" },
  { id = "pratiche", label = "Domande", type = "integer" },
  { id = "percentuale", label = "Percentuale", type = "percent" },
}

-- A table of counts by label with its percentages and total.
local function count_table(title, heading, counts)
  local rows, total = counted_rows(counts)
  for _, row in ipairs(rows) do row.percentuale = share(row.pratiche, total) end
  local columns = { { id = "voce", label = heading }, COUNT_COLUMNS[2], COUNT_COLUMNS[3] }
  return { title = title, columns = columns, rows = rows,
           footer = { { voce = "Totale", pratiche = total, percentuale = total > 0 and 100 or nil } } }
end

-- (a) Applications by year of filing, every year.
local function by_year(pratiche)
  local counts, undated = {}, 0
  for _, p in ipairs(pratiche) do
    if p.data_presentazione == nil then undated = undated + 1 else add(counts, string.sub(p.data_presentazione, 1, 4)) end
  end
  local years, rows, total = {}, {}, 0
  for year in pairs(counts) do years[#years + 1] = year end
  table.sort(years)
  for _, year in ipairs(years) do
    rows[#rows + 1] = { anno = year, pratiche = counts[year] }
    total = total + counts[year]
  end
  local footer = {}
  if undated > 0 then footer[#footer + 1] = { anno = "Senza data di presentazione", pratiche = undated } end
  footer[#footer + 1] = { anno = "Totale", pratiche = total + undated }
  return {
    title = "Domande per anno di presentazione",
    columns = { { id = "anno", label = "Anno" }, { id = "pratiche", label = "Domande presentate", type = "integer" } },
    rows = rows, footer = footer,
    chart = { type = "line", label = "anno", value = "pratiche", title = "Domande presentate per anno" },
  }
end

-- Where each application filed in the year stood on 31 December: assegnata, archiviata or neither.
-- Also returns, for the closed ones, the reason (final state, or the esito of a concluded one).
local function situation(filed, states, q, date)
  local status, reasons = {}, {}
  local outcomes = q.labels("esito", TYPE)
  for _, p in ipairs(filed) do
    local state = state_on(p, states)
    if appointed_by(p, date) then
      add(status, "Assegnate a un gestore")
    elseif ARCHIVED[state] then
      add(status, "Archiviate prima dell'assegnazione")
    else
      add(status, "Non ancora assegnate")
    end
    if ARCHIVED[state] then
      add(reasons, q.label("stato", state, TYPE))
    elseif state == CONCLUDED then
      add(reasons, "Conclusa – " .. (p.esito and (outcomes[p.esito] or p.esito) or "esito non indicato"))
    end
  end
  return status, reasons
end

-- The situation table in a fixed order (not by size), with every line even when zero.
local function situation_table(status, year)
  local order = { "Assegnate a un gestore", "Archiviate prima dell'assegnazione", "Non ancora assegnate" }
  local rows, total = {}, 0
  for _, label in ipairs(order) do total = total + (status[label] or 0) end
  for _, label in ipairs(order) do
    rows[#rows + 1] = { voce = label, pratiche = status[label] or 0, percentuale = share(status[label] or 0, total) }
  end
  return { title = "Domande presentate nel " .. year .. ": situazione al 31/12/" .. year, columns = COUNT_COLUMNS, rows = rows,
           footer = { { voce = "Totale domande presentate", pratiche = total, percentuale = total > 0 and 100 or nil } } }
end

-- Counts of the applications filed in the year by procedure and by court of appeal district.
local function by_procedure_and_district(filed, q)
  local courts = q.tribunali()
  local procedures, districts = {}, {}
  local names = q.labels("procedura", TYPE)
  for _, p in ipairs(filed) do
    add(procedures, p.procedura and (names[p.procedura] or p.procedura) or "Non indicata")
    local court = p.tribunale and courts[p.tribunale]
    add(districts, (court and court.distretto ~= "" and court.distretto) or "Non indicato")
  end
  return procedures, districts
end

return {
  title = "Statistiche annuali per il Ministero della Giustizia",
  description = "Domande ricevute dall'organismo (solo le pratiche proprie). (a) Domande per anno di presentazione, tutti gli anni. "
    .. "(b) Per le domande presentate nell'anno scelto, la situazione al 31 dicembre: «assegnate» se un gestore ha la data di "
    .. "nomina entro il 31/12; altrimenti «archiviate prima dell'assegnazione» se a quella data la pratica era Rinunciata, "
    .. "Inammissibile o Archiviata senza nomina; altrimenti «non ancora assegnate». Lo stato al 31/12 si ricava dalla storia "
    .. "dei passaggi di stato; per le pratiche senza storia anteriore a quella data (inserite o importate dopo) vale lo stato attuale. "
    .. "(c) Pratiche chiuse al 31/12 per motivo: lo stato finale di archiviazione, o «Conclusa» con l'esito attuale. "
    .. "(d) Domande per procedura richiesta. (e) Domande per distretto di corte d'appello del tribunale indicato.",
  params = {
    { id = "anno", label = "Anno", type = "integer", default = "anno_corrente", required = true },
  },
  run = function(params, q)
    local year = params.anno
    if year < 1900 or year > 9999 then error("anno non valido: indicare un anno di quattro cifre, ad esempio 2025", 0) end
    local date = string.format("%04d-12-31", year)
    local pratiche = own_pratiche(q)
    local filed = {}
    for _, p in ipairs(pratiche) do
      if p.data_presentazione ~= nil and tonumber(string.sub(p.data_presentazione, 1, 4)) == year then filed[#filed + 1] = p end
    end
    local status, reasons = situation(filed, q.states_on{ type = TYPE, date = date }, q, date)
    local procedures, districts = by_procedure_and_district(filed, q)
    return {
      title = "Statistiche per il Ministero della Giustizia – anno " .. year,
      tables = {
        by_year(pratiche),
        situation_table(status, year),
        count_table("Domande presentate nel " .. year .. " chiuse al 31/12/" .. year .. ", per motivo", "Motivo (stato finale / esito)", reasons),
        count_table("Domande presentate nel " .. year .. " per tipo di procedura", "Procedura richiesta", procedures),
        count_table("Domande presentate nel " .. year .. " per distretto di corte d'appello", "Distretto di corte d'appello", districts),
      },
    }
  end,
}
