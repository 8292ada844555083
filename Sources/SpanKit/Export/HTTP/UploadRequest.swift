import Foundation

/// One request of an export, without credentials: what the spool stores. Headers such as
/// `Authorization` are added at send time from the exporter's configuration, so secrets never
/// reach the disk.
struct UploadRequest: Sendable, Equatable {
    /// What the request carries, for diagnostics.
    enum Purpose: String, Sendable, Codable {
        case spans, signals, spanAnnotations, traceAnnotations, sessionAnnotations
        /// MLflow assessments (``MLflowAssessments``).
        case assessments
    }

    var url: URL
    var contentType: String
    var contentEncoding: String?
    var body: Data
    /// Spans carried; zero for follow-up requests such as signals.
    var spanCount: Int
    var purpose: Purpose
}
