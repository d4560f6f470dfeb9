#ifndef FASCICOLO_BCRYPT_H
#define FASCICOLO_BCRYPT_H

#include <stddef.h>
#include <stdint.h>

/// Length of a bcrypt hash text: `$2b$` + 2 cost digits + `$` + 22 salt + 31 hash characters.
#define FL_BCRYPT_HASH_LENGTH 60

/// Writes the `$2b$` hash of `password` (its first 72 bytes count) with `salt` (16 random bytes)
/// and 2^`cost` rounds (4...31) into `output` (FL_BCRYPT_HASH_LENGTH + 1 bytes, NUL-terminated).
/// Returns 0, or -1 for a cost out of range.
int fl_bcrypt_hash(const uint8_t *password, size_t length, const uint8_t salt[16], int cost, char *output);

/// 1 when `hash` (a `$2a$`, `$2b$` or `$2y$` text) is the hash of `password`, else 0. The final
/// comparison takes the same time whatever the bytes.
int fl_bcrypt_verify(const uint8_t *password, size_t length, const char *hash);

#endif
