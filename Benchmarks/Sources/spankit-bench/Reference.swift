import Foundation
@_spi(Benchmarks) import SpanKit

/// The Python OpenTelemetry SDK, measured in the same command on the same spans.
enum Reference {
    struct Figure {
        var median: Double
        var p90: Double
    }

    struct Results {
        var figures: [String: Figure]
        var versions: [String: String]
        var protobufBytesPerSpan: [String: Double]
        /// Python's protobuf bytes per span of each LLM span size, plain and gzipped.
        var llmSizeBytesPerSpan: [String: (protobuf: Double, gzip: Double)]
    }

    /// Writes the spans the encoding benchmarks use (their export attributes) and the content
    /// of the full LLM span, so the Python side builds the same spans.
    static func writeFixture(_ fixtures: EncodingBenchmarks.Fixtures, llmSizes: [LLMSizeExport.Batch], to url: URL) throws {
        func spans(_ records: [SpanRecord]) -> [[String: Any]] {
            records.map { record in
                [
                    "name": record.name,
                    "attributes": BenchmarkAccess.orderedExportAttributes(of: record).map { attribute -> [Any] in
                        let (type, value) = json(attribute.value)
                        return [attribute.key, type, value]
                    },
                ]
            }
        }
        let texts = FullLLMTexts(seed: 1)
        func message(_ message: Message) -> [String: Any] {
            var object: [String: Any] = ["role": message.role ?? ""]
            if let content = message.content { object["content"] = content }
            if let id = message.toolCallID { object["tool_call_id"] = id }
            if !message.toolCalls.isEmpty {
                object["tool_calls"] = message.toolCalls.map { call in
                    ["id": call.id ?? "", "function": ["name": call.name, "arguments": call.arguments ?? ""]]
                }
            }
            return object
        }
        let document: [String: Any] = [
            "compact": spans(fixtures.compact),
            "full": spans(fixtures.full),
            "full_llm_call": [
                "model": "gpt-4o-mini", "provider": "openai",
                "invocation_parameters": ["temperature": 0.2, "max_tokens": 512],
                "input_messages": texts.messages.map(message),
                "output_messages": texts.reply.map(message),
                "token_count": ["prompt": 1234, "completion": 321, "total": 1555,
                                "prompt_details": ["cache_read": 1024], "completion_details": ["reasoning": 128]],
                "input": texts.input, "output": texts.output,
            ],
            "llm_sizes": LLMSpanSize.all.map(\.fixture),
            "llm_size_batches": llmSizes.map { batch in ["id": batch.size.id, "title": batch.size.title, "spans": spans(batch.records)] },
        ]
        let data = try JSONSerialization.data(withJSONObject: document)
        try data.write(to: url)
    }

    private static func json(_ value: AttributeValue) -> (String, Any) {
        switch value {
        case .string(let value): return ("string", value)
        case .bool(let value): return ("bool", value)
        case .int(let value): return ("int", value)
        case .double(let value): return ("double", value)
        case .stringArray(let values): return ("string_array", values)
        case .boolArray(let values): return ("bool_array", values)
        case .intArray(let values): return ("int_array", values)
        case .doubleArray(let values): return ("double_array", values)
        }
    }

    /// Runs the reference script; nil (with the reason logged) when it cannot run.
    /// `sections` are the harness's `--only` sections (empty: all).
    static func run(python: String, script: String, fixture: URL, smoke: Bool, sections: Set<String>, log: (String) -> Void) -> Results? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--fixture", fixture.path] + (smoke ? ["--smoke"] : [])
            + (sections.isEmpty ? [] : ["--only", sections.sorted().joined(separator: ",")])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            log("  could not start \(python): \(error)")
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let results = object["results"] as? [String: [String: Double]] else {
            log("  the reference run failed (exit status \(process.terminationStatus))")
            return nil
        }
        var figures: [String: Figure] = [:]
        for (id, values) in results {
            if let median = values["median"] { figures[id] = Figure(median: median, p90: values["p90"] ?? median) }
        }
        return Results(
            figures: figures, versions: object["versions"] as? [String: String] ?? [:],
            protobufBytesPerSpan: object["protobuf_bytes_per_span"] as? [String: Double] ?? [:],
            llmSizeBytesPerSpan: (object["llm_size_bytes_per_span"] as? [String: [String: Double]] ?? [:]).compactMapValues { sizes in
                sizes["protobuf"].flatMap { protobuf in sizes["gzip"].map { (protobuf: protobuf, gzip: $0) } }
            })
    }
}
