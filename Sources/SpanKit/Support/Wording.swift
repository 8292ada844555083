/// Numbers in diagnostics, worded for a person reading a log line.
enum Wording {
    /// `1 span`, `14 spans`.
    static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// `6.9 s`, `250 ms`: a duration rounded for reading, never a 16-digit fraction.
    static func duration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        if abs(milliseconds) < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        return "\((milliseconds / 100).rounded() / 10) s"
    }

    /// `32 MiB`, `512 KiB`, `100 bytes`: a size in the largest binary unit it is a whole number of,
    /// else rounded to one decimal.
    static func bytes(_ value: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where value >= size {
            if value % size == 0 { return "\(value / size) \(unit)" }
            return "\((Double(value) / Double(size) * 10).rounded() / 10) \(unit)"
        }
        return count(value, "byte")
    }
}
