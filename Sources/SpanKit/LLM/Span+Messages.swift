import OpenInference
extension Span {
    /// Records the chat messages sent to the model as `llm.input_messages.{i}.message.*`.
    ///
    /// ```swift
    /// span.setInputMessages([.system("Answer from the documents."), .user(question)])
    /// ```
    ///
    /// Call it once per span: the messages are written at indices from zero, and a shorter list
    /// written later would leave the earlier list's tail in place.
    public func setInputMessages(_ messages: [Message]) {
        setMessages(messages, direction: .input)
    }

    /// Records the messages the model returned as `llm.output_messages.{i}.message.*`.
    ///
    /// ```swift
    /// span.setOutputMessages([.assistant(reply.text)])
    /// ```
    public func setOutputMessages(_ messages: [Message]) {
        setMessages(messages, direction: .output)
    }

    private func setMessages(_ messages: [Message], direction: MessageDirection) {
        guard storage != nil, !messages.isEmpty else { return }
        // Outside the span's lock: the cache takes its own.
        let cached = MessageKeyCache.keys(direction, count: messages.count)
        // Through pointers into the buffer: the array's subscript, `enumerated()` and `reduce`
        // copy each message (a retain and release per string and array of it).
        messages.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!  // not empty, checked above
            var capacity = 0
            for index in buffer.indices { capacity += Message.attributeCapacity(of: base + index) }
            setAttributes(reserving: capacity) { list in
                list.recordIOValueIfHidden(input: direction == .input)
                for index in buffer.indices {
                    let keys = MessageKeyCache.keys(at: index, direction, in: cached)
                    Message.appendAttributes(of: base + index, to: &list, key: MessageKey(direction, index), keys: keys)
                }
            }
        }
    }
}
