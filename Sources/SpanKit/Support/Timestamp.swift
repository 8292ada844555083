/// Formats Unix nanoseconds as ISO 8601 UTC with milliseconds (`2026-02-06T17:03:04.120Z`),
/// without `DateFormatter` (slow, and locale-dependent if misconfigured).
enum Timestamp {
    static func iso8601(unixNanoseconds: UInt64) -> String {
        let totalMilliseconds = unixNanoseconds / 1_000_000
        let milliseconds = Int(totalMilliseconds % 1000)
        let totalSeconds = Int(totalMilliseconds / 1000)
        let secondOfDay = totalSeconds % 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: totalSeconds / 86_400)
        var text = ""
        text.reserveCapacity(24)
        text += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":" + pad(secondOfDay % 60, 2)
        text += "." + pad(milliseconds, 3) + "Z"
        return text
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
