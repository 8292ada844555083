import Foundation

/// Decides whether a new span is recorded and exported.
///
/// The default, `.parentBased(root: .alwaysOn)`, records every trace and follows the parent's
/// decision for child spans, so a trace is never half recorded. A ratio decision depends only
/// on the trace id, so every service that sees the trace decides the same way.
public indirect enum Sampler: Sendable, Hashable {
    /// Record every span.
    case alwaysOn
    /// Record nothing.
    case alwaysOff
    /// Record the given fraction of traces (0...1), chosen by trace id.
    case traceIDRatio(Double)
    /// Follow the parent's sampled flag; use `root` for spans without a parent.
    case parentBased(root: Sampler)

    /// The OpenTelemetry default: parent-based, always on for roots.
    static let `default` = Sampler.parentBased(root: .alwaysOn)

    /// Whether a span with this trace id and parent should be recorded.
    @inline(__always)
    func shouldSample(traceID: ID128, parent: SpanContext?) -> Bool {
        switch self {
        case .alwaysOn: return true
        case .alwaysOff: return false
        case .traceIDRatio(let ratio): return Self.ratioDecision(traceID: traceID, ratio: ratio)
        case .parentBased(let root):
            if let parent { return parent.isSampled }
            return root.shouldSample(traceID: traceID, parent: nil)
        }
    }

    /// Compares the trace id's lowest 56 bits — random in both UUID v4 and W3C level 2 trace
    /// ids — with the ratio scaled to 2^56.
    static func ratioDecision(traceID: ID128, ratio: Double) -> Bool {
        guard ratio > 0 else { return false }
        guard ratio < 1 else { return true }
        let randomPart = traceID.low & 0x00FF_FFFF_FFFF_FFFF
        let threshold = UInt64(ratio * 72_057_594_037_927_936)  // 2^56
        return randomPart < threshold
    }
}

/// A sampler flattened for the hot path: `Sampler` is an indirect enum (boxed, so reading it
/// costs reference counting), this is plain data.
struct SamplingPolicy: Sendable {
    private enum Root: Sendable { case on, off, ratio(Double) }
    private let followsParent: Bool
    private let root: Root

    init(_ sampler: Sampler) {
        var followsParent = false
        var current = sampler
        while case .parentBased(let root) = current {
            followsParent = true
            current = root
        }
        self.followsParent = followsParent
        switch current {
        case .alwaysOff: root = .off
        case .traceIDRatio(let ratio): root = .ratio(ratio)
        case .alwaysOn, .parentBased: root = .on
        }
    }

    @inline(__always)
    func shouldSample(traceID: ID128, parent: SpanContext?) -> Bool {
        if followsParent, let parent { return parent.isSampled }
        switch root {
        case .on: return true
        case .off: return false
        case .ratio(let ratio): return Sampler.ratioDecision(traceID: traceID, ratio: ratio)
        }
    }
}
