import OpenInference
import Testing

@Test func spanKindsAreUppercase() {
    for kind in SpanKind.allCases {
        #expect(kind.rawValue == kind.rawValue.uppercased())
    }
}
