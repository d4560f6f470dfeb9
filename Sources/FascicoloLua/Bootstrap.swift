/// Lua run once per state, with the real globals, before any script: it returns the function that
/// builds each script's environment and the function that freezes values into read-only views.
/// The real global table stays private to this chunk (`_G` in a script is its own environment).
///
/// An environment reads the sandbox's globals (libraries as read-only proxies, so one script cannot
/// change `string.rep` for another), and refuses reading an undeclared global and creating one.
enum Bootstrap {
    static let source = """
        local libraries = ...
        local G = _ENV
        local setmetatable, error, tostring, next, type = setmetatable, error, tostring, next, type

        local function readonly(target, name, hint)
          return setmetatable({}, {
            __index = target,
            __newindex = function(_, key) error(hint or ("cannot modify " .. name .. "." .. tostring(key)), 2) end,
            __len = function() return #target end,
            __pairs = function() return next, target, nil end,
            __metatable = false,
          })
        end

        local function freeze(value, hint)
          if type(value) ~= "table" then return value end
          for key, inner in next, value do
            if type(inner) == "table" then value[key] = freeze(inner, hint) end
          end
          return readonly(value, "value", hint)
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

        return environment, freeze
        """
}
