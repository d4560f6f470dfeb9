#ifndef FASCICOLO_LUA_H
#define FASCICOLO_LUA_H

#include <stddef.h>
#include <lua.h>

/// Why a run was stopped by a limit (0: it was not).
typedef enum {
    FL_TRIP_NONE = 0,
    FL_TRIP_INSTRUCTIONS = 1,
    FL_TRIP_MEMORY = 2,
    FL_TRIP_DEADLINE = 3,
} fl_trip;

/// Limits and accounting of one Lua state. Owned by the host; the state keeps a pointer to it.
typedef struct {
    size_t memory_limit;      /// bytes the scripts may hold (0: no limit)
    size_t memory_used;       /// bytes currently allocated by the state
    long long budget;         /// instructions left in the current call (checked every FL_HOOK_STEP)
    int in_host;              /// 1 while a host (Swift) callback runs: allocations are not refused then
    int in_call;              /// 1 from fl_arm_deadline to fl_disarm: allocations are charged to the call's budget
    fl_trip tripped;          /// the limit that stopped the current call
    long long deadline_ns;    /// monotonic deadline of the current call (0: none); any thread may bring it forward (fl_expire)
    unsigned long long call_id; /// counts armed calls, so that a late fl_expire cannot stop a later call
    size_t printed;           /// bytes `print` wrote in the current call
    unsigned long allocations; /// allocations made by scripts (the allocator looks at the clock every few)
    const void *dec_metatable; /// identity of the `dec` metatable (set by fl_register_dec_metatable)
    int dec_metatable_ref;    /// its registry reference
} fl_limits;

/// A host function: returns the number of results pushed, or -1 after pushing an error message
/// (the C trampoline then raises it, so a Lua error never unwinds a Swift frame).
typedef int (*fl_host_function)(lua_State *L, void *context);

/// A new state whose allocator refuses to grow past `limits->memory_limit`.
lua_State *fl_newstate(fl_limits *limits);

/// Opens the sandboxed standard libraries: base (without dofile, loadfile, collectgarbage, load
/// of binary chunks), string (without dump; patterns bounded), table, math (random seeded by the
/// host), utf8. No io, os, package, debug, coroutine.
void fl_open_sandbox(lua_State *L);

/// Arms the instruction budget and a wall-clock deadline of `milliseconds` for the next call.
void fl_arm_deadline(lua_State *L, long long instructions, long long milliseconds);

/// Ends the call armed last: no more count hook, and allocations are no longer charged.
void fl_disarm(lua_State *L);

/// The number of the call armed last (for fl_expire).
unsigned long long fl_current_call(fl_limits *limits);

/// Stops call number `call` at its next count hook, if it is still the current one. Safe from any
/// thread (the watchdog of a cancelled request).
void fl_expire(fl_limits *limits, unsigned long long call);

/// Calls the function below `nargs` arguments in protected mode with a message handler that
/// turns any error object into a string. Returns a lua_pcall status.
int fl_pcall(lua_State *L, int nargs, int nresults);

/// Pushes a C closure that calls `function(L, context)` and raises its error from C.
void fl_push_host_function(lua_State *L, fl_host_function function, void *context);

/// Loads text (never bytecode) as a chunk named `chunkname` with `env` (the value on top of the
/// stack, popped) as its _ENV. Returns a lua_load status; the chunk or an error is pushed.
int fl_load_text(lua_State *L, const char *text, size_t length, const char *chunkname);

/// `lua_pop`, `lua_tostring`, `LUA_REGISTRYINDEX`, `lua_pushglobaltable` are macros Swift cannot import.
void fl_pop(lua_State *L, int n);
const char *fl_tolstring(lua_State *L, int index, size_t *length);
int fl_registryindex(void);
void fl_pushglobaltable(lua_State *L);

/// Replaces the table on top of the stack with a read-only view of it, recursively: reading works
/// (including `#` and `pairs`), assigning raises `hint`.
void fl_freeze(lua_State *L, const char *hint);

/// Pushes the `__newindex` metamethod of read-only views: it raises the metatable's `__hint`,
/// located at the script's line.
void lua_pushcfunction_newindex(lua_State *L);

/// `__pairs` of read-only views: an iterator that never exposes the backing table.
int fl_frozen_pairs(lua_State *L);

/// Remembers the table on top of the stack (popped) as the metatable of `dec` userdata.
void fl_register_dec_metatable(lua_State *L);

/// The payload of the `dec` userdata at `index`, or NULL when the value is not a `dec`.
void *fl_test_dec(lua_State *L, int index);

/// Pushes a new `dec` userdata of `size` bytes and returns its payload.
void *fl_new_dec(lua_State *L, size_t size);

/// Replaces the global `load` with a text-only one whose chunks get the environment returned by
/// the function on top of the stack (popped).
void fl_install_load(lua_State *L);

#endif
