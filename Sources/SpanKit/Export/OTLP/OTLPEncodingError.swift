/// Why a batch of spans could not be encoded as an OTLP request.
@_spi(Benchmarks) public enum OTLPEncodingError: Error, Sendable, Hashable {
    /// The request would exceed protobuf's 2 GiB message limit, which receivers enforce.
    /// Split the batch and encode the halves separately.
    case requestTooLarge(byteCount: Int)
    /// The bytes written differed from the size computed for them. This is a bug in SpanKit;
    /// the request is not sent because its length prefixes would be wrong.
    case sizeMismatch(expected: Int, written: Int)
}
