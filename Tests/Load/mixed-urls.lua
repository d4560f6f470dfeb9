-- wrk script: each request takes the next path of a file (one per line, drawn at random from the
-- data by `fascicolo-bench --urls`), so that no two consecutive requests ask the same thing and
-- no cache can answer them. Usage: wrk ... -s mixed-urls.lua URL -- paths.txt
local paths = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Each wrk thread starts at its own place in the list.
  next_index = (math.random(#paths) % #paths) + 1
end

function request()
  local path = paths[next_index]
  next_index = (next_index % #paths) + 1
  return wrk.format("GET", path)
end
