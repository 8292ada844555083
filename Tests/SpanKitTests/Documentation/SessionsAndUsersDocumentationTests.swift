import Foundation
@testable import SpanKit
import SpanKitTesting
import Testing
import TestSupport

/// Runs the code of the DocC article `SessionsAndUsers.md` and checks what the article says about it.
@Suite struct SessionsAndUsersDocumentationTests {
    @Test func aConversationTurnCarriesSessionAndUserAndItsRootRecordsInputAndOutput() async throws {
        let test = TestTracer()
        let text = try await withTracer(test.tracer) {
            try await reply(to: "My order is late", conversationID: "support-1", userID: "user-9", client: CannedClient())
        }
        #expect(text == "Paris.")
        #expect(test.exporter.spans.map(\.name) == ["chat-completion", "chat-turn"])
        #expect(test.exporter.spans.allSatisfy { $0.sessionID == "support-1" && $0.sessionName == "Support chat" && $0.userID == "user-9" })
        let root = try #require(test.exporter.spans(named: "chat-turn").first)
        #expect(root.parentID == nil && root.input == "My order is late" && root.output == "Paris.")
        #expect(root.exportAttributes["session.id"] == "support-1" && root.exportAttributes["user.id"] == "user-9")
        #expect(!root.exportAttributes.list.contains { $0.key.contains("session") && $0.key != "session.id" })
    }

    @Test func conversationIDsAreUniqueAndPrefixed() {
        let first = newConversationID(), second = newConversationID()
        #expect(first.hasPrefix("support-") && first != second)
    }

    @Test func theInheritanceCommentsAreTrue() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) { await inheritanceRules() }
        let spans = Dictionary(uniqueKeysWithValues: test.exporter.spans.map { ($0.name, $0) })
        func grouping(_ name: String) -> [String?] {
            [spans[name]?.sessionID, spans[name]?.sessionName, spans[name]?.userID]
        }
        #expect(grouping("root") == ["session-a", "Outer", "user-3"])
        #expect(grouping("child") == ["session-a", "Outer", "user-1"])
        #expect(grouping("inner-scope") == ["session-b", nil, "user-1"])
        #expect(grouping("explicit") == ["session-c", nil, "user-2"])
        #expect(grouping("grandchild") == ["session-c", nil, "user-2"])
        #expect(grouping("later-child") == ["session-a", "Outer", "user-3"])
    }

    @Test func aSessionNameWithoutAnIDNamesTheInheritedSession() async throws {
        let test = TestTracer()
        await withSession("s-1") { test.tracer.withSpan("named", sessionName: "Renamed") { _ in } }
        let span = try #require(test.exporter.spans.first)
        #expect(span.sessionID == "s-1" && span.sessionName == "Renamed")
    }

    @Test func anExplicitParentThatIsNotCurrentLosesToTheScopes() async throws {
        let test = TestTracer()
        let parent = test.tracer.startSpan("parent", sessionID: "parent-session", userID: "parent-user")
        await withSession("scope-session") {
            test.tracer.withSpan("child", parent: .span(parent)) { _ in }
        }
        parent.end()
        let child = try #require(test.exporter.spans(named: "child").first)
        #expect(child.sessionID == "scope-session" && child.userID == "parent-user")
    }

    @Test func metadataOnASpanIsNotInheritedButTheScopesIs() async throws {
        let test = TestTracer()
        await withAttributes(metadata: ["feature": "search"]) {
            test.tracer.withSpan("parent") { parent in
                parent.setMetadata(["only": "parent"])
                test.tracer.withSpan("child") { _ in }
            }
        }
        #expect(test.exporter.spans(named: "child").first?.attributes["metadata"] == #"{"feature":"search"}"#)
        #expect(test.exporter.spans(named: "parent").first?.attributes["metadata"] == #"{"only":"parent"}"#)
    }

    @Test func tagsMergeAndExportAsASortedList() async throws {
        let test = TestTracer()
        await withTracer(test.tracer) { await taggedWork() }
        let span = try #require(test.exporter.spans.first)
        #expect(span.tags == ["env": "prod", "team": "ranking", "beta": ""])
        #expect(span.tagList == ["beta", "env:prod", "team:ranking"])
        #expect(span.exportAttributes["tag.tags"] == .stringArray(["beta", "env:prod", "team:ranking"]))
    }

    @Test func theJSONSessionIDIsTheOneTheJSONFormatSends() async throws {
        let test = TestTracer()
        let uuid = UUID().uuidString
        let textIDRead = await withSession("chat-42") { test.tracer.withSpan("text-id") { jsonSessionID(of: $0) } }
        let uuidIDRead = await withSession(uuid) { test.tracer.withSpan("uuid-id") { jsonSessionID(of: $0) } }
        let textID = try #require(test.exporter.spans(named: "text-id").first).toJSON()
        let uuidID = try #require(test.exporter.spans(named: "uuid-id").first).toJSON()
        // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "chat-42"), as the article says.
        #expect(textIDRead == "d5b82663-4051-5a4c-9808-616c909bbbc5")
        #expect(textID["session_id"] == .string("d5b82663-4051-5a4c-9808-616c909bbbc5"))
        #expect(textID["session_name"] == "chat-42")
        #expect(uuidIDRead == uuid.lowercased())
        #expect(uuidID["session_id"] == .string(uuid.lowercased()))
    }
}
