/// Something SpanKit changed, refused or failed to do, reported through the tracer's
/// diagnostic hook instead of being thrown into the caller or printed.
///
/// Messages never contain secrets (API keys, `Authorization` values); they may contain span
/// names, attribute keys and short excerpts of refused values.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a diagnostic.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A signal value could not be typed and was not recorded.
        case signalRejected
        /// A trace or session signal had nothing to attach to (no current span, no session).
        case signalTargetMissing
        /// A value given to `setIO` could not be encoded as JSON; its description was recorded
        /// as text instead.
        case encodingFailed
        /// An attribute, event or link was not recorded because the span reached its count limit
        /// for it; the message says which limit.
        case limitReached
        /// A string was shortened to the attribute value length limit.
        case valueTruncated
        /// A configuration value (code or environment) was invalid and the default was used.
        case invalidConfiguration
        /// `SpanKitSystem.bootstrap` was called again; the new tracer replaced the old one.
        case repeatedBootstrap
        /// Spans could not be delivered to a backend.
        case exportFailed
        /// Spans were dropped, for example because a queue was full.
        case spansDropped
        /// A file in the spool directory could not be read or written.
        case spoolFailed
    }

    /// The category.
    public let code: Code
    /// What happened, for a human reader.
    public let message: String

    /// How loud it is on standard error; the code's level unless the reporter knows better.
    let level: DiagnosticLevel

    /// Creates a diagnostic at its code's level.
    init(_ code: Code, _ message: String) {
        self.init(code, message, level: code.level)
    }

    /// Creates a diagnostic louder or quieter than its code usually is (an invalid endpoint that
    /// turns export off is an error, not a warning).
    init(_ code: Code, _ message: String, level: DiagnosticLevel) {
        self.code = code
        self.message = message
        self.level = level
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}

/// Receives diagnostics. Called on the thread where the problem happened; keep it fast and
/// never call back into the span that reported it. Internal shorthand: public signatures spell
/// the closure type out so users meet one name fewer.
typealias DiagnosticHandler = @Sendable (Diagnostic) -> Void
