import Foundation
@_spi(Integration) @testable import SpanKit
import Testing

@Suite struct ContextTests {
    @Test func concurrentChildrenInATaskGroupAllHaveTheParent() async throws {
        let test = TestTracer()
        let parent = await test.tracer.withSpan("parent", kind: .agent) { parent in
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        await test.tracer.withSpan("child-\(index)", kind: .tool) { _ in
                            await Task.yield()
                        }
                    }
                }
            }
            return parent
        }
        let children = test.exporter.spans.filter { $0.name.hasPrefix("child-") }
        #expect(children.count == 100)
        for child in children {
            #expect(child.parentID == parent.spanID)
            #expect(child.traceID == parent.traceID)
        }
        #expect(Set(children.map(\.spanID)).count == 100)
    }

    @Test func concurrentRootSpansAreDistinctTracesWithoutSiblingParents() async throws {
        let test = TestTracer()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    await test.tracer.withSpan("root-\(index)") { _ in
                        await Task.yield()
                        await test.tracer.withSpan("inner-\(index)") { _ in await Task.yield() }
                    }
                }
            }
        }
        let roots = test.exporter.spans.filter { $0.name.hasPrefix("root-") }
        #expect(roots.count == 100)
        #expect(roots.allSatisfy { $0.parentID == nil })
        #expect(Set(roots.map(\.traceID)).count == 100)
        let rootIDs = Dictionary(uniqueKeysWithValues: roots.map { ($0.name.dropFirst(5), $0) })
        for inner in test.exporter.spans.filter({ $0.name.hasPrefix("inner-") }) {
            let root = try #require(rootIDs[inner.name.dropFirst(6)])
            #expect(inner.parentID == root.spanID)
            #expect(inner.traceID == root.traceID)
        }
    }

    @Test func currentSpanIsTheInnermostWithSpan() {
        let test = TestTracer()
        #expect(Span.current == nil)
        test.tracer.withSpan("outer") { outer in
            #expect(Span.current?.spanID == outer.spanID)
            test.tracer.withSpan("inner") { inner in
                #expect(Span.current?.spanID == inner.spanID)
                #expect(inner.parentID == outer.spanID)
            }
            #expect(Span.current?.spanID == outer.spanID)
        }
        #expect(Span.current == nil)
    }

    @Test func startSpanDoesNotChangeTheAmbientContext() throws {
        let test = TestTracer()
        test.tracer.withSpan("outer") { outer in
            let manual = test.tracer.startSpan("manual")
            #expect(manual.parentID == outer.spanID)
            #expect(Span.current?.spanID == outer.spanID)
            let child = test.tracer.startSpan("child-of-manual", parent: .span(manual))
            #expect(child.parentID == manual.spanID)
            #expect(child.traceID == outer.traceID)
            child.end()
            manual.end()
        }
        let root = test.tracer.startSpan("new-root", parent: .root)
        #expect(root.parentID == nil)
        root.end()
    }

    @Test func sessionUserAndTagsAreInheritedAndExplicitValuesWin() async throws {
        let test = TestTracer()
        await withSession("chat-42", name: "Customer 42") {
            await withAttributes(userID: "user-7") {
                await withAttributes(tags: ["env": "prod"]) {
                    test.tracer.withSpan("root", tags: ["team": "search"]) { _ in
                        test.tracer.withSpan("child") { _ in }
                        test.tracer.withSpan("override", sessionID: "chat-99", userID: "user-8", tags: ["env": "dev"]) { _ in
                            test.tracer.withSpan("grandchild") { _ in }
                        }
                    }
                }
            }
        }
        let spans = Dictionary(uniqueKeysWithValues: test.exporter.spans.map { ($0.name, $0) })
        let root = try #require(spans["root"]), child = try #require(spans["child"])
        #expect(root.sessionID == "chat-42" && root.sessionName == "Customer 42" && root.userID == "user-7")
        #expect(root.tags == ["env": "prod", "team": "search"])
        #expect(child.sessionID == "chat-42" && child.sessionName == "Customer 42" && child.userID == "user-7")
        #expect(child.tags == ["env": "prod", "team": "search"])
        let override = try #require(spans["override"]), grandchild = try #require(spans["grandchild"])
        #expect(override.sessionID == "chat-99" && override.sessionName == nil && override.userID == "user-8")
        #expect(override.tags == ["env": "dev", "team": "search"])
        #expect(grandchild.sessionID == "chat-99" && grandchild.userID == "user-8")
        #expect(grandchild.tags == ["env": "dev", "team": "search"])
    }

    @Test func scopeOpenedInsideASpanWinsOverThatSpansValues() async throws {
        let test = TestTracer()
        await test.tracer.withSpan("parent", sessionID: "outer-session", userID: "u1") { _ in
            await withSession("inner-session") {
                test.tracer.withSpan("child") { _ in }
            }
            await withAttributes(userID: "u2") {
                test.tracer.withSpan("child-with-user") { _ in }
            }
        }
        let spans = Dictionary(uniqueKeysWithValues: test.exporter.spans.map { ($0.name, $0) })
        #expect(spans["child"]?.sessionID == "inner-session")
        #expect(spans["child"]?.userID == "u1")
        #expect(spans["child-with-user"]?.sessionID == "outer-session")
        #expect(spans["child-with-user"]?.userID == "u2")
    }

    @Test func sessionSetInsideTheParentReachesLaterChildren() throws {
        let test = TestTracer()
        test.tracer.withSpan("parent") { parent in
            parent.setSession(id: "late-session")
            parent.setTags(["stage": "2"])
            test.tracer.withSpan("child") { _ in }
        }
        let child = try #require(test.exporter.spans(named: "child").first)
        #expect(child.sessionID == "late-session")
        #expect(child.tags["stage"] == "2")
    }

    @Test func metadataAndPromptTemplateBecomeAttributes() async throws {
        let test = TestTracer()
        await withAttributes(metadata: ["tier": "gold", "n": 3]) {
            await withAttributes(metadata: ["n": 4]) {
                await withAttributes(promptTemplate: PromptTemplate("Answer {question}", variables: ["question": "why?"], version: "v2")) {
                    test.tracer.withSpan("llm", kind: .llm, attributes: ["llm.prompt_template.version": "explicit"]) { _ in }
                }
            }
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.attributes["metadata"] == .string(#"{"n":4,"tier":"gold"}"#))
        #expect(record.attributes["llm.prompt_template.template"] == .string("Answer {question}"))
        #expect(record.attributes["llm.prompt_template.variables"] == .string(#"{"question":"why?"}"#))
        #expect(record.attributes["llm.prompt_template.version"] == .string("explicit"))
    }

    @Test func listTagsAreKeysWithEmptyValues() async throws {
        let test = TestTracer()
        await withAttributes(tags: ["beta": "", "ios": ""]) {
            test.tracer.withSpan("tagged") { _ in }
        }
        #expect(test.exporter.spans.first?.tags == ["beta": "", "ios": ""])
    }

    @Test func withTracerOverridesTheGlobalTracerForThisTaskOnly() async {
        let test = TestTracer()
        await withTracer(test.tracer) {
            await tracer.withSpan("through-global-accessor") { span in
                await Task.yield()
                #expect(span.isRecording)
            }
        }
        #expect(test.exporter.spans.map(\.name) == ["through-global-accessor"])
    }

    @Test func remoteParentContinuesTheTrace() throws {
        let test = TestTracer()
        let remote = try #require(W3CTraceContext.parse(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "vendor=abc"))
        test.tracer.withSpan("server", otelKind: .server, parent: .context(remote)) { span in
            #expect(span.traceID == remote.traceID)
            #expect(span.parentID == remote.spanID)
            #expect(span.context.traceState == "vendor=abc")
        }
        let record = try #require(test.exporter.spans.first)
        #expect(record.parentID?.lowercasedString == "00f067aa-0ba9-02b7-a0a2-fd348fb6cc8f")
        #expect(record.parentSpanID == 0x00f0_67aa_0ba9_02b7)
        #expect(record.otelKind == .server)
    }
}
