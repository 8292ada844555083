#ifndef SPANKIT_LOOPBACK_COLLECTOR_H
#define SPANKIT_LOOPBACK_COLLECTOR_H

#include <stdint.h>

/// What the collector received so far.
typedef struct {
    uint64_t requests;
    /// Request body bytes as sent (compressed when gzip).
    uint64_t body_bytes;
    /// Spans counted in the decoded ExportTraceServiceRequest bodies.
    uint64_t spans;
    /// Requests it could not parse or decode (answered 400).
    uint64_t bad_requests;
    uint64_t connections;
} lc_statistics;

/// Starts a minimal OTLP/HTTP sink on 127.0.0.1 at an ephemeral port: HTTP/1.1 keep-alive,
/// `Content-Length` bodies, `Expect: 100-continue`, gzip bodies; answers `200` with an empty
/// body to `POST /v1/traces` after counting the spans, `404` to anything else. One thread per
/// connection. It runs until the process exits. Returns the port, or -1 on failure.
int lc_start(void);

/// The counters so far.
lc_statistics lc_read_statistics(void);

#endif
