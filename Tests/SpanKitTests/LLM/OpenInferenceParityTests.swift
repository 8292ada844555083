import Foundation
@testable import SpanKit
import Testing
import TestSupport

/// The attributes SpanKit exports for each scenario equal, key for key, type for type and value
/// for value, those OpenInference's Python helpers produce for the same data — except the spec
/// keys Python's helpers leave out, which each scenario lists with their exact values.
@Suite("OpenInference attributes vs the Python helpers", .enabled(if: PythonPeer.shouldRun))
struct OpenInferenceParityTests {
    /// Every scenario's Python attributes, computed in one Python process on first use; a task,
    /// so the tests that wait for it wait without holding a thread.
    static let python = Task { () -> Result<[String: Result<[String: TypedValue], PythonOpenInference.Failure>], PythonOpenInference.Failure> in
        let expressions = Dictionary(uniqueKeysWithValues: ParityScenarios.all.map { ($0.name, $0.python) })
        do {
            return .success(try await PythonOpenInference.evaluate(expressions))
        } catch {
            return .failure(PythonOpenInference.Failure(description: "\(error)"))
        }
    }

    @Test("exported attributes equal Python's", arguments: ParityScenarios.all)
    func exportedAttributesEqualPythons(_ scenario: ParityScenario) async throws {
        let pythonResult = try #require(try await Self.python.value.get()[scenario.name])
        let python = try pythonResult.get()

        let test = TestTracer()
        await scenario.trace(test.tracer)
        #expect(test.diagnostics.all.isEmpty, "unexpected diagnostics: \(test.diagnostics.all)")
        let record = try #require(test.exporter.spans.first)
        #expect(test.exporter.spans.count == 1)
        var swift = Dictionary(uniqueKeysWithValues: record.exportAttributes.list.map { ($0.key, TypedValue($0.value)) })

        for (key, expected) in scenario.swiftOnly.sorted(by: { $0.key < $1.key }) {
            #expect(python[key] == nil, "Python now writes \(key); drop it from swiftOnly")
            #expect(swift.removeValue(forKey: key) == TypedValue(expected), "SpanKit's spec-only key \(key)")
        }

        let missing = Set(python.keys).subtracting(swift.keys).sorted()
        let extra = Set(swift.keys).subtracting(python.keys).sorted()
        #expect(missing.isEmpty, "keys Python writes and SpanKit does not: \(missing)")
        #expect(extra.isEmpty, "keys SpanKit writes and Python does not: \(extra)")
        #expect(scenario.jsonKeys.isSubset(of: python.keys), "jsonKeys must name keys both sides write")

        for key in Set(python.keys).intersection(swift.keys).sorted() {
            let (mine, theirs) = (swift[key]!, python[key]!)
            if scenario.jsonKeys.contains(key) {
                // Same document, different formatting: compare the parsed JSON.
                let parsedMine = mine.stringValue.flatMap(ParsedJSON.parse)
                let parsedTheirs = theirs.stringValue.flatMap(ParsedJSON.parse)
                #expect(parsedMine != nil && parsedMine == parsedTheirs, "\(key): SpanKit \(mine) vs Python \(theirs)")
            } else {
                #expect(mine == theirs, "\(key): SpanKit \(mine) vs Python \(theirs)")
            }
        }
    }

    @Test("there are at least twelve distinct scenarios")
    func scenarioCount() {
        #expect(ParityScenarios.all.count >= 12)
        #expect(Set(ParityScenarios.all.map(\.name)).count == ParityScenarios.all.count)
    }
}
