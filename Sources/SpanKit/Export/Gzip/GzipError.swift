/// Why ``Gzip/compress(_:level:)`` failed. The codes are zlib's (`Z_STREAM_ERROR` is -2,
/// `Z_BUF_ERROR` -5, `Z_VERSION_ERROR` -6).
@_spi(Benchmarks) public enum GzipError: Error, Sendable, Hashable {
    /// zlib could not allocate its working memory.
    case outOfMemory
    /// zlib refused to set up the stream, for example because the zlib library found at run
    /// time is incompatible with the headers SpanKit was built against.
    case initializationFailed(zlibCode: Int32)
    /// zlib reported an error while compressing.
    case compressionFailed(zlibCode: Int32)
}
