import Foundation

/// How an exporter retries a request that failed in a way that may pass: transport errors,
/// timeouts and the statuses 429, 502, 503 and 504.
///
/// The delay grows exponentially with random jitter; a `Retry-After` header (seconds or an HTTP
/// date) replaces the computed delay. Retries stop after ``maxAttempts`` attempts, or when the
/// next delay would end past the export's deadline (the batch processor's export timeout, or
/// an earlier `flush`/`shutdown` deadline); the batch then goes to the spool, if there is one.
struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, including the first; 1 turns retries off.
    public var maxAttempts: Int
    /// The delay before the first retry; each next one is twice as long, up to 10 seconds,
    /// spread randomly by ±20 %.
    public var initialBackoff: Duration
    /// The longest computed delay (a `Retry-After` may ask for more, within the export deadline).
    var maxBackoff: Duration
    /// The factor between consecutive delays.
    var multiplier: Double
    /// The relative random spread of each delay (0.2 means ±20 %).
    var jitter: Double

    /// Creates a policy. There is no separate time budget: the export's one deadline bounds
    /// the retries.
    public init(maxAttempts: Int = 6, initialBackoff: Duration = .seconds(1)) {
        self.init(maxAttempts: maxAttempts, initialBackoff: initialBackoff, maxBackoff: .seconds(10))
    }

    /// A policy with every knob, for tests (no jitter makes delays exact).
    init(maxAttempts: Int = 6, initialBackoff: Duration = .seconds(1), maxBackoff: Duration, multiplier: Double = 2, jitter: Double = 0.2) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(0, jitter), 1)
    }

    /// The computed delay before retry number `retry` (1 for the first retry), with jitter.
    func backoff(beforeRetry retry: Int) -> Duration {
        let base = initialBackoff * pow(multiplier, Double(retry - 1))
        let capped = min(base, maxBackoff)
        guard jitter > 0 else { return capped }
        return capped * Double.random(in: (1 - jitter)...(1 + jitter))
    }

    /// The delay a `Retry-After` value asks for: delta-seconds or an HTTP date; nil when
    /// malformed.
    static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                return .milliseconds(max(0, Int((date.timeIntervalSince(now) * 1000).rounded())))
            }
        }
        return nil
    }
}
