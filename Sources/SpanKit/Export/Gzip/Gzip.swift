internal import CZlib

/// gzip compression (RFC 1952) through the system zlib, for `Content-Encoding: gzip` request
/// bodies.
///
/// ```swift
/// let body = try Gzip.compress(try encoder.encode(spans))
/// ```
@_spi(Benchmarks) public enum Gzip {
    /// Compresses `bytes` into a complete gzip member: header, deflate stream and the CRC-32 and
    /// length trailer, readable by any gzip decoder (`gzip.decompress` in Python, `gunzip`).
    ///
    /// Never traps: every zlib failure becomes a ``GzipError``.
    ///
    /// - Parameters:
    ///   - bytes: the data to compress; may be empty.
    ///   - level: the trade-off between speed and size; zlib's default (6) when omitted.
    public static func compress(_ bytes: [UInt8], level: Level = .default) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        let setup = spankit_deflateInit2_gzip(&stream, level.zlibValue)
        guard setup == Z_OK else {
            throw setup == Z_MEM_ERROR ? .outOfMemory : .initializationFailed(zlibCode: setup)
        }
        defer { deflateEnd(&stream) }

        // deflateBound after deflateInit2 accounts for the gzip header and trailer, so a single
        // buffer of that size always holds the whole result.
        let capacity = Int(clamping: deflateBound(&stream, uLong(clamping: bytes.count)))
        var failure: GzipError?
        let compressed = bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: capacity) { output, initializedCount in
                initializedCount = 0
                failure = deflateAll(&stream, from: input, into: output, producedCount: &initializedCount)
            }
        }
        if let failure { throw failure }
        return compressed
    }

    /// Runs deflate to the end of the stream; returns the error, if any. zlib counts bytes in
    /// 32-bit fields, so input and output are handed over in chunks of at most 4 GiB.
    private static func deflateAll(
        _ stream: inout z_stream, from input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
        producedCount: inout Int
    ) -> GzipError? {
        // Where Int has 32 bits (watchOS on arm64_32) every count already fits.
        let chunkLimit = Int(clamping: UInt32.max)
        var consumedCount = 0
        while true {
            let inputChunk = min(input.count - consumedCount, chunkLimit)
            let outputChunk = min(output.count - producedCount, chunkLimit)
            // zlib never writes through next_in; its header just lacks the const.
            stream.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0 + consumedCount) }
            stream.avail_in = UInt32(inputChunk)
            stream.next_out = output.baseAddress.map { $0 + producedCount }
            stream.avail_out = UInt32(outputChunk)
            let isLastChunk = consumedCount + inputChunk == input.count
            let status = deflate(&stream, isLastChunk ? Z_FINISH : Z_NO_FLUSH)
            let consumed = inputChunk - Int(stream.avail_in)
            let produced = outputChunk - Int(stream.avail_out)
            consumedCount += consumed
            producedCount += produced
            switch status {
            case Z_STREAM_END:
                return nil
            case Z_OK, Z_BUF_ERROR:
                // Z_BUF_ERROR only means this call could not progress; no progress at all
                // (the output is full) would loop forever, so it ends the attempt.
                if consumed == 0 && produced == 0 { return .compressionFailed(zlibCode: status) }
            case Z_MEM_ERROR:
                return .outOfMemory
            default:
                return .compressionFailed(zlibCode: status)
            }
        }
    }
}
