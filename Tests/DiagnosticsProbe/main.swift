// Drives SpanKit's default diagnostics output and its exit flush in a process of its own, so the
// tests can read what really reaches standard error and what a collector really receives.
// Configuration comes from the environment the test sets.
//
//   spankit-diagnostics-probe export <count> [ending]   bootstrap(), end <count> spans
//   spankit-diagnostics-probe storm <count> [ending]    bootstrap(), <count> refused signals on one span
//   spankit-diagnostics-probe stdout <count> [ending]   the console destination on standard output,
//                                                       <count> spans
//   spankit-diagnostics-probe hop <json-base-url> [traceparent]
//       one side of a call between two processes, exported in the JSON format to <json-base-url>
//       and over OTLP (endpoint from the environment): without a traceparent, the client span
//       `call-server`, printing `traceparent: <header>`; with one, the server span `handle`
//       continuing it. Then shutdown.
//
// and then, by `ending`: `shutdown` (the default) calls SpanKitSystem.shutdown within 10 s before
// exiting; `return` returns from top-level code and `exit` calls exit(0), both without shutdown.
import Foundation
import SpanKit

let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "hop", arguments.count == 2 || arguments.count == 3, let jsonBase = URL(string: arguments[1]) {
    let tracer = SpanKitSystem.bootstrap(SpanKitSystem.Configuration(destination: .all([.json(baseURL: jsonBase, apiKey: nil), .otlp])))
    if arguments.count == 2 {
        tracer.withSpan("call-server", otelKind: .client) { span in
            var headers: [String: String] = [:]
            W3CTraceContext.inject(span.context, into: &headers)
            print("traceparent: \(headers["traceparent"] ?? "")")
        }
    } else {
        tracer.withSpan("handle", otelKind: .server, parent: .context(W3CTraceContext.extract(from: ["traceparent": arguments[2]]))) { span in
            print("parent: \(span.parentID?.uuidString ?? "none")")
        }
    }
    await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
    exit(0)
}
let endings = ["shutdown", "return", "exit"]
guard arguments.count == 2 || arguments.count == 3, ["export", "storm", "stdout"].contains(arguments[0]), let count = Int(arguments[1]),
      endings.contains(arguments.count == 3 ? arguments[2] : "shutdown") else {
    FileHandle.standardError.write(Data("usage: spankit-diagnostics-probe export|storm|stdout <count> [shutdown|return|exit]\n".utf8))
    exit(2)
}
let ending = arguments.count == 3 ? arguments[2] : "shutdown"

// Registered before bootstrap registers SpanKit's, so it runs after it (atexit handlers run in
// reverse order): it says when SpanKit's exit flush let the process go, for the tests to
// measure the flush without the start-up and scheduling noise of a loaded machine.
atexit { print("exit flush ended at \(Date().timeIntervalSince1970)") }

if arguments[0] == "stdout" {
    SpanKitSystem.bootstrap(SpanKitSystem.Configuration(destination: .console(standardOutput: true)))
} else {
    SpanKitSystem.bootstrap()
}
if arguments[0] != "storm" {
    for index in 0..<count { tracer.startSpan("span-\(index)").end() }
} else {
    tracer.withSpan("storm") { span in
        for _ in 0..<count { span.addSignal("outcome", "success") }
    }
}
switch ending {
case "return":
    // The end of top-level code: the process exits with the spans still queued. The time lets
    // the tests measure how long the exit took.
    print("probe finished at \(Date().timeIntervalSince1970)")
case "exit":
    print("probe finished at \(Date().timeIntervalSince1970)")
    exit(0)
default:
    await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
    print("probe finished")
}
