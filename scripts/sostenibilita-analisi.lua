-- Sostenibilità delle analisi finanziarie: for each analysis, the household's or business's
-- available income, the proposed yearly instalments, their share of the income and the verdict,
-- with a count of sustainable and unsustainable plans.
-- Counts only what the caller may see (its own pratiche and those shared with its account).
return {
  title = "Sostenibilità dei piani (Analisi finanziaria)",
  description = "Reddito disponibile, rate annue proposte e sostenibilità di ogni analisi finanziaria.",
  params = {
    { id = "anno", label = "Anno della pratica (vuoto: tutti)", type = "integer" },
  },
  run = function(params, q)
    local where = {}
    if params.anno ~= nil then where.anno = tostring(params.anno) end
    local fields = { "protocollo", "tipo_soggetto", "reddito_disponibile", "rata_proposta", "rapporto_rata_reddito", "sostenibilita" }
    local rows, counts = {}, { sostenibile = 0, non_sostenibile = 0, incompleta = 0 }
    for _, p in ipairs(q.pratiche{ type = "analisi-finanziaria", where = where, fields = fields }) do
      local verdict = p.sostenibilita or "incompleta"
      counts[verdict] = counts[verdict] + 1
      rows[#rows + 1] = {
        pratica = p.protocollo or p.nome_cartella,
        soggetto = q.label("tipo_soggetto", p.tipo_soggetto, "analisi-finanziaria") or "",
        disponibile = p.reddito_disponibile,
        rate_annue = p.rata_proposta and p.rata_proposta * 12 or nil,
        incidenza = p.rapporto_rata_reddito,
        esito = p.sostenibilita and q.label("sostenibilita", p.sostenibilita, "analisi-finanziaria") or "Dati incompleti",
      }
    end
    return {
      title = "Sostenibilità dei piani",
      tables = {
      {
        title = "Analisi",
        columns = {
          { id = "pratica", label = "Pratica" },
          { id = "soggetto", label = "Soggetto" },
          { id = "disponibile", label = "Reddito disponibile annuo", type = "money" },
          { id = "rate_annue", label = "Rate annue proposte", type = "money" },
          { id = "incidenza", label = "Rata/reddito", type = "percent" },
          { id = "esito", label = "Esito" },
        },
        rows = rows,
      },
      {
        title = "Riepilogo",
        columns = { { id = "esito", label = "Esito" }, { id = "analisi", label = "Analisi", type = "integer" } },
        rows = {
          { esito = "Sostenibile", analisi = counts.sostenibile },
          { esito = "Non sostenibile", analisi = counts.non_sostenibile },
          { esito = "Dati incompleti", analisi = counts.incompleta },
        },
        chart = { type = "bar", label = "esito", value = "analisi" },
      },
      },
    }
  end,
}
