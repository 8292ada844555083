import Foundation
@_spi(Integration) @testable import SpanKit
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct PropagationTests {
    @Test func injectWritesTraceparentAndTracestate() throws {
        let context = SpanContext(
            traceID: try #require(UUID(otelTraceIDHex: "4bf92f3577b34da6a3ce929d0e0e4736")),
            spanID: try #require(UUID(otelSpanIDHex: "00f067aa0ba902b7")), traceFlags: 1, traceState: "rojo=00f067aa0ba902b7")
        var headers: [String: String] = [:]
        W3CTraceContext.inject(context, into: &headers)
        #expect(headers["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(headers["tracestate"] == "rojo=00f067aa0ba902b7")

        var request = URLRequest(url: URL(string: "http://127.0.0.1/")!)
        W3CTraceContext.inject(context, into: &request)
        let extracted = try #require(W3CTraceContext.extract(from: request))
        #expect(extracted.traceID == context.traceID && extracted.spanID == context.spanID)
        #expect(extracted.traceState == "rojo=00f067aa0ba902b7" && extracted.isRemote && extracted.isSampled)
    }

    static let malformed: [String] = [
        "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\u{0}",
        String(repeating: "0", count: 10_000),
        "00-🙂🙂🙂🙂🙂🙂🙂🙂-00f067aa0ba902b7-01",
    ]

    @Test(arguments: malformed)
    func malformedTraceparentIsIgnoredAndStartsANewTrace(_ header: String) {
        #expect(W3CTraceContext.extract(from: ["traceparent": header]) == nil)
        let test = TestTracer()
        test.tracer.withSpan("enclosing") { enclosing in
            test.tracer.withSpan("server", parent: .context(W3CTraceContext.extract(from: ["traceparent": header]))) { span in
                #expect(span.parentID == nil, "no remote parent: a new trace, not a child of the current span")
                #expect(span.traceID != enclosing.traceID)
            }
        }
    }

    @Test func continuingFromHeadersIsOneExpression() throws {
        let test = TestTracer()
        let headers = ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
        test.tracer.withSpan("handle", otelKind: .server, parent: .context(W3CTraceContext.extract(from: headers))) { span in
            #expect(span.traceID.otelTraceIDHex == "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(span.parentID?.otelSpanIDHex == "00f067aa0ba902b7")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.hasRemoteParent)
    }

    @Test func aDuplicatedTracestateKeyKeepsItsFirstEntry() throws {
        let context = try #require(W3CTraceContext.parse(
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            tracestate: "foo=1,bar=2,foo=3"))
        #expect(context.traceState == "foo=1,bar=2")
        // Across two header lines, as extract(from:) joins them.
        let joined = try #require(W3CTraceContext.extract(from: [
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "foo=1, foo=2 ,baz=3",
        ]))
        #expect(joined.traceState == "foo=1,baz=3")
    }

    /// W3C Trace Context: `key = simple-key / tenant-id "@" system-id`, one `@` at most, so
    /// `foo@bar` is a valid multi-tenant key and `foo@@bar`, `foo@bar@baz` are not (the header is
    /// then dropped, as Python's OpenTelemetry propagator drops it).
    @Test(arguments: [("foo@bar=1,other=2", "foo@bar=1,other=2"), ("1tenant@vendor=x", "1tenant@vendor=x"), ("foo@@bar=1", ""), ("foo@bar@baz=1", ""), ("foo@=1", "")])
    func multiTenantKeysFollowTheSpec(_ tracestate: String, _ kept: String) throws {
        let context = try #require(W3CTraceContext.parse(
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: tracestate))
        #expect(context.traceState == kept)
    }

    @Test func futureVersionsMayAppendFieldsAndHeadersAreCaseInsensitive() throws {
        let context = try #require(W3CTraceContext.extract(from: [
            "TraceParent": "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-future",
            "TRACESTATE": "a=1, b=2",
        ]))
        #expect(context.traceFlags == 9 && context.isSampled)
        #expect(context.traceState == "a=1,b=2")
    }

    @Test func invalidTracestateIsDroppedButTraceparentKept() throws {
        let context = try #require(W3CTraceContext.parse(
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", tracestate: "UPPER=1,=x"))
        #expect(context.traceState.isEmpty)
        #expect(!context.isSampled)
    }

    @Test(.enabled(if: PythonPeer.shouldRun))
    func pythonOpenTelemetryAcceptsOurTraceparentAndWeAcceptItsOwn() async throws {
        let test = TestTracer()
        let span = test.tracer.startSpan("client", otelKind: .client)
        span.end()
        var headers: [String: String] = [:]
        var context = span.context
        context = SpanContext(traceID: context.traceID, spanID: context.spanID, traceFlags: 1, traceState: "spankit=1,other=abc")
        W3CTraceContext.inject(context, into: &headers)

        let script = """
        import json, sys
        from opentelemetry import trace
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
        from opentelemetry.sdk.trace import TracerProvider
        incoming = json.load(sys.stdin)
        propagator = TraceContextTextMapPropagator()
        ctx = propagator.extract(carrier=incoming)
        parent = trace.get_current_span(ctx).get_span_context()
        tracer = TracerProvider().get_tracer("peer")
        with tracer.start_as_current_span("server", context=ctx) as span:
            out = {}
            propagator.inject(out)
        json.dump({
            "valid": parent.is_valid,
            "trace_id": format(parent.trace_id, "032x"),
            "span_id": format(parent.span_id, "016x"),
            "sampled": parent.trace_flags.sampled,
            "tracestate": parent.trace_state.to_header(),
            "child_headers": out,
            "child_span_id": format(span.get_span_context().span_id, "016x"),
        }, sys.stdout)
        """
        let reply = try #require(try await PythonPeer.runJSON(script, input: headers) as? [String: Any])
        #expect(reply["valid"] as? Bool == true)
        #expect(reply["trace_id"] as? String == span.context.traceID.otelTraceIDHex)
        #expect(reply["span_id"] as? String == span.context.spanID.otelSpanIDHex)
        #expect(reply["sampled"] as? Bool == true)
        #expect(reply["tracestate"] as? String == "spankit=1,other=abc")

        let childHeaders = try #require(reply["child_headers"] as? [String: String])
        let childContext = try #require(W3CTraceContext.extract(from: childHeaders))
        #expect(childContext.traceID == span.traceID)
        #expect(childContext.spanID.otelSpanIDHex == reply["child_span_id"] as? String)
        #expect(childContext.traceState == "spankit=1,other=abc")
        test.tracer.withSpan("back-in-swift", parent: .context(childContext)) { back in
            #expect(back.traceID == span.traceID)
            #expect(back.parentID == childContext.spanID)
        }
    }
}
