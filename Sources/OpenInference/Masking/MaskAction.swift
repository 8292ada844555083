/// What ``TraceConfig`` does to one attribute.
///
/// The outcomes are those of Python's `TraceConfig.mask`: it returns `None` (drop), the
/// placeholder string (redact) or the value unchanged (keep).
public enum MaskAction: Sendable, Hashable, CaseIterable {
    /// Record the attribute unchanged.
    case keep
    /// Do not record the attribute at all.
    case drop
    /// Record the attribute with the string ``TraceConfig/redactedValue`` in place of its value,
    /// whatever the value's type (a redacted embedding vector becomes that string too).
    case redact
}
