return {
  fees = function(input)
    return input.attivo +
  end,
}
