import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// W3C Trace Context (`traceparent` and `tracestate`) for carrying a trace across processes.
///
/// ```swift
/// // Client: send the current span's context with the request.
/// var request = URLRequest(url: url)
/// W3CTraceContext.inject(span.context, into: &request)
///
/// // Server: continue the caller's trace.
/// try await tracer.withSpan("handle", otelKind: .server, parent: .context(W3CTraceContext.extract(from: request))) { … }
/// ```
///
/// A malformed header is ignored — the span starts a new trace — and never causes a crash.
public enum W3CTraceContext {
    /// The `traceparent` header name.
    static let traceparentHeader = "traceparent"
    /// The `tracestate` header name.
    static let tracestateHeader = "tracestate"

    /// The `traceparent` value for a context: `00-<trace id>-<span id>-<flags>`.
    static func traceparent(for context: SpanContext) -> String {
        let flags = context.traceFlags & 1 == 1 ? "01" : "00"
        return "00-" + context.traceID.otelTraceIDHex + "-" + context.spanID.otelSpanIDHex + "-" + flags
    }

    /// Writes `traceparent` (and `tracestate` when not empty) into `headers`.
    public static func inject(_ context: SpanContext, into headers: inout [String: String]) {
        headers[traceparentHeader] = traceparent(for: context)
        if !context.traceState.isEmpty { headers[tracestateHeader] = context.traceState }
    }

    /// Sets `traceparent` (and `tracestate` when not empty) on `request`.
    public static func inject(_ context: SpanContext, into request: inout URLRequest) {
        request.setValue(traceparent(for: context), forHTTPHeaderField: traceparentHeader)
        if !context.traceState.isEmpty { request.setValue(context.traceState, forHTTPHeaderField: tracestateHeader) }
    }

    /// Reads a remote span context from headers (names matched case-insensitively); nil when
    /// `traceparent` is missing or malformed. An invalid `tracestate` is dropped on its own; a
    /// key that appears twice keeps its first entry.
    public static func extract(from headers: [String: String]) -> SpanContext? {
        var traceparent: String?
        var tracestate: String?
        for (name, value) in headers {
            switch name.lowercased() {
            case traceparentHeader: traceparent = value
            case tracestateHeader: tracestate = tracestate.map { $0 + "," + value } ?? value
            default: break
            }
        }
        guard let traceparent else { return nil }
        return parse(traceparent: traceparent, tracestate: tracestate)
    }

    /// Reads a remote span context from a request's headers.
    static func extract(from request: URLRequest) -> SpanContext? {
        guard let traceparent = request.value(forHTTPHeaderField: traceparentHeader) else { return nil }
        return parse(traceparent: traceparent, tracestate: request.value(forHTTPHeaderField: tracestateHeader))
    }

    /// Parses header values; nil when `traceparent` is malformed.
    ///
    /// Rules of W3C Trace Context level 1: lowercase hex only; version `ff` is invalid; version
    /// `00` has exactly four fields; later versions may append fields after a dash; all-zero ids
    /// are invalid.
    static func parse(traceparent: String, tracestate: String? = nil) -> SpanContext? {
        let bytes = Array(traceparent.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed())
        guard bytes.count >= 55,
              bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-"),
              let version = Hex.parseLowercase(bytes[0..<2]), version != 0xFF,
              let traceHigh = Hex.parseLowercase(bytes[3..<19]), let traceLow = Hex.parseLowercase(bytes[19..<35]),
              let spanID = Hex.parseLowercase(bytes[36..<52]),
              let flags = Hex.parseLowercase(bytes[53..<55]) else { return nil }
        if version == 0 {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55 {
            guard bytes[55] == UInt8(ascii: "-") else { return nil }
        }
        guard traceHigh | traceLow != 0, spanID != 0 else { return nil }
        return SpanContext(
            traceID: ID128(high: traceHigh, low: traceLow),
            spanID: ID128(otelSpanID: spanID),
            traceFlags: UInt8(flags),
            traceState: tracestate.flatMap(validTraceState) ?? "",
            isRemote: true)
    }

    /// The trace state with its list members validated; nil when any member is malformed or
    /// there are more than 32, because a partial trace state would misinform other vendors.
    ///
    /// A key that appears twice keeps its first (leftmost, most recently updated) entry: the W3C
    /// test suite accepts that as well as dropping the whole header, and it keeps the vendors'
    /// other entries. (Python's OpenTelemetry propagator drops the whole header.)
    static func validTraceState(_ value: String) -> String? {
        let members = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        var seenKeys = Set<Substring>()
        var kept: [Substring] = []
        for member in members {
            guard let equals = member.firstIndex(of: "=") else { return nil }
            let key = member[..<equals], memberValue = member[member.index(after: equals)...]
            guard isValidKey(key), isValidValue(memberValue) else { return nil }
            if seenKeys.insert(key).inserted { kept.append(member) }
        }
        guard !kept.isEmpty, kept.count <= 32 else { return nil }
        return kept.joined(separator: ",")
    }

    /// W3C `key = simple-key / multi-tenant-key`: `simple-key = lcalpha 0*255(keychar)`,
    /// `multi-tenant-key = tenant-id "@" system-id` with `tenant-id = (lcalpha / DIGIT)
    /// 0*240(keychar)` and `system-id = lcalpha 0*13(keychar)`, where keychar is lowercase, digit,
    /// `_`, `-`, `*` or `/` — the same rule as Python OpenTelemetry's key pattern.
    private static func isValidKey(_ key: Substring) -> Bool {
        let bytes = Array(key.utf8)
        let isLower: (UInt8) -> Bool = { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let isKeyChar: (UInt8) -> Bool = { byte in
            isLower(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/")
        }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else {
            return (1...256).contains(bytes.count) && isLower(bytes[0]) && bytes.dropFirst().allSatisfy(isKeyChar)
        }
        let tenant = bytes[..<at], system = bytes[(at + 1)...]
        guard (1...241).contains(tenant.count), (1...14).contains(system.count) else { return false }
        return (isLower(tenant.first!) || isDigit(tenant.first!)) && tenant.dropFirst().allSatisfy(isKeyChar)
            && isLower(system.first!) && system.dropFirst().allSatisfy(isKeyChar)
    }

    private static func isValidValue(_ value: Substring) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 256, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "=") }
    }
}
