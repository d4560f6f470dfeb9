// Read-only views of host tables, and the `dec` userdata's identity.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"

// ---- read-only views ---------------------------------------------------------------------

static int frozen_newindex(lua_State *L) {
    luaL_where(L, 1);
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__hint");
    lua_remove(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

static int frozen_len(lua_State *L) {
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__index");
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

/// Iterator over the table in upvalue 1, so that the table itself never reaches the script.
static int hidden_next(lua_State *L) {
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1)) == 0) return 0;
    return 2;
}

static int frozen_pairs(lua_State *L) {
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__index");
    lua_pushcclosure(L, hidden_next, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

int fl_frozen_pairs(lua_State *L) { return frozen_pairs(L); }

/// Freezes the table at the top of the stack in place of itself; `hint` is the message string
/// at `hint_index` (shared by every nested view).
static void freeze_top(lua_State *L, int hint_index) {
    luaL_checkstack(L, 8, "tables nested too deeply");
    int target = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, target) != 0) {
        if (lua_type(L, -1) == LUA_TTABLE) {
            freeze_top(L, hint_index);
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, target);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_createtable(L, 0, 0);                 /* the view */
    lua_createtable(L, 0, 6);                 /* its metatable */
    lua_pushvalue(L, target);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, frozen_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, frozen_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, frozen_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushvalue(L, hint_index);
    lua_setfield(L, -2, "__hint");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_replace(L, target);
}

void lua_pushcfunction_newindex(lua_State *L) { lua_pushcfunction(L, frozen_newindex); }

void fl_freeze(lua_State *L, const char *hint) {
    lua_pushstring(L, hint);
    int hint_index = lua_gettop(L);
    lua_pushvalue(L, hint_index - 1);
    freeze_top(L, hint_index);
    lua_replace(L, hint_index - 1);
    lua_pop(L, 1);
}

void fl_register_dec_metatable(lua_State *L) {
    fl_limits *limits = fl_limits_of(L);
    limits->dec_metatable = lua_topointer(L, -1);
    limits->dec_metatable_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void *fl_test_dec(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return NULL;
    const void *metatable = lua_topointer(L, -1);
    lua_pop(L, 1);
    return metatable == fl_limits_of(L)->dec_metatable ? lua_touserdata(L, index) : NULL;
}

void *fl_new_dec(lua_State *L, size_t size) {
    void *payload = lua_newuserdatauv(L, size, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, fl_limits_of(L)->dec_metatable_ref);
    lua_setmetatable(L, -2);
    return payload;
}
