// The C side of the Lua host: capped allocator, instruction budget, protected calls, the
// trampoline through which Swift functions raise errors, and the sandboxed libraries.
// A Lua error is raised only from C here: longjmp never crosses a Swift frame.

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"

#define FL_HOOK_STEP 1000

static fl_limits *limits_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (fl_limits *)ud;
}

static void *fl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    fl_limits *limits = (fl_limits *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        limits->memory_used -= old;
        return NULL;
    }
    if (nsize > old && limits->memory_limit != 0 && !limits->in_host
        && limits->memory_used - old + nsize > limits->memory_limit) {
        limits->tripped = FL_TRIP_MEMORY;
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block != NULL) limits->memory_used = limits->memory_used - old + nsize;
    return block;
}

lua_State *fl_newstate(fl_limits *limits) {
    limits->memory_used = 0;
    limits->in_host = 0;
    limits->tripped = FL_TRIP_NONE;
    return lua_newstate(fl_alloc, limits);
}

/// Raises `message` located at the line the script was running when the hook fired.
static void raise_at_running_line(lua_State *L, const char *message) {
    lua_Debug info;
    if (lua_getstack(L, 0, &info) && lua_getinfo(L, "Sl", &info) && info.currentline > 0) {
        lua_pushfstring(L, "%s:%d: %s", info.short_src, info.currentline, message);
    } else {
        lua_pushstring(L, message);
    }
    lua_error(L);
}

static long long monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void fl_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    fl_limits *limits = limits_of(L);
    if (limits->tripped == FL_TRIP_MEMORY) raise_at_running_line(L, "memory limit exceeded");
    limits->budget -= FL_HOOK_STEP;
    if (limits->deadline_ns != 0 && monotonic_ns() > limits->deadline_ns) limits->budget = 0;
    if (limits->tripped == FL_TRIP_INSTRUCTIONS || limits->budget <= 0) {
        limits->tripped = FL_TRIP_INSTRUCTIONS;
        raise_at_running_line(L, "instruction limit exceeded");
    }
}

void fl_arm_deadline(lua_State *L, long long instructions, long long milliseconds) {
    fl_limits *limits = limits_of(L);
    limits->budget = instructions;
    limits->tripped = FL_TRIP_NONE;
    limits->printed = 0;
    limits->deadline_ns = milliseconds > 0 ? monotonic_ns() + milliseconds * 1000000LL : 0;
    lua_sethook(L, fl_hook, LUA_MASKCOUNT, FL_HOOK_STEP);
}

/// Message handler: any error object becomes a string (a table, nil or boolean raised with
/// `error` would otherwise reach the host as a non-string). Metamethods are not called.
static int fl_message_handler(lua_State *L) {
    if (lua_type(L, 1) == LUA_TSTRING) return 1;
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_tolstring(L, 1, NULL);
        return 1;
    }
    lua_pushfstring(L, "error object is a %s value", luaL_typename(L, 1));
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
    fl_limits *limits = limits_of(L);
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

// ---- bounded string patterns -------------------------------------------------------------

/// The number of variable-length items (`*`, `+`, `-`) in a Lua pattern; escapes and sets skipped.
static int variable_items(const char *p, size_t length) {
    int count = 0;
    for (size_t i = 0; i < length; i++) {
        char c = p[i];
        if (c == '%') { i++; continue; }
        if (c == '[') {
            i++;
            if (i < length && p[i] == '^') i++;
            if (i < length && p[i] == ']') i++;
            while (i < length && p[i] != ']') { if (p[i] == '%') i++; i++; }
            continue;
        }
        if ((c == '*' || c == '+' || c == '-' || c == '?') && i > 0) count++;
    }
    return count;
}

/// Backtracking can cost about subject^items steps; refuse what could run for seconds in C,
/// where the instruction hook does not fire.
static int pattern_too_costly(size_t subject, int items) {
    double cost = 1;
    for (int i = 0; i < items; i++) {
        cost *= (double)(subject + 1);
        if (cost > 2e8) return 1;
    }
    return 0;
}

static int bounded_pattern_call(lua_State *L) {
    int plain = lua_toboolean(L, lua_upvalueindex(2)) && lua_toboolean(L, 4);
    if (lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
        size_t subject = 0, pattern = 0;
        lua_tolstring(L, 1, &subject);
        const char *p = lua_tolstring(L, 2, &pattern);
        /* every search is at least subject × pattern in the worst case (literal search included) */
        if ((double)subject * (double)(pattern + 1) > 2e8) return luaL_error(L, "text and pattern too long to search");
        int items = plain ? 0 : variable_items(p, pattern);
        int anchored = !plain && pattern > 0 && p[0] == '^';
        if (items > 0 && pattern_too_costly(subject, items + (anchored ? 0 : 1))) {
            return luaL_error(L, "pattern too complex for a text of this length");
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static void bound_pattern_function(lua_State *L, const char *name, int has_plain_flag) {
    lua_getfield(L, -1, name);
    lua_pushboolean(L, has_plain_flag);
    lua_pushcclosure(L, bounded_pattern_call, 2);
    lua_setfield(L, -2, name);
}

// ---- pcall that cannot swallow a kill ----------------------------------------------------

/// `pcall(f, ...)`: as Lua's, but once a limit has tripped the error goes on up to the host.
static int guarded_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    if (limits_of(L)->tripped != FL_TRIP_NONE) return luaL_error(L, "stopped");
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (status != LUA_OK && limits_of(L)->tripped != FL_TRIP_NONE) return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

/// The message handler installed by `xpcall`: the script's handler, unless a limit has tripped
/// (Lua runs handlers with the count hook off, so a looping handler could never be stopped).
static int guarded_handler(lua_State *L) {
    if (limits_of(L)->tripped != FL_TRIP_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/// `xpcall(f, handler, ...)`: likewise.
static int guarded_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (limits_of(L)->tripped != FL_TRIP_NONE) return luaL_error(L, "stopped");
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_replace(L, 1);
    lua_replace(L, 2);
    int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 1);
    if (status != LUA_OK && limits_of(L)->tripped != FL_TRIP_NONE) return lua_error(L);
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

#define FL_MAX_ITEMS 1000000

/// table.* wrappers: a table argument longer than FL_MAX_ITEMS (as `#` sees it) is refused, and
/// so are move/unpack ranges over FL_MAX_ITEMS; then the original runs.
static int bounded_table_call(lua_State *L) {
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    if (lua_type(L, 1) == LUA_TTABLE && luaL_len(L, 1) > FL_MAX_ITEMS) return luaL_error(L, "table too long for this operation");
    if (kind == 1 && lua_isinteger(L, 2) && lua_isinteger(L, 3)) {       /* move(a1, f, e, t) */
        if (lua_tointeger(L, 3) - lua_tointeger(L, 2) > FL_MAX_ITEMS) return luaL_error(L, "range too long for table.move");
    }
    if (kind == 2 && lua_isinteger(L, 2) && lua_isinteger(L, 3)) {       /* unpack(list, i, j) */
        if (lua_tointeger(L, 3) - lua_tointeger(L, 2) > FL_MAX_ITEMS) return luaL_error(L, "range too long for table.unpack");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// string.rep: at most FL_MAX_ITEMS repetitions (an empty string repeated forever is a C loop).
static int bounded_rep(lua_State *L) {
    if (lua_isinteger(L, 2) && lua_tointeger(L, 2) > FL_MAX_ITEMS) return luaL_error(L, "too many repetitions for string.rep");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static void wrap_function(lua_State *L, const char *name, lua_CFunction wrapper, int kind) {
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
    bound_pattern_function(L, "find", 1);
    bound_pattern_function(L, "match", 0);
    bound_pattern_function(L, "gmatch", 0);
    bound_pattern_function(L, "gsub", 0);
    wrap_function(L, "rep", bounded_rep, -1);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    wrap_function(L, "move", bounded_table_call, 1);
    wrap_function(L, "unpack", bounded_table_call, 2);
    wrap_function(L, "insert", bounded_table_call, 0);
    wrap_function(L, "remove", bounded_table_call, 0);
    wrap_function(L, "sort", bounded_table_call, 0);
    wrap_function(L, "concat", bounded_table_call, 0);
    lua_pop(L, 1);
    wrap_function(L, "setmetatable", guarded_setmetatable, -1);
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
    fl_limits *limits = limits_of(L);
    limits->dec_metatable = lua_topointer(L, -1);
    limits->dec_metatable_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void *fl_test_dec(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return NULL;
    const void *metatable = lua_topointer(L, -1);
    lua_pop(L, 1);
    return metatable == limits_of(L)->dec_metatable ? lua_touserdata(L, index) : NULL;
}

void *fl_new_dec(lua_State *L, size_t size) {
    void *payload = lua_newuserdatauv(L, size, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, limits_of(L)->dec_metatable_ref);
    lua_setmetatable(L, -2);
    return payload;
}

void fl_pop(lua_State *L, int n) { lua_pop(L, n); }
const char *fl_tolstring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int fl_registryindex(void) { return LUA_REGISTRYINDEX; }
void fl_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
