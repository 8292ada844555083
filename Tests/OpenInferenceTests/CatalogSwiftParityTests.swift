import Foundation
import OpenInference
import Testing

/// The Swift sources agree with `Schemas/openinference-catalog.json`, declaration by declaration.
@Suite("Swift constants vs catalog")
struct CatalogSwiftParityTests {
    let catalog: Catalog
    let scanner: SwiftSourceScanner

    init() throws {
        catalog = try Catalog.load()
        scanner = try SwiftSourceScanner()
    }

    @Test("every catalog key is a Swift constant with the right name and value, and nothing else is")
    func attributeConstants() {
        for cls in catalog.attribute_classes {
            #expect(scanner.topLevelTypes[cls.swift_type] != nil, "no Swift type \(cls.swift_type)")
            for attribute in cls.attributes {
                #expect(attribute.swift_name == expectedSwiftName(attribute.python_name),
                        "catalog name of \(cls.python_class).\(attribute.python_name)")
            }
        }
        let (missing, extra) = scanner.differences(from: catalog)
        #expect(missing.isEmpty, "catalog keys missing from the Swift sources: \(missing)")
        #expect(extra.isEmpty, "Swift constants not in the catalog: \(extra)")
    }

    @Test("a hand edit of a generated file is caught")
    func handEditIsCaught() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("oi-scanner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalogDirectory = SwiftSourceScanner.sourceRoot.appendingPathComponent("Catalog")
        for name in try FileManager.default.contentsOfDirectory(atPath: catalogDirectory.path) {
            var text = try String(contentsOf: catalogDirectory.appendingPathComponent(name), encoding: .utf8)
            if name == "SpanAttributes.swift" {
                text = text.replacingOccurrences(of: "\"input.mime_type\"", with: "\"input.mimetype\"")
            }
            if name == "ToolAttributes.swift", let end = text.range(of: "}\n", options: .backwards) {
                // Added by hand before the type's closing brace, in the stored form.
                text.replaceSubrange(end, with: "    public static let toolVersion = \"tool.version\"\n}\n")
            }
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let (missing, extra) = try SwiftSourceScanner(root: directory).differences(from: catalog)
        #expect(missing == ["SpanAttributes.inputMIMEType = input.mime_type"])
        #expect(extra == ["SpanAttributes.inputMIMEType = input.mimetype", "ToolAttributes.toolVersion = tool.version"])
        let unedited = try SwiftSourceScanner(root: catalogDirectory).differences(from: catalog)
        #expect(unedited.missing.isEmpty && unedited.extra.isEmpty)
    }

    @Test("every catalog enum is a String enum with exactly the catalog's cases")
    func enumCases() {
        for enumeration in catalog.enums {
            let type = enumeration.swift_type
            #expect(scanner.topLevelTypes[type]?.contains("String") == true, "\(type) is not a String enum")
            let expected = Set(enumeration.values.map { "\(expectedSwiftName($0.python_name)) = \($0.value)" })
            for value in enumeration.values {
                #expect(value.swift_name == expectedSwiftName(value.python_name), "catalog name of \(type).\(value.python_name)")
            }
            let found = scanner.cases.filter { $0.type == type }
            let actual = Set(found.map { "\($0.name) = \($0.value)" })
            #expect(actual == expected, "\(type): missing \(expected.subtracting(actual).sorted()), extra \(actual.subtracting(expected).sorted())")
            #expect(found.count == actual.count, "\(type) declares a case twice")
            let implicit = scanner.implicitCases.filter { $0.type == type }
            #expect(implicit.isEmpty, "\(type) has cases without the catalog raw value: \(implicit)")
        }
    }

    @Test("the compiled enums have the catalog's raw values")
    func compiledEnums() throws {
        func values(_ type: String) -> [String] {
            catalog.enums.first { $0.swift_type == type }?.values.map(\.value) ?? []
        }
        #expect(Set(SpanKind.allCases.map(\.rawValue)) == Set(values("SpanKind")))
        #expect(Set(LLMSystem.allCases.map(\.rawValue)) == Set(values("LLMSystem")))
        #expect(Set(LLMProvider.allCases.map(\.rawValue)) == Set(values("LLMProvider")))
        #expect(Set(MIMEType.allCases.map(\.rawValue)) == Set(values("MIMEType")))
        #expect(Set(MessageContentType.allCases.map(\.rawValue)) == Set(values("MessageContentType")))
        #expect(Set(AnnotatorKind.allCases.map(\.rawValue)) == Set(values("AnnotatorKind")))
        #expect(Set(DecisionSystem.allCases.map(\.rawValue)) == Set(values("DecisionSystem")))
        #expect(Set(DecisionProvider.allCases.map(\.rawValue)) == Set(values("DecisionProvider")))
        #expect(catalog.enums.count == 8)
    }

    @Test("names other code is written against")
    func pinnedNames() {
        #expect(SpanAttributes.inputValue == "input.value")
        #expect(SpanAttributes.inputMIMEType == "input.mime_type")
        #expect(SpanAttributes.outputMIMEType == "output.mime_type")
        #expect(SpanAttributes.sessionID == "session.id")
        #expect(SpanAttributes.userID == "user.id")
        #expect(SpanAttributes.llmModelName == "llm.model_name")
        #expect(SpanAttributes.openinferenceSpanKind == "openinference.span.kind")
        #expect(SpanAttributes.llmPromptTemplate == "llm.prompt_template.template")
        #expect(SpanAttributes.llmPromptTemplateVariables == "llm.prompt_template.variables")
        #expect(SpanAttributes.llmPromptTemplateVersion == "llm.prompt_template.version")
        #expect(SpanAttributes.tagTags == "tag.tags")
        #expect(SpanAttributes.metadata == "metadata")
        #expect(ToolAttributes.toolJSONSchema == "tool.json_schema")
        #expect(ToolCallAttributes.toolCallFunctionArgumentsJSON == "tool_call.function.arguments")
        #expect(ImageAttributes.imageURL == "image.url")
        #expect(AudioAttributes.audioMIMEType == "audio.mime_type")
        #expect(ResourceAttributes.projectName == "openinference.project.name")
        #expect(SpanKind.llm.rawValue == "LLM")
        #expect(MIMEType.json.rawValue == "application/json")
        #expect(MessageContentType.toolUse.rawValue == "tool_use")
    }

    @Test("the naming rule")
    func namingRule() {
        #expect(expectedSwiftName("INPUT_VALUE") == "inputValue")
        #expect(expectedSwiftName("INPUT_MIME_TYPE") == "inputMIMEType")
        #expect(expectedSwiftName("SESSION_ID") == "sessionID")
        #expect(expectedSwiftName("LLM_MODEL_NAME") == "llmModelName")
        #expect(expectedSwiftName("TOOL_JSON_SCHEMA") == "toolJSONSchema")
        #expect(expectedSwiftName("OPENINFERENCE_SPAN_KIND") == "openinferenceSpanKind")
        #expect(expectedSwiftName("METADATA") == "metadata")
    }

    @Test("the scanner sees a hand-added constant")
    func scannerDetectsEdits() throws {
        // Guard against a scanner that silently finds nothing.
        #expect(scanner.constants.count > 130)
        #expect(scanner.constants.contains { $0.type == "SpanAttributes" && $0.name == "inputValue" })
        #expect(scanner.cases.contains { $0.type == "SpanKind" && $0.name == "decision" && $0.value == "DECISION" })
    }

    @Test("the inference tables in Swift are the catalog's")
    func inferenceTables() {
        for row in catalog.llm_provider_host_suffixes {
            #expect(LLMProvider.inferred(fromHost: row.suffix)?.rawValue == row.provider, "\(row.suffix)")
        }
        for row in catalog.llm_system_model_prefixes {
            // The first matching prefix wins, so a prefix shadowed by an earlier one maps to that one.
            let winner = catalog.llm_system_model_prefixes.first { row.prefix.hasPrefix($0.prefix) }
            #expect(LLMSystem.inferred(fromModelName: row.prefix)?.rawValue == winner?.system, "\(row.prefix)")
        }
    }

    @Test("TraceConfig reads exactly the catalog's environment variables")
    func traceConfigVariables() {
        let expected = Set(catalog.trace_config.settings.compactMap(\.environment_variable))
        #expect(Set(TraceConfig.environmentVariableNames) == expected)
        #expect(TraceConfig.redactedValue == catalog.trace_config.redacted_value)
        for setting in catalog.trace_config.settings where setting.type == "bool" {
            guard let variable = setting.environment_variable else { continue }
            let config = TraceConfig(environment: [variable: "true"])
            #expect(config != TraceConfig(environment: [:]), "\(variable) has no effect")
        }
    }
}
