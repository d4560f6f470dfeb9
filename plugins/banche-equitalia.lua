-- Policy of the OCC for pratiche of type "banche-equitalia".
--
-- What the office changes lives in the three tables at the top, as data:
--   PIANI       the interest rate and the most instalments of each kind of plan;
--   TEGM        the average rates (TEGM) the MEF decree publishes each quarter, by category;
--   SOGLIA      the rule that turns a TEGM into the usury threshold.
-- Everything is exact (dec); amounts are rounded once, half up, to the cent.

-- Instalment plans. `tasso` is the annual rate in percent; nil means "the rate typed in the
-- pratica" (tasso_concordato). The rates are those in force when this table was written: check
-- them against the current rules before relying on a plan.
--   ader_ordinaria: interessi di dilazione of art. 21 D.P.R. 602/1973, 4.5 % a year
--                   (D.M. 21 maggio 2009); up to 120 monthly instalments in the cases of
--                   art. 19 c.1-bis D.P.R. 602/1973.
--   rottamazione:   2 % a year on deferred instalments (L. 197/2022, art. 1 c.233), at most 18.
--   piano_bancario: the rate agreed with the bank.
local PIANI = {
  ader_ordinaria = { tasso = dec("4.5"), max_rate = 120 },
  rottamazione = { tasso = dec("2"), max_rate = 18 },
  piano_bancario = { tasso = nil, max_rate = 120 },
}

-- TEGM by quarter ("2025-T1") and category (the codes of `verifica_categoria`), in percent, as the
-- quarterly decree of the Ministero dell'Economia (L. 108/1996, art. 2 c.1) publishes them. The
-- office adds each quarter's figures here; until it does, the TEGM typed in the pratica
-- (tegm_indicato) is used. Example of an entry:
--   ["2025-T1"] = { prestiti_personali = dec("..."), mutui_fisso = dec("...") },
local TEGM = {
}

-- L. 108/1996, art. 2 c.4 (as amended by D.L. 70/2011, art. 8 c.5): the threshold is the TEGM
-- increased by a quarter, plus 4 percentage points; the difference between the threshold and the
-- TEGM may not exceed 8 percentage points.
local SOGLIA = { moltiplicatore = dec("1.25"), punti = dec(4), scarto_massimo = dec(8) }

local ZERO = dec(0)
local MONTHS_PER_YEAR = dec(12)
local HUNDRED = dec(100)

-- ---------------------------------------------------------------------------------------------
-- Dates

local function is_leap(year)
  return (year % 4 == 0 and year % 100 ~= 0) or year % 400 == 0
end

local DAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

-- The ISO date `months` months after `iso`, on the same day or the month's last day.
local function add_months(iso, months)
  local year, month, day = iso:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  year, month, day = tonumber(year), tonumber(month), tonumber(day)
  local index = (year * 12 + (month - 1)) + months
  year, month = index // 12, index % 12 + 1
  local last = DAYS[month]
  if month == 2 and is_leap(year) then last = 29 end
  if day > last then day = last end
  return string.format("%04d-%02d-%02d", year, month, day)
end

-- ---------------------------------------------------------------------------------------------
-- The instalment plan: constant monthly instalments (French amortisation) at the plan's annual
-- rate, monthly rate = annual / 12. rata = C * i / (1 - (1 + i)^-n), rounded to the cent; each
-- month's interest is the residual debt times i, rounded to the cent; the last instalment takes
-- what is left, so that the capital repaid is exactly C. With a zero rate: C / n, the remainder
-- on the last instalment.

local function annual_rate(p)
  local plan = PIANI[p.piano_tipo or ""]
  if plan == nil then return nil end
  if plan.tasso ~= nil then return plan.tasso end
  return p.tasso_concordato
end

local function instalment(capital, monthly, count)
  if monthly == ZERO then return (capital / count):round(2) end
  -- (1 + i)^n, kept to ten decimal places at each step (exact to far below a cent of the rata).
  local growth = dec(1)
  for _ = 1, count do growth = (growth * (1 + monthly)):round(10) end
  return (capital * monthly * growth / (growth - 1)):round(2)
end

local function plan(p)
  local capital, count, rate = p.importo_da_rateizzare, p.numero_rate, annual_rate(p)
  if capital == nil or count == nil or rate == nil or capital <= ZERO then return nil end
  local plan_kind = PIANI[p.piano_tipo]
  if count > plan_kind.max_rate then return nil end
  local monthly = rate / HUNDRED / MONTHS_PER_YEAR
  local amount = instalment(capital, monthly, count)
  local rows, residual, interest_total = {}, capital, ZERO
  for k = 1, count do
    local interest = (residual * monthly):round(2)
    local principal = amount - interest
    if k == count or principal > residual then principal = residual end
    residual = residual - principal
    interest_total = interest_total + interest
    rows[k] = {
      numero = k,
      scadenza = p.data_prima_rata and add_months(p.data_prima_rata, k - 1) or nil,
      quota_capitale = principal, quota_interessi = interest, rata = principal + interest,
      debito_residuo = residual,
    }
  end
  return {
    tasso_applicato = rate, rata_mensile = amount, totale_interessi = interest_total,
    totale_piano = capital + interest_total, piano_rate = rows,
  }
end

-- ---------------------------------------------------------------------------------------------
-- The usury check

local function tegm(p)
  local quarter = TEGM[p.verifica_trimestre or ""]
  local published = quarter and quarter[p.verifica_categoria or ""] or nil
  return published or p.tegm_indicato
end

local function threshold(average)
  local soglia = average * SOGLIA.moltiplicatore + SOGLIA.punti
  local ceiling = average + SOGLIA.scarto_massimo
  if soglia > ceiling then soglia = ceiling end
  return soglia:round(4)
end

-- ---------------------------------------------------------------------------------------------
-- Hooks

local function compute(p, ctx)
  local result = {}
  local total, contested = ZERO, ZERO
  for _, row in ipairs(p.rapporti or {}) do
    if row.importo ~= nil then
      total = total + row.importo
      if row.situazione == "contestato" then contested = contested + row.importo end
    end
  end
  if p.rapporti ~= nil and #p.rapporti > 0 then
    result.totale_rapporti = total
    result.totale_contestato = contested
  end
  local computed = plan(p)
  if computed ~= nil then
    for key, value in pairs(computed) do result[key] = value end
  end
  local average = tegm(p)
  if average ~= nil then
    result.tegm = average
    result.tasso_soglia = threshold(average)
    if p.taeg_contratto ~= nil then
      result.esito_usura = p.taeg_contratto > result.tasso_soglia and "oltre_soglia" or "entro_soglia"
    end
  end
  return result
end

local function validate(p, ctx)
  local issues = {}
  local kind = PIANI[p.piano_tipo or ""]
  if kind ~= nil and p.numero_rate ~= nil and p.numero_rate > kind.max_rate then
    issues[#issues + 1] = { field = "numero_rate", message = "al massimo " .. kind.max_rate .. " rate per questo tipo di piano" }
  end
  if p.piano_tipo == "piano_bancario" and p.importo_da_rateizzare ~= nil and p.tasso_concordato == nil then
    issues[#issues + 1] = { field = "tasso_concordato", message = "indicare il tasso concordato con la banca" }
  end
  if p.taeg_contratto ~= nil and p.verifica_categoria == nil then
    issues[#issues + 1] = { field = "verifica_categoria", message = "indicare la categoria di operazione del contratto" }
  end
  if p.verifica_trimestre ~= nil and not p.verifica_trimestre:match("^%d%d%d%d%-T[1-4]$") then
    issues[#issues + 1] = { field = "verifica_trimestre", message = "scrivere il trimestre come 2025-T1" }
  end
  if #issues > 0 then return issues end
end

local function can_transition(p, from, to, ctx)
  if to == "istanza_inviata" then
    if p.rapporti == nil or #p.rapporti == 0 then
      return false, "indicare almeno un contratto o una cartella"
    end
    if p.oggetto == "rateizzazione" and p.rata_mensile == nil then
      return false, "completare il piano di rateizzazione (importo, numero di rate, tipo di piano)"
    end
  end
  if (to == "accolta" or to == "respinta") and p.controparte == nil then
    return false, "indicare la controparte che ha deciso sull'istanza"
  end
  return true
end

local function protocol(p, ctx)
  local number = ctx.first_free(p.anno)
  return { number = number, text = string.format("BE-%d/%04d", p.anno, number) }
end

local function folder_name(p, ctx)
  local date = p.data_richiesta or ctx.today
  local day = date:sub(9, 10) .. "/" .. date:sub(6, 7) .. "/" .. date:sub(1, 4)
  if p.protocollo ~= nil then return "Banche ed Equitalia " .. p.protocollo .. " del " .. day end
  return "Banche ed Equitalia del " .. day
end

return {
  compute = compute, validate = validate, can_transition = can_transition, protocol = protocol,
  folder_name = folder_name,
}
