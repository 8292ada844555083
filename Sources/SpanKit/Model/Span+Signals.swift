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
        write { state in
            switch Signal.make(name, value, type: type, target: target, subject: "on span '\(state.name)'") {
            case .failure(let diagnostic):
                return diagnostic
            case .success(let signal):
                if target == .session, state.grouping?.sessionID == nil {
                    return Diagnostic(.signalTargetMissing, "session signal '\(name)' on span '\(state.name)' ignored: the span has no session")
                }
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

extension Signal {
    /// Types a signal as ``Span/addSignal(_:_:type:target:)`` and ``sendSignal(_:_:type:target:id:)``
    /// do; the failure is the diagnostic that says why it was refused, naming `subject`
    /// (`on span 'x'`, `for session 'y'`).
    static func make<Value: SignalValueConvertible>(
        _ name: String, _ value: Value, type: SignalType?, target: SignalTarget, subject: @autoclosure () -> String
    ) -> Result<Signal, Diagnostic> {
        guard !name.trimmingWhitespace().isEmpty else {
            return .failure(Diagnostic(.signalRejected, "signal \(subject()) ignored: the name is empty"))
        }
        // Only SpanKit's own conformances carry a readable value (see `SignalValueConvertible`).
        guard let input = (value as? any SignalInputConvertible)?.signalInput else {
            return .failure(Diagnostic(.signalRejected, "signal '\(name)' \(subject()) ignored: \(Value.self) is not a Bool, number or text"))
        }
        switch SignalValue.detect(input, as: type) {
        case .failure(let rejection):
            return .failure(Diagnostic(.signalRejected, "signal '\(name)' \(subject()) \(rejection)"))
        case .success(let typed):
            return .success(Signal(name: name, value: typed, target: target))
        }
    }
}

/// Attaches a signal to the current span (``Span/current``), its trace or its session, as
/// ``Span/addSignal(_:_:type:target:)`` does — or, given an `id`, sends it to that session, trace
/// or span directly, without a span.
///
/// Without an `id` it is the counterpart of the reference SDK's `sendSpanSignal`, with the target
/// as an argument instead of one function per target; it reports a diagnostic when there is no
/// current span.
///
/// With an `id`, nothing is added to any span and no span is created: the signal is for feedback
/// that arrives after its conversation or trace ended, such as a thumbs-up on a session. `id` is
/// the session id as the spans carry it, a trace id (``Span/traceID`` as a UUID, or the 32 hex
/// digits of `traceparent`), or a span id (``Span/spanID``, or 16 hex digits). The current
/// tracer's pipeline sends it after the spans that ended before it: to Phoenix as a session, trace
/// or span annotation, to a JSON collector through `/signals/bulk`, with the export's retries and
/// spool; ``Tracer/flush(deadline:)`` and shutdown wait for it. A destination with no place for
/// such signals (a console, a file, an OpenTelemetry collector that is not Phoenix) or an id that
/// is not one of these reports a diagnostic instead.
///
/// ```swift
/// sendSignal("helpful", true)                                   // the current span
/// sendSignal("thumbs_up", true, target: .session, id: "conv-42") // a session, later
/// ```
public func sendSignal(_ name: String, _ value: some SignalValueConvertible, type: SignalType? = nil, target: SignalTarget = .span, id: String? = nil) {
    if let id {
        Tracer.current.sendSignal(name, value, type: type, target: target, id: id)
        return
    }
    guard let span = Span.current else {
        Tracer.current.report(Diagnostic(.signalTargetMissing, "\(target.rawValue) signal '\(name)' ignored: no current span"))
        return
    }
    span.addSignal(name, value, type: type, target: target)
}
