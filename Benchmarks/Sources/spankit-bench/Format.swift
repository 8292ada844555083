import Foundation

extension String {
    /// Left-aligned in `width` columns.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// Right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// A number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "–" }
    return String(format: "%.\(decimals)f", value)
}

/// Nanoseconds with a precision that suits their size.
func formatNanoseconds(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    if value >= 100_000 { return fixed(value / 1000, 0) + " µs" }
    if value >= 10_000 { return fixed(value / 1000, 1) + " µs" }
    if value >= 100 { return fixed(value, 0) + " ns" }
    return fixed(value, 1) + " ns"
}

func formatAllocations(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return value < 10 ? fixed(value, 2) : fixed(value, 0)
}
