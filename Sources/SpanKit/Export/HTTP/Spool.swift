import Foundation

/// Stores undeliverable export requests on disk (see ``SpoolConfiguration``).
///
/// File format: the line `SPANKIT-SPOOL/1`, a JSON header line describing the requests (URL,
/// content type and encoding, span count, body length) with an FNV-1a checksum of the bodies, then
/// the bodies. Headers, and so API keys, are never stored, nor a user name or password written
/// into the endpoint URL. A file that does not parse, or whose lengths or checksum disagree, is
/// reported once and renamed with a `.corrupt` suffix so it is never
/// retried or mistaken for data; files without the `.spool` extension are reported once and
/// left alone.
///
/// Replay (``entries(limit:)``, in `Spool+Replay.swift`) claims a file before it is sent, so
/// exporters and processes may share a directory.
final class Spool: Sendable {
    static let fileExtension = "spool"
    static let magic = Data("SPANKIT-SPOOL/1\n".utf8)

    /// A stored batch, claimed by this spool until it is removed or released.
    struct Entry: Sendable {
        /// Where the claimed file lies now (see `Spool+Replay.swift`).
        let file: URL
        let requests: [UploadRequest]
        var spanCount: Int { requests.reduce(0) { $0 + $1.spanCount } }
    }

    private struct Header: Codable {
        var destination: String
        var created: String
        var checksum: String
        var requests: [RequestHeader]
    }

    private struct RequestHeader: Codable {
        var url: String
        var contentType: String
        var contentEncoding: String?
        var spanCount: Int
        var purpose: UploadRequest.Purpose
        var length: Int
    }

    let configuration: SpoolConfiguration
    /// The wire format of the exporter whose batches a file holds (`otlp`, `json`); exporters of
    /// another format leave the file alone.
    let destination: String
    private let sink: DeliverySink
    /// Names files by creation time, so replay goes oldest first.
    let clock: any PipelineClock
    private let reported = Locked<Set<String>>.make([])
    /// The bytes the directory holds as last measured plus what this spool wrote since, and
    /// how many stores ago it was measured: a burst spilling to the spool stores hundreds of
    /// files, and measuring the directory for each costs a listing and a stat per file.
    let usage = Locked<(bytes: Int, storesSinceMeasured: Int)?>.make(nil)
    /// Stores between two measurements of the directory (other processes may write to it).
    static let storesPerMeasurement = 32
    /// Whether the directory may hold files to replay (see ``SpoolHoldings``).
    let holdings = Locked<SpoolHoldings>.make(SpoolHoldings())
    /// Names this spool's claims, beside their time (see ``claimedName(of:)``).
    let claimToken = String(IDGenerator.makeUUID().lowercasedString.prefix(8))

    init(configuration: SpoolConfiguration, destination: String, clock: any PipelineClock = SystemPipelineClock(), sink: DeliverySink) {
        self.configuration = configuration
        self.destination = destination
        self.clock = clock
        self.sink = sink
    }

    /// Writes the requests as one file; false (reported) when the directory cannot be written
    /// or the spool is full.
    func store(_ requests: [UploadRequest]) -> Bool {
        write(requests, over: nil)
    }

    /// Replaces a claimed entry's file with `requests`, the part of it not sent yet, in one
    /// rename: a process that dies meanwhile leaves the old file or the new one, never both
    /// (which would send the part already accepted again). The entry's own bytes do not count
    /// against the limit, so a full spool can still shrink a file. Release the entry afterwards
    /// to put the file back in its place. False (reported) when it cannot be written.
    func rewrite(_ entry: Entry, keeping requests: [UploadRequest]) -> Bool {
        write(requests, over: entry)
    }

    private func write(_ requests: [UploadRequest], over replaced: Entry?) -> Bool {
        guard !requests.isEmpty else { return true }
        let now = clock.wallClock
        let data = Self.encode(requests, destination: destination, created: now)
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
            let replacedBytes = replaced.flatMap { try? $0.file.resourceValues(forKeys: [.fileSizeKey]).fileSize } ?? 0
            let used = usedBytes() - replacedBytes
            guard used + data.count <= configuration.maxBytes else {
                usage.withLock { $0 = nil }
                report(Diagnostic(.spoolFailed, "spool \(configuration.directory.path) is full (\(used) of \(configuration.maxBytes) bytes); a batch of \(requests.reduce(0) { $0 + $1.spanCount }) spans was not stored"))
                return false
            }
            try data.write(to: replaced?.file ?? newFile(at: now), options: .atomic)
            usage.withLock { $0?.bytes += data.count - replacedBytes }
            // After the write: a listing that began before it cannot clear the flag after it.
            if replaced == nil { holdings.withLock { $0.stored() } }
            return true
        } catch {
            report(Diagnostic(.spoolFailed, "could not write to spool \(configuration.directory.path): \(Self.describe(error))"))
            return false
        }
    }

    /// A new file's name, which sorts by creation time, so replay goes oldest first.
    private func newFile(at now: Date) -> URL {
        let stamp = String(UInt64(max(0, now.timeIntervalSince1970) * 1_000_000), radix: 10)
        let name = String(repeating: "0", count: max(0, 20 - stamp.count)) + stamp + "-" + IDGenerator.makeUUID().lowercasedString
        return configuration.directory.appendingPathComponent(name).appendingPathExtension(Self.fileExtension)
    }

    /// The bytes in the directory: measured every ``storesPerMeasurement`` stores, counted
    /// in between.
    private func usedBytes() -> Int {
        if let known = usage.withLock({ usage -> Int? in
            guard let current = usage, current.storesSinceMeasured < Self.storesPerMeasurement else { return nil }
            usage = (current.bytes, current.storesSinceMeasured + 1)
            return current.bytes
        }) {
            return known
        }
        // Claimed files too: they hold their bytes until they are sent.
        let measured = (listing() ?? []).reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        usage.withLock { $0 = (measured, 0) }
        return measured
    }

    func quarantine(_ file: URL, reason: String) {
        let target = file.appendingPathExtension("corrupt")
        let moved = (try? FileManager.default.moveItem(at: file, to: target)) != nil
        reportOnce(file, Diagnostic(
            .spoolFailed,
            "spool file \(file.lastPathComponent) is corrupt (\(reason)); " + (moved ? "renamed to \(target.lastPathComponent)" : "skipped")))
    }

    func reportOnce(_ file: URL, _ diagnostic: Diagnostic) {
        let isNew = reported.withLock { $0.insert(file.lastPathComponent).inserted }
        if isNew { report(diagnostic) }
    }

    private func report(_ diagnostic: Diagnostic) { sink.report(diagnostic) }

    static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return "\(nsError.domain) \(nsError.code)"
    }

    // MARK: - Format

    static func encode(_ requests: [UploadRequest], destination: String, created: Date = Date()) -> Data {
        let header = Header(
            destination: destination,
            created: Timestamp.iso8601(unixNanoseconds: created.unixNanoseconds),
            checksum: checksum(requests.map(\.body)),
            requests: requests.map {
                RequestHeader(
                    url: $0.url.withoutCredentials.absoluteString, contentType: $0.contentType, contentEncoding: $0.contentEncoding,
                    spanCount: $0.spanCount, purpose: $0.purpose, length: $0.body.count)
            })
        var data = magic
        data.append((try? JSONEncoder().encode(header)) ?? Data("{}".utf8))
        data.append(0x0A)
        for request in requests { data.append(request.body) }
        return data
    }

    static func decode(_ data: Data) -> Result<(String, [UploadRequest]), SpoolFormatError> {
        guard data.starts(with: magic) else { return .failure(SpoolFormatError("not a SpanKit spool file")) }
        let afterMagic = data.index(data.startIndex, offsetBy: magic.count)
        guard let newline = data[afterMagic...].firstIndex(of: 0x0A) else { return .failure(SpoolFormatError("truncated header")) }
        guard let header = try? JSONDecoder().decode(Header.self, from: data[afterMagic..<newline]) else {
            return .failure(SpoolFormatError("unreadable header"))
        }
        var offset = data.index(after: newline)
        var requests: [UploadRequest] = []
        for item in header.requests {
            guard item.length >= 0, item.spanCount >= 0, data.endIndex - offset >= item.length, let url = URL(string: item.url) else {
                return .failure(SpoolFormatError("truncated or inconsistent body"))
            }
            let body = Data(data[offset..<offset + item.length])
            offset += item.length
            requests.append(UploadRequest(
                url: url, contentType: item.contentType, contentEncoding: item.contentEncoding, body: body,
                spanCount: item.spanCount, purpose: item.purpose))
        }
        guard offset == data.endIndex else { return .failure(SpoolFormatError("unexpected trailing bytes")) }
        guard checksum(requests.map(\.body)) == header.checksum else { return .failure(SpoolFormatError("checksum mismatch")) }
        return .success((header.destination, requests))
    }

    /// FNV-1a, 64-bit: enough to notice a damaged file, not a security measure.
    static func checksum(_ bodies: [Data]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for body in bodies {
            for byte in body {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }
}

/// Why a spool file could not be read.
struct SpoolFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
