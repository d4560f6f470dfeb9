// bcrypt (Provos and Mazières, 1999): the Blowfish key schedule made expensive with a cost
// parameter ("EksBlowfish"), then "OrpheanBeholderScryDoubt" enciphered 64 times. Written for
// Fascicolo from the published description; checked against PyPI bcrypt's hashes in the tests.
#include <string.h>
#include "fascicolo_bcrypt.h"
#include "blowfish_constants.h"

typedef struct {
    uint32_t p[18];
    uint32_t s[4][256];
} blowfish;

static uint32_t feistel(const blowfish *state, uint32_t x) {
    return ((state->s[0][x >> 24] + state->s[1][(x >> 16) & 0xff]) ^ state->s[2][(x >> 8) & 0xff]) + state->s[3][x & 0xff];
}

static void encipher(const blowfish *state, uint32_t *left, uint32_t *right) {
    uint32_t l = *left, r = *right;
    for (int round = 0; round < 16; round += 2) {
        l ^= state->p[round];
        r ^= feistel(state, l);
        r ^= state->p[round + 1];
        l ^= feistel(state, r);
    }
    *left = r ^ state->p[17];
    *right = l ^ state->p[16];
}

/// The next 32 bits of `data`, read big-endian and cycling over its `length` bytes.
static uint32_t next_word(const uint8_t *data, size_t length, size_t *position) {
    uint32_t word = 0;
    for (int i = 0; i < 4; i++) {
        word = (word << 8) | data[*position];
        *position = (*position + 1) % length;
    }
    return word;
}

/// Blowfish's key expansion, salted: the key is mixed into P, then P and the S-boxes are
/// replaced by successive encryptions, each block first XORed with the next salt words.
static void expand(blowfish *state, const uint8_t *salt, size_t salt_length, const uint8_t *key, size_t key_length) {
    size_t key_position = 0, salt_position = 0;
    for (int i = 0; i < 18; i++) state->p[i] ^= next_word(key, key_length, &key_position);
    uint32_t left = 0, right = 0;
    for (int i = 0; i < 18; i += 2) {
        if (salt) {
            left ^= next_word(salt, salt_length, &salt_position);
            right ^= next_word(salt, salt_length, &salt_position);
        }
        encipher(state, &left, &right);
        state->p[i] = left;
        state->p[i + 1] = right;
    }
    for (int box = 0; box < 4; box++) {
        for (int i = 0; i < 256; i += 2) {
            if (salt) {
                left ^= next_word(salt, salt_length, &salt_position);
                right ^= next_word(salt, salt_length, &salt_position);
            }
            encipher(state, &left, &right);
            state->s[box][i] = left;
            state->s[box][i + 1] = right;
        }
    }
}

static const char alphabet[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// bcrypt's base-64 (its own alphabet, no padding): `count` bytes into 4 characters per 3 bytes.
static void encode(const uint8_t *bytes, size_t count, char *output) {
    size_t out = 0;
    for (size_t i = 0; i < count; i += 3) {
        uint32_t chunk = (uint32_t)bytes[i] << 16;
        if (i + 1 < count) chunk |= (uint32_t)bytes[i + 1] << 8;
        if (i + 2 < count) chunk |= bytes[i + 2];
        size_t characters = count - i >= 3 ? 4 : count - i + 1;
        for (size_t k = 0; k < characters; k++) output[out++] = alphabet[(chunk >> (18 - 6 * k)) & 0x3f];
    }
    output[out] = '\0';
}

static int decode_character(char c) {
    const char *found = c ? strchr(alphabet, c) : NULL;
    return found ? (int)(found - alphabet) : -1;
}

/// The 16 salt bytes written as 22 characters; -1 when a character is not of the alphabet.
static int decode_salt(const char *text, uint8_t salt[16]) {
    uint32_t bits = 0;
    int held = 0, out = 0;
    for (int i = 0; i < 22; i++) {
        int value = decode_character(text[i]);
        if (value < 0) return -1;
        bits = (bits << 6) | (uint32_t)value;
        held += 6;
        if (held >= 8 && out < 16) {
            held -= 8;
            salt[out++] = (uint8_t)(bits >> held);
        }
    }
    return 0;
}

int fl_bcrypt_hash(const uint8_t *password, size_t length, const uint8_t salt[16], int cost, char *output) {
    if (cost < 4 || cost > 31) return -1;
    // The key is the password with its terminating NUL, at most 72 bytes ($2b$).
    uint8_t key[72];
    size_t key_length = length < 72 ? length + 1 : 72;
    memcpy(key, password, key_length < length ? key_length : length);
    if (length < 72) key[length] = 0;

    blowfish state;
    memcpy(state.p, blowfish_initial_p, sizeof state.p);
    memcpy(state.s, blowfish_initial_s, sizeof state.s);
    expand(&state, salt, 16, key, key_length);
    for (uint64_t round = 0; round < ((uint64_t)1 << cost); round++) {
        expand(&state, NULL, 0, key, key_length);
        expand(&state, NULL, 0, salt, 16);
    }
    static const uint8_t magic[24] = "OrpheanBeholderScryDoubt";
    uint32_t text[6];
    size_t position = 0;
    for (int i = 0; i < 6; i++) text[i] = next_word(magic, 24, &position);
    for (int pass = 0; pass < 64; pass++) {
        for (int i = 0; i < 6; i += 2) encipher(&state, &text[i], &text[i + 1]);
    }
    uint8_t digest[24];
    for (int i = 0; i < 6; i++) {
        digest[4 * i] = (uint8_t)(text[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(text[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(text[i] >> 8);
        digest[4 * i + 3] = (uint8_t)text[i];
    }
    output[0] = '$'; output[1] = '2'; output[2] = 'b'; output[3] = '$';
    output[4] = (char)('0' + cost / 10); output[5] = (char)('0' + cost % 10); output[6] = '$';
    encode(salt, 16, output + 7);
    encode(digest, 23, output + 7 + 22);
    memset(&state, 0, sizeof state);
    memset(key, 0, sizeof key);
    return 0;
}

int fl_bcrypt_verify(const uint8_t *password, size_t length, const char *hash) {
    if (strlen(hash) != FL_BCRYPT_HASH_LENGTH || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$') return 0;
    if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return 0;
    if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') return 0;
    int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
    uint8_t salt[16];
    if (decode_salt(hash + 7, salt) != 0) return 0;
    char computed[FL_BCRYPT_HASH_LENGTH + 1];
    if (fl_bcrypt_hash(password, length, salt, cost, computed) != 0) return 0;
    unsigned difference = 0;
    for (int i = 7; i < FL_BCRYPT_HASH_LENGTH; i++) difference |= (unsigned)(computed[i] ^ hash[i]);
    return difference == 0;
}
