import Foundation

/// Command-line options of `spankit-bench`.
struct Options {
    /// Runs every benchmark briefly: checks they execute, measures nothing worth quoting.
    var smoke = false
    /// The Python interpreter with the OpenTelemetry SDK; nil skips the reference run.
    var python: String?
    /// The Python reference script.
    var referenceScript = "Benchmarks/reference/otel_reference.py"
    /// Only benchmarks whose id contains one of these (for profiling one benchmark).
    var filters: [String] = []
    /// Sections to run (all when empty): spans, calibration, encoding, llmsizes, e2e, memory.
    var sections: Set<String> = []
    /// The swift-otel peer executable; nil skips the side-by-side comparison.
    var swiftOTel: String?

    static let usage = """
        usage: spankit-bench [--smoke] [--python PATH] [--reference-script PATH] [--only spans,calibration,encoding,llmsizes,e2e,memory] [--filter id,...] [--swift-otel PEER]
        """

    static func parse(_ arguments: ArraySlice<String>) -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--smoke": options.smoke = true
            case "--python": options.python = iterator.next()
            case "--swift-otel": options.swiftOTel = iterator.next()
            case "--reference-script": options.referenceScript = iterator.next() ?? options.referenceScript
            case "--only": options.sections = Set((iterator.next() ?? "").split(separator: ",").map(String.init))
            case "--filter": options.filters = (iterator.next() ?? "").split(separator: ",").map(String.init)
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n\(usage)\n".utf8))
                exit(2)
            }
        }
        return options
    }

    func runs(_ section: String) -> Bool { sections.isEmpty || sections.contains(section) }
}

/// The `--filter` in force, read by the benchmark lists.
enum Filter {
    nonisolated(unsafe) static var substrings: [String] = []

    static func wants(_ id: String) -> Bool {
        substrings.isEmpty || substrings.contains { id.contains($0) }
    }
}
