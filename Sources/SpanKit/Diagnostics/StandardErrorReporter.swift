#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Bionic)
import Bionic
#endif

/// The default destination of diagnostics: one `SpanKit: <level>: <message>` line each on
/// standard error, at most ``level``, with storms of alike diagnostics reduced by a
/// ``RepeatLimiter``.
final class StandardErrorReporter: Sendable {
    let level: DiagnosticLevel
    private let limiter: Locked<RepeatLimiter>
    private let now: @Sendable () -> ContinuousClock.Instant
    private let write: DiagnosticLineWriter

    /// - Parameters:
    ///   - write: receives each finished line (with its newline); standard error by default.
    convenience init(
        level: DiagnosticLevel, limiter: RepeatLimiter = RepeatLimiter(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        write: @escaping @Sendable (String) -> Void = StandardError.write
    ) {
        self.init(level: level, limiter: limiter, now: now, writeLine: { level, body in write(Self.format(level: level, body: body)) })
    }

    /// - Parameters:
    ///   - writeLine: receives each line's level and text (one line, without the `SpanKit:`
    ///     prefix and the newline), for output other than standard error such as swift-log.
    init(
        level: DiagnosticLevel, limiter: RepeatLimiter = RepeatLimiter(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        writeLine: @escaping DiagnosticLineWriter
    ) {
        self.level = level
        self.limiter = .make(limiter)
        self.now = now
        self.write = writeLine
    }

    func report(_ diagnostic: Diagnostic) {
        guard diagnostic.level <= level, level != .off else { return }
        let instant = now()
        let lines = limiter.withLock { $0.admit(diagnostic, at: instant) }
        for line in lines { write(line.level, Self.body(line)) }
    }

    /// Prints the counts of diagnostics suppressed since their last line.
    func flush() {
        let lines = limiter.withLock { $0.drain() }
        for line in lines { write(line.level, Self.body(line)) }
    }

    /// Longest message printed; a longer one is cut with an ellipsis so a line stays a line.
    static let maxMessageLength = 1_000

    /// `SpanKit: <level>: <message>[ (repeated N times)]\n`, control characters replaced by
    /// spaces so that every diagnostic is exactly one line.
    static func format(_ line: RepeatLimiter.Line) -> String {
        format(level: line.level, body: body(line))
    }

    static func format(level: DiagnosticLevel, body: String) -> String {
        "SpanKit: \(level.name): \(body)\n"
    }

    /// `<message>[ (repeated N times)]`, on one line and cut at ``maxMessageLength``.
    static func body(_ line: RepeatLimiter.Line) -> String {
        var message = String(line.message.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        if message.count > maxMessageLength { message = message.prefix(maxMessageLength) + "…" }
        let suffix = line.repeated > 0 ? " (repeated \(line.repeated) time\(line.repeated == 1 ? "" : "s"))" : ""
        return message + suffix
    }
}

/// Writes to file descriptor 2 without Foundation (whose `FileHandle` raises on a closed pipe)
/// and without blocking the caller for long: when standard error is a pipe nobody reads, the
/// line is dropped rather than waited for.
enum StandardError {
    /// The longest a write waits for room in a full pipe.
    static let writeTimeoutMilliseconds: Int32 = 20

    @Sendable static func write(_ text: String) {
        var bytes = Array(text.utf8)
        // Below PIPE_BUF a pipe write is atomic: lines from several threads never interleave.
        if bytes.count > 4_000 { bytes = Array(bytes.prefix(3_999)) + [UInt8(ascii: "\n")] }
        var pollRecord = pollfd(fd: 2, events: Int16(POLLOUT), revents: 0)
        guard poll(&pollRecord, 1, writeTimeoutMilliseconds) == 1, pollRecord.revents & Int16(POLLOUT) != 0 else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            var attempts = 0
            while offset < buffer.count, attempts < 8 {
                attempts += 1
                #if canImport(Darwin)
                let written = Darwin.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #elseif canImport(Glibc)
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #elseif canImport(Musl)
                let written = Musl.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Bionic.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

/// Receives one rate-limited diagnostic line: its level and its text.
typealias DiagnosticLineWriter = @Sendable (DiagnosticLevel, String) -> Void
