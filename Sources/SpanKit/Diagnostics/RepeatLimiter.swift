/// Decides which diagnostics reach standard error, so that a storm of identical failures prints
/// one line and later a count instead of thousands of lines.
///
/// Diagnostics are alike when they have the same code and the same message once every run of
/// digits is ignored ("14 spans not delivered" and "15 spans not delivered" are alike). The
/// first of a kind is printed at once; alike ones within ``interval`` of the last printed line
/// are only counted; the next one after the interval prints the count (one summary line) and
/// itself, and ``drain()`` prints the counts still pending (at shutdown).
struct RepeatLimiter: Sendable {
    /// A diagnostic as it is to be printed.
    struct Line: Equatable, Sendable {
        var level: DiagnosticLevel
        var message: String
        /// For a summary line, how many alike diagnostics were suppressed (the message is the
        /// latest of them); 0 for a diagnostic printed as it came.
        var repeated: Int
    }

    private struct Entry {
        var lastPrinted: ContinuousClock.Instant
        var suppressed = 0
        var latest: Diagnostic
    }

    /// The quiet period after a printed line during which alike diagnostics are only counted.
    let interval: Duration
    /// The most kinds remembered at once; beyond it every pending count is printed and the
    /// memory starts afresh, so memory stays bounded whatever the messages.
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(interval: Duration = .seconds(10), capacity: Int = 64) {
        self.interval = interval
        self.capacity = capacity
    }

    /// The lines to print for `diagnostic` reported at `now`: none while it is suppressed.
    mutating func admit(_ diagnostic: Diagnostic, at now: ContinuousClock.Instant) -> [Line] {
        let key = Self.kind(of: diagnostic)
        guard var entry = entries[key] else {
            var lines: [Line] = []
            if entries.count >= capacity { lines = drain() }
            entries[key] = Entry(lastPrinted: now, latest: diagnostic)
            return lines + [Line(level: diagnostic.level, message: diagnostic.message, repeated: 0)]
        }
        guard now - entry.lastPrinted >= interval else {
            entry.suppressed += 1
            entry.latest = diagnostic
            entries[key] = entry
            return []
        }
        var lines: [Line] = []
        if entry.suppressed > 0 { lines.append(Self.summary(of: entry)) }
        lines.append(Line(level: diagnostic.level, message: diagnostic.message, repeated: 0))
        entries[key] = Entry(lastPrinted: now, latest: diagnostic)
        return lines
    }

    /// The counts of every kind suppressed since its last line, and forgets them.
    mutating func drain() -> [Line] {
        let lines = entries.values.filter { $0.suppressed > 0 }
            .sorted { $0.lastPrinted < $1.lastPrinted }
            .map(Self.summary)
        entries.removeAll(keepingCapacity: true)
        return lines
    }

    private static func summary(of entry: Entry) -> Line {
        Line(level: entry.latest.level, message: entry.latest.message, repeated: entry.suppressed)
    }

    /// The code and the message with each run of digits replaced by `#`.
    static func kind(of diagnostic: Diagnostic) -> String {
        var key = diagnostic.code.rawValue + ":"
        var inDigits = false
        for character in diagnostic.message.unicodeScalars {
            let isDigit = ("0"..."9").contains(character)
            if isDigit, !inDigits { key.unicodeScalars.append("#") }
            if !isDigit { key.unicodeScalars.append(character) }
            inDigits = isDigit
        }
        return key
    }
}
