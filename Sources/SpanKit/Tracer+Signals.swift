extension Tracer {
    /// Sends a signal to the entity `id` names, without a span (see
    /// ``sendSignal(_:_:type:target:id:)``).
    func sendSignal(_ name: String, _ value: some SignalValueConvertible, type: SignalType?, target: SignalTarget, id: String) {
        guard isEnabled else { return }
        guard let subject = AddressedSignal.Subject(target: target, id: id) else {
            report(Diagnostic(.signalTargetMissing, "\(target.rawValue) signal '\(name)' ignored: \(Self.describe(invalid: id, for: target))"))
            return
        }
        let signal: Signal
        switch Signal.make(name, value, type: type, target: target, subject: "for \(target.rawValue) '\(id)'") {
        case .failure(let diagnostic):
            report(diagnostic)
            return
        case .success(let typed):
            signal = typed
        }
        guard (processor as? any SignalCarrying)?.carry(AddressedSignal(signal: signal, subject: subject)) == true else {
            report(Diagnostic(.signalTargetMissing, "\(target.rawValue) signal '\(name)' not sent: this tracer's destination has no place for "
                + "signals without a span (Phoenix annotations or a JSON collector's /signals/bulk)"))
            return
        }
    }

    private static func describe(invalid id: String, for target: SignalTarget) -> String {
        switch target {
        case .session: "the session id is empty"
        case .trace: "'\(id.prefix(64))' is not a trace id (a UUID or 32 hex digits)"
        case .span: "'\(id.prefix(64))' is not a span id (a UUID or 16 hex digits)"
        }
    }
}
