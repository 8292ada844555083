/// Bounds on what one span may hold, so a runaway loop cannot exhaust memory.
///
/// What goes over a limit is dropped (or, for long strings, shortened) and counted on the span.
struct SpanLimits: Sendable, Hashable {
    /// Attributes per span. Defaults to 10,000, as OpenInference's tracer provider does, because
    /// flattened message lists easily exceed OpenTelemetry's 128.
    var attributeCount: Int
    /// Unicode scalars per string value (and per string array element); unlimited by default.
    var attributeValueLength: Int
    /// Events per span (default 128).
    var eventCount: Int
    /// Links per span (default 128).
    var linkCount: Int
    /// Attributes per event or link (default 128).
    var attributePerEventCount: Int

    /// Creates limits; omitted values take their defaults.
    init(
        attributeCount: Int = 10_000, attributeValueLength: Int = .max, eventCount: Int = 128,
        linkCount: Int = 128, attributePerEventCount: Int = 128
    ) {
        self.attributeCount = attributeCount
        self.attributeValueLength = attributeValueLength
        self.eventCount = eventCount
        self.linkCount = linkCount
        self.attributePerEventCount = attributePerEventCount
    }
}
