import Instrumentation
import SpanKit

/// The SpanKit span a `ServiceContext` carries: set by ``SpanKitTracer`` for its spans and by
/// the bridge around every SpanKit scope.
enum SpanKitSpanKey: ServiceContextKey {
    typealias Value = SpanKit.Span
    static var nameOverride: String? { "spankit-span" }
}

/// A parent extracted from a carrier (an incoming `traceparent`) by ``SpanKitTracer``: remote.
enum SpanKitRemoteParentKey: ServiceContextKey {
    typealias Value = SpanKit.SpanContext
    static var nameOverride: String? { "spankit-remote-parent" }
}

/// A `[String: String]` carrier, for W3C trace context between the two systems in-process.
struct DictionaryPropagation: Injector, Extractor {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }

    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}
