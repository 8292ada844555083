import Foundation

extension Span {
    /// Adds a timestamped event, at `time` or now.
    public func addEvent(_ name: String, attributes: [String: AttributeValue] = [:], at time: Date? = nil) {
        write { $0.appendEvent(name: name, attributes: attributes, time: time) }
    }

    /// Links this span to another span, with optional attributes.
    public func addLink(to context: SpanContext, attributes: [String: AttributeValue] = [:]) {
        write { $0.appendLink(context, attributes: attributes) }
    }
}

extension SpanState {
    mutating func appendEvent(name: String, attributes: [String: AttributeValue], time: Date?) -> Diagnostic? {
        guard (extras?.events.count ?? 0) < tracer.limits.eventCount else {
            details.droppedEventsCount += 1
            guard details.droppedEventsCount == 1 else { return nil }
            return Diagnostic(.limitReached, "span '\(self.name)': event '\(name)' dropped, limit of \(tracer.limits.eventCount) events reached")
        }
        let timestamp = time?.unixNanoseconds ?? tracer.wallNow()
        let (limited, dropped) = limitedAttributes(attributes)
        details.events.append(Span.Event(name: name, timeUnixNanoseconds: timestamp, attributes: limited, droppedAttributesCount: dropped))
        return nil
    }

    mutating func appendLink(_ context: SpanContext, attributes: [String: AttributeValue]) -> Diagnostic? {
        guard (extras?.links.count ?? 0) < tracer.limits.linkCount else {
            details.droppedLinksCount += 1
            guard details.droppedLinksCount == 1 else { return nil }
            return Diagnostic(.limitReached, "span '\(name)': link dropped, limit of \(tracer.limits.linkCount) links reached")
        }
        let (limited, dropped) = limitedAttributes(attributes)
        details.links.append(Span.Link(context: context, attributes: limited, droppedAttributesCount: dropped))
        return nil
    }
}
