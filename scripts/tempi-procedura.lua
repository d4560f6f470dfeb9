-- Tempi della procedura: how long pratiche stay in each state (from the history of state changes)
-- and how long it takes from filing to the appointment of the first gestore. Days are whole
-- calendar days between ISO dates. Counts what the caller may see.
local TYPE = "crisi-sovraindebitamento"

-- Days since 1970-01-01 of an ISO date or date-time ("2025-03-15", "2025-03-15T10:00:00+01:00"),
-- after H. Hinnant's days_from_civil (proleptic Gregorian calendar).
local function day_number(iso)
  local y, m, d = string.match(iso, "^(%d%d%d%d)-(%d%d)-(%d%d)")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local year_of_era = y - era * 400
  local day_of_year = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  local day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
  return era * 146097 + day_of_era - 719468
end

local function days_between(from, to) return day_number(to) - day_number(from) end

-- Average of a {count, days} accumulator with one decimal, nil when empty.
local function average(acc)
  if acc.count == 0 then return nil end
  return (dec(acc.days) / acc.count):round(1)
end

local function accumulate(map, key, days)
  local acc = map[key]
  if acc == nil then
    acc = { count = 0, days = 0 }
    map[key] = acc
  end
  acc.count = acc.count + 1
  acc.days = acc.days + days
end

-- The state changes by pratica, oldest first.
local function history_by_pratica(q)
  local history, order = {}, {}
  for _, change in ipairs(q.transitions{ type = TYPE }) do
    if history[change.pratica] == nil then
      history[change.pratica] = {}
      order[#order + 1] = change.pratica
    end
    local list = history[change.pratica]
    list[#list + 1] = change
  end
  return history, order
end

-- (a) Stays in each state: a stay begins when a change enters the state and ends with the next
-- change of the same pratica. Closed stays give the average; the stay in the current state, when
-- that state is not final, is counted apart up to today. Final states have no duration.
local function stays(q, final)
  local closed, open, seen, changes_count = {}, {}, {}, 0
  local today = q.today()
  local history, order = history_by_pratica(q)
  for _, id in ipairs(order) do
    local changes = history[id]
    changes_count = changes_count + #changes
    for index, change in ipairs(changes) do
      seen[change.to] = true
      local next_change = changes[index + 1]
      if next_change ~= nil then
        accumulate(closed, change.to, days_between(change.at, next_change.at))
      elseif not final[change.to] then
        accumulate(open, change.to, days_between(change.at, today))
      end
    end
  end
  return closed, open, seen, changes_count
end

local function state_table(q)
  -- The type's states in their declared order, and which are final.
  local order, final = {}, {}
  for _, state in ipairs(q.states(TYPE)) do
    order[#order + 1] = state.id
    final[state.id] = state.final
  end
  local closed, open, seen, changes_count = stays(q, final)
  local states, listed = {}, {}
  for _, state in ipairs(order) do
    if seen[state] and not final[state] then states[#states + 1] = state end
    listed[state] = true
  end
  -- States of another version of the type, not in the list above.
  local extra = {}
  for state in pairs(seen) do if not listed[state] then extra[#extra + 1] = state end end
  table.sort(extra)
  table.move(extra, 1, #extra, #states + 1, states)
  local rows = {}
  for _, state in ipairs(states) do
    local done, current = closed[state] or { count = 0, days = 0 }, open[state] or { count = 0, days = 0 }
    rows[#rows + 1] = { stato = q.label("stato", state, TYPE), permanenze = done.count, giorni = average(done),
                        in_corso = current.count, giorni_in_corso = average(current) }
  end
  return {
    title = "Giorni di permanenza in ciascuno stato (" .. changes_count .. " passaggi di stato registrati)",
    columns = {
      { id = "stato", label = "Stato" },
      { id = "permanenze", label = "Permanenze concluse", type = "integer" },
      { id = "giorni", label = "Giorni medi", type = "decimal" },
      { id = "in_corso", label = "Pratiche ancora nello stato", type = "integer" },
      { id = "giorni_in_corso", label = "Giorni medi finora (a oggi)", type = "decimal" },
    },
    rows = rows,
    chart = { type = "bar", label = "stato", value = "giorni", title = "Giorni medi di permanenza (permanenze concluse)" },
  }
end

-- The earliest data_nomina among the gestori rows, or nil.
local function first_appointment(gestori)
  local first = nil
  for _, row in ipairs(gestori or {}) do
    if row.data_nomina ~= nil and (first == nil or row.data_nomina < first) then first = row.data_nomina end
  end
  return first
end

-- (b) Days from filing to the first appointment, by year of filing.
local function appointment_table(q)
  local filed, measured, inconsistent, years = {}, {}, {}, {}
  for _, p in ipairs(q.pratiche{ type = TYPE, fields = { "data_presentazione", "gestori" } }) do
    if p.data_presentazione ~= nil then
      local year = string.sub(p.data_presentazione, 1, 4)
      if filed[year] == nil then years[#years + 1] = year end
      filed[year] = (filed[year] or 0) + 1
      local appointed = first_appointment(p.gestori)
      if appointed ~= nil then
        local days = days_between(p.data_presentazione, appointed)
        if days >= 0 then
          accumulate(measured, year, days)
          local acc = measured[year]
          acc.min = acc.min and math.min(acc.min, days) or days
          acc.max = acc.max and math.max(acc.max, days) or days
        else
          inconsistent[year] = (inconsistent[year] or 0) + 1
        end
      end
    end
  end
  table.sort(years)
  local rows = {}
  local all, all_filed = { count = 0, days = 0 }, 0
  for _, year in ipairs(years) do
    local acc = measured[year] or { count = 0, days = 0 }
    rows[#rows + 1] = { anno = year, presentate = filed[year], nominate = acc.count, giorni = average(acc),
                        minimo = acc.min, massimo = acc.max, escluse = inconsistent[year] or 0 }
    all.count, all.days = all.count + acc.count, all.days + acc.days
    all_filed = all_filed + filed[year]
  end
  return {
    title = "Giorni dalla presentazione alla nomina del primo gestore, per anno di presentazione",
    columns = {
      { id = "anno", label = "Anno di presentazione" },
      { id = "presentate", label = "Presentate", type = "integer" },
      { id = "nominate", label = "Con gestore nominato", type = "integer" },
      { id = "giorni", label = "Giorni medi", type = "decimal" },
      { id = "minimo", label = "Minimo", type = "integer" },
      { id = "massimo", label = "Massimo", type = "integer" },
      { id = "escluse", label = "Escluse (nomina anteriore alla presentazione)", type = "integer" },
    },
    rows = rows,
    footer = { { anno = "Tutti gli anni", presentate = all_filed, nominate = all.count, giorni = average(all) } },
    chart = { type = "bar", label = "anno", value = "giorni", title = "Giorni medi fino alla nomina" },
  }
end

return {
  title = "Tempi della procedura",
  description = "(a) Per ogni stato non finale, i giorni medi di permanenza ricavati dai passaggi di stato registrati da Fascicolo: "
    .. "una permanenza va dal passaggio che entra nello stato al passaggio successivo della stessa pratica, in giorni di calendario. "
    .. "Le permanenze ancora aperte (lo stato attuale) non entrano nella media: sono contate a parte, con i giorni trascorsi fino a oggi. "
    .. "Le pratiche importate o create con dati dimostrativi hanno tutti i passaggi nello stesso istante (durata 0). "
    .. "(b) Per anno di presentazione, i giorni dalla data di presentazione alla prima data di nomina di un gestore; "
    .. "le nomine con data anteriore alla presentazione sono escluse e contate a parte.",
  params = {},
  run = function(params, q)
    return { tables = { state_table(q), appointment_table(q) } }
  end,
}
