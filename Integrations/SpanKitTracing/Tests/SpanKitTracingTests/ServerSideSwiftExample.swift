// The samples of the DocC article "Server-side Swift" that are not in the ChatService example,
// compiled here (the root package's documentation test checks that every sample is compiled code).

import Logging
import SpanKit
import SpanKitTracing
import Tracing

/// "SpanKit as the backend": the bootstrap of a service (never called by the tests, which must
/// not bootstrap the process-wide systems).
func bootstrapWithSpanKitAsTheBackend() {
    var configuration = SpanKitSystem.Configuration(destination: .otlp)   // PHOENIX_COLLECTOR_ENDPOINT…
    configuration.joinsDistributedTracing = true
    configuration.logDiagnostics(to: Logger(label: "spankit"))
    SpanKitSystem.bootstrap(configuration)
    InstrumentationSystem.bootstrap(SpanKitTracer())
}
