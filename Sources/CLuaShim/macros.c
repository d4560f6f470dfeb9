// Lua macros Swift cannot import, as functions.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"

void fl_pop(lua_State *L, int n) { lua_pop(L, n); }
const char *fl_tolstring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int fl_registryindex(void) { return LUA_REGISTRYINDEX; }
void fl_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
