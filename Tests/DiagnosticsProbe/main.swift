// Drives SpanKit's default diagnostics output in a process of its own, so the tests can read
// what really reaches standard error. Configuration comes from the environment the test sets.
//
//   spankit-diagnostics-probe export <span count>   bootstrap(), end spans, shutdown within 10 s
//   spankit-diagnostics-probe storm <count>         bootstrap(), <count> refused signals, shutdown
import Foundation
import SpanKit

let arguments = CommandLine.arguments.dropFirst()
guard let scenario = arguments.first, let count = arguments.dropFirst().first.flatMap({ Int($0) }) else {
    FileHandle.standardError.write(Data("usage: spankit-diagnostics-probe export|storm <count>\n".utf8))
    exit(2)
}

SpanKitSystem.bootstrap()
switch scenario {
case "export":
    for index in 0..<count { tracer.startSpan("span-\(index)").end() }
case "storm":
    tracer.withSpan("storm") { span in
        for _ in 0..<count { span.addSignal("outcome", "success") }
    }
default:
    exit(2)
}
await SpanKitSystem.shutdown(deadline: .now + .seconds(10))
print("probe finished")
