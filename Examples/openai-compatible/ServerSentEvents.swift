import Foundation

/// Splits a `text/event-stream` body into the data of its events, as bytes arrive.
///
/// Lines end in LF or CRLF; `data:` lines add to the current event, a blank line ends it, and
/// comments (`:`) and other fields (`event:`, `id:`, `retry:`) are ignored: chat-completion
/// streams only use `data`.
struct ServerSentEventParser {
    private var buffer = Data()
    private var dataLines: [String] = []

    /// Feeds bytes; returns the data of every event they complete.
    mutating func feed(_ bytes: Data) -> [String] {
        buffer.append(bytes)
        var events: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = buffer[buffer.startIndex..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            buffer = Data(buffer[buffer.index(after: newline)...])
            if let event = process(String(decoding: line, as: UTF8.self)) { events.append(event) }
        }
        return events
    }

    /// Ends the stream; returns the last event if the body did not end with a blank line.
    mutating func finish() -> [String] {
        var events = buffer.isEmpty ? [] : feed(Data("\n".utf8))
        if let event = process("") { events.append(event) }
        return events
    }

    private mutating func process(_ line: String) -> String? {
        if line.isEmpty {
            defer { dataLines.removeAll() }
            return dataLines.isEmpty ? nil : dataLines.joined(separator: "\n")
        }
        guard line.hasPrefix("data:") else { return nil }
        var value = line.dropFirst("data:".count)
        if value.first == " " { value = value.dropFirst() }
        dataLines.append(String(value))
        return nil
    }
}
