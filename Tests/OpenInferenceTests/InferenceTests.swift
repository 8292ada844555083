import Foundation
import OpenInference
import Testing

/// Provider and system inference on common inputs (no Python needed; parity in
/// `InferenceParityTests`).
@Suite("Provider and system inference")
struct InferenceTests {
    @Test("providers from hosts and base URLs")
    func providers() throws {
        #expect(LLMProvider.inferred(fromHost: "api.openai.com") == .openai)
        #expect(LLMProvider.inferred(fromHost: " My-Resource.OpenAI.Azure.com ") == .azure)
        #expect(LLMProvider.inferred(fromHost: "bedrock-runtime.eu-west-1.amazonaws.com") == .aws)
        #expect(LLMProvider.inferred(fromHost: "smollama.com") == nil)
        #expect(LLMProvider.inferred(fromHost: "") == nil)
        #expect(LLMProvider.inferred(fromBaseURL: "https://api.anthropic.com/v1") == .anthropic)
        #expect(LLMProvider.inferred(fromBaseURL: try #require(URL(string: "https://api.groq.com/openai/v1"))) == .groq)
        #expect(LLMProvider.inferred(fromBaseURL: "http://localhost:11434") == nil)
        #expect(LLMProvider.inferred(fromBaseURL: "%%%") == nil)
    }

    @Test("systems from model names")
    func systems() {
        #expect(LLMSystem.inferred(fromModelName: "gpt-4o-mini") == .openai)
        #expect(LLMSystem.inferred(fromModelName: "O3-mini") == .openai)
        #expect(LLMSystem.inferred(fromModelName: "claude-sonnet-4-5") == .anthropic)
        #expect(LLMSystem.inferred(fromModelName: "google_anthropic_vertex/claude") == .anthropic)
        #expect(LLMSystem.inferred(fromModelName: "gemini-2.5-flash") == .vertexai)
        #expect(LLMSystem.inferred(fromModelName: "mixtral-8x22b") == .mistralai)
        #expect(LLMSystem.inferred(fromModelName: "jev-latest") == .typesafe)
        #expect(LLMSystem.inferred(fromModelName: "llama-3.1-70b") == nil)
        #expect(LLMSystem.inferred(fromModelName: "") == nil)
    }
}
