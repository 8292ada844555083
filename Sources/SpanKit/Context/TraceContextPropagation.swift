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
/// let remote = W3CTraceContext.extract(from: request)
/// try await tracer.withSpan("handle", otelKind: .server, parent: remote.map(SpanParent.context) ?? .current) { … }
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
    /// `traceparent` is missing or malformed. An invalid `tracestate` is dropped on its own.
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
    public static func extract(from request: URLRequest) -> SpanContext? {
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
            spanID: ID128(high: spanID, low: 0),
            traceFlags: UInt8(flags),
            traceState: tracestate.flatMap(validTraceState) ?? "",
            isRemote: true)
    }

    /// The trace state with its list members validated; nil when any member is malformed or
    /// there are more than 32, because a partial trace state would misinform other vendors.
    static func validTraceState(_ value: String) -> String? {
        let members = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        guard !members.isEmpty, members.count <= 32 else { return nil }
        var seenKeys = Set<Substring>()
        for member in members {
            guard let equals = member.firstIndex(of: "=") else { return nil }
            let key = member[..<equals], memberValue = member[member.index(after: equals)...]
            guard isValidKey(key), isValidValue(memberValue), seenKeys.insert(key).inserted else { return nil }
        }
        return members.joined(separator: ",")
    }

    private static func isValidKey(_ key: Substring) -> Bool {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= 256 else { return false }
        let allowed: (UInt8) -> Bool = { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "@")
        }
        guard bytes.allSatisfy(allowed), bytes.filter({ $0 == UInt8(ascii: "@") }).count <= 1 else { return false }
        let first = bytes[0]
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
    }

    private static func isValidValue(_ value: Substring) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= 256, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "=") }
    }
}
