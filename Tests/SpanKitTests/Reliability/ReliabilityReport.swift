import Foundation

/// Prints one line per observed reliability outcome, prefixed so `scripts/reliability.sh` can
/// collect them into the table in RELIABILITY.md.
enum ReliabilityReport {
    static func record(_ scenario: String, _ outcome: String) {
        print("RELIABILITY | \(scenario) | \(outcome)")
    }
}
