#ifndef SPANKIT_CZLIB_SHIM_H
#define SPANKIT_CZLIB_SHIM_H

#include <zlib.h>

/// deflateInit2 is a macro (it passes the zlib version and the stream size), which Swift cannot
/// call; this wrapper can be. windowBits 15 + 16 selects the gzip wrapper (RFC 1952) instead of
/// the zlib one, with the largest window; memLevel 8 is zlib's default.
static inline int spankit_deflateInit2_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

#endif
