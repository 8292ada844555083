import Foundation

let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "--loop", let count = Int(arguments[3]) {
    InstructionLoops.run(id: arguments[2], count: count)
    exit(0)
}
let options = Options.parse(CommandLine.arguments.dropFirst())
Filter.substrings = options.filters
await Harness(options: options).run()
