import Foundation

extension Span {
    /// A timestamped event on a span, such as an `exception`.
    public struct Event: Sendable, Equatable {
        /// The event name.
        public let name: String
        /// Nanoseconds since the Unix epoch.
        let timeUnixNanoseconds: UInt64
        /// The event's attributes.
        public let attributes: Attributes
        /// Attributes left out because of the per-event attribute count limit.
        let droppedAttributesCount: Int

        /// The event time.
        public var time: Date { Date(unixNanoseconds: timeUnixNanoseconds) }

        /// Creates an event.
        init(name: String, timeUnixNanoseconds: UInt64, attributes: Attributes = Attributes(), droppedAttributesCount: Int = 0) {
            self.name = name
            self.timeUnixNanoseconds = timeUnixNanoseconds
            self.attributes = attributes
            self.droppedAttributesCount = droppedAttributesCount
        }
    }

    /// A link from a span to another span, for example a batch job linked to the requests it serves.
    public struct Link: Sendable, Equatable {
        /// The linked span.
        public let context: SpanContext
        /// The link's attributes.
        public let attributes: Attributes
        /// Attributes left out because of the per-link attribute count limit.
        let droppedAttributesCount: Int

        init(context: SpanContext, attributes: Attributes, droppedAttributesCount: Int) {
            self.context = context
            self.attributes = attributes
            self.droppedAttributesCount = droppedAttributesCount
        }
    }
}

extension Date {
    /// The date `nanoseconds` after the Unix epoch.
    init(unixNanoseconds nanoseconds: UInt64) {
        self.init(timeIntervalSince1970: Double(nanoseconds) / 1_000_000_000)
    }

    /// Nanoseconds since the Unix epoch, clamped at zero.
    var unixNanoseconds: UInt64 {
        let seconds = timeIntervalSince1970
        guard seconds > 0 else { return 0 }
        return UInt64(min(seconds * 1_000_000_000, Double(UInt64.max / 2)))
    }
}
