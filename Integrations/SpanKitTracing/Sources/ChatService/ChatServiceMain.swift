import AsyncHTTPClient
import Hummingbird
import Logging
import SpanKit
import SpanKitTracing
import Tracing

/// Runs the chat service on 127.0.0.1:8080 (`PORT` to change), its model at `MODEL_BASE_URL`
/// or, without it, a stub model on 127.0.0.1:8081. Spans go where SpanKit's configuration
/// says (`PHOENIX_COLLECTOR_ENDPOINT`…, else the console); SpanKit is the backend of
/// swift-distributed-tracing, so the request and HTTP client spans go there too.
///
///     swift run ChatService &
///     curl -s localhost:8080/chat -H 'x-session-id: s-1' -d '{"message": "hi"}'
@main
enum ChatServiceMain {
    static func main() async throws {
        let environment = Environment()
        var configuration = SpanKitSystem.Configuration()
        configuration.serviceName = "chat-service"
        configuration.joinsDistributedTracing = true
        configuration.logDiagnostics(to: Logger(label: "spankit"))
        SpanKitSystem.bootstrap(configuration)
        InstrumentationSystem.bootstrap(SpanKitTracer())

        let port = environment.get("PORT").flatMap(Int.init) ?? 8080
        let stub = Application(router: ChatService.stubModelRouter(), configuration: .init(address: .hostname("127.0.0.1", port: port + 1)))
        let modelBaseURL = environment.get("MODEL_BASE_URL") ?? "http://127.0.0.1:\(port + 1)"
        let chat = Application(
            router: ChatService.router(modelBaseURL: modelBaseURL, httpClient: .shared),
            configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await withThrowingDiscardingTaskGroup { group in
            if environment.get("MODEL_BASE_URL") == nil { group.addTask { try await stub.runService() } }
            group.addTask { try await chat.runService() }
        }
        await SpanKitSystem.shutdown()
    }
}
