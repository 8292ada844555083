import Foundation

extension LLMProvider {
    /// The provider that serves the API at `host`, as Python's `infer_llm_provider_from_host`
    /// infers it, or `nil` when the host is not a known provider endpoint.
    ///
    /// The host is lowercased and stripped of surrounding whitespace; it matches a known suffix
    /// when it equals it or ends with `.` followed by it, so `my-resource.openai.azure.com` is
    /// ``azure`` and `smollama.com` is not ``ollama``. The suffix table is generated from the
    /// installed Python package.
    public static func inferred(fromHost host: String) -> LLMProvider? {
        let normalized = PythonText.lowercasedAndStripped(host)
        let bytes = Array(normalized.utf8)
        for (suffix, provider) in hostSuffixes {
            let tail = Array(suffix.utf8)
            guard bytes.count >= tail.count, bytes.suffix(tail.count).elementsEqual(tail) else { continue }
            if bytes.count == tail.count || bytes[bytes.count - tail.count - 1] == UInt8(ascii: ".") {
                return provider
            }
        }
        return nil
    }

    /// The provider that serves the API at `baseURL`, inferred from its host (see
    /// ``inferred(fromHost:)``); `nil` when the URL has no host or the host is not known.
    public static func inferred(fromBaseURL baseURL: URL) -> LLMProvider? {
        guard let host = URLComponents(url: baseURL, resolvingAgainstBaseURL: true)?.host else {
            return nil
        }
        return inferred(fromHost: host)
    }

    /// The provider that serves the API at the base URL written in `baseURL`, such as
    /// `https://api.openai.com/v1`; `nil` when it does not parse as a URL with a host or the host is
    /// not known.
    public static func inferred(fromBaseURL baseURL: String) -> LLMProvider? {
        guard let host = URLComponents(string: baseURL)?.host else { return nil }
        return inferred(fromHost: host)
    }
}
