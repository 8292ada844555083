import Foundation
@testable import SpanKit
import Testing

/// `JSONWriter` tests eight bytes at a time for what needs escaping and stages short strings;
/// every length around those word and staging boundaries, with a character that needs escaping
/// at every position, must still read back as the string written.
@Suite struct JSONWriterEscapingTests {
    @Test func everyPositionOfEveryLengthRoundTrips() throws {
        let specials: [Character] = ["\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "🚀"]
        for length in 0...70 {
            let plain = String(repeating: "a", count: length)
            var cases = [plain]
            for position in 0..<length {
                for special in specials {
                    var characters = Array(plain)
                    characters[position] = special
                    cases.append(String(characters))
                }
            }
            for text in cases {
                var writer = JSONWriter()
                writer.beginObject()
                writer.key(text)
                writer.write(text)
                writer.endObject()
                let json = writer.string
                #expect(!json.unicodeScalars.contains { $0.value < 0x20 }, "\(json.debugDescription)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String], "\(json.debugDescription)")
                #expect(object == [text: text], "\(json.debugDescription)")
            }
        }
    }
}
