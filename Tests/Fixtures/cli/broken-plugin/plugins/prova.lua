return {
  can_transition = function(p, from, to)
    return true
  end,
  tasse = function() end,
}
