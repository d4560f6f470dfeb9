// The sandboxed standard libraries: what is opened, what is removed, and the wrappers that keep
// pcall from swallowing a kill and C loops within bounds; the text-only `load`.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"

// ---- pcall that cannot swallow a kill ----------------------------------------------------

/// `pcall(f, ...)`: as Lua's, but once a limit has tripped the error goes on up to the host.
static int guarded_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    if (fl_limits_of(L)->tripped != FL_TRIP_NONE) return luaL_error(L, "stopped");
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (status != LUA_OK && fl_limits_of(L)->tripped != FL_TRIP_NONE) return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

/// The message handler installed by `xpcall`: the script's handler, unless a limit has tripped
/// (Lua runs handlers with the count hook off, so a looping handler could never be stopped).
static int guarded_handler(lua_State *L) {
    if (fl_limits_of(L)->tripped != FL_TRIP_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// `xpcall(f, handler, ...)`: likewise.
static int guarded_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (fl_limits_of(L)->tripped != FL_TRIP_NONE) return luaL_error(L, "stopped");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_replace(L, 1);
    lua_replace(L, 2);
    int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 1);
    if (status != LUA_OK && fl_limits_of(L)->tripped != FL_TRIP_NONE) return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_replace(L, 1);
    return lua_gettop(L);
}

// ---- metatables and C loops the count hook cannot see ------------------------------------

/// `setmetatable(t, mt)`: refuses `__gc` (finalizers run with the count hook off, at any
/// allocation, even while the host converts values).
static int guarded_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}


/// `rawset(t, k, v)`: refused on a table whose metatable is protected (`__metatable` set): the
/// read-only views of the libraries and of the host's data, and every script's `_ENV`, whose
/// rules `rawset` would otherwise step around.
static int guarded_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_getmetatable(L, 1)) {
        lua_pushliteral(L, "__metatable");
        int protected_table = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 2);
        if (protected_table) return luaL_error(L, "cannot modify a read-only table with rawset");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// table.* wrappers: a table argument longer than FL_MAX_ITEMS (as `#` sees it) is refused, and
/// so are move/unpack ranges over FL_MAX_ITEMS; then the original runs.
/// A numeric argument as a double, whether the script wrote it as an integer, a float (1e9) or
/// a numeric string; `fallback` when it is absent or not a number.
static double number_argument(lua_State *L, int index, double fallback) {
    int isnum = 0;
    lua_Number value = lua_tonumberx(L, index, &isnum);
    return isnum ? (double)value : fallback;
}

static int bounded_table_call(lua_State *L) {
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    if (lua_type(L, 1) == LUA_TTABLE && luaL_len(L, 1) > FL_MAX_ITEMS) return luaL_error(L, "table too long for this operation");
    if (kind == 1 && number_argument(L, 3, 0) - number_argument(L, 2, 0) > FL_MAX_ITEMS) {   /* move(a1, f, e, t) */
        return luaL_error(L, "range too long for table.move");
    }
    if (kind == 3 && lua_gettop(L) >= 4 && number_argument(L, 4, 0) - number_argument(L, 3, 1) > FL_MAX_ITEMS) {   /* concat(list, sep, i, j) */
        return luaL_error(L, "range too long for table.concat");
    }
    if (kind == 2 && lua_gettop(L) >= 3 && number_argument(L, 3, 0) - number_argument(L, 2, 1) > FL_MAX_ITEMS) {   /* unpack(list, i, j) */
        return luaL_error(L, "range too long for table.unpack");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// string.rep: at most FL_MAX_ITEMS repetitions (an empty string repeated forever is a C loop).
static int bounded_rep(lua_State *L) {
    if (number_argument(L, 2, 0) > FL_MAX_ITEMS) return luaL_error(L, "too many repetitions for string.rep");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

void fl_wrap_function(lua_State *L, const char *name, lua_CFunction wrapper, int kind) {
    lua_getfield(L, -1, name);
    if (kind >= 0) {
        lua_pushinteger(L, kind);
        lua_pushcclosure(L, wrapper, 2);
    } else {
        lua_pushcclosure(L, wrapper, 1);
    }
    lua_setfield(L, -2, name);
}

// ---- sandboxed load ----------------------------------------------------------------------

int fl_load_text(lua_State *L, const char *text, size_t length, const char *chunkname) {
    int status = luaL_loadbufferx(L, text, length, chunkname, "t");
    if (status != LUA_OK) {
        lua_remove(L, -2);
        return status;
    }
    lua_insert(L, -2);
    if (lua_setupvalue(L, -2, 1) == NULL) lua_pop(L, 1);
    return LUA_OK;
}

/// `load(text [, chunkname])`: text only, run with a fresh sandbox environment built by the
/// host function stored as upvalue 1.
static int sandboxed_load(lua_State *L) {
    if (lua_type(L, 1) != LUA_TSTRING) {
        lua_pushnil(L);
        lua_pushliteral(L, "load accepts only a text chunk");
        return 2;
    }
    size_t length = 0;
    const char *text = lua_tolstring(L, 1, &length);
    const char *name = "=(load)";
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 1);
    if (fl_load_text(L, text, length, name) != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    return 1;
}

void fl_open_sandbox(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    lua_pop(L, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    lua_pop(L, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    lua_pop(L, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    lua_pop(L, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 1);

    static const char *const removed[] = {"dofile", "loadfile", "collectgarbage", "load", "print", NULL};
    lua_pushglobaltable(L);
    for (int i = 0; removed[i] != NULL; i++) {
        lua_pushnil(L);
        lua_setfield(L, -2, removed[i]);
    }
    lua_pushcfunction(L, guarded_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, guarded_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_getfield(L, -1, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    fl_bound_patterns(L);
    fl_wrap_function(L, "rep", bounded_rep, -1);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    fl_wrap_function(L, "move", bounded_table_call, 1);
    fl_wrap_function(L, "unpack", bounded_table_call, 2);
    fl_wrap_function(L, "insert", bounded_table_call, 0);
    fl_wrap_function(L, "remove", bounded_table_call, 0);
    fl_wrap_function(L, "sort", bounded_table_call, 0);
    fl_wrap_function(L, "concat", bounded_table_call, 3);
    lua_pop(L, 1);
    fl_wrap_function(L, "setmetatable", guarded_setmetatable, -1);
    fl_wrap_function(L, "rawset", guarded_rawset, -1);
    lua_pop(L, 1);

    // Scripts cannot reach or change the metatable that all strings share.
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/// Registers the sandboxed `load` in the global table: it builds each loaded chunk's environment
/// with the function on top of the stack (popped).
void fl_install_load(lua_State *L) {
    lua_pushcclosure(L, sandboxed_load, 1);
    lua_setglobal(L, "load");
}

