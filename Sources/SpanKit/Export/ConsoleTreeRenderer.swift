import Foundation

/// Turns a ``ConsoleTree`` into aligned text lines:
///
/// ```
/// answer-question     CHAIN      26.1 ms  ok  accurate=true  session=chat-42  user=user-1  trace=4bf92f35
/// ├─ search-docs      RETRIEVER  3.21 ms  ok
/// └─ chat-completion  LLM        20.3 ms  ok  gpt-4o-mini  tokens 42→9  cost=0.000012
/// ```
struct ConsoleTreeRenderer: Sendable {
    let usesColors: Bool
    let showsAttributes: Bool

    static let nameLimit = 48
    static let messageLimit = 80
    static let valueLimit = 120

    private struct Cell {
        var text: String
        var style: ConsoleStyle?
    }

    private struct Row {
        var guide: String
        var name: String
        var isSubtreeRoot: Bool
        var kind: String
        var durationNumber: String
        var durationUnit: String
        var status: Cell
        var extras: [Cell]
        /// Attribute lines, each already prefixed with its tree guides.
        var details: [(guide: String, text: String)]
    }

    /// The tree as lines, each ending in a newline.
    func render(_ tree: ConsoleTree) -> String {
        let rows = makeRows(tree)
        let nameWidth = rows.map { $0.guide.count + $0.name.count }.max() ?? 0
        let kindWidth = rows.map(\.kind.count).max() ?? 0
        let numberWidth = rows.map(\.durationNumber.count).max() ?? 0
        let unitWidth = rows.map(\.durationUnit.count).max() ?? 0
        let statusWidth = rows.map(\.status.text.count).max() ?? 0

        var output = ""
        for row in rows {
            var line = style(row.guide, .dim) + style(row.name, row.isSubtreeRoot ? .bold : nil)
            line += padding(nameWidth - row.guide.count - row.name.count)
            line += "  " + style(row.kind, .cyan) + padding(kindWidth - row.kind.count)
            line += "  " + padding(numberWidth - row.durationNumber.count)
            line += style(row.durationNumber + " " + row.durationUnit, .yellow) + padding(unitWidth - row.durationUnit.count)
            line += "  " + style(row.status.text, row.status.style) + padding(statusWidth - row.status.text.count)
            for extra in row.extras { line += "  " + style(extra.text, extra.style) }
            while line.last == " " { line.removeLast() }
            output += line + "\n"
            for detail in row.details {
                output += style(detail.guide, .dim) + style(detail.text, .dim) + "\n"
            }
        }
        return output
    }

    /// One row per span, depth first, children in start order. Iterative so that a very deep
    /// tree cannot overflow the stack.
    private func makeRows(_ tree: ConsoleTree) -> [Row] {
        let ids = Set(tree.spans.map(\.spanID))
        var children: [UUID: [SpanRecord]] = [:]
        var roots: [SpanRecord] = []
        for span in tree.spans {
            if let parent = span.parentID, parent != span.spanID, ids.contains(parent) {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        var rows: [Row] = []
        var visited = Set<UUID>()
        var stack: [(span: SpanRecord, guide: String, continuation: String)] = sorted(roots).reversed().map { ($0, "", "") }
        while let (span, guide, continuation) = stack.popLast() {
            guard visited.insert(span.spanID).inserted else { continue }
            let ownChildren = sorted(children[span.spanID] ?? [])
            let mark: ConsoleTree.RootMark? = guide.isEmpty ? tree.marks[span.spanID] ?? .orphaned : nil
            rows.append(makeRow(span, guide: guide, continuation: continuation, hasChildren: !ownChildren.isEmpty, mark: mark))
            for (position, child) in ownChildren.enumerated().reversed() {
                let isLast = position == ownChildren.count - 1
                stack.append((child, continuation + (isLast ? "└─ " : "├─ "), continuation + (isLast ? "   " : "│  ")))
            }
        }
        return rows
    }

    /// Start order; ties (a coarse clock, spans started together) broken so output is stable.
    private func sorted(_ spans: [SpanRecord]) -> [SpanRecord] {
        spans.sorted {
            ($0.startTimeUnixNanoseconds, $0.endTimeUnixNanoseconds ?? 0, $0.name, $0.spanID.lowercasedString)
                < ($1.startTimeUnixNanoseconds, $1.endTimeUnixNanoseconds ?? 0, $1.name, $1.spanID.lowercasedString)
        }
    }

    private func makeRow(_ span: SpanRecord, guide: String, continuation: String, hasChildren: Bool, mark: ConsoleTree.RootMark?) -> Row {
        let duration: (number: String, unit: String) =
            span.endTimeUnixNanoseconds.map { ConsoleFormat.duration(nanoseconds: $0 &- span.startTimeUnixNanoseconds) } ?? ("?", "")
        var extras: [Cell] = []
        let status: Cell
        switch span.status {
        case .ok: status = Cell(text: "ok", style: .green)
        case .unset: status = Cell(text: "unset", style: .dim)
        case .error(let description):
            status = Cell(text: "error", style: .red)
            let message = description.isEmpty ? span.error?.message ?? "" : description
            if !message.isEmpty {
                extras.append(Cell(text: "\"" + ConsoleFormat.singleLine(message, limit: Self.messageLimit) + "\"", style: .red))
            }
        }
        if let mark, let text = Self.describe(mark, parent: span.parentID) { extras.append(Cell(text: text, style: .yellow)) }
        if let model = span.attributes[Self.modelNameKey]?.stringValue ?? span.attributes[Self.embeddingModelNameKey]?.stringValue {
            extras.append(Cell(text: ConsoleFormat.singleLine(model, limit: Self.nameLimit), style: .blue))
        }
        if let tokens = Self.tokenSummary(span.attributes) { extras.append(Cell(text: tokens, style: nil)) }
        for signal in span.signals { extras.append(Cell(text: Self.describe(signal), style: .magenta)) }
        if mark != nil { extras += Self.grouping(of: span).map { Cell(text: $0, style: .dim) } }

        var details: [(guide: String, text: String)] = []
        if showsAttributes {
            let detailGuide = continuation + (hasChildren ? "│" : " ") + "  "
            for attribute in span.attributes.list {
                let value = ConsoleFormat.singleLine(attribute.value.description, limit: Self.valueLimit)
                details.append((detailGuide, ConsoleFormat.singleLine(attribute.key, limit: Self.valueLimit) + ": " + value))
            }
            if !span.tags.isEmpty {
                let tags = ConsoleFormat.singleLine(span.tagList.joined(separator: ", "), limit: Self.valueLimit)
                details.append((detailGuide, "tags: " + tags))
            }
        }
        return Row(
            guide: guide, name: ConsoleFormat.singleLine(span.name, limit: Self.nameLimit), isSubtreeRoot: mark != nil,
            kind: span.kind.rawValue, durationNumber: duration.number, durationUnit: duration.unit,
            status: status, extras: extras, details: details)
    }

    static let modelNameKey = "llm.model_name"
    static let embeddingModelNameKey = "embedding.model_name"
    static let promptTokensKey = "llm.token_count.prompt"
    static let completionTokensKey = "llm.token_count.completion"
    static let totalTokensKey = "llm.token_count.total"

    /// `tokens 42→9` (prompt→completion), `tokens 51` when only the total is known, nil when
    /// the span counted no tokens.
    static func tokenSummary(_ attributes: Attributes) -> String? {
        func count(_ key: String) -> Int? {
            switch attributes[key] {
            case .int(let value): return value
            case .double(let value) where value.isFinite && abs(value) < 1e15: return Int(value)
            default: return nil
            }
        }
        let prompt = count(promptTokensKey), completion = count(completionTokensKey)
        if prompt != nil || completion != nil {
            return "tokens " + (prompt.map(String.init) ?? "?") + "→" + (completion.map(String.init) ?? "?")
        }
        return count(totalTokensKey).map { "tokens \($0)" }
    }

    /// `cost=0.000012`, `trace:converted=1`, `session:csat=4.5`.
    static func describe(_ signal: Signal) -> String {
        let value: String
        switch signal.value {
        case .boolean(let flag): value = flag ? "true" : "false"
        case .numerical(let number): value = ConsoleFormat.number(number)
        }
        let prefix = signal.target == .span ? "" : signal.target.rawValue + ":"
        return prefix + ConsoleFormat.singleLine(signal.name, limit: nameLimit) + "=" + value
    }

    static func describe(_ mark: ConsoleTree.RootMark, parent: UUID?) -> String? {
        let parentID = ConsoleFormat.shortID(parent?.otelSpanIDHex ?? "")
        switch mark {
        case .traceRoot: return nil
        case .remoteParent(let spanID): return "remote parent " + UUID(otelSpanID: spanID).otelSpanIDHex
        case .late: return "late: parent \(parentID) printed earlier"
        case .orphaned: return "orphaned: parent \(parentID) not ended"
        case .evicted: return "incomplete: parent \(parentID) still open, buffer full"
        }
    }

    /// Session, user and trace for a subtree root's line.
    static func grouping(of span: SpanRecord) -> [String] {
        var cells: [String] = []
        if let session = span.sessionID {
            var text = "session=" + ConsoleFormat.singleLine(session, limit: nameLimit)
            if let name = span.sessionName, name != session { text += " (" + ConsoleFormat.singleLine(name, limit: nameLimit) + ")" }
            cells.append(text)
        }
        if let user = span.userID { cells.append("user=" + ConsoleFormat.singleLine(user, limit: nameLimit)) }
        cells.append("trace=" + ConsoleFormat.shortID(span.traceID.otelTraceIDHex))
        return cells
    }

    private func style(_ text: String, _ style: ConsoleStyle?) -> String {
        style?.apply(to: text, enabled: usesColors) ?? text
    }

    private func padding(_ count: Int) -> String { count > 0 ? String(repeating: " ", count: count) : "" }
}
