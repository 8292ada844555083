import Foundation

/// The results as Markdown tables, with ratios to the Python reference and to the budgets.
struct Report {
    var rows: [Row]
    var reference: Reference.Results?
    var llmSizes: [LLMSizeExport.Result]
    var sweeps: [EndToEnd.Sweep]
    var burst: SpoolBurst.Result?
    var peers: [PeerComparison.Result]
    var memory: [MemoryBenchmarks.Result]
    var smoke: Bool
    var loadBefore: String
    var loadAfter: String

    static let throughputBudget = 500_000.0
    static let memoryBudget = 1024.0

    var markdown: String {
        var lines: [String] = []
        lines.append("## SpanKit benchmark results\(smoke ? " (SMOKE RUN: too short to quote)" : "")")
        lines.append("")
        lines.append("- machine: \(Machine.summary)")
        lines.append("- load average before / after: \(loadBefore) / \(loadAfter)")
        if let reference {
            let versions = reference.versions.keys.sorted().map { "\($0) \(reference.versions[$0]!)" }.joined(separator: ", ")
            lines.append("- reference: \(versions)")
        } else {
            lines.append("- reference: not run")
        }
        lines.append("")
        if !rows.isEmpty {
            lines.append("| benchmark | median | p90 | CPU median | allocs/op (caller) | allocs/op (all threads) | Python median | Python ÷ SpanKit | budget | median ÷ budget | |")
            lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
            for row in rows {
                let m = row.measurement
                let python = reference?.figures[row.id]
                let speedup = python.map { fixed($0.median / m.median, $0.median / m.median >= 10 ? 0 : 1) + "×" } ?? "–"
                var budgetText = "–"
                var ratioText = "–"
                var verdict = ""
                if let budget = row.budget {
                    var parts: [String] = []
                    if let ns = budget.nanoseconds { parts.append("≤ " + formatNanoseconds(ns)) }
                    if let allocations = budget.allocations { parts.append("≤ \(Int(allocations)) alloc") }
                    budgetText = parts.joined(separator: ", ")
                    if let ns = budget.nanoseconds { ratioText = fixed(m.median / ns, 2) }
                    verdict = isMet(row) ? "met" : "**missed**"
                }
                let unit = ["otlp", "json", "batch"].contains(where: { row.id.hasPrefix($0) }) ? "/span" : ""
                lines.append("| \(row.title) | \(formatNanoseconds(m.median))\(unit) | \(formatNanoseconds(m.p90)) | \(formatNanoseconds(m.cpuMedian)) | "
                    + "\(formatAllocations(m.allocations)) | \(formatAllocations(m.allocationsAllThreads)) | "
                    + "\(python.map { formatNanoseconds($0.median) } ?? "–") | \(speedup) | \(budgetText) | \(ratioText) | \(verdict) |")
            }
            lines.append("")
        }
        if !llmSizes.isEmpty {
            lines += LLMSizeExport.markdown(llmSizes, reference: reference)
            lines.append("")
        }
        if !sweeps.isEmpty {
            lines.append("| end to end (withSpan + 5 attributes → batch processor → OTLP/HTTP → loopback collector) | max exported rate | sustainable rate, 0 lost | budget ≥ 500 k/s | |")
            lines.append("|---|--:|--:|--:|---|")
            for sweep in sweeps {
                let sustainable = sweep.sustainableRate.map(rate) ?? "below the lowest rate tried"
                let ratio = sweep.sustainableRate.map { fixed($0 / Self.throughputBudget, 2) + "× budget" } ?? "–"
                let met = (sweep.sustainableRate ?? 0) >= Self.throughputBudget
                lines.append("| \(sweep.configuration) | \(rate(sweep.maximum.exportedRate)) | \(sustainable) | \(ratio) | \(met ? "met" : "**missed**") |")
            }
            lines.append("")
            lines.append("Accounting of every end-to-end run (exported + dropped + failed + spooled = ended; the collector's own count of received spans):")
            lines.append("")
            lines.append("```")
            for sweep in sweeps {
                lines.append("\(sweep.configuration):")
                for run in [sweep.maximum] + sweep.ladder { lines.append("  " + run.line) }
            }
            lines.append("```")
            lines.append("")
        }
        if !peers.isEmpty {
            let row = rows.first { $0.id == "attrs5" }
            lines += PeerComparison.markdown(peers, python: row.flatMap { reference?.figures[$0.id]?.median }, spanKitRow: row?.measurement.median)
            lines.append("")
        }
        if let burst {
            lines.append("A burst with a spool (the defaults plus `spoolDirectory`; nothing may be dropped):")
            lines.append("")
            lines.append("```")
            lines.append(burst.line)
            lines.append("```")
            lines.append("")
        }
        if !memory.isEmpty {
            lines.append("| memory | per queued span (heap + queue slot) | heap | requested | queue slot | budget | ÷ budget | |")
            lines.append("|---|--:|--:|--:|--:|--:|--:|---|")
            for result in memory {
                let met = result.totalBytesPerSpan <= Self.memoryBudget
                lines.append("| \(result.title), \(result.count) queued | \(fixed(result.totalBytesPerSpan, 0)) B | \(fixed(result.bytesPerSpan, 0)) B | "
                    + "\(fixed(result.requestedBytesPerSpan, 0)) B | \(fixed(result.slotBytes, 0)) B | ≤ 1 KiB | "
                    + "\(fixed(result.totalBytesPerSpan / Self.memoryBudget, 2)) | \(met ? "met" : "**missed**") |")
            }
            lines.append("")
        }
        if let reference, !reference.protobufBytesPerSpan.isEmpty {
            let shapes = reference.protobufBytesPerSpan.keys.sorted().map { "\($0) \(fixed(reference.protobufBytesPerSpan[$0]!, 0)) B/span" }
            lines.append("Python's protobuf size of the same spans: " + shapes.joined(separator: ", ") + ".")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    func isMet(_ row: Row) -> Bool {
        guard let budget = row.budget else { return true }
        if let ns = budget.nanoseconds, !(row.measurement.median <= ns) { return false }
        if let allocations = budget.allocations, let measured = row.measurement.allocations, measured > allocations + 0.01 { return false }
        return true
    }

    /// What makes a smoke run fail: a benchmark that did not run or produced nonsense, or an
    /// end-to-end run whose accounting does not add up. Never a timing.
    var smokeFailures: [String] {
        var failures: [String] = []
        for row in rows where !(row.measurement.median.isFinite && row.measurement.median > 0) {
            failures.append("\(row.title): no valid measurement")
        }
        for sweep in sweeps {
            for run in [sweep.maximum] + sweep.ladder where !run.accountingHolds || run.statistics.exported == 0 {
                failures.append("\(sweep.configuration): \(run.line)")
            }
        }
        failures += LLMSizeExport.smokeFailures(llmSizes)
        if let burst, !burst.holds {
            failures.append("burst with a spool: " + burst.line)
        }
        for result in memory where !(result.requestedBytesPerSpan > 0) || result.count == 0 {
            failures.append("\(result.title): no memory measured")
        }
        return failures
    }
}
