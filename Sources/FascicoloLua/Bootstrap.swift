/// Lua run once per state, with the real globals, before any script: it returns the function that
/// builds each script's environment.
/// The real global table stays private to this chunk (`_G` in a script is its own environment).
///
/// An environment reads the sandbox's globals (libraries as read-only proxies, so one script cannot
/// change `string.rep` for another), and refuses reading an undeclared global and creating one.
enum Bootstrap {
    static let source = """
        local libraries = ...
        local G = _ENV
        local setmetatable, error, tostring, next = setmetatable, error, tostring, next

        local function readonly(target, name)
          return setmetatable({}, {
            __index = target,
            __newindex = function(_, key) error("cannot modify " .. name .. "." .. tostring(key), 2) end,
            __len = function() return #target end,
            __pairs = function() return function(_, key) return next(target, key) end, nil, nil end,
            __metatable = false,
          })
        end

        local function environment()
          local names = {}
          for key, value in next, G do
            if libraries[key] then names[key] = readonly(value, key) else names[key] = value end
          end
          local env = {}
          names._G = env
          return setmetatable(env, {
            __index = function(_, key)
              local value = names[key]
              if value == nil then error("undefined global '" .. tostring(key) .. "'", 2) end
              return value
            end,
            __newindex = function(_, key) error("assignment to undeclared global '" .. tostring(key) .. "': use local", 2) end,
            __metatable = false,
          })
        end

        return environment
        """
}
