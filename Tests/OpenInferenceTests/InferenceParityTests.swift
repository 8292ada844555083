import Foundation
import OpenInference
import Testing
import TestSupport

/// Provider and system inference agree with `infer_llm_provider_from_host` and
/// `infer_llm_system_from_model_name`.
@Suite("Provider and system inference vs Python", .enabled(if: PythonPeer.shouldRun))
struct InferenceParityTests {
    static let script = #"""
    import json, sys
    from urllib.parse import urlparse
    from openinference.instrumentation import infer_llm_provider_from_host, infer_llm_system_from_model_name
    data = json.load(sys.stdin)
    value = lambda v: v.value if v is not None else None
    def host_of(url):
        try:
            return urlparse(url).hostname or ""
        except ValueError:
            return ""
    print(json.dumps({
        "hosts": [value(infer_llm_provider_from_host(h)) for h in data["hosts"]],
        "models": [value(infer_llm_system_from_model_name(m)) for m in data["models"]],
        "urls": [value(infer_llm_provider_from_host(host_of(u))) for u in data["urls"]],
    }))
    """#

    static let hosts = [
        "api.openai.com", "API.OpenAI.com", "  api.openai.com  ", "\tapi.anthropic.com\n",
        "my-resource.openai.azure.com", "openai.azure.com", "xopenai.azure.com", "services.ai.azure.com",
        "eastus.cognitiveservices.azure.com", "bedrock-runtime.us-east-1.amazonaws.com", "amazonaws.com",
        "notamazonaws.com", "smollama.com", "ollama.com", "www.ollama.com", "api.openai.com.evil.com",
        "evil.com", "", " ", "localhost", "127.0.0.1", "generativelanguage.googleapis.com",
        "us-central1-aiplatform.googleapis.com", "europe-west4.aiplatform.googleapis.com",
        "inference.generativeai.us-chicago-1.oci.oraclecloud.com", "api.minimax.io", "api.minimaxi.com",
        "api.minimax.chat", "api.together.xyz", "api.together.ai", "\u{2003}api.groq.com\u{3000}",
        "\u{1C}api.groq.com", "api.groq.com.", "ＡＰＩ.openai.com", "API.OPENAI.COM", "api.x.ai", "x.ai",
        "API.Z.AI", "api.typesafe.ai", "api.meta.ai", "api.cerebras.ai", "api.perplexity.ai",
        "api.fireworks.ai", "api.moonshot.cn", "api.deepseek.com", "api.cohere.ai", "api.cohere.com",
        "api.mistral.ai", "\u{85}api.mistral.ai", "api.mistral.ai\u{0}", "İ.api.openai.com", "apİ.openai.com",
    ]

    static let models = [
        "gpt-4o", "GPT-4o-mini", " o1-preview", "o3-mini", "o4-mini", "O1", "o2", "claude-3-5-sonnet",
        "anthropic.claude-v2", "google_anthropic_vertex/claude", "gemini-2.5-pro", "vertex_ai/gemini",
        "google/gemini", "text-embedding-3-small", "davinci-002", "curie", "babbage-002", "ada", "adam",
        "azure/gpt-4", "openai/gpt-4o", "cohere.command-r", "command-r-plus", "mistral-large",
        "mixtral-8x7b", "pixtral-12b", "jev-latest", "typesafe-1", "llama-3", "meta-llama/Llama-3", "",
        "   ", "\u{2003}GPT-4", "ｇｐｔ-4", "deepseek-chat", "grok-2", "\u{1F}gpt", "\u{1680}claude",
        "Claude\u{200B}", "GEMINI",
    ]

    static let urls = [
        "https://api.openai.com/v1", "https://my.openai.azure.com/openai/deployments/x",
        "http://localhost:11434", "https://API.ANTHROPIC.COM", "https://bedrock-runtime.us-west-2.amazonaws.com",
        "https://user:pw@api.groq.com:443/openai/v1", "api.openai.com/v1", "https://ollama.com/api",
        "https://generativelanguage.googleapis.com/v1beta/openai/", "http://127.0.0.1:8000/v1",
    ]

    @Test("hosts, model names and base URLs give Python's answers")
    func parity() async throws {
        let input = ["hosts": Self.hosts, "models": Self.models, "urls": Self.urls]
        let output = try #require(await PythonPeer.runJSON(Self.script, input: input) as? [String: [Any]])
        func names(_ list: [Any]?) -> [String?] { (list ?? []).map { $0 as? String } }
        let hosts = names(output["hosts"]), models = names(output["models"]), urls = names(output["urls"])
        #expect(hosts.count == Self.hosts.count && models.count == Self.models.count && urls.count == Self.urls.count)
        for (host, expected) in zip(Self.hosts, hosts) {
            #expect(LLMProvider.inferred(fromHost: host)?.rawValue == expected, "host \(host.debugDescription)")
        }
        for (model, expected) in zip(Self.models, models) {
            #expect(LLMSystem.inferred(fromModelName: model)?.rawValue == expected, "model \(model.debugDescription)")
        }
        for (url, expected) in zip(Self.urls, urls) {
            #expect(LLMProvider.inferred(fromBaseURL: url)?.rawValue == expected, "url \(url)")
            if let parsed = URL(string: url) {
                #expect(LLMProvider.inferred(fromBaseURL: parsed)?.rawValue == expected, "URL \(url)")
            }
        }
        #expect(hosts.compactMap { $0 }.count > 30, "the sample should mostly hit known hosts")
    }
}
