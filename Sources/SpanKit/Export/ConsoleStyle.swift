/// The ANSI styles the console exporter uses when colors are on.
enum ConsoleStyle: String {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case magenta = "35"
    case cyan = "36"

    /// `text` wrapped in this style's escape codes, or unchanged when colors are off. Padding
    /// is added outside the codes so invisible characters never count towards column widths.
    func apply(to text: String, enabled: Bool) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[" + rawValue + "m" + text + "\u{1B}[0m"
    }
}
