// Protected calls from the host, and the trampoline through which Swift functions raise
// errors: a Lua error is raised only from C here, so longjmp never crosses a Swift frame.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"

/// The most calling frames a traceback names.
#define FL_TRACEBACK_FRAMES 6

/// Appends to the message on top of the stack where the failing code was called from: the
/// file:line of each calling Lua frame after the first (whose place the message already names),
/// as ` (called from plugins/x.lua:30, plugins/x.lua:12)`. Only places, never values.
static void append_traceback(lua_State *L) {
    lua_Debug frame;
    int seen = 0, named = 0;
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (int level = 1; lua_getstack(L, level, &frame) && named < FL_TRACEBACK_FRAMES; level++) {
        if (!lua_getinfo(L, "Sl", &frame) || frame.currentline <= 0 || frame.source[0] != '@') continue;
        if (seen++ == 0) continue;
        luaL_addstring(&buffer, named++ == 0 ? " (called from " : ", ");
        lua_pushfstring(L, "%s:%d", frame.short_src, frame.currentline);
        luaL_addvalue(&buffer);
    }
    if (named > 0) luaL_addstring(&buffer, ")");
    luaL_pushresult(&buffer);
    lua_concat(L, 2);
}

/// Message handler: any error object becomes a string (a table, nil or boolean raised with
/// `error` would otherwise reach the host as a non-string), followed by a short traceback.
/// Metamethods are not called; the memory cap is suspended so that the message can be built.
static int fl_message_handler(lua_State *L) {
    fl_limits *limits = fl_limits_of(L);
    int outer = limits->in_host;
    limits->in_host = 1;
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
        lua_pushvalue(L, 1);
        lua_tolstring(L, -1, NULL);
    } else {
        lua_pushfstring(L, "error object is a %s value", luaL_typename(L, 1));
    }
    append_traceback(L);
    limits->in_host = outer;
    return 1;
}

int fl_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, fl_message_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

static int fl_trampoline(lua_State *L) {
    fl_host_function function = (fl_host_function)lua_touserdata(L, lua_upvalueindex(1));
    void *context = lua_touserdata(L, lua_upvalueindex(2));
    fl_limits *limits = fl_limits_of(L);
    int outer = limits->in_host;
    limits->in_host = 1;
    int results = function(L, context);
    limits->in_host = outer;
    if (results < 0) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (!outer && limits->memory_limit != 0 && limits->memory_used > limits->memory_limit) {
        limits->tripped = FL_TRIP_MEMORY;
        return luaL_error(L, "memory limit exceeded");
    }
    return results;
}

void fl_push_host_function(lua_State *L, fl_host_function function, void *context) {
    lua_pushlightuserdata(L, (void *)function);
    lua_pushlightuserdata(L, context);
    lua_pushcclosure(L, fl_trampoline, 2);
}

