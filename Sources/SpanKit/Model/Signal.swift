/// The type of a signal: a yes/no judgement or a measurement.
public enum SignalType: String, Sendable, Hashable, CaseIterable {
    /// True or false, for example "helpful" or "thumbs-up".
    case boolean
    /// A finite number, for example a cost in dollars or an accuracy score.
    case numerical
}

/// A signal's value once typed.
public enum SignalValue: Sendable, Hashable {
    /// A Boolean signal.
    case boolean(Bool)
    /// A finite numeric signal.
    case numerical(Double)

    /// The value's type.
    var type: SignalType {
        switch self {
        case .boolean: return .boolean
        case .numerical: return .numerical
        }
    }
}

/// What a signal describes: the span it was added to, that span's trace, or its session.
public enum SignalTarget: String, Sendable, Hashable, CaseIterable {
    /// The span itself.
    case span
    /// The whole trace the span belongs to.
    case trace
    /// The session the span belongs to; the span must have a session id.
    case session
}

/// A typed metric attached to a span, trace or session: cost, accuracy, thumbs-up.
public struct Signal: Sendable, Hashable {
    /// The signal name, for example `cost`.
    public let name: String
    /// The typed value.
    public let value: SignalValue
    /// What the signal describes.
    public let target: SignalTarget

    init(name: String, value: SignalValue, target: SignalTarget = .span) {
        self.name = name
        self.value = value
        self.target = target
    }
}
