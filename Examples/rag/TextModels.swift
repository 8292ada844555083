// Stand-ins for an embedding model and a cross-encoder reranker. They are deliberately tiny but
// behave like the real thing: similar texts get similar vectors, and the reranker scores a
// (query, passage) pair directly.
import Foundation

/// The words of a text that carry meaning: lowercased, without punctuation and short words.
func keywords(_ text: String) -> Set<String> {
    let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }
    return Set(words.filter { $0.count > 3 }.map(String.init))
}

/// A 16-dimensional hashed bag-of-words vector of unit length. FNV-1a rather than `Hasher`,
/// because `Hasher` is seeded per process and vectors must not change between runs.
func embed(_ text: String, dimensions: Int = 16) -> [Float] {
    var vector = [Float](repeating: 0, count: dimensions)
    for word in keywords(text) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        vector[Int(hash % UInt64(dimensions))] += 1
    }
    let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return length > 0 ? vector.map { $0 / length } : vector
}

/// Cosine similarity of two unit vectors.
func similarity(_ a: [Float], _ b: [Float]) -> Double {
    Double(zip(a, b).reduce(0) { $0 + $1.0 * $1.1 })
}

/// A cross-encoder's relevance score: the share of the query's keywords found in the passage.
func relevance(of passage: String, to query: String) -> Double {
    let wanted = keywords(query)
    guard !wanted.isEmpty else { return 0 }
    return Double(wanted.intersection(keywords(passage)).count) / Double(wanted.count)
}
