import Foundation

/// A signal with the entity it describes, as the exporters send it: one of a span's signals, or
/// one sent on its own to a session, trace or span known by its id
/// (``sendSignal(_:_:type:target:id:)``).
struct AddressedSignal: Sendable, Hashable {
    /// The entity a signal describes.
    enum Subject: Sendable, Hashable {
        case span(UUID)
        case trace(UUID)
        /// The session id as the app gave it.
        case session(String)
    }

    let signal: Signal
    let subject: Subject
    /// The trace of the span that carried the signal, for a span's own signals: MLflow addresses
    /// a span's feedback through its trace, and keeps a session's on the trace that recorded it.
    var traceID: UUID?

    /// The Phoenix annotation's id field and value: the 16- or 32-digit OpenTelemetry hex id, or
    /// the session id as given.
    var phoenixID: (key: String, value: String) {
        switch subject {
        case .span(let id): ("span_id", id.otelSpanIDHex)
        case .trace(let id): ("trace_id", id.otelTraceIDHex)
        case .session(let id): ("session_id", id)
        }
    }

    /// The `entity_id` of SpanKit's JSON signal format: always a UUID, as the span format's ids
    /// (a session id that is not one becomes its name-based UUID, as in the span's `session_id`).
    var jsonEntityID: String {
        switch subject {
        case .span(let id), .trace(let id): id.lowercasedString
        case .session(let id): UUID.sessionUUID(for: id).lowercasedString
        }
    }

    /// Writes the `/signals/bulk` item: `{entity_type, entity_id, name, value, signal_type}`.
    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("entity_type"); writer.write(signal.target.rawValue)
        writer.key("entity_id"); writer.write(jsonEntityID)
        writer.key("name"); writer.write(signal.name)
        writer.key("value")
        switch signal.value {
        case .boolean(let value): writer.write(value)
        case .numerical(let value): writer.write(value)
        }
        writer.key("signal_type"); writer.write(signal.value.type.rawValue)
        writer.endObject()
    }

    /// A `{"signals": [...]}` body for `/signals/bulk`.
    static func bulkBody(_ signals: [AddressedSignal]) -> Data {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("signals")
        writer.beginArray()
        for signal in signals { signal.writeJSON(into: &writer) }
        writer.endArray()
        writer.endObject()
        return Data(writer.bytes)
    }
}

extension AddressedSignal.Subject {
    /// The entity of `target` known by `id`: a session id as given (not empty); a trace id as a
    /// UUID or the 32 hex digits of `traceparent`; a span id as a UUID or 16 hex digits. Nil when
    /// `id` is none of these.
    init?(target: SignalTarget, id: String) {
        let trimmed = String(id.trimmingWhitespace())
        switch target {
        case .session:
            guard !trimmed.isEmpty else { return nil }
            self = .session(id)
        case .trace:
            guard let uuid = UUID(uuidString: trimmed) ?? UUID(otelTraceIDHex: trimmed), uuid.high | uuid.low != 0 else { return nil }
            self = .trace(uuid)
        case .span:
            guard let uuid = UUID(uuidString: trimmed) ?? UUID(otelSpanIDHex: trimmed), uuid.high != 0 else { return nil }
            self = .span(uuid)
        }
    }
}

extension SpanRecord {
    /// The span's signals with their entities; a session signal of a span without a session
    /// (which ``Span/addSignal(_:_:type:target:)`` refuses) has none and is left out.
    var addressedSignals: [AddressedSignal] {
        signals.compactMap { signal in
            switch signal.target {
            case .span: AddressedSignal(signal: signal, subject: .span(spanID), traceID: traceID)
            case .trace: AddressedSignal(signal: signal, subject: .trace(traceID))
            case .session: sessionID.map { AddressedSignal(signal: signal, subject: .session($0), traceID: traceID) }
            }
        }
    }
}
