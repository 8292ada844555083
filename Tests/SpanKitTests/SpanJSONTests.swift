import Foundation
@testable import SpanKit
import TestSupport
import Testing

@Suite struct SpanJSONTests {
    /// A representative set: root and child, open and ended, errors, signals of every target,
    /// every attribute type, events, links, unicode and control characters, non-finite doubles.
    static func representativeSpans() async -> [SpanRecord] {
        let test = TestTracer()
        let remote = SpanContext(traceID: IDGenerator.makeUUID(), spanID: UUID(otelSpanID: 0xABCDEF), traceFlags: 1, isRemote: true)
        await withSession("chat-42", name: "Customer 42") {
            test.tracer.withSpan("answer-question", userID: "user-7", tags: ["env": "prod"]) { root in
                root.setIO(input: "Capital of France?", output: "Paris")
                root.addSignal("helpful", true)
                root.addSignal("converted", 1, target: .trace)
                root.addSignal("csat", "4.5", target: .session)
                test.tracer.withSpan("chat-completion", kind: .llm) { span in
                    span.setAttribute("llm.model_name", "gpt-4o-mini")
                    span.setAttribute("llm.token_count.prompt", 12)
                    span.setAttribute("llm.invocation_parameters", JSONValue.object(["temperature": 0.2, "stop": ["\n"]]).attributeValue)
                    span.setAttribute("weird.text", "tab\there \"quoted\" \u{1} bell\u{7} emoji 🙂 nul\u{0}")
                    span.setAttribute("tag.tags", .stringArray(["a", "b"]))
                    span.setAttribute("numbers", .doubleArray([1.5, .nan, .infinity]))
                    span.setAttribute("flags", .boolArray([true, false]))
                    span.setAttribute("ints", .intArray([1, 2, 3]))
                    span.setAttribute("empty", .stringArray([]))
                    span.setAttribute("nan", .double(.nan))
                    span.addEvent("first-token", attributes: ["latency_ms": 120.5])
                    span.addSignal("cost", 0.0042)
                }
            }
        }
        test.tracer.withSpan("server", parent: .context(remote), links: [remote]) { span in
            span.recordError(ToolFailure())
        }
        let open = test.tracer.startSpan("still-open", kind: .retriever, parent: .root, sessionID: "3F1C2A9E-8D4B-4C1E-9A57-2B6D0E4F7A11")
        return test.exporter.spans + [open.record!]
    }

    @Test func formatFollowsTheReferenceWireKeys() async throws {
        let spans = await Self.representativeSpans()
        let llm = try #require(spans.first { $0.name == "chat-completion" })
        let json = try JSONValue(parsing: llm.jsonString)
        #expect(json["kind"] == "llm")
        #expect(json["id"] == .string(llm.spanID.lowercasedString))
        #expect(json["parent_span_id"] == .string(try #require(llm.parentID).lowercasedString))
        #expect(json["session_id"] == .string(UUID(version5Namespace: UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!, name: "chat-42").lowercasedString))
        #expect(json["session_name"] == "Customer 42")
        #expect(json["attributes"]?["llm.token_count.prompt"] == 12)
        #expect(json["attributes"]?["nan"] == .null)
        #expect(json["attributes"]?["weird.text"] == .string("tab\there \"quoted\" \u{1} bell\u{7} emoji 🙂 nul\u{0}"))
        #expect(json["tags"] == ["env": "prod"])
        if case .string(let started) = json["started_at"] {
            #expect(started.count == 24 && started.hasSuffix("Z"))
        } else {
            Issue.record("started_at missing")
        }

        let root = try #require(spans.first { $0.name == "answer-question" })
        let rootJSON = try JSONValue(parsing: root.jsonString)
        #expect(rootJSON["parent_span_id"] == .null)
        #expect(rootJSON["input_data"] == "Capital of France?")
        #expect(rootJSON["signals"] == [
            ["entity_type": "span", "entity_id": .string(root.spanID.lowercasedString), "name": "helpful", "value": true, "signal_type": "boolean"],
            ["entity_type": "trace", "entity_id": .string(root.traceID.lowercasedString), "name": "converted", "value": 1, "signal_type": "numerical"],
            ["entity_type": "session", "entity_id": json["session_id"]!, "name": "csat", "value": 4.5, "signal_type": "numerical"],
        ])

        let open = try #require(spans.first { $0.name == "still-open" })
        let openJSON = open.toJSON()
        #expect(openJSON["ended_at"] == .null && openJSON["duration_ms"] == .null)
        #expect(openJSON["session_id"] == "3f1c2a9e-8d4b-4c1e-9a57-2b6d0e4f7a11")
        #expect(openJSON["session_name"] == .null)

        let server = try #require(spans.first { $0.name == "server" })
        let serverJSON = server.toJSON()
        #expect(serverJSON["status"] == "error")
        #expect(serverJSON["error_message"] == "tool exploded")
        #expect(serverJSON["parent_span_id"] == "00000000-00ab-cdef-8b0c-b80a581ef702")
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func representativeSpansValidateAgainstTheSchema() async throws {
        let documents = await Self.representativeSpans().map(\.jsonString)
        #expect(documents.count == 4)
        let script = """
        import json, sys
        from jsonschema import Draft202012Validator
        schema = json.load(open(sys.argv[1]))
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema)
        errors = []
        for line in sys.stdin.read().splitlines():
            doc = json.loads(line)
            errors += [f"{doc.get('name')}: {e.message} at {list(e.absolute_path)}" for e in validator.iter_errors(doc)]
        # The validator must also reject a broken document, or this test proves nothing.
        broken = json.loads(line); broken["kind"] = "LLM"; del broken["id"]
        rejected = len(list(validator.iter_errors(broken)))
        json.dump({"errors": errors, "rejected": rejected}, sys.stdout)
        """
        let schema = PythonPeer.packageRoot.appendingPathComponent("Schemas/span.schema.json").path
        let output = try await PythonPeer.run(script, input: Data(documents.joined(separator: "\n").utf8), arguments: [schema])
        let reply = try JSONValue(parsing: String(decoding: output, as: UTF8.self))
        #expect(reply["errors"] == [])
        #expect(reply["rejected"] == 2)
    }

    @Test func writerEscapesEveryControlCharacterAndParserRoundTrips() throws {
        var text = ""
        for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "\"\\/é🙂\u{2028}"
        let value: JSONValue = ["text": .string(text), "list": [1, 2.5, true, nil, "x"], "nested": ["deep": [[]]]]
        let encoded = value.jsonString
        #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 })
        #expect(try JSONValue(parsing: encoded) == value)
        #expect(try JSONValue(parsing: #""\ud83d\ude42 \ud800""#) == .string("🙂 \u{FFFD}"))
        #expect(throws: (any Error).self) { try JSONValue(parsing: String(repeating: "[", count: 10_000)) }
        #expect(throws: (any Error).self) { try JSONValue(parsing: "{\"a\":1,}") }
    }
}
