-- Pratiche per stato: how many pratiche are in each state of the workflow, with a bar chart.
-- Counts only what the caller may see (its own pratiche and those shared with its account).
return {
  title = "Pratiche per stato",
  description = "Quante pratiche si trovano in ciascuno stato, per tipologia.",
  params = {
    { id = "tipologia", label = "Tipologia", type = "text", default = "crisi-sovraindebitamento" },
  },
  run = function(params, q)
    local counts, order = {}, {}
    for _, p in ipairs(q.pratiche{ type = params.tipologia, fields = {} }) do
      if counts[p.stato] == nil then
        counts[p.stato] = 0
        order[#order + 1] = p.stato
      end
      counts[p.stato] = counts[p.stato] + 1
    end
    table.sort(order, function(a, b) return counts[a] > counts[b] or (counts[a] == counts[b] and a < b) end)
    local rows, total = {}, 0
    for _, state in ipairs(order) do
      rows[#rows + 1] = { stato = q.label("stato", state, params.tipologia), pratiche = counts[state] }
      total = total + counts[state]
    end
    return {
      columns = { { id = "stato", label = "Stato" }, { id = "pratiche", label = "Pratiche", type = "integer" } },
      rows = rows,
      footer = { { stato = "Totale", pratiche = total } },
      chart = { type = "bar", label = "stato", value = "pratiche" },
    }
  end,
}
