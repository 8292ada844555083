// Drives SpanKit's default diagnostics output and its exit flush in a process of its own, so the
// tests can read what really reaches standard error and what a collector really receives.
// Configuration comes from the environment the test sets.
//
//   spankit-diagnostics-probe export <span count>   bootstrap(), end spans, shutdown within 10 s
//   spankit-diagnostics-probe storm <count>         bootstrap(), <count> refused signals, shutdown
//   spankit-diagnostics-probe return <span count>   bootstrap(), end spans, return from top-level code (no shutdown)
//   spankit-diagnostics-probe exit <span count>     bootstrap(), end spans, exit(0) (no shutdown)
import Foundation
import SpanKit

let arguments = CommandLine.arguments.dropFirst()
guard let scenario = arguments.first, let count = arguments.dropFirst().first.flatMap({ Int($0) }) else {
    FileHandle.standardError.write(Data("usage: spankit-diagnostics-probe export|storm|return|exit <count>\n".utf8))
    exit(2)
}

SpanKitSystem.bootstrap()
switch scenario {
case "export", "return", "exit":
    for index in 0..<count { tracer.startSpan("span-\(index)").end() }
case "storm":
    tracer.withSpan("storm") { span in
        for _ in 0..<count { span.addSignal("outcome", "success") }
    }
default:
    exit(2)
}
switch scenario {
case "return":
    // The end of top-level code: the process exits with the spans still queued.
    print("probe finished")
case "exit":
    print("probe finished")
    exit(0)
default:
    await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
    print("probe finished")
}
