-- Policy of the OCC for pratiche of type "analisi-finanziaria": the indicators of the analysis,
-- computed on every save into the type's read-only fields.
--
-- The office's rule for the spese necessarie al sostentamento of a household follows art. 283
-- c.2 CCII (esdebitazione del debitore incapiente): the assegno sociale of the year, increased by
-- half, multiplied by the ISEE equivalence-scale parameter of the household's size. For a business
-- the office uses its average yearly expenses instead. The data it needs are the tables below.
-- Everything is exact (dec); amounts are rounded once, half up, to the cent.

-- Monthly assegno sociale by year (13 payments a year), as INPS publishes it each January. The
-- office adds each new year's figure; a year not listed uses the latest earlier one.
local ASSEGNO_SOCIALE = {
  [2024] = dec("534.41"),
  [2025] = dec("538.69"),
}
local MENSILITA = 13

-- The ISEE equivalence scale (D.P.C.M. 159/2013, allegato 1): the parameter for 1 to 5
-- members, then 0.35 more for each further member.
local SCALA_ISEE = { dec("1"), dec("1.57"), dec("2.04"), dec("2.46"), dec("2.85") }
local SCALA_ISEE_OLTRE = dec("0.35")

local AUMENTO = dec("1.5")
local ZERO = dec(0)
local HUNDRED = dec(100)
local CAP = dec(1000)

local function scale(members)
  if members <= #SCALA_ISEE then return SCALA_ISEE[members] end
  return SCALA_ISEE[#SCALA_ISEE] + SCALA_ISEE_OLTRE * (members - #SCALA_ISEE)
end

-- The monthly assegno sociale for `year`: the year's own, else the latest earlier one.
local function assegno(year)
  local best, chosen = nil, nil
  for listed, amount in pairs(ASSEGNO_SOCIALE) do
    if listed <= year and (best == nil or listed > best) then best, chosen = listed, amount end
  end
  return chosen
end

local function sum(rows, key)
  local total, count = ZERO, 0
  for _, row in ipairs(rows or {}) do
    if row[key] ~= nil then
      total, count = total + row[key], count + 1
    end
  end
  return total, count
end

local function percent(part, whole)
  if whole == nil or whole <= ZERO then return nil end
  local value = (part * HUNDRED / whole):round(2)
  if value > CAP then return CAP end
  return value
end

local function compute(p, ctx)
  local result = {}
  local incomes, years = sum(p.bilancio, "redditi")
  local expenses, expense_years = sum(p.bilancio, "spese")
  local average_income = years > 0 and (incomes / years):round(2) or nil
  result.reddito_medio = average_income
  if expense_years > 0 then result.spese_medie = (expenses / expense_years):round(2) end

  local year = tonumber((p.data_analisi or ctx.today):sub(1, 4))
  if p.tipo_soggetto == "impresa" then
    result.spese_sostentamento = result.spese_medie
  else
    local monthly = assegno(year)
    if monthly ~= nil then
      result.spese_sostentamento = (monthly * MENSILITA * AUMENTO * scale(p.componenti_nucleo or 1)):round(2)
    end
  end
  if average_income ~= nil and result.spese_sostentamento ~= nil then
    local available = average_income - result.spese_sostentamento
    if available < ZERO then available = ZERO end
    result.reddito_disponibile = available
  end

  result.totale_beni = (sum(p.beni, "valore"))
  result.totale_debiti = (sum(p.debiti, "importo_residuo"))
  if p.rata_proposta ~= nil then
    local yearly = p.rata_proposta * 12
    result.rapporto_rata_reddito = percent(yearly, average_income)
    if p.durata_anni ~= nil then
      result.totale_piano = yearly * p.durata_anni
      result.copertura_debiti = percent(result.totale_piano, result.totale_debiti)
    end
    if result.reddito_disponibile ~= nil then
      result.sostenibilita = yearly <= result.reddito_disponibile and "sostenibile" or "non_sostenibile"
    end
  end
  return result
end

local function validate(p, ctx)
  local seen, issues = {}, {}
  for index, row in ipairs(p.bilancio or {}) do
    if seen[row.anno_riferimento] then
      issues[#issues + 1] = { field = "bilancio[" .. index .. "].anno_riferimento", message = "anno già presente in un'altra riga" }
    end
    seen[row.anno_riferimento] = true
  end
  if p.rata_proposta ~= nil and p.durata_anni == nil then
    issues[#issues + 1] = { field = "durata_anni", message = "indicare la durata del piano" }
  end
  if #issues > 0 then return issues end
end

local function can_transition(p, from, to, ctx)
  if to == "completata" and p.sostenibilita == nil then
    return false, "indicare la rata proposta e la durata del piano, con redditi e nucleo familiare"
  end
  return true
end

local function protocol(p, ctx)
  local number = ctx.first_free(p.anno)
  return { number = number, text = string.format("AF-%d/%04d", p.anno, number) }
end

return { compute = compute, validate = validate, can_transition = can_transition, protocol = protocol }
