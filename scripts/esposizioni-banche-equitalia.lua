-- Esposizioni per controparte: for the "Banche ed Equitalia" pratiche, how much is owed to each
-- bank or collection agency, how much of it is contested, and how many contracts or cartelle.
-- Counts only what the caller may see (its own pratiche and those shared with its account).
return {
  title = "Esposizioni per controparte (Banche ed Equitalia)",
  description = "Per ogni controparte: pratiche, rapporti, importo dovuto e importo contestato.",
  params = {
    { id = "stato", label = "Stato (vuoto: tutti)", type = "text" },
  },
  run = function(params, q)
    local where = {}
    if params.stato ~= nil and params.stato ~= "" then where.stato = params.stato end
    local by_party, order = {}, {}
    local pratiche = q.pratiche{ type = "banche-equitalia", where = where, fields = { "controparte", "rapporti" } }
    for _, p in ipairs(pratiche) do
      local key = p.controparte or 0
      local entry = by_party[key]
      if entry == nil then
        entry = { pratiche = 0, rapporti = 0, dovuto = dec(0), contestato = dec(0) }
        by_party[key] = entry
        order[#order + 1] = key
      end
      entry.pratiche = entry.pratiche + 1
      for _, row in ipairs(p.rapporti or {}) do
        entry.rapporti = entry.rapporti + 1
        if row.importo ~= nil then
          entry.dovuto = entry.dovuto + row.importo
          if row.situazione == "contestato" then entry.contestato = entry.contestato + row.importo end
        end
      end
    end
    local ids = {}
    for _, key in ipairs(order) do if key ~= 0 then ids[#ids + 1] = key end end
    local names = {}
    for _, contact in ipairs(q.contacts{ ids = ids }) do names[contact.id] = contact.nominativo end
    table.sort(order, function(a, b) return by_party[a].dovuto > by_party[b].dovuto or (by_party[a].dovuto == by_party[b].dovuto and a < b) end)
    local rows = {}
    local totals = { pratiche = 0, rapporti = 0, dovuto = dec(0), contestato = dec(0) }
    for _, key in ipairs(order) do
      local entry = by_party[key]
      rows[#rows + 1] = {
        controparte = key == 0 and "(non indicata)" or (names[key] or "(riservata)"),
        pratiche = entry.pratiche, rapporti = entry.rapporti, dovuto = entry.dovuto, contestato = entry.contestato,
      }
      for field, value in pairs(entry) do totals[field] = totals[field] + value end
    end
    return {
      columns = {
        { id = "controparte", label = "Controparte" },
        { id = "pratiche", label = "Pratiche", type = "integer" },
        { id = "rapporti", label = "Contratti e cartelle", type = "integer" },
        { id = "dovuto", label = "Importo dovuto", type = "money" },
        { id = "contestato", label = "Di cui contestato", type = "money" },
      },
      rows = rows,
      footer = { { controparte = "Totale", pratiche = totals.pratiche, rapporti = totals.rapporti, dovuto = totals.dovuto, contestato = totals.contestato } },
      chart = { type = "bar", label = "controparte", value = "dovuto" },
    }
  end,
}
