import OpenInference
// The id generator is not API; the benchmarks measure it through SpanKit's SPI.
@_spi(Benchmarks) import SpanKit

/// A budget from DESIGN.md (Performance budgets).
struct Budget {
    var nanoseconds: Double?
    var allocations: Double?
}

/// One line of the results table.
struct Row {
    /// Stable identifier, shared with the Python reference's output.
    var id: String
    var title: String
    var measurement: Measurement
    var budget: Budget?
    /// What the operation produces per call when it is not one span (for the notes).
    var note: String = ""
}

/// The calling-thread span benchmarks, with the production batch processor and a discarding
/// exporter behind the tracer.
enum SpanBenchmarks {
    static func run(_ plan: Plan, log: (String) -> Void) -> [Row] {
        var rows: [Row] = []
        func add(_ row: Row) {
            rows.append(row)
            log("  " + row.title.padded(46) + formatNanoseconds(row.measurement.median).leftPadded(10)
                + "  (cpu " + formatNanoseconds(row.measurement.cpuMedian) + ")  allocs/op " + formatAllocations(row.measurement.allocations))
        }

        if Filter.wants("id") { add(Row(id: "id", title: "id generation (IDGenerator.makeUUID)", measurement: idGeneration(plan),
                budget: Budget(nanoseconds: 20))) }

        let sampled = Tracers.batch()
        if Filter.wants("start_end") { add(Row(id: "start_end", title: "sampled startSpan + end", measurement: measureBursts(plan, tracer: sampled) {
            sampled.startSpan("chat").end()
        }, budget: Budget(nanoseconds: 150, allocations: 2))) }

        if Filter.wants("with_span") { add(Row(id: "with_span", title: "sampled withSpan { } (start + end, scoped)", measurement: measureBursts(plan, tracer: sampled) {
            sampled.withSpan("chat") { _ in }
        }, budget: Budget(nanoseconds: 150, allocations: 2))) }

        if Filter.wants("attrs5") { add(Row(id: "attrs5", title: "withSpan + 5 LLM attributes", measurement: measureBursts(plan, tracer: sampled) {
            sampled.withSpan("chat-completion", kind: .llm) { span in
                setFiveLLMAttributes(span)
            }
        }, budget: Budget(nanoseconds: 300, allocations: 4))) }

        if Filter.wants("attrs5_start") { add(Row(id: "attrs5_start", title: "startSpan + 5 LLM attributes + end", measurement: measureBursts(plan, tracer: sampled) {
            let span = sampled.startSpan("chat-completion", kind: .llm)
            setFiveLLMAttributes(span)
            span.end()
        }, budget: Budget(nanoseconds: 300, allocations: 4))) }

        if Filter.wants("typed6") { add(Row(id: "typed6", title: "withSpan + setLLM + setTokenCounts (6 attrs)", measurement: measureBursts(plan, tracer: sampled) {
            sampled.withSpan("chat-completion", kind: .llm) { span in
                span.setLLM(model: "gpt-4o-mini", provider: .openai)
                span.setTokenCounts(prompt: 1234, completion: 321)
            }
        })) }

        if Filter.wants("nested") { add(Row(id: "nested", title: "nested parent + child withSpan (2 spans)", measurement: measureBursts(plan, tracer: sampled, burst: 512) {
            sampled.withSpan("agent", kind: .agent) { _ in
                sampled.withSpan("tool", kind: .tool) { _ in }
            }
        })) }

        let texts = FullLLMTexts(seed: 1)
        if Filter.wants("full_llm") { add(Row(id: "full_llm", title: "full LLM span (10 msgs, tool calls, tokens)", measurement: measureBursts(plan, tracer: sampled) {
            sampled.withSpan("chat-completion", kind: .llm) { span in
                texts.record(on: span)
            }
        })) }

        let unsampled = Tracers.batch(sampler: .alwaysOff)
        if Filter.wants("sampled_out") { add(Row(id: "sampled_out", title: "sampled-out withSpan + 5 attributes", measurement: measure(plan) {
            unsampled.withSpan("chat-completion", kind: .llm) { span in
                setFiveLLMAttributes(span)
            }
        }, budget: Budget(nanoseconds: 30, allocations: 0))) }

        if Filter.wants("sampled_out_start") { add(Row(id: "sampled_out_start", title: "sampled-out startSpan + 5 attributes + end", measurement: measure(plan) {
            let span = unsampled.startSpan("chat-completion", kind: .llm)
            setFiveLLMAttributes(span)
            span.end()
        }, budget: Budget(nanoseconds: 30, allocations: 0))) }

        let statistics = sampled.statistics
        // Under overload instead: back-to-back spans for 40 ms rounds overflow the queue (2048)
        // while the worker exports; spans are dropped and the figure depends on how many.
        let saturated = Tracers.batch()
        if Filter.wants("saturated_start_end") { add(Row(id: "saturated_start_end", title: "startSpan + end, queue overflowing", measurement: measure(plan) {
            saturated.startSpan("chat").end()
        })) }
        if Filter.wants("saturated_attrs5") { add(Row(id: "saturated_attrs5", title: "withSpan + 5 attributes, queue overflowing", measurement: measure(plan) {
            saturated.withSpan("chat-completion", kind: .llm) { span in setFiveLLMAttributes(span) }
        })) }
        let overflow = saturated.statistics
        log("  (overflowing queue: ended \(overflow.ended), dropped \(overflow.dropped))")
        log("  (batch processor behind the sampled spans: ended \(statistics.ended), exported \(statistics.exported), dropped \(statistics.dropped))")
        blackHole(unsampled)
        return rows
    }

    /// Five typical LLM attributes: model, provider and the three token counts.
    @inline(__always)
    static func setFiveLLMAttributes(_ span: Span) {
        span.setAttribute(SpanAttributes.llmModelName, "gpt-4o-mini")
        span.setAttribute(SpanAttributes.llmProvider, "openai")
        span.setAttribute(SpanAttributes.llmTokenCountPrompt, 1234)
        span.setAttribute(SpanAttributes.llmTokenCountCompletion, 321)
        span.setAttribute(SpanAttributes.llmTokenCountTotal, 1555)
    }

    static func idGeneration(_ plan: Plan) -> Measurement {
        var sink: UInt8 = 0
        let result = measure(plan) {
            let id = BenchmarkAccess.makeUUID()
            sink ^= id.uuid.0 ^ id.uuid.15
        }
        blackHole(sink)
        return result
    }
}
