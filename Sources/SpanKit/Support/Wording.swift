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
}
