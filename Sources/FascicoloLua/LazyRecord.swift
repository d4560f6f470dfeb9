internal import CLua
internal import CLuaShim
import FascicoloCore

/// A record a hook reads field by field: `p.data_apertura` asks the host for that one field, so a
/// rule that looks at two fields does not pay for converting forty. Read-only; `pairs(p)` works. A slot is reused from call to call and emptied after each, so a view kept by a
/// script past its call reads nothing (it raises), never another call's data.
final class LazyRecord {
    unowned let state: LuaState
    var fields: [String: Value]?

    init(state: LuaState) { self.state = state }

    /// Pushes a read-only proxy over the current `fields`.
    func pushProxy() {
        let L = state.L
        let context = Unmanaged.passUnretained(self).toOpaque()
        lua_createtable(L, 0, 0)
        lua_createtable(L, 0, 5)
        fl_push_host_function(
            L,
            { L, context in
                Unmanaged<LazyRecord>.fromOpaque(context!).takeUnretainedValue().index()
            }, context)
        lua_setfield(L, -2, "__index")
        fl_push_host_function(
            L,
            { L, context in
                Unmanaged<LazyRecord>.fromOpaque(context!).takeUnretainedValue().pairs()
            }, context)
        lua_setfield(L, -2, "__pairs")
        state.pushString("the pratica is read-only: return a patch instead")
        lua_setfield(L, -2, "__hint")
        lua_pushcfunction_newindex(L)
        lua_setfield(L, -2, "__newindex")
        lua_pushboolean(L, 0)
        lua_setfield(L, -2, "__metatable")
        lua_setmetatable(L, -2)
    }

    /// `__index(proxy, key)`: the field's value, frozen when it is a table.
    private func index() -> Int32 {
        guard let fields else { return fail("this view of the pratica is only valid during the hook call") }
        guard let key = state.string(at: 2), let value = fields[key] else {
            lua_pushnil(state.L)
            return 1
        }
        state.push(value)
        if lua_type(state.L, -1) == LUA_TTABLE { fl_freeze(state.L, "the pratica is read-only: return a patch instead") }
        return 1
    }

    /// `__pairs(proxy)`: iterate a frozen copy of every field.
    private func pairs() -> Int32 {
        guard let fields else { return fail("this view of the pratica is only valid during the hook call") }
        let L = state.L
        state.push(.record(fields))
        fl_freeze(L, "the pratica is read-only: return a patch instead")
        lua_copy(L, -1, 1)
        fl_pop(L, 1)
        return fl_frozen_pairs(L)
    }

    private func fail(_ message: String) -> Int32 {
        state.pushString(message)
        return -1
    }
}
