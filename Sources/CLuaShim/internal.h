// Helpers shared by the C files of the sandbox (not part of the host's API).
#ifndef FASCICOLO_LUA_INTERNAL_H
#define FASCICOLO_LUA_INTERNAL_H

#include <lua.h>
#include "fascicolo_lua.h"

/// Instructions between two runs of the count hook.
#define FL_HOOK_STEP 1000
/// The most items a table or string library call may walk in C.
#define FL_MAX_ITEMS 1000000
/// Bytes a script may allocate for the price of one instruction (copying 16 bytes costs about
/// as much as running one instruction).
#define FL_BYTES_PER_INSTRUCTION 16
/// Allocations between two looks at the clock (a look costs about 20 ns).
#define FL_CLOCK_EVERY 64

/// The limits a state was created with (its allocator's user data).
fl_limits *fl_limits_of(lua_State *L);

/// Raises `message` located at the line the script was running.
void fl_raise_at_running_line(lua_State *L, const char *message);

/// CLOCK_MONOTONIC in nanoseconds.
long long fl_monotonic_ns(void);

/// Replaces the function `name` of the table on top of the stack with a closure of `wrapper`
/// whose upvalue 1 is the original (and upvalue 2 the integer `kind`, when `kind >= 0`).
void fl_wrap_function(lua_State *L, const char *name, lua_CFunction wrapper, int kind);

/// Wraps string.find/match/gmatch/gsub in the table on top of the stack (the string library)
/// so that a search cannot run for seconds in C.
void fl_bound_patterns(lua_State *L);

#endif
