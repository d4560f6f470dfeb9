// Limits of a Lua state: the capped allocator, the instruction budget and the wall-clock
// deadline, both enforced by the count hook.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "fascicolo_lua.h"
#include "internal.h"

fl_limits *fl_limits_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (fl_limits *)ud;
}

/// Whether a script's allocation of `grow` more bytes must be refused because the call is out of
/// time or of instructions. Work done inside C functions (building strings, filling tables) is
/// invisible to the count hook but allocates as it goes: the allocator charges it to the
/// instruction budget and looks at the clock every FL_CLOCK_EVERY allocations, so that such
/// work ends at the deadline with a refused allocation (Lua raises it; the host reports the limit).
static int fl_out_of_budget(fl_limits *limits, size_t grow) {
    limits->budget -= (long long)(grow / FL_BYTES_PER_INSTRUCTION);
    if (limits->budget <= 0) {
        limits->tripped = FL_TRIP_INSTRUCTIONS;
        return 1;
    }
    if (++limits->allocations % FL_CLOCK_EVERY == 0) {
        long long deadline = __atomic_load_n(&limits->deadline_ns, __ATOMIC_RELAXED);
        if (deadline != 0 && fl_monotonic_ns() > deadline) {
            limits->tripped = FL_TRIP_DEADLINE;
            return 1;
        }
    }
    return 0;
}

static void *fl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    fl_limits *limits = (fl_limits *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        limits->memory_used -= old;
        return NULL;
    }
    /* Lua never expects a shrinking reallocation to fail; only growth is refused. */
    if (nsize > old && !limits->in_host) {
        /* Out of time or instructions: refuse every growth until the error reaches the host
           (a memory trip refuses only what is over the limit, and the hook names the line). */
        if (limits->in_call && (limits->tripped == FL_TRIP_DEADLINE || limits->tripped == FL_TRIP_INSTRUCTIONS)) return NULL;
        if (limits->memory_limit != 0 && limits->memory_used - old + nsize > limits->memory_limit) {
            limits->tripped = FL_TRIP_MEMORY;
            return NULL;
        }
        if (limits->in_call && fl_out_of_budget(limits, nsize - old)) return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block != NULL) limits->memory_used = limits->memory_used - old + nsize;
    return block;
}

lua_State *fl_newstate(fl_limits *limits) {
    limits->memory_used = 0;
    limits->in_host = 0;
    limits->in_call = 0;
    limits->tripped = FL_TRIP_NONE;
    return lua_newstate(fl_alloc, limits);
}

/// Raises `message` located at the line the script was running when the hook fired.
void fl_raise_at_running_line(lua_State *L, const char *message) {
    /* The message itself must be allocated even though a limit has tripped; the host restores
       the flag when the call ends. */
    fl_limits_of(L)->in_host = 1;
    lua_Debug info;
    if (lua_getstack(L, 0, &info) && lua_getinfo(L, "Sl", &info) && info.currentline > 0) {
        lua_pushfstring(L, "%s:%d: %s", info.short_src, info.currentline, message);
    } else {
        lua_pushstring(L, message);
    }
    lua_error(L);
}

long long fl_monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void fl_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    fl_limits *limits = fl_limits_of(L);
    if (limits->tripped == FL_TRIP_MEMORY) fl_raise_at_running_line(L, "memory limit exceeded");
    limits->budget -= FL_HOOK_STEP;
    long long deadline = __atomic_load_n(&limits->deadline_ns, __ATOMIC_RELAXED);
    if (limits->tripped == FL_TRIP_DEADLINE || (deadline != 0 && fl_monotonic_ns() > deadline)) {
        limits->tripped = FL_TRIP_DEADLINE;
        fl_raise_at_running_line(L, "time limit exceeded");
    }
    if (limits->tripped == FL_TRIP_INSTRUCTIONS || limits->budget <= 0) {
        limits->tripped = FL_TRIP_INSTRUCTIONS;
        fl_raise_at_running_line(L, "instruction limit exceeded");
    }
}

void fl_arm_deadline(lua_State *L, long long instructions, long long milliseconds) {
    fl_limits *limits = fl_limits_of(L);
    limits->budget = instructions;
    limits->tripped = FL_TRIP_NONE;
    limits->printed = 0;
    __atomic_add_fetch(&limits->call_id, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&limits->deadline_ns, milliseconds > 0 ? fl_monotonic_ns() + milliseconds * 1000000LL : 0, __ATOMIC_SEQ_CST);
    lua_sethook(L, fl_hook, LUA_MASKCOUNT, FL_HOOK_STEP);
    limits->in_call = 1;
}

void fl_disarm(lua_State *L) {
    lua_sethook(L, NULL, 0, 0);
    fl_limits_of(L)->in_call = 0;
}

unsigned long long fl_current_call(fl_limits *limits) {
    return __atomic_load_n(&limits->call_id, __ATOMIC_SEQ_CST);
}

void fl_expire(fl_limits *limits, unsigned long long call) {
    if (__atomic_load_n(&limits->call_id, __ATOMIC_SEQ_CST) == call) __atomic_store_n(&limits->deadline_ns, 1, __ATOMIC_SEQ_CST);
}

/// Message handler: any error object becomes a string (a table, nil or boolean raised with
