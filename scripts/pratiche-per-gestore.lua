-- Pratiche per gestore: how many pratiche each gestore has been given, how many of them are closed
-- and how many still running, with a bar chart. Counts what the caller may see.
local TYPE = "crisi-sovraindebitamento"

-- Names of the contacts with the given ids, by id (only those the caller may open).
local function contact_names(q, wanted)
  local ids = {}
  for id in pairs(wanted) do ids[#ids + 1] = id end
  local names = {}
  for _, contact in ipairs(q.contacts{ ids = ids }) do names[contact.id] = contact.nominativo end
  return names
end

-- The distinct gestori of a pratica appointed in `year` (any year when nil).
local function gestori_of(p, year)
  local ids, seen = {}, {}
  for _, row in ipairs(p.gestori or {}) do
    local in_year = year == nil or (row.data_nomina ~= nil and tonumber(string.sub(row.data_nomina, 1, 4)) == year)
    if row.gestore ~= nil and in_year and not seen[row.gestore] then
      seen[row.gestore] = true
      ids[#ids + 1] = row.gestore
    end
  end
  return ids
end

-- Adds one pratica to a counter {pratiche, concluse, in_corso}; `final` holds the final states.
local function count(counter, p, final)
  counter.pratiche = counter.pratiche + 1
  if final[p.stato] then counter.concluse = counter.concluse + 1 else counter.in_corso = counter.in_corso + 1 end
end

local function new_counter() return { pratiche = 0, concluse = 0, in_corso = 0 } end

return {
  title = "Pratiche per gestore",
  description = "Per ogni gestore (contatto indicato nella sezione Gestori): pratiche assegnate, di cui concluse (in uno stato "
    .. "finale) e in corso. Una pratica con due gestori conta per ciascuno, quindi il totale conta gli incarichi. Con l'anno, "
    .. "solo gli incarichi con data di nomina in quell'anno. In fondo, le pratiche senza gestore (senza anno).",
  params = {
    { id = "anno", label = "Anno di nomina (facoltativo)", type = "integer" },
  },
  run = function(params, q)
    local by_gestore, unassigned, total = {}, new_counter(), new_counter()
    local final = {}
    for _, state in ipairs(q.states(TYPE)) do final[state.id] = state.final end
    for _, p in ipairs(q.pratiche{ type = TYPE, fields = { "gestori" } }) do
      local ids = gestori_of(p, params.anno)
      for _, id in ipairs(ids) do
        by_gestore[id] = by_gestore[id] or new_counter()
        count(by_gestore[id], p, final)
        count(total, p, final)
      end
      if #(p.gestori or {}) == 0 then count(unassigned, p, final) end
    end
    local names = contact_names(q, by_gestore)
    local rows = {}
    for id, counter in pairs(by_gestore) do
      rows[#rows + 1] = { gestore = names[id] or ("Contatto n. " .. id), pratiche = counter.pratiche,
                          concluse = counter.concluse, in_corso = counter.in_corso }
    end
    table.sort(rows, function(a, b) return a.pratiche > b.pratiche or (a.pratiche == b.pratiche and a.gestore < b.gestore) end)
    local footer = { { gestore = "Totale incarichi", pratiche = total.pratiche, concluse = total.concluse, in_corso = total.in_corso } }
    if params.anno == nil then
      footer[#footer + 1] = { gestore = "Pratiche senza gestore", pratiche = unassigned.pratiche,
                              concluse = unassigned.concluse, in_corso = unassigned.in_corso }
    end
    return {
      title = params.anno and ("Pratiche per gestore – nomine del " .. params.anno) or nil,
      columns = {
        { id = "gestore", label = "Gestore" },
        { id = "pratiche", label = "Pratiche", type = "integer" },
        { id = "concluse", label = "Concluse", type = "integer" },
        { id = "in_corso", label = "In corso", type = "integer" },
      },
      rows = rows,
      footer = footer,
      chart = { type = "bar", label = "gestore", value = { "concluse", "in_corso" }, title = "Pratiche per gestore" },
    }
  end,
}
