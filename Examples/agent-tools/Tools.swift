// The tools the agent can call. Each takes the model's JSON arguments and returns text for the
// model; they are simulated, with latencies long enough that concurrent runs visibly overlap.
import Foundation
import SpanKit

/// A tool the model may call: its description for the model, and its implementation.
struct Tool: Sendable {
    let definition: ToolDefinition
    let parameters: JSONValue
    let run: @Sendable (_ arguments: String) async throws -> String

    init(name: String, description: String, parameters: JSONValue, run: @escaping @Sendable (String) async throws -> String) {
        self.definition = ToolDefinition(name: name, description: description, parameters: parameters)
        self.parameters = parameters
        self.run = run
    }
}

/// Why a tool call failed; the agent reports it to the model instead of giving up.
enum ToolFailure: Error, CustomStringConvertible {
    case serviceUnavailable(String)
    case badArguments(String)

    var description: String {
        switch self {
        case .serviceUnavailable(let service): "\(service) is unavailable, try again later"
        case .badArguments(let arguments): "arguments not understood: \(arguments)"
        }
    }
}

/// The arguments of a call that names a city, e.g. `{"city":"Lisbon"}`.
struct CityArguments: Decodable {
    let city: String
}

/// The `city` argument of a call.
func cityArgument(in arguments: String) throws -> String {
    guard let decoded = try? JSONDecoder().decode(CityArguments.self, from: Data(arguments.utf8)) else {
        throw ToolFailure.badArguments(arguments)
    }
    return decoded.city
}

let cityParameter: JSONValue = ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]]

let tools: [String: Tool] = [
    "get_weather": Tool(name: "get_weather", description: "Today's forecast for a city.", parameters: cityParameter) { arguments in
        let city = try cityArgument(in: arguments)
        try await Task.sleep(for: .milliseconds(120))
        return "\(city): sunny, 24 °C, light wind"
    },
    "find_museum": Tool(name: "find_museum", description: "The best-rated museum in a city.", parameters: cityParameter) { arguments in
        let city = try cityArgument(in: arguments)
        try await Task.sleep(for: .milliseconds(80))
        return "\(city): National Tile Museum, open 10:00-18:00"
    },
    // Always fails, to show how a failing tool is recorded: status ERROR and an exception event.
    "book_restaurant": Tool(name: "book_restaurant", description: "Books a table for tonight.", parameters: cityParameter) { arguments in
        _ = try cityArgument(in: arguments)
        try await Task.sleep(for: .milliseconds(50))
        throw ToolFailure.serviceUnavailable("the reservation service")
    },
]
