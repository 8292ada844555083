import Foundation

let options = Options.parse(CommandLine.arguments.dropFirst())
Filter.substrings = options.filters
await Harness(options: options).run()
