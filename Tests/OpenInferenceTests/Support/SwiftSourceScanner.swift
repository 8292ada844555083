import Foundation
import TestSupport

/// Reads the declarations the catalog test checks straight from the Swift source files of
/// `Sources/OpenInference`, so that a hand edit of a generated file (or a constant added by hand in
/// an extension) shows up even though it compiles.
struct SwiftSourceScanner {
    /// A string constant (`static let name = "literal"` or its computed form) or a
    /// `case name = "literal"` found in a type or extension.
    struct Declaration: Hashable, CustomStringConvertible {
        let type: String
        let name: String
        let value: String
        let file: String
        var description: String { "\(type).\(name) = \"\(value)\" (\(file))" }
    }

    /// Public static string constants, by enclosing type.
    private(set) var constants: [Declaration] = []
    /// Enum cases with raw values, by enum.
    private(set) var cases: [Declaration] = []
    /// Enum cases without an explicit raw value (their raw value is their name).
    private(set) var implicitCases: [Declaration] = []
    /// Every type declared (not extended) at the top level: name to its inheritance clause.
    private(set) var topLevelTypes: [String: String] = [:]

    static let sourceRoot = PythonPeer.packageRoot.appendingPathComponent("Sources/OpenInference")

    /// Scans every `.swift` file under `root`.
    init(root: URL = sourceRoot) throws {
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var paths: [URL] = []
        while let url = files?.nextObject() as? URL {
            if url.pathExtension == "swift" { paths.append(url) }
        }
        for path in paths.sorted(by: { $0.path < $1.path }) {
            try scan(String(contentsOf: path, encoding: .utf8), file: path.lastPathComponent)
        }
    }

    private static let typeRegex = try! NSRegularExpression(
        pattern: #"^\s*(?:public\s+|internal\s+)?(enum|struct|extension)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(:[^{]*)?\{"#
    )
    /// A string constant: a stored `public static let name = "literal"`, or the generated form,
    /// an `@inlinable public static var name: String { "literal" }`.
    private static let constantRegexes = [
        try! NSRegularExpression(
            pattern: #"^\s*(?:@inlinable\s+)?public\s+static\s+let\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*(?::\s*String\s*)?=\s*"((?:[^"\\]|\\.)*)"\s*$"#
        ),
        try! NSRegularExpression(
            pattern: #"^\s*(?:@inlinable\s+)?public\s+static\s+var\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*:\s*String\s*\{\s*"((?:[^"\\]|\\.)*)"\s*\}\s*$"#
        ),
    ]
    private static let caseRegex = try! NSRegularExpression(
        pattern: #"^\s*case\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*=\s*"((?:[^"\\]|\\.)*)"\s*$"#
    )
    private static let implicitCaseRegex = try! NSRegularExpression(
        pattern: #"^\s*case\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*$"#
    )

    private mutating func scan(_ source: String, file: String) throws {
        var depth = 0
        var stack: [(name: String, depth: Int)] = []
        var inBlockComment = false
        for rawLine in source.components(separatedBy: "\n") {
            var line = rawLine
            if inBlockComment {
                guard let end = line.range(of: "*/") else { continue }
                line = String(line[end.upperBound...])
                inBlockComment = false
            }
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]) }
            if let start = line.range(of: "/*") {
                inBlockComment = line[start.upperBound...].range(of: "*/") == nil
                line = String(line[..<start.lowerBound])
            }
            let range = NSRange(line.startIndex..., in: line)
            if let match = Self.typeRegex.firstMatch(in: line, range: range) {
                let name = Self.group(match, 2, in: line)
                if depth == 0, Self.group(match, 1, in: line) != "extension" {
                    topLevelTypes[name] = Self.group(match, 3, in: line)
                }
                stack.append((name, depth))
            }
            if let owner = stack.last, depth == owner.depth + 1 {
                if let match = Self.constantRegexes.lazy.compactMap({ $0.firstMatch(in: line, range: range) }).first {
                    constants.append(Declaration(
                        type: owner.name, name: Self.group(match, 1, in: line),
                        value: Self.group(match, 2, in: line), file: file
                    ))
                } else if let match = Self.caseRegex.firstMatch(in: line, range: range) {
                    cases.append(Declaration(
                        type: owner.name, name: Self.group(match, 1, in: line),
                        value: Self.group(match, 2, in: line), file: file
                    ))
                } else if let match = Self.implicitCaseRegex.firstMatch(in: line, range: range) {
                    for name in Self.group(match, 1, in: line).split(separator: ",") {
                        let trimmed = name.trimmingCharacters(in: .whitespaces)
                        implicitCases.append(Declaration(type: owner.name, name: trimmed, value: trimmed, file: file))
                    }
                }
            }
            for character in line {
                if character == "{" { depth += 1 }
                if character == "}" {
                    depth -= 1
                    if let owner = stack.last, owner.depth == depth { stack.removeLast() }
                }
            }
        }
    }

    private static func group(_ match: NSTextCheckingResult, _ index: Int, in line: String) -> String {
        guard let range = Range(match.range(at: index), in: line) else { return "" }
        return String(line[range])
    }

    /// The catalog keys missing from the scanned sources and the scanned constants of catalog
    /// types that the catalog does not have, each as `Type.name = value`.
    func differences(from catalog: Catalog) -> (missing: [String], extra: [String]) {
        let catalogTypes = Set(catalog.attribute_classes.map(\.swift_type))
        var expected: [String: Int] = [:]
        for cls in catalog.attribute_classes {
            for attribute in cls.attributes {
                expected["\(cls.swift_type).\(expectedSwiftName(attribute.python_name)) = \(attribute.key)", default: 0] += 1
            }
        }
        var found: [String: Int] = [:]
        for constant in constants where catalogTypes.contains(constant.type) {
            found["\(constant.type).\(constant.name) = \(constant.value)", default: 0] += 1
        }
        let missing = expected.keys.filter { found[$0] == nil }.sorted()
        // A declaration the catalog lacks, or one declared more often than the catalog has it.
        let extra = found.filter { $0.value > (expected[$0.key] ?? 0) }.keys.sorted()
        return (missing, extra)
    }
}
