import Foundation
import OpenInference
import Testing
import TestSupport

/// `Schemas/openinference-catalog.json` agrees with the installed Python packages.
@Suite("Catalog vs Python package", .enabled(if: PythonPeer.shouldRun))
struct CatalogPythonParityTests {
    /// Introspects the installed packages independently of the generator.
    static let introspection = #"""
    import dataclasses, enum, importlib.metadata, inspect, json
    import openinference.semconv.trace as trace
    import openinference.semconv.resource as resource
    import openinference.instrumentation._attributes as attributes
    import openinference.instrumentation.config as config

    def keys(module):
        out = {}
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if name.endswith("Attributes") and cls.__module__ == module.__name__:
                out[name] = {k: v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str)}
        return out

    print(json.dumps({
        "versions": {
            "openinference-semantic-conventions": importlib.metadata.version("openinference-semantic-conventions"),
            "openinference-instrumentation": importlib.metadata.version("openinference-instrumentation"),
        },
        "classes": {**keys(trace), **keys(resource)},
        "enums": {
            name: {m.name: m.value for m in cls}
            for name, cls in inspect.getmembers(trace, inspect.isclass)
            if issubclass(cls, enum.Enum) and cls.__module__ == trace.__name__
        },
        "environment": sorted(
            v for k, v in vars(config).items() if k.startswith("OPENINFERENCE_") and isinstance(v, str)
        ),
        "fields": sorted(f.name for f in dataclasses.fields(config.TraceConfig)),
        "redacted": config.REDACTED_VALUE,
        "hosts": [[s, p.value] for s, p in attributes._HOST_SUFFIX_TO_PROVIDER.items()],
        "models": [[p, s.value] for p, s in attributes._MODEL_PREFIX_TO_SYSTEM.items()],
    }))
    """#

    let catalog: Catalog
    let python: [String: Any]

    init() async throws {
        catalog = try Catalog.load()
        python = try #require(await PythonPeer.runJSON(Self.introspection, input: [String: String]()) as? [String: Any])
    }

    @Test("generated from the installed versions")
    func versions() {
        let installed = python["versions"] as? [String: String] ?? [:]
        #expect(catalog.packages == installed,
                "catalog \(catalog.packages) vs installed \(installed): run scripts/generate-openinference-catalog.py")
    }

    @Test("every key of every *Attributes class, and no other")
    func attributeKeys() {
        let classes = python["classes"] as? [String: [String: String]] ?? [:]
        #expect(classes.count >= 16, "introspection found too few classes: \(classes.keys.sorted())")
        let inPython = Set(classes.flatMap { cls, constants in constants.map { "\(cls).\($0.key) = \($0.value)" } })
        let inCatalog = Set(catalog.attribute_classes.flatMap { cls in
            cls.attributes.map { "\(cls.python_class).\($0.python_name) = \($0.key)" }
        })
        let missing = inPython.subtracting(inCatalog).sorted()
        let extra = inCatalog.subtracting(inPython).sorted()
        #expect(missing.isEmpty, "Python keys missing from the catalog: \(missing)")
        #expect(extra.isEmpty, "catalog keys Python does not have: \(extra)")
    }

    @Test("every enum value, and no other")
    func enumValues() {
        let enums = python["enums"] as? [String: [String: String]] ?? [:]
        #expect(enums.keys.contains("OpenInferenceSpanKindValues"))
        #expect(enums["OpenInferenceSpanKindValues"]?["DECISION"] == "DECISION")
        #expect(enums["OpenInferenceSpanKindValues"]?["UNKNOWN"] == "UNKNOWN")
        let inPython = Set(enums.flatMap { cls, members in members.map { "\(cls).\($0.key) = \($0.value)" } })
        let fromPython = catalog.enums.filter { $0.python_class != nil }
        let inCatalog = Set(fromPython.flatMap { e in e.values.map { "\(e.python_class ?? "").\($0.python_name) = \($0.value)" } })
        let missing = inPython.subtracting(inCatalog).sorted()
        let extra = inCatalog.subtracting(inPython).sorted()
        #expect(missing.isEmpty, "Python enum values missing from the catalog: \(missing)")
        #expect(extra.isEmpty, "catalog enum values Python does not have: \(extra)")
        // The one enum Python does not define is recorded from the spec.
        let specOnly = catalog.enums.filter { $0.python_class == nil }.map(\.swift_type)
        #expect(specOnly == ["MessageContentType"])
    }

    @Test("TraceConfig settings and environment variables")
    func traceConfig() {
        let variables = Set(python["environment"] as? [String] ?? [])
        let fields = Set(python["fields"] as? [String] ?? [])
        #expect(Set(catalog.trace_config.settings.compactMap(\.environment_variable)) == variables)
        #expect(Set(catalog.trace_config.settings.map(\.python_field)) == fields)
        #expect(catalog.trace_config.redacted_value == python["redacted"] as? String)
    }

    @Test("host and model inference tables, in lookup order")
    func inferenceTables() {
        let hosts = (python["hosts"] as? [[String]] ?? []).map { $0.joined(separator: " -> ") }
        let models = (python["models"] as? [[String]] ?? []).map { $0.joined(separator: " -> ") }
        #expect(catalog.llm_provider_host_suffixes.map { "\($0.suffix) -> \($0.provider)" } == hosts)
        #expect(catalog.llm_system_model_prefixes.map { "\($0.prefix) -> \($0.system)" } == models)
    }

    @Test("the catalog and the generated Swift files are what the generator writes")
    func generatorIsUpToDate() async throws {
        let script = PythonPeer.packageRoot.appendingPathComponent("scripts/generate-openinference-catalog.py").path
        let runner = """
        import runpy, sys
        sys.argv = [\(String(reflecting: script)), "--check"]
        runpy.run_path(sys.argv[0], run_name="__main__")
        """
        // Exits 1 and names the stale files when anything differs.
        _ = try await PythonPeer.run(runner)
    }
}
