import Foundation

let options = Options.parse(CommandLine.arguments.dropFirst())
await Harness(options: options).run()
