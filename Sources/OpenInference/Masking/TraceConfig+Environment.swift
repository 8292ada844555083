import Foundation

extension TraceConfig {
    /// An environment variable whose value could not be used; the setting fell back to its
    /// default, as Python does after logging a warning.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The environment variable, for example `OPENINFERENCE_HIDE_INPUTS`.
        public let variable: String
        /// The value found in the environment.
        public let value: String
        /// What was wrong and what was used instead.
        public let message: String

        /// Creates an issue about `variable` having `value`.
        public init(variable: String, value: String, message: String) {
            self.variable = variable
            self.value = value
            self.message = message
        }

        /// `VARIABLE='value': message`.
        public var description: String { "\(variable)='\(value)': \(message)" }
    }

    /// Every environment variable ``TraceConfig`` reads, in Python's field order.
    public static let environmentVariableNames: [String] =
        booleanVariables.map(\.variable) + [
            enableGenAIVariable, base64ImageMaxLengthVariable, blobUploaderVariable,
        ]

    /// Creates a configuration from values given in code, then the environment, then defaults.
    ///
    /// A parameter left `nil` is read from its `OPENINFERENCE_*` variable in `environment`.
    /// Booleans must be `true` or `false` in any letter case; the image limit must be an integer as
    /// Python's `int()` reads it (surrounding whitespace, a sign and `_` between digits allowed).
    /// Any other value is passed to `report` and the default is used instead; an
    /// `OPENINFERENCE_BLOB_UPLOADER` is reported as unsupported. Nothing is printed.
    ///
    /// - Parameters:
    ///   - hideInputs: See ``hideInputs``; `OPENINFERENCE_HIDE_INPUTS`.
    ///   - hideOutputs: See ``hideOutputs``; `OPENINFERENCE_HIDE_OUTPUTS`.
    ///   - hideInputMessages: See ``hideInputMessages``; `OPENINFERENCE_HIDE_INPUT_MESSAGES`.
    ///   - hideOutputMessages: See ``hideOutputMessages``; `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`.
    ///   - hideInputImages: See ``hideInputImages``; `OPENINFERENCE_HIDE_INPUT_IMAGES`.
    ///   - hideInputText: See ``hideInputText``; `OPENINFERENCE_HIDE_INPUT_TEXT`.
    ///   - hideOutputText: See ``hideOutputText``; `OPENINFERENCE_HIDE_OUTPUT_TEXT`.
    ///   - hideLLMInvocationParameters: See ``hideLLMInvocationParameters``;
    ///     `OPENINFERENCE_HIDE_LLM_INVOCATION_PARAMETERS`.
    ///   - hideLLMTools: See ``hideLLMTools``; `OPENINFERENCE_HIDE_LLM_TOOLS`.
    ///   - hidePrompts: See ``hidePrompts``; `OPENINFERENCE_HIDE_PROMPTS`.
    ///   - hideChoices: See ``hideChoices``; `OPENINFERENCE_HIDE_CHOICES`.
    ///   - hideRetrievalDocuments: See ``hideRetrievalDocuments``;
    ///     `OPENINFERENCE_HIDE_RETRIEVAL_DOCUMENTS`.
    ///   - hideEmbeddingsVectors: See ``hideEmbeddingsVectors``;
    ///     `OPENINFERENCE_HIDE_EMBEDDINGS_VECTORS` (the deprecated
    ///     `OPENINFERENCE_HIDE_EMBEDDING_VECTORS` is read separately and also hides vectors).
    ///   - hideEmbeddingsText: See ``hideEmbeddingsText``; `OPENINFERENCE_HIDE_EMBEDDINGS_TEXT`.
    ///   - base64ImageMaxLength: See ``base64ImageMaxLength``;
    ///     `OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH`.
    ///   - enableGenAISemanticConventions: See ``enableGenAISemanticConventions``;
    ///     `OPENINFERENCE_ENABLE_GENAI_SEMCONV`.
    ///   - environment: The variables to read; the process environment by default. Pass `[:]` for
    ///     a configuration that ignores the environment.
    ///   - report: Receives each unusable environment value.
    public init(
        hideInputs: Bool? = nil,
        hideOutputs: Bool? = nil,
        hideInputMessages: Bool? = nil,
        hideOutputMessages: Bool? = nil,
        hideInputImages: Bool? = nil,
        hideInputText: Bool? = nil,
        hideOutputText: Bool? = nil,
        hideLLMInvocationParameters: Bool? = nil,
        hideLLMTools: Bool? = nil,
        hidePrompts: Bool? = nil,
        hideChoices: Bool? = nil,
        hideRetrievalDocuments: Bool? = nil,
        hideEmbeddingsVectors: Bool? = nil,
        hideEmbeddingsText: Bool? = nil,
        base64ImageMaxLength: Int? = nil,
        enableGenAISemanticConventions: Bool? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        report: (Issue) -> Void = { _ in }
    ) {
        let code: [HideFlags: Bool?] = [
            .inputs: hideInputs,
            .outputs: hideOutputs,
            .inputMessages: hideInputMessages,
            .outputMessages: hideOutputMessages,
            .inputImages: hideInputImages,
            .inputText: hideInputText,
            .outputText: hideOutputText,
            .llmInvocationParameters: hideLLMInvocationParameters,
            .llmTools: hideLLMTools,
            .prompts: hidePrompts,
            .choices: hideChoices,
            .retrievalDocuments: hideRetrievalDocuments,
            .embeddingsVectors: hideEmbeddingsVectors,
            .embeddingsText: hideEmbeddingsText,
        ]
        var flags: HideFlags = []
        for (variable, flag) in Self.booleanVariables {
            let given = code[flag] ?? nil
            if given ?? Self.boolean(variable, in: environment, report: report) {
                flags.insert(flag)
            }
        }
        self.flags = flags
        self.enableGenAISemanticConventions = enableGenAISemanticConventions
            ?? Self.boolean(Self.enableGenAIVariable, in: environment, report: report)
        self.base64ImageMaxLength = base64ImageMaxLength
            ?? Self.integer(
                Self.base64ImageMaxLengthVariable, in: environment,
                default: Self.defaultBase64ImageMaxLength, report: report
            )
        if let uploader = environment[Self.blobUploaderVariable], !uploader.isEmpty {
            report(Issue(
                variable: Self.blobUploaderVariable, value: uploader,
                message: "blob uploaders are not supported; oversized base64 images are redacted"
            ))
        }
    }

    /// The boolean settings in Python's field order, each with its variable.
    static let booleanVariables: [(variable: String, flag: HideFlags)] = [
        ("OPENINFERENCE_HIDE_LLM_INVOCATION_PARAMETERS", .llmInvocationParameters),
        ("OPENINFERENCE_HIDE_LLM_TOOLS", .llmTools),
        ("OPENINFERENCE_HIDE_INPUTS", .inputs),
        ("OPENINFERENCE_HIDE_OUTPUTS", .outputs),
        ("OPENINFERENCE_HIDE_INPUT_MESSAGES", .inputMessages),
        ("OPENINFERENCE_HIDE_OUTPUT_MESSAGES", .outputMessages),
        ("OPENINFERENCE_HIDE_INPUT_IMAGES", .inputImages),
        ("OPENINFERENCE_HIDE_INPUT_TEXT", .inputText),
        ("OPENINFERENCE_HIDE_OUTPUT_TEXT", .outputText),
        ("OPENINFERENCE_HIDE_EMBEDDING_VECTORS", .embeddingVectorsAlias),
        ("OPENINFERENCE_HIDE_EMBEDDINGS_VECTORS", .embeddingsVectors),
        ("OPENINFERENCE_HIDE_EMBEDDINGS_TEXT", .embeddingsText),
        ("OPENINFERENCE_HIDE_PROMPTS", .prompts),
        ("OPENINFERENCE_HIDE_CHOICES", .choices),
        ("OPENINFERENCE_HIDE_RETRIEVAL_DOCUMENTS", .retrievalDocuments),
    ]

    static let enableGenAIVariable = "OPENINFERENCE_ENABLE_GENAI_SEMCONV"
    static let base64ImageMaxLengthVariable = "OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH"
    static let blobUploaderVariable = "OPENINFERENCE_BLOB_UPLOADER"

    private static func boolean(
        _ variable: String, in environment: [String: String], report: (Issue) -> Void
    ) -> Bool {
        guard let text = environment[variable] else { return false }
        if let value = PythonText.boolean(text) { return value }
        report(Issue(variable: variable, value: text, message: "expected true or false; using false"))
        return false
    }

    private static func integer(
        _ variable: String, in environment: [String: String], default fallback: Int,
        report: (Issue) -> Void
    ) -> Int {
        guard let text = environment[variable] else { return fallback }
        if let value = PythonText.integer(text) { return value }
        report(Issue(variable: variable, value: text, message: "expected an integer; using \(fallback)"))
        return fallback
    }
}
