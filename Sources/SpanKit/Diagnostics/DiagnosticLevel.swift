/// How much SpanKit writes to standard error when no handler is set in code, from
/// `SPANKIT_LOG_LEVEL`: each level includes the ones before it.
///
/// SPI for integrations that route those lines elsewhere (to swift-log, mapping the level).
@_spi(Integration) public enum DiagnosticLevel: Int, Comparable, Sendable, CaseIterable {
    /// Nothing.
    case off
    /// Spans lost or not delivered, spool failures: what an operator must act on.
    case error
    /// Also invalid settings, refused signals and limits reached. The default.
    case warning
    /// Also what is expected but worth knowing when investigating (values truncated to the
    /// configured length).
    case debug

    static let `default` = DiagnosticLevel.warning

    /// The variable that sets the level.
    static let variable = "SPANKIT_LOG_LEVEL"

    /// The spelling of `SPANKIT_LOG_LEVEL` and of the line prefix.
    var name: String {
        switch self {
        case .off: "off"
        case .error: "error"
        case .warning: "warning"
        case .debug: "debug"
        }
    }

    /// The level named `text` (any letter case), nil for anything else.
    init?(name text: String) {
        guard let level = Self.allCases.first(where: { $0.name == text.lowercased() }) else { return nil }
        self = level
    }

    /// Whether `lhs` shows less than `rhs`.
    @_spi(Integration) public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Diagnostic.Code {
    /// The least verbose ``DiagnosticLevel`` that shows this code on standard error.
    var level: DiagnosticLevel {
        switch self {
        case .exportFailed, .spansDropped, .spoolFailed:
            .error
        case .signalRejected, .signalTargetMissing, .encodingFailed, .limitReached, .invalidConfiguration,
             .repeatedBootstrap:
            .warning
        case .valueTruncated:
            .debug
        }
    }
}
