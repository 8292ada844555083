import Foundation

/// Privacy and size controls for recorded attributes, the Swift counterpart of OpenInference's
/// `TraceConfig`.
///
/// Each setting comes from the value given in code if there is one, otherwise from its
/// `OPENINFERENCE_*` environment variable, otherwise from its default (nothing hidden, base64
/// images up to 32 000 characters):
///
/// ```swift
/// let config = TraceConfig(hideInputs: true)          // code wins over OPENINFERENCE_HIDE_INPUTS
/// switch config.action(forKey: key, stringValue: value) {
/// case .keep: record(key, value)
/// case .redact: record(key, TraceConfig.redactedValue)
/// case .drop: break
/// }
/// ```
///
/// ``action(forKey:stringValue:)`` reproduces Python's `TraceConfig.mask` exactly: the same keys are
/// dropped or redacted by the same flags, and base64 image data URLs longer than
/// ``base64ImageMaxLength`` characters are redacted. The Python blob uploader, which uploads
/// oversized images instead of redacting them, has no counterpart here.
///
/// The flags are stored as one bit set, so ``hidesNothing`` and the fast path of
/// ``action(forKey:stringValue:)`` cost a single comparison.
public struct TraceConfig: Sendable, Hashable {
    /// The placeholder that replaces a redacted value: `__REDACTED__`.
    public static let redactedValue = "__REDACTED__"

    /// The default of ``base64ImageMaxLength``: 32 000 characters.
    public static let defaultBase64ImageMaxLength = 32_000

    var flags: HideFlags
    /// The longest base64 image data URL, in characters (Unicode code points, as Python counts),
    /// recorded as is; longer ones are redacted. Set by `OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH`.
    public var base64ImageMaxLength: Int
    /// Whether OpenTelemetry GenAI (`gen_ai.*`) attributes should also be emitted. Parsed for
    /// parity with Python (`OPENINFERENCE_ENABLE_GENAI_SEMCONV`); it does not affect masking, and
    /// acting on it is up to the tracer.
    public var enableGenAISemanticConventions: Bool

    /// Hides inputs: redacts `input.value` and `reranker.query`, drops `input.mime_type`, the input
    /// messages, the advertised tools, input images and reranker input documents, and redacts the
    /// completions prompts. Set by `OPENINFERENCE_HIDE_INPUTS`.
    public var hideInputs: Bool {
        get { flags.contains(.inputs) }
        set { flags.set(.inputs, newValue) }
    }

    /// Hides outputs: redacts `output.value`, the completions choices and retrieval document
    /// content and metadata, drops `output.mime_type`, the output messages, output images and
    /// reranker output documents. Set by `OPENINFERENCE_HIDE_OUTPUTS`.
    public var hideOutputs: Bool {
        get { flags.contains(.outputs) }
        set { flags.set(.outputs, newValue) }
    }

    /// Drops every `llm.input_messages.*` attribute. Set by `OPENINFERENCE_HIDE_INPUT_MESSAGES`.
    public var hideInputMessages: Bool {
        get { flags.contains(.inputMessages) }
        set { flags.set(.inputMessages, newValue) }
    }

    /// Drops every `llm.output_messages.*` attribute. Set by `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`.
    public var hideOutputMessages: Bool {
        get { flags.contains(.outputMessages) }
        set { flags.set(.outputMessages, newValue) }
    }

    /// Drops the images of input messages and the span-level `input.images`. Set by
    /// `OPENINFERENCE_HIDE_INPUT_IMAGES`.
    public var hideInputImages: Bool {
        get { flags.contains(.inputImages) }
        set { flags.set(.inputImages, newValue) }
    }

    /// Redacts the text of input messages (`message.content` and `message_content.text`), keeping
    /// roles and structure. Set by `OPENINFERENCE_HIDE_INPUT_TEXT`.
    public var hideInputText: Bool {
        get { flags.contains(.inputText) }
        set { flags.set(.inputText, newValue) }
    }

    /// Redacts the text of output messages, keeping roles and structure. Set by
    /// `OPENINFERENCE_HIDE_OUTPUT_TEXT`.
    public var hideOutputText: Bool {
        get { flags.contains(.outputText) }
        set { flags.set(.outputText, newValue) }
    }

    /// Drops `llm.invocation_parameters`. Set by `OPENINFERENCE_HIDE_LLM_INVOCATION_PARAMETERS`.
    public var hideLLMInvocationParameters: Bool {
        get { flags.contains(.llmInvocationParameters) }
        set { flags.set(.llmInvocationParameters, newValue) }
    }

    /// Drops the tools advertised to the model (`llm.tools.*`). Set by `OPENINFERENCE_HIDE_LLM_TOOLS`.
    public var hideLLMTools: Bool {
        get { flags.contains(.llmTools) }
        set { flags.set(.llmTools, newValue) }
    }

    /// Redacts the completions prompts (`llm.prompts.*`). Set by `OPENINFERENCE_HIDE_PROMPTS`.
    public var hidePrompts: Bool {
        get { flags.contains(.prompts) }
        set { flags.set(.prompts, newValue) }
    }

    /// Redacts the completions choices (`llm.choices.*`). Set by `OPENINFERENCE_HIDE_CHOICES`.
    public var hideChoices: Bool {
        get { flags.contains(.choices) }
        set { flags.set(.choices, newValue) }
    }

    /// Redacts the content and metadata of retrieved documents
    /// (`retrieval.documents.*.document.content` and `.document.metadata`). Set by
    /// `OPENINFERENCE_HIDE_RETRIEVAL_DOCUMENTS`.
    public var hideRetrievalDocuments: Bool {
        get { flags.contains(.retrievalDocuments) }
        set { flags.set(.retrievalDocuments, newValue) }
    }

    /// Redacts embedding vectors (`embedding.embeddings.*.embedding.vector`). Set by
    /// `OPENINFERENCE_HIDE_EMBEDDINGS_VECTORS`.
    ///
    /// The deprecated variable `OPENINFERENCE_HIDE_EMBEDDING_VECTORS` is a separate setting, as in
    /// Python (``hideEmbeddingVectors``); either one hides the vectors.
    public var hideEmbeddingsVectors: Bool {
        get { flags.contains(.embeddingsVectors) }
        set { flags.set(.embeddingsVectors, newValue) }
    }

    /// The deprecated alias of ``hideEmbeddingsVectors``, set by
    /// `OPENINFERENCE_HIDE_EMBEDDING_VECTORS`. Either setting hides the vectors.
    @available(*, deprecated, renamed: "hideEmbeddingsVectors")
    public var hideEmbeddingVectors: Bool {
        get { flags.contains(.embeddingVectorsAlias) }
        set { flags.set(.embeddingVectorsAlias, newValue) }
    }

    /// Redacts the embedded texts (`embedding.embeddings.*.embedding.text`). Set by
    /// `OPENINFERENCE_HIDE_EMBEDDINGS_TEXT`.
    public var hideEmbeddingsText: Bool {
        get { flags.contains(.embeddingsText) }
        set { flags.set(.embeddingsText, newValue) }
    }

    /// Whether no hide flag is set. Then only the base64 image length rule can change an
    /// attribute, and only on an image URL key (see ``mayAffect(key:stringLength:)``).
    public var hidesNothing: Bool { flags.isEmpty }

    /// Whether masking can never change anything: no hide flag is set and
    /// ``base64ImageMaxLength`` is `Int.max`. With the defaults this is `false`, because base64
    /// images over 32 000 characters are redacted; use ``mayAffect(key:stringLength:)`` to skip the work for
    /// all other keys.
    public var masksNothing: Bool { flags.isEmpty && base64ImageMaxLength == .max }
}

/// The hide settings of a ``TraceConfig`` as one bit set.
struct HideFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt32

    static let llmInvocationParameters = HideFlags(rawValue: 1 << 0)
    static let llmTools = HideFlags(rawValue: 1 << 1)
    static let inputs = HideFlags(rawValue: 1 << 2)
    static let outputs = HideFlags(rawValue: 1 << 3)
    static let inputMessages = HideFlags(rawValue: 1 << 4)
    static let outputMessages = HideFlags(rawValue: 1 << 5)
    static let inputImages = HideFlags(rawValue: 1 << 6)
    static let inputText = HideFlags(rawValue: 1 << 7)
    static let outputText = HideFlags(rawValue: 1 << 8)
    static let embeddingVectorsAlias = HideFlags(rawValue: 1 << 9)
    static let embeddingsVectors = HideFlags(rawValue: 1 << 10)
    static let embeddingsText = HideFlags(rawValue: 1 << 11)
    static let prompts = HideFlags(rawValue: 1 << 12)
    static let choices = HideFlags(rawValue: 1 << 13)
    static let retrievalDocuments = HideFlags(rawValue: 1 << 14)

    mutating func set(_ flag: HideFlags, _ on: Bool) {
        if on { insert(flag) } else { remove(flag) }
    }

    /// Whether any of `flags` is set.
    func containsAny(_ flags: HideFlags) -> Bool {
        !isDisjoint(with: flags)
    }
}
