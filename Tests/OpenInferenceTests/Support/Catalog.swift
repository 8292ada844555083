import Foundation
import TestSupport

/// `Schemas/openinference-catalog.json`, decoded for the tests.
struct Catalog: Decodable {
    struct Attribute: Decodable {
        let python_name: String
        let swift_name: String
        let key: String
        let type: String
        let indexed: Bool
        let items: [String]?
        let nested: String?
        let description: String
    }

    struct AttributeClass: Decodable {
        let python_class: String
        let python_module: String
        let swift_type: String
        let attributes: [Attribute]
    }

    struct EnumValue: Decodable {
        let python_name: String
        let swift_name: String
        let value: String
    }

    struct Enumeration: Decodable {
        let python_class: String?
        let swift_type: String
        let values: [EnumValue]
    }

    struct Setting: Decodable {
        let python_field: String
        let swift_name: String?
        let environment_variable: String?
        let type: String
    }

    struct TraceConfigSection: Decodable {
        let redacted_value: String
        let settings: [Setting]
    }

    struct HostSuffix: Decodable {
        let suffix: String
        let provider: String
    }

    struct ModelPrefix: Decodable {
        let prefix: String
        let system: String
    }

    let packages: [String: String]
    let attribute_classes: [AttributeClass]
    let enums: [Enumeration]
    let trace_config: TraceConfigSection
    let llm_provider_host_suffixes: [HostSuffix]
    let llm_system_model_prefixes: [ModelPrefix]

    static let url = PythonPeer.packageRoot.appendingPathComponent("Schemas/openinference-catalog.json")

    static func load() throws -> Catalog {
        try JSONDecoder().decode(Catalog.self, from: Data(contentsOf: url))
    }
}

/// The naming rule the Swift constants follow, implemented independently of the generator:
/// Python's UPPER_SNAKE name in lowerCamelCase, with ID, URL, JSON, LLM and MIME uppercase except
/// as the first word.
func expectedSwiftName(_ pythonName: String) -> String {
    let acronyms: Set<Substring> = ["ID", "URL", "JSON", "LLM", "MIME"]
    let words = pythonName.split(separator: "_")
    guard let first = words.first else { return "" }
    return first.lowercased() + words.dropFirst().map { word in
        acronyms.contains(word) ? String(word) : word.prefix(1) + word.dropFirst().lowercased()
    }.joined()
}
