import OpenInference
extension Span {
    /// Records the agent this span belongs to as `agent.name`; agents with the same role should
    /// share a name.
    public func setAgent(name: String) {
        setAttribute(SpanAttributes.agentName, .string(name))
    }

    /// Places the span in an agent graph: `graph.node.id`, `graph.node.name` and
    /// `graph.node.parent_id` (nil for the root node). Phoenix draws the graph from these.
    public func setGraphNode(id: String, name: String? = nil, parentID: String? = nil) {
        guard storage != nil else { return }
        setAttributes(reserving: 3) { list in
            list.append(SpanAttributes.graphNodeID, .string(id))
            list.append(SpanAttributes.graphNodeName, name)
            list.append(SpanAttributes.graphNodeParentID, parentID)
        }
    }
}
