/// What a piece of feedback carried on a span is about.
public enum AnnotationScope: String, Sendable, Hashable, CaseIterable {
    /// The span that carries the feedback (`annotations`, `evaluations`).
    case span
    /// The whole trace of the span (`trace.annotations`, `trace.evaluations`).
    case trace
    /// The session of the span, which must carry `session.id` (`session.annotations`,
    /// `session.evaluations`).
    case session
}

/// The keys of one feedback entry carried on a span, such as
/// `annotations.{i}.annotation.score` or `session.evaluations.{i}.evaluation.label`.
///
/// Get one from ``OpenInferenceKey/annotation(_:scope:)`` or
/// ``OpenInferenceKey/evaluation(_:scope:)``. Each entry needs a ``name`` and at least one of
/// ``score``, ``label`` or ``explanation``.
public struct FeedbackKey: Sendable, Hashable {
    /// Annotation or evaluation wording; both carry the same fields.
    public enum Terminology: Sendable, Hashable, CaseIterable {
        /// Keys use `annotations` and ``AnnotationAttributes``.
        case annotation
        /// Keys use `evaluations` and ``EvaluationAttributes``.
        case evaluation
    }

    /// Annotation or evaluation wording.
    public let terminology: Terminology
    /// What the feedback is about.
    public let scope: AnnotationScope
    /// The zero-based position of the entry in its list.
    public let index: Int

    /// The entry at `index` of the list for `terminology` and `scope`.
    public init(terminology: Terminology, scope: AnnotationScope, index: Int) {
        self.terminology = terminology
        self.scope = scope
        self.index = index
    }

    /// The list prefix, for example `trace.annotations`.
    public var list: String {
        switch (terminology, scope) {
        case (.annotation, .span): SpanAttributes.annotations
        case (.annotation, .trace): SpanAttributes.traceAnnotations
        case (.annotation, .session): SpanAttributes.sessionAnnotations
        case (.evaluation, .span): SpanAttributes.evaluations
        case (.evaluation, .trace): SpanAttributes.traceEvaluations
        case (.evaluation, .session): SpanAttributes.sessionEvaluations
        }
    }

    /// The criterion the feedback is about; required (`….annotation.name`).
    public var name: String {
        leaf(AnnotationAttributes.annotationName, EvaluationAttributes.evaluationName)
    }

    /// The numeric result (`….annotation.score`).
    public var score: String {
        leaf(AnnotationAttributes.annotationScore, EvaluationAttributes.evaluationScore)
    }

    /// The categorical result (`….annotation.label`).
    public var label: String {
        leaf(AnnotationAttributes.annotationLabel, EvaluationAttributes.evaluationLabel)
    }

    /// Why the result was given (`….annotation.explanation`).
    public var explanation: String {
        leaf(AnnotationAttributes.annotationExplanation, EvaluationAttributes.evaluationExplanation)
    }

    /// Who gave the feedback, an ``AnnotatorKind`` raw value or a custom one
    /// (`….annotation.annotator_kind`).
    public var annotatorKind: String {
        leaf(AnnotationAttributes.annotationAnnotatorKind, EvaluationAttributes.evaluationAnnotatorKind)
    }

    /// A stable identifier of the result (`….annotation.identifier`).
    public var identifier: String {
        leaf(AnnotationAttributes.annotationIdentifier, EvaluationAttributes.evaluationIdentifier)
    }

    /// Extra data as a JSON object string (`….annotation.metadata`).
    public var metadata: String {
        leaf(AnnotationAttributes.annotationMetadata, EvaluationAttributes.evaluationMetadata)
    }

    /// The key of any leaf of this entry; pass an ``AnnotationAttributes`` or
    /// ``EvaluationAttributes`` constant matching ``terminology``.
    public func key(for attribute: String) -> String {
        FlatKey.make(list, index, attribute)
    }

    private func leaf(_ annotation: String, _ evaluation: String) -> String {
        key(for: terminology == .annotation ? annotation : evaluation)
    }
}
