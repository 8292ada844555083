import OpenInference
/// Where a typed helper writes its attributes: straight into the span's state, in order, under
/// the one lock acquisition of ``Span/setAttributes(reserving:_:)``.
///
/// The helpers used to collect `(key, value)` pairs in an array and hand it to the span; the
/// array's allocation, the moves out of it and its destruction cost more than the writes of a
/// small helper such as `setTokenCounts`.
struct AttributeList: ~Copyable {
    /// The state being written; valid only inside ``Span/setAttributes(reserving:_:)``'s closure,
    /// which holds the span's lock (the list is not copyable, so it cannot escape).
    private let state: UnsafeMutablePointer<SpanState>
    /// The first diagnostic a write returned, reported once the lock is released.
    private(set) var firstDiagnostic: Diagnostic?

    /// The kind of the span written to: a DECISION span records its model under `decision.*`.
    var spanKind: SpanKind { state.pointee.kind }

    fileprivate init(state: UnsafeMutablePointer<SpanState>) {
        self.state = state
    }

    /// Records `input.value` (or `output.value`) as the masked placeholder when the tracer's
    /// ``TraceConfig`` hides inputs (outputs) — the only flags that mask those keys — so that
    /// export, which derives these values from the flattened keys without knowing the
    /// configuration (``DerivedIOAttributes``), finds a recorded value and derives none. One bit
    /// test when the flag is off: this runs on the caller's thread for every message list.
    @inline(__always)
    mutating func recordIOValueIfHidden(input: Bool) {
        let config = state.pointee.tracer.traceConfig
        guard input ? config.hideInputs : config.hideOutputs else { return }
        let key = input ? SpanAttributes.inputValue : SpanAttributes.outputValue
        if state.pointee.attributes[key] == nil { append(key, .string(TraceConfig.redactedValue)) }
    }

    @inline(__always)
    mutating func append(_ key: String, _ value: AttributeValue) {
        let diagnostic = state.pointee.setAttribute(key, value)
        if firstDiagnostic == nil { firstDiagnostic = diagnostic }
    }

    /// Appends a string unless it is nil: optional fields of the input values stay unset rather
    /// than becoming empty strings.
    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: String?) {
        guard let value else { return }
        append(key(), .string(value))
    }

    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: Int?) {
        guard let value else { return }
        append(key(), .int(value))
    }

    @inline(__always)
    mutating func append(_ key: @autoclosure () -> String, _ value: Double?) {
        guard let value else { return }
        append(key(), .double(value))
    }
}

extension Span {
    /// Runs `build` under one lock acquisition to write a typed helper's attributes in order,
    /// with room for `capacity` more attributes made first; reports the first diagnostic after
    /// the lock is released. Nothing is written when the span has ended (one ignored write is
    /// counted) or does not record.
    ///
    /// `build` runs under the span's lock: it must not touch this span (or take a lock that
    /// code holding it might wait on); work out expensive values before calling.
    @inline(__always)
    func setAttributes(reserving capacity: Int, _ build: (inout AttributeList) -> Void) {
        write { state in
            state.attributes.reserve(additional: capacity)
            return withUnsafeMutablePointer(to: &state) { pointer in
                var list = AttributeList(state: pointer)
                build(&list)
                return list.firstDiagnostic
            }
        }
    }
}
