// Bounded string patterns: searches whose backtracking could run for seconds in C (where the
// count hook does not fire) are refused before they start.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"


/// The number of items in a Lua pattern that can scan a variable length of text: `*`, `+`, `-`,
/// `?`, a balance `%bxy` (it scans to the closing character) and a back-reference `%1`–`%9` (it
/// compares a capture as long as the text). Other escapes and sets are skipped.
static int variable_items(const char *p, size_t length) {
    int count = 0;
    for (size_t i = 0; i < length; i++) {
        char c = p[i];
        if (c == '%') {
            if (i + 1 < length && p[i + 1] == 'b') { count++; i += 3; continue; }
            if (i + 1 < length && p[i + 1] >= '1' && p[i + 1] <= '9') count++;
            i++;
            continue;
        }
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

void fl_bound_patterns(lua_State *L) {
    bound_pattern_function(L, "find", 1);
    bound_pattern_function(L, "match", 0);
    bound_pattern_function(L, "gmatch", 0);
    bound_pattern_function(L, "gsub", 0);
}
