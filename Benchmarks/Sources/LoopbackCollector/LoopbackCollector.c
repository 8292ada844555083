// A loopback OTLP/HTTP sink for the end-to-end benchmark: the cheapest server that still
// checks what it receives (it inflates gzip bodies and counts the spans in them), so the
// benchmark's accounting can compare what the exporter says it delivered with what arrived.
#define _GNU_SOURCE
#include "LoopbackCollector.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

static atomic_uint_fast64_t requests, body_bytes, spans, bad_requests, connections;
static int listener = -1;

lc_statistics lc_read_statistics(void) {
    lc_statistics statistics = {
        .requests = atomic_load(&requests),
        .body_bytes = atomic_load(&body_bytes),
        .spans = atomic_load(&spans),
        .bad_requests = atomic_load(&bad_requests),
        .connections = atomic_load(&connections),
    };
    return statistics;
}

// MARK: - protobuf

static int read_varint(const uint8_t **cursor, const uint8_t *end, uint64_t *value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64 && *cursor < end; shift += 7) {
        uint8_t byte = *(*cursor)++;
        result |= (uint64_t)(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) {
            *value = result;
            return 1;
        }
    }
    return 0;
}

/// Calls `visit` for every length-delimited field numbered `field` in the message; returns 0
/// when the message is malformed.
typedef int (*visitor)(const uint8_t *start, const uint8_t *end, uint64_t *count);

static int walk(const uint8_t *cursor, const uint8_t *end, uint64_t field, visitor visit, uint64_t *count) {
    while (cursor < end) {
        uint64_t key, length, ignored;
        if (!read_varint(&cursor, end, &key)) return 0;
        switch (key & 7) {
        case 0:
            if (!read_varint(&cursor, end, &ignored)) return 0;
            break;
        case 1:
            if (end - cursor < 8) return 0;
            cursor += 8;
            break;
        case 5:
            if (end - cursor < 4) return 0;
            cursor += 4;
            break;
        case 2:
            if (!read_varint(&cursor, end, &length) || length > (uint64_t)(end - cursor)) return 0;
            if ((key >> 3) == field && !visit(cursor, cursor + length, count)) return 0;
            cursor += length;
            break;
        default:
            return 0;
        }
    }
    return 1;
}

static int count_span(const uint8_t *start, const uint8_t *end, uint64_t *count) {
    (void)start; (void)end;
    *count += 1;
    return 1;
}

static int visit_scope_spans(const uint8_t *start, const uint8_t *end, uint64_t *count) {
    return walk(start, end, 2, count_span, count);  // ScopeSpans.spans = 2
}

static int visit_resource_spans(const uint8_t *start, const uint8_t *end, uint64_t *count) {
    return walk(start, end, 2, visit_scope_spans, count);  // ResourceSpans.scope_spans = 2
}

/// Spans in an ExportTraceServiceRequest (resource_spans = 1); -1 when malformed.
static int64_t count_spans(const uint8_t *body, size_t length) {
    uint64_t count = 0;
    if (!walk(body, body + length, 1, visit_resource_spans, &count)) return -1;
    return (int64_t)count;
}

// MARK: - gzip

/// Inflates a gzip body into `*output` (grown as needed); returns the length or -1.
static long gunzip(const uint8_t *input, size_t length, uint8_t **output, size_t *capacity) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 15 + 16) != Z_OK) return -1;
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)length;
    size_t produced = 0;
    int status;
    do {
        if (produced == *capacity) {
            size_t grown = *capacity ? *capacity * 2 : 1 << 20;
            uint8_t *bigger = realloc(*output, grown);
            if (!bigger) { inflateEnd(&stream); return -1; }
            *output = bigger;
            *capacity = grown;
        }
        stream.next_out = *output + produced;
        stream.avail_out = (uInt)(*capacity - produced);
        status = inflate(&stream, Z_NO_FLUSH);
        produced = *capacity - stream.avail_out;
    } while (status == Z_OK);
    inflateEnd(&stream);
    return status == Z_STREAM_END ? (long)produced : -1;
}

// MARK: - HTTP

static int send_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t sent = send(fd, bytes, length, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) return 0;
        bytes += sent;
        length -= (size_t)sent;
    }
    return 1;
}

static const char *find_header(const char *headers, const char *end, const char *name) {
    size_t name_length = strlen(name);
    for (const char *line = headers; line < end;) {
        const char *next = memmem(line, (size_t)(end - line), "\r\n", 2);
        if (!next) next = end;
        if ((size_t)(next - line) > name_length && line[name_length] == ':' && strncasecmp(line, name, name_length) == 0) {
            const char *value = line + name_length + 1;
            while (value < next && (*value == ' ' || *value == '\t')) value++;
            return value;
        }
        line = next + 2;
    }
    return NULL;
}

static void *serve(void *argument) {
    int fd = (int)(intptr_t)argument;
    size_t capacity = 1 << 20, filled = 0;
    uint8_t *buffer = malloc(capacity);
    uint8_t *inflated = NULL;
    size_t inflated_capacity = 0;
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
    static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    static const char missing[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    static const char proceed[] = "HTTP/1.1 100 Continue\r\n\r\n";
    while (buffer) {
        // Read until the header block is complete.
        uint8_t *header_end;
        while (!(header_end = memmem(buffer, filled, "\r\n\r\n", 4))) {
            if (filled == capacity) goto done;
            ssize_t received = recv(fd, buffer + filled, capacity - filled, 0);
            if (received < 0 && errno == EINTR) continue;
            if (received <= 0) goto done;
            filled += (size_t)received;
        }
        const char *headers = (const char *)buffer;
        const char *headers_end = (const char *)header_end + 2;
        size_t header_length = (size_t)(header_end - buffer) + 4;
        const char *length_value = find_header(headers, headers_end, "Content-Length");
        size_t body_length = length_value ? strtoul(length_value, NULL, 10) : 0;
        const char *encoding = find_header(headers, headers_end, "Content-Encoding");
        int is_gzip = encoding && strncasecmp(encoding, "gzip", 4) == 0;
        const char *expect = find_header(headers, headers_end, "Expect");
        int is_traces = strncmp(headers, "POST /v1/traces ", 16) == 0;
        if (expect && strncasecmp(expect, "100-continue", 12) == 0 && !send_all(fd, proceed, sizeof proceed - 1)) goto done;
        // Read the whole body.
        size_t total = header_length + body_length;
        if (total > capacity) {
            size_t grown = capacity;
            while (grown < total) grown *= 2;
            uint8_t *bigger = realloc(buffer, grown);
            if (!bigger) goto done;
            buffer = bigger;
            capacity = grown;
        }
        while (filled < total) {
            ssize_t received = recv(fd, buffer + filled, capacity - filled, 0);
            if (received < 0 && errno == EINTR) continue;
            if (received <= 0) goto done;
            filled += (size_t)received;
        }
        const uint8_t *body = buffer + header_length;
        int64_t counted = -1;
        if (is_traces) {
            if (is_gzip) {
                long length = gunzip(body, body_length, &inflated, &inflated_capacity);
                if (length >= 0) counted = count_spans(inflated, (size_t)length);
            } else {
                counted = count_spans(body, body_length);
            }
        }
        atomic_fetch_add(&requests, 1);
        atomic_fetch_add(&body_bytes, body_length);
        const char *answer = ok;
        size_t answer_length = sizeof ok - 1;
        if (!is_traces) {
            answer = missing;
            answer_length = sizeof missing - 1;
        } else if (counted < 0) {
            atomic_fetch_add(&bad_requests, 1);
            answer = bad;
            answer_length = sizeof bad - 1;
        } else {
            atomic_fetch_add(&spans, (uint64_t)counted);
        }
        if (!send_all(fd, answer, answer_length)) goto done;
        // Keep what followed this request (pipelining) for the next one.
        memmove(buffer, buffer + total, filled - total);
        filled -= total;
    }
done:
    free(buffer);
    free(inflated);
    close(fd);
    return NULL;
}

static void *accept_loop(void *unused) {
    (void)unused;
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return NULL;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        atomic_fetch_add(&connections, 1);
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, (void *)(intptr_t)fd) != 0) {
            close(fd);
            continue;
        }
        pthread_detach(thread);
    }
}

int lc_start(void) {
    if (listener >= 0) return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 64) != 0
        || getsockname(fd, (struct sockaddr *)&address, &length) != 0) {
        close(fd);
        return -1;
    }
    listener = fd;
    pthread_t thread;
    if (pthread_create(&thread, NULL, accept_loop, NULL) != 0) return -1;
    pthread_detach(thread);
    return ntohs(address.sin_port);
}
