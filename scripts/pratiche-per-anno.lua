-- Pratiche per anno: for each year of filing (data_presentazione), how many pratiche were filed and
-- how many of them are now concluded, archived or still running, with a line chart.
-- Counts what the caller may see.
local TYPE = "crisi-sovraindebitamento"
-- Final states that end an application before a gestore is appointed.
local ARCHIVED = { rinunciata = true, inammissibile = true, archiviata_senza_nomina = true }

local function new_counter() return { presentate = 0, concluse = 0, archiviate = 0, in_corso = 0 } end

-- Adds one pratica to a counter, according to its current state.
local function count(counter, p)
  counter.presentate = counter.presentate + 1
  if p.stato == "conclusa" then
    counter.concluse = counter.concluse + 1
  elseif ARCHIVED[p.stato] then
    counter.archiviate = counter.archiviate + 1
  else
    counter.in_corso = counter.in_corso + 1
  end
end

-- A row of the table: the label in the first column, then the counter.
local function row(label, counter)
  return { anno = label, presentate = counter.presentate, concluse = counter.concluse,
           archiviate = counter.archiviate, in_corso = counter.in_corso }
end

return {
  title = "Pratiche per anno",
  description = "Per anno della data di presentazione: pratiche presentate e, secondo lo stato attuale, concluse (stato Conclusa), "
    .. "archiviate (Rinunciata, Inammissibile, Archiviata senza nomina) e in corso (ogni altro stato).",
  params = {},
  run = function(params, q)
    local by_year, undated, total = {}, new_counter(), new_counter()
    for _, p in ipairs(q.pratiche{ type = TYPE, fields = { "data_presentazione" } }) do
      if p.data_presentazione == nil then
        count(undated, p)
      else
        local year = string.sub(p.data_presentazione, 1, 4)
        by_year[year] = by_year[year] or new_counter()
        count(by_year[year], p)
      end
      count(total, p)
    end
    local years = {}
    for year in pairs(by_year) do years[#years + 1] = year end
    table.sort(years)
    local rows = {}
    for _, year in ipairs(years) do rows[#rows + 1] = row(year, by_year[year]) end
    local footer = {}
    if undated.presentate > 0 then footer[#footer + 1] = row("Senza data di presentazione", undated) end
    footer[#footer + 1] = row("Totale", total)
    return {
      columns = {
        { id = "anno", label = "Anno" },
        { id = "presentate", label = "Presentate", type = "integer" },
        { id = "concluse", label = "Concluse", type = "integer" },
        { id = "archiviate", label = "Archiviate", type = "integer" },
        { id = "in_corso", label = "In corso", type = "integer" },
      },
      rows = rows,
      footer = footer,
      chart = { type = "line", label = "anno", value = { "presentate", "concluse", "archiviate" }, title = "Pratiche per anno di presentazione" },
    }
  end,
}
