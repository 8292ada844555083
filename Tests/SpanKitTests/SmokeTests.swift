import SpanKit
import Testing

@Test func moduleReexportsOpenInference() {
    #expect(SpanKind.llm.rawValue == "LLM")
}
