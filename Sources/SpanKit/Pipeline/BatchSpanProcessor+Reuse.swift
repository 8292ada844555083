extension BatchSpanProcessor {
    /// The most spares the processor keeps: about what one producer at full speed ends while
    /// the next batch is encoded. They hold no span data, but up to about 1 KB each with their
    /// attribute arrays (``Attributes/reusableCapacity``); a timer that finds nothing to export
    /// lets them go.
    var maxSpares: Int { min(options.maxExportBatchSize, 512) }

    /// Keeps the storages of an encoded batch's spans for new spans to reuse (see
    /// `SpanStorage+Reuse.swift`), emptied here on the export thread. A span that a ``Span``
    /// value still refers to is left alone, and storages beyond ``maxSpares`` are freed, as
    /// every storage is once the processor shuts down.
    func recycle(_ spans: inout [EndedSpan]) {
        var spares: [SpanStorage] = []
        spares.reserveCapacity(spans.count)
        spans.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                if let spare = buffer[index].storageForReuse() { spares.append(spare) }
            }
        }
        // The batch's references go first, so each spare's reference is its only one.
        spans = []
        let limit = maxSpares
        let surplus: [SpanStorage] = state.withLock { state in
            let room = state.isShuttingDown ? 0 : max(0, limit - state.spares.count)
            guard room < spares.count else {
                state.spares.append(contentsOf: spares)
                return []
            }
            state.spares.append(contentsOf: spares[..<room])
            return Array(spares[room...])
        }
        // Freed here, outside the queue's lock.
        _ = consume surplus
    }
}
