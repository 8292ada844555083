/// A processor that sends signals without a span (``sendSignal(_:_:type:target:id:)``) behind
/// the spans that ended before them, so a backend sees a trace's spans before feedback on it.
protocol SignalCarrying: SpanProcessor {
    /// Takes `signal` for delivery; false when no exporter of this processor has a place for
    /// signals without a span (the caller reports that).
    func carry(_ signal: AddressedSignal) -> Bool
}

extension MultiSpanProcessor: SignalCarrying {
    /// Hands the signal to every processor that can carry it.
    func carry(_ signal: AddressedSignal) -> Bool {
        var carried = false
        for case let processor as any SignalCarrying in processors where processor.carry(signal) { carried = true }
        return carried
    }
}
