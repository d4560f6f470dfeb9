-- Policy of the OCC for pratiche of type "crisi-sovraindebitamento".
--
-- The fee calculator follows art. 16 D.M. 202/2014 as set out in the project's legal note
-- (shared law/fees.md): the marginal brackets of art. 1 c.1-2 D.M. 30/2012 on attivo and passivo,
-- minimum/maximum percentages, medio as their arithmetic mean, the riduzione of art. 16 c.4
-- (15-40 %), the rimborso forfettario spese generali of art. 14 c.3 (10-15 %, the "Rimborso
-- Indennità" of older software), the ceiling of art. 16 c.5 when the amount attributed to creditors
-- is known, and the halving of art. 283 c.6 CCII for the esdebitazione dell'incapiente.
-- Everything is exact (dec); the host rounds each reported figure once, half up, to the cent.

local PERCENT = dec(100)
local ONE_PERCENT = dec("0.01")
local HALF = dec("0.5")
local ZERO = dec(0)

-- art. 1 c.1 D.M. 30/2012: upper limit of each bracket (nil: no limit) and min/max percentage.
local ATTIVO = {
  { fino = dec("16227.08"), min = dec("12"), max = dec("14") },
  { fino = dec("24340.62"), min = dec("10"), max = dec("12") },
  { fino = dec("40567.68"), min = dec("8.50"), max = dec("9.50") },
  { fino = dec("81135.38"), min = dec("7"), max = dec("8") },
  { fino = dec("405676.89"), min = dec("5.5"), max = dec("6.5") },
  { fino = dec("811353.79"), min = dec("4"), max = dec("5") },
  { fino = dec("2434061.37"), min = dec("0.90"), max = dec("1.80") },
  { fino = nil, min = dec("0.45"), max = dec("0.90") },
}

-- art. 1 c.2 D.M. 30/2012 (note: 81.131,38, not the 81.135,38 of the attivo).
local PASSIVO = {
  { fino = dec("81131.38"), min = dec("0.19"), max = dec("0.94") },
  { fino = nil, min = dec("0.06"), max = dec("0.46") },
}

-- Rates as fractions, computed once when the plugin loads: a computation then only multiplies.
for _, table_ in ipairs({ ATTIVO, PASSIVO }) do
  for _, bracket in ipairs(table_) do
    bracket.rate_min, bracket.rate_max = bracket.min * ONE_PERCENT, bracket.max * ONE_PERCENT
  end
end

local KINDS = {
  piano = true, accordo = true, liquidazione = true, ristrutturazione = true,
  concordato_minore = true, liquidazione_controllata = true, incapiente = true,
}

-- Applies marginal brackets to `amount`, appending one breakdown row per bracket used.
local function brackets(amount, table_, kind, rows)
  local lower, total_min, total_max = ZERO, ZERO, ZERO
  for _, bracket in ipairs(table_) do
    if amount <= lower then break end
    local upper = bracket.fino
    local top = amount
    if upper ~= nil and upper < amount then top = upper end
    local base = top - lower
    local amount_min = base * bracket.rate_min
    local amount_max = base * bracket.rate_max
    rows[#rows + 1] = {
      tipo = kind, da = lower, a = upper, base = base,
      percentuale_min = bracket.min, percentuale_max = bracket.max,
      importo_min = amount_min, importo_max = amount_max,
    }
    total_min, total_max = total_min + amount_min, total_max + amount_max
    if upper == nil then break end
    lower = upper
  end
  return total_min, total_max
end

-- The art. 16 c.5 ceiling on compenso + spese generali, or nil when it does not apply.
local function ceiling(input, warnings)
  local attributed = input.attribuito
  if attributed == nil then return nil end
  if attributed < dec(20000) then
    warnings[#warnings + 1] = "limite dell'art. 16 c.5 non applicato: l'importo attribuito ai creditori è inferiore a 20.000 euro"
    return nil
  end
  if input.passivo == dec(1000000) then
    warnings[#warnings + 1] = "passivo pari a 1.000.000 euro, né superiore né inferiore per l'art. 16 c.5: applicato il limite del 10%"
  end
  local rate = input.passivo > dec(1000000) and dec(5) or dec(10)
  return attributed * rate * ONE_PERCENT, rate
end

local function fees(input, ctx)
  if not KINDS[input.kind] then
    error("procedura sconosciuta per il calcolo dei compensi")
  end
  local warnings = {}
  if input.riduzione < dec(15) or input.riduzione > dec(40) then
    warnings[#warnings + 1] = "riduzione fuori dall'intervallo 15-40% dell'art. 16 c.4 D.M. 202/2014 (calcolo eseguito comunque, art. 14 c.4)"
  end
  if input.rimborso < dec(10) or input.rimborso > dec(15) then
    warnings[#warnings + 1] = "rimborso spese generali fuori dall'intervallo 10-15% dell'art. 14 c.3 D.M. 202/2014 (calcolo eseguito comunque)"
  end

  local rows = {}
  local attivo_min, attivo_max = brackets(input.attivo, ATTIVO, "attivo", rows)
  local passivo_min, passivo_max = brackets(input.passivo, PASSIVO, "passivo", rows)
  local lordo = { min = attivo_min + passivo_min, max = attivo_max + passivo_max }
  lordo.medio = (lordo.min + lordo.max) * HALF

  local keep = (PERCENT - input.riduzione) * ONE_PERCENT
  local half = input.kind == "incapiente" and HALF or dec(1)
  if input.kind == "incapiente" then
    warnings[#warnings + 1] = "esdebitazione del debitore incapiente: compensi ridotti della metà (art. 283 c.6 CCII), dopo la riduzione e prima delle spese generali"
  end

  local limit, rate = ceiling(input, warnings)
  local compenso, spese, totale = {}, {}, {}
  for _, column in ipairs({ "min", "medio", "max" }) do
    local fee = lordo[column] * keep * half
    local expenses = fee * input.rimborso * ONE_PERCENT
    local total = fee + expenses
    if limit ~= nil and total > limit then
      total = limit
      fee = limit * PERCENT / (PERCENT + input.rimborso)
      expenses = limit - fee
      warnings[#warnings + 1] = "colonna " .. column .. ": applicato il limite dell'art. 16 c.5 (" .. tostring(rate) .. "% dell'importo attribuito ai creditori)"
    end
    compenso[column], spese[column], totale[column] = fee, expenses, total
  end

  return {
    lordo = lordo,
    compenso = compenso,
    spese_generali = spese,
    totale = totale,
    forbice = { min = lordo.min * dec("0.60") * half, max = lordo.max * dec("0.85") * half },
    scaglioni = rows,
    avvisi = warnings,
  }
end

-- Workflow ------------------------------------------------------------------------------------

local function has_rows(list) return list ~= nil and #list > 0 end

local function appointed(p)
  if not has_rows(p.gestori) then return false end
  for _, row in ipairs(p.gestori) do
    if row.gestore ~= nil and row.data_nomina ~= nil then return true end
  end
  return false
end

-- States that end an application before a gestore is appointed.
local BEFORE_APPOINTMENT = { rinunciata = true, inammissibile = true, archiviata_senza_nomina = true }
-- States where the gestore works: they need one.
local NEEDS_GESTORE = { assegnata_gestore = true, lavorazione_gestore = true, consegnata_gestore = true }

local function can_transition(p, from, to, ctx)
  if NEEDS_GESTORE[to] and not appointed(p) then
    return false, "serve un gestore con la data di nomina (sezione Gestori)"
  end
  if BEFORE_APPOINTMENT[to] and appointed(p) then
    return false, "la pratica ha già un gestore nominato: usare «Concludi la pratica» con l'esito"
  end
  if to == "ricorso_inviato" and p.data_deposito_ricorso == nil then
    return false, "indicare la data di deposito del ricorso (sezione Procedura)"
  end
  if to == "prima_udienza" and not has_rows(p.udienze) then
    return false, "aggiungere almeno un'udienza (sezione Procedura)"
  end
  if to == "conclusa" and p.esito == nil then
    return false, "indicare l'esito della pratica"
  end
  return true
end

-- Entering a state stamps its date when the type has one and it is still empty.
local STAMPS = { aperta = "data_apertura" }

local function on_transition(p, from, to, ctx)
  local field = STAMPS[to]
  if field ~= nil and p[field] == nil then
    return { [field] = ctx.today }
  end
  return nil
end

-- Protocol and folder -------------------------------------------------------------------------

local function protocol(p, ctx)
  local number = ctx.first_free(p.anno)
  return { number = number, text = string.format("%d/%04d", p.anno, number) }
end

local function italian(iso)
  local year, month, day = string.match(iso, "^(%d+)-(%d+)-(%d+)$")
  return day .. "/" .. month .. "/" .. year
end

-- "Pratica 2026/0042 del 15/03/2026": the protocol and the date of opening (or of filing, or today).
local function folder_name(p, ctx)
  local date = italian(p.data_apertura or p.data_presentazione or ctx.today)
  if p.protocollo ~= nil then
    return "Pratica " .. p.protocollo .. " del " .. date
  end
  return "Pratica del " .. date
end

return {
  fees = fees,
  can_transition = can_transition,
  on_transition = on_transition,
  protocol = protocol,
  folder_name = folder_name,
}
