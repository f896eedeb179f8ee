/*
 * decl_hash.h: the identity of a declaration's content.
 *
 * Two declarations with the same hash say the same thing: importing a form
 * whose hash equals the stored revision's changes nothing.  The hash covers
 * every FORMAT.md field (not where the form came from), in a length-prefixed
 * canonical encoding, with BLAKE2b-256 (libsodium).
 */
#ifndef JX_DECL_HASH_H
#define JX_DECL_HASH_H

#include "decl.h"

#define DECL_HASH_BYTES 32

void decl_hash(const struct decl *d, unsigned char out[DECL_HASH_BYTES]);

#endif
