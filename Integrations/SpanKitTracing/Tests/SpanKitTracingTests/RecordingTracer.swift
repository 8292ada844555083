import Foundation
import Instrumentation
import Tracing

/// A second swift-distributed-tracing backend, as small as one can be, standing in for
/// swift-otel: it records its spans in memory, keeps its own context key, propagates W3C
/// `traceparent`, and samples a root span unless told not to; children follow the parent.
final class RecordingTracer: Tracing.Tracer, Sendable {
    struct SpanData: Sendable, Equatable {
        var traceID: String
        var spanID: String
        var parentSpanID: String?
        var sampled: Bool
    }

    struct Finished: Sendable {
        var name: String
        var kind: Tracing.SpanKind
        var data: SpanData
    }

    enum DataKey: ServiceContextKey { typealias Value = SpanData }

    private let finishedSpans = Locked<[Finished]>([])
    var finished: [Finished] { finishedSpans.withLock { $0 } }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: Tracing.SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> RecordingSpan {
        var context = context()
        let parent = context[DataKey.self]
        let data = SpanData(
            traceID: parent?.traceID ?? Self.hex(bytes: 16), spanID: Self.hex(bytes: 8), parentSpanID: parent?.spanID,
            sampled: parent?.sampled ?? true)
        context[DataKey.self] = data
        return RecordingSpan(operationName: operationName, kind: kind, context: context, data: data) { [weak self] finished in
            if finished.data.sampled { self?.finishedSpans.withLock { $0.append(finished) } }
        }
    }

    func forceFlush() {}

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let data = context[DataKey.self] else { return }
        injector.inject("00-\(data.traceID)-\(data.spanID)-\(data.sampled ? "01" : "00")", forKey: "traceparent", into: &carrier)
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier) else { return }
        let parts = header.split(separator: "-").map(String.init)
        guard parts.count == 4 else { return }
        context[DataKey.self] = SpanData(traceID: parts[1], spanID: parts[2], parentSpanID: nil, sampled: parts[3] == "01")
    }

    static func hex(bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}

struct RecordingSpan: Tracing.Span {
    private let state: Locked<(name: String, attributes: SpanAttributes, ended: Bool)>
    let kind: Tracing.SpanKind
    let context: ServiceContext
    let data: RecordingTracer.SpanData
    let onEnd: @Sendable (RecordingTracer.Finished) -> Void

    init(
        operationName: String, kind: Tracing.SpanKind, context: ServiceContext, data: RecordingTracer.SpanData,
        onEnd: @escaping @Sendable (RecordingTracer.Finished) -> Void
    ) {
        self.state = Locked((operationName, [:], false))
        self.kind = kind
        self.context = context
        self.data = data
        self.onEnd = onEnd
    }

    var operationName: String {
        get { state.withLock { $0.name } }
        nonmutating set { state.withLock { $0.name = newValue } }
    }

    var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        nonmutating set { state.withLock { $0.attributes = newValue } }
    }

    var isRecording: Bool { data.sampled && !state.withLock { $0.ended } }
    func setStatus(_ status: SpanStatus) {}
    func addEvent(_ event: SpanEvent) {}
    func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {}
    func addLink(_ link: SpanLink) {}

    func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let name: String? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return state.name
        }
        if let name { onEnd(RecordingTracer.Finished(name: name, kind: kind, data: data)) }
    }
}

/// A value behind a lock (the tests' `Mutex`, which needs macOS 15).
final class Locked<Value>: @unchecked Sendable {
    // Safe: `value` is only touched inside `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
