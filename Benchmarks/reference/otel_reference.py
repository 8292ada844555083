"""The Python OpenTelemetry SDK measured on the operations SpanKit's harness measures.

Run by `spankit-bench` (Benchmarks/run.sh) in the same command, on the same machine, on the same
spans: the harness writes the spans it encodes to a fixture file and this script rebuilds them.
Prints one JSON object on stdout: per-operation medians and p90s in nanoseconds.
"""

import argparse
import gzip
import json
import statistics
import sys
import time
from importlib.metadata import version

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ParentBased, ALWAYS_ON


class DiscardingExporter(SpanExporter):
    """Accepts every batch and keeps nothing, like the Swift harness's exporter."""

    def export(self, spans):
        return SpanExportResult.SUCCESS

    def shutdown(self):
        pass


class CollectingExporter(SpanExporter):
    def __init__(self):
        self.spans = []

    def export(self, spans):
        self.spans.extend(spans)
        return SpanExportResult.SUCCESS

    def shutdown(self):
        pass


def log(message):
    print(message, file=sys.stderr, flush=True)


class Plan:
    def __init__(self, smoke):
        self.rounds = 3 if smoke else 11
        self.round_seconds = 0.005 if smoke else 0.25
        self.warmup_seconds = 0.005 if smoke else 0.2
        self.min_calls = 4


def measure(plan, body, operations_per_call=1):
    """Median and p90 nanoseconds per operation over timed rounds of `body` calls."""
    calls = plan.min_calls
    while True:
        start = time.perf_counter_ns()
        for _ in range(calls):
            body()
        elapsed = time.perf_counter_ns() - start
        if elapsed >= plan.round_seconds * 1e9 / 4 or calls >= 1 << 22:
            calls = max(plan.min_calls, int(plan.round_seconds * 1e9 / max(elapsed / calls, 1)))
            break
        calls *= 4
    end = time.perf_counter() + plan.warmup_seconds
    while time.perf_counter() < end:
        body()
    samples = []
    for _ in range(plan.rounds):
        start = time.perf_counter_ns()
        for _ in range(calls):
            body()
        samples.append((time.perf_counter_ns() - start) / (calls * operations_per_call))
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p90": samples[round((len(samples) - 1) * 0.9)],
    }


def attribute_value(kind, value):
    if kind in ("string", "bool", "int", "double"):
        return value
    return list(value)


def rebuild_spans(entries, resource, span_limits=None):
    """The fixture's spans (names and export attributes) as ended ReadableSpans."""
    collector = CollectingExporter()
    builder = TracerProvider(resource=resource, span_limits=span_limits)
    builder.add_span_processor(SimpleSpanProcessor(collector))
    builder_tracer = builder.get_tracer("SpanKit", "0.1.0")
    for entry in entries:
        attributes = {key: attribute_value(kind, value) for key, kind, value in entry["attributes"]}
        builder_tracer.start_span(entry["name"], kind=trace.SpanKind.CLIENT, attributes=attributes).end()
    builder.shutdown()
    return collector.spans


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--only", default="", help="the harness's sections (spans, encoding, llmsizes); all when empty")
    arguments = parser.parse_args()
    sections = set(filter(None, arguments.only.split(",")))

    def wants(section):
        return not sections or section in sections

    plan = Plan(arguments.smoke)
    with open(arguments.fixture) as file:
        fixture = json.load(file)

    resource = Resource.create({"service.name": "spankit-bench"})
    results = {}

    def record(identifier, title, figure):
        results[identifier] = figure
        log(f"  {title:<46}{figure['median']:>10.0f} ns/op")

    if wants("spans"):
        # Spans through the batch processor with a discarding exporter, as on the Swift side.
        provider = TracerProvider(resource=resource, sampler=ParentBased(ALWAYS_ON))
        provider.add_span_processor(BatchSpanProcessor(DiscardingExporter()))
        tracer = provider.get_tracer("spankit-bench")
        off_provider = TracerProvider(resource=resource, sampler=ALWAYS_OFF)
        off_provider.add_span_processor(BatchSpanProcessor(DiscardingExporter()))
        off_tracer = off_provider.get_tracer("spankit-bench")

        def five_attributes(span):
            span.set_attribute("llm.model_name", "gpt-4o-mini")
            span.set_attribute("llm.provider", "openai")
            span.set_attribute("llm.token_count.prompt", 1234)
            span.set_attribute("llm.token_count.completion", 321)
            span.set_attribute("llm.token_count.total", 1555)

        generator = RandomIdGenerator()
        record("id", "id generation (generate_trace_id)", measure(plan, generator.generate_trace_id))

        record("start_end", "start_span().end()", measure(plan, lambda: tracer.start_span("chat").end()))

        def with_span():
            with tracer.start_as_current_span("chat"):
                pass

        record("with_span", "with start_as_current_span", measure(plan, with_span))

        def attrs5():
            with tracer.start_as_current_span("chat-completion") as span:
                five_attributes(span)

        record("attrs5", "start_as_current_span + 5 attributes", measure(plan, attrs5))

        def attrs5_start():
            span = tracer.start_span("chat-completion")
            five_attributes(span)
            span.end()

        record("attrs5_start", "start_span + 5 attributes + end", measure(plan, attrs5_start))

        def nested():
            with tracer.start_as_current_span("agent"):
                with tracer.start_as_current_span("tool"):
                    pass

        record("nested", "nested parent + child", measure(plan, nested))

        call = fixture["full_llm_call"]
        try:
            from openinference.instrumentation import get_llm_attributes

            def full_llm():
                with tracer.start_as_current_span("chat-completion") as span:
                    span.set_attributes(get_llm_attributes(
                        provider=call["provider"], model_name=call["model"],
                        invocation_parameters=call["invocation_parameters"],
                        input_messages=call["input_messages"], output_messages=call["output_messages"],
                        token_count=call["token_count"]))
                    span.set_attribute("input.value", call["input"])
                    span.set_attribute("output.value", call["output"])

            record("full_llm", "full LLM span (openinference helpers)", measure(plan, full_llm))

            # Issue 18's sizes: the same conversations, over a processor that does nothing (the
            # Swift side's NoopProcessor), so both figures are the caller's cost alone.
            noop_provider = TracerProvider(resource=resource, sampler=ParentBased(ALWAYS_ON))
            noop_provider.add_span_processor(SpanProcessor())
            noop_tracer = noop_provider.get_tracer("spankit-bench")
            for size in fixture.get("llm_sizes", []):
                def llm_size(size=size):
                    with noop_tracer.start_as_current_span("chat-completion") as span:
                        span.set_attributes(get_llm_attributes(
                            provider="openai", model_name="gpt-4o-mini", system="openai",
                            invocation_parameters={"temperature": 0.2},
                            tools=size["tools"] or None,
                            input_messages=size["input_messages"], output_messages=size["output_messages"],
                            token_count={"prompt": 1234, "completion": 321, "total": 1555}))

                record(size["id"], size["title"], measure(plan, llm_size))
            noop_provider.shutdown()
        except ImportError:
            log("  (openinference-instrumentation missing: no full LLM span reference)")

        def sampled_out():
            with off_tracer.start_as_current_span("chat-completion") as span:
                five_attributes(span)

        record("sampled_out", "sampled-out + 5 attributes (scoped)", measure(plan, sampled_out))

        def sampled_out_start():
            span = off_tracer.start_span("chat-completion")
            five_attributes(span)
            span.end()

        record("sampled_out_start", "sampled-out start_span + 5 attrs + end", measure(plan, sampled_out_start))

        provider.shutdown()
        off_provider.shutdown()

    # Encoding: the fixture's spans, rebuilt with the same names and attributes.
    bytes_per_span = {}
    if wants("encoding"):
        for shape in ("compact", "full"):
            spans = rebuild_spans(fixture[shape], resource)
            count = len(spans)
            serialized = encode_spans(spans).SerializeToString()
            bytes_per_span[shape] = len(serialized) / count
            record(f"otlp_{shape}", f"OTLP encode_spans + serialize, {shape}",
                   measure(plan, lambda: encode_spans(spans).SerializeToString(), count))
            record(f"otlp_gzip_{shape}", f"OTLP encode + gzip level 1, {shape}",
                   measure(plan, lambda: gzip.compress(encode_spans(spans).SerializeToString(), compresslevel=1), count))

            def to_json():
                for span in spans:
                    span.to_json(indent=None)

            record(f"json_{shape}", f"ReadableSpan.to_json, {shape}", measure(plan, to_json, count))

    # Issue 18's sizes, encoded: the harness's spans (each with its own text), rebuilt with the
    # same names and attributes as the compact and full spans above. Python's default limit of
    # 128 attributes would drop most of the 100-message spans' attributes, so it is lifted.
    llm_size_bytes = {}
    if wants("llmsizes"):
        # One call encodes a whole batch (up to a quarter of a second): rounds of as little as one.
        size_plan = Plan(arguments.smoke)
        size_plan.min_calls = 1
        if not arguments.smoke:
            size_plan.rounds, size_plan.round_seconds, size_plan.warmup_seconds = 5, 0.1, 0.05
        limits = SpanLimits(max_span_attributes=1_000_000, max_attributes=1_000_000)
        for batch in fixture.get("llm_size_batches", []):
            spans = rebuild_spans(batch["spans"], resource, limits)
            count = len(spans)
            serialized = encode_spans(spans).SerializeToString()
            llm_size_bytes[batch["id"]] = {
                "protobuf": len(serialized) / count,
                "gzip": len(gzip.compress(serialized, compresslevel=1)) / count,
            }
            record(f"otlp_{batch['id']}", f"OTLP encode, {batch['title']}",
                   measure(size_plan, lambda: encode_spans(spans).SerializeToString(), count))
            record(f"otlp_gzip_{batch['id']}", f"OTLP encode + gzip level 1, {batch['title']}",
                   measure(size_plan, lambda: gzip.compress(encode_spans(spans).SerializeToString(), compresslevel=1), count))
            del spans

    print(json.dumps({
        "versions": {
            "python": sys.version.split()[0],
            "opentelemetry-sdk": version("opentelemetry-sdk"),
            "protobuf": version("protobuf"),
        },
        "protobuf_bytes_per_span": bytes_per_span,
        "llm_size_bytes_per_span": llm_size_bytes,
        "results": results,
    }))


if __name__ == "__main__":
    main()
