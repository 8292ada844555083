extension Span {
    /// Attaches a signal — a typed metric such as cost, accuracy or thumbs-up — to this span,
    /// its trace or its session.
    ///
    /// The type is detected from the value unless `type` is given: a `Bool` is boolean, a finite
    /// number numerical, text `true`/`false` (any case, trimmed) boolean and text that is entirely
    /// a finite decimal number numerical; anything else is refused rather than guessed at (the
    /// <doc:Signals> article has the full rules). A value that cannot be typed, or a session
    /// signal on a span without a session, or an empty name, is not recorded; a diagnostic says
    /// why.
    /// Adding a signal with the same name and target again replaces the earlier value.
    ///
    /// ```swift
    /// span.addSignal("cost", 0.0042)              // numerical
    /// span.addSignal("helpful", true)             // boolean
    /// span.addSignal("resolved", "TRUE", target: .session)
    /// ```
    public func addSignal<Value: SignalValueConvertible>(_ name: String, _ value: Value, type: SignalType? = nil, target: SignalTarget = .span) {
        guard storage != nil else { return }
        // Only SpanKit's own conformances carry a readable value (see `SignalValueConvertible`).
        let input = (value as? any SignalInputConvertible)?.signalInput
        write { state in
            guard !name.trimmingWhitespace().isEmpty else {
                return Diagnostic(.signalRejected, "signal on span '\(state.name)' ignored: the name is empty")
            }
            guard let input else {
                return Diagnostic(.signalRejected, "signal '\(name)' on span '\(state.name)' ignored: \(Value.self) is not a Bool, number or text")
            }
            switch SignalValue.detect(input, as: type) {
            case .failure(let rejection):
                return Diagnostic(.signalRejected, "signal '\(name)' on span '\(state.name)' \(rejection)")
            case .success(let typed):
                if target == .session, state.grouping?.sessionID == nil {
                    return Diagnostic(.signalTargetMissing, "session signal '\(name)' on span '\(state.name)' ignored: the span has no session")
                }
                let signal = Signal(name: name, value: typed, target: target)
                if let existing = state.extras?.signals.firstIndex(where: { $0.name == name && $0.target == target }) {
                    state.details.signals[existing] = signal
                } else {
                    state.details.signals.append(signal)
                }
                return nil
            }
        }
    }
}

/// Attaches a signal to the current span (``Span/current``), its trace or its session, as
/// ``Span/addSignal(_:_:type:target:)`` does; reports a diagnostic when there is no current span.
///
/// The counterpart of the reference SDK's `sendSpanSignal`, with the target as an argument
/// instead of one function per target.
public func sendSignal(_ name: String, _ value: some SignalValueConvertible, type: SignalType? = nil, target: SignalTarget = .span) {
    guard let span = Span.current else {
        Tracer.current.report(Diagnostic(.signalTargetMissing, "\(target.rawValue) signal '\(name)' ignored: no current span"))
        return
    }
    span.addSignal(name, value, type: type, target: target)
}
