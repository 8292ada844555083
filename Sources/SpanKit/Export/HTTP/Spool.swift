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
/// A file is claimed before it is sent: renamed with a `.sending` suffix, which only one
/// replayer can do. So two exporters or processes that share the directory never send the same
/// batch twice, and one never reports as unreadable a file another just delivered. A file sent
/// or rejected for good is deleted; one that could not be sent yet is put back. A claim older
/// than ``staleClaimAge`` belongs to a replayer that died mid-send, and is put back too.
final class Spool: Sendable {
    static let fileExtension = "spool"
    /// The suffix of a file a replayer has claimed (see ``entries(limit:)``).
    static let claimedExtension = "sending"
    /// Far longer than any export may take (its deadline bounds a replay).
    static let staleClaimAge: TimeInterval = 600
    static let magic = Data("SPANKIT-SPOOL/1\n".utf8)

    /// A stored batch, claimed by this spool until it is removed or released.
    struct Entry: Sendable {
        /// Where the claimed file lies now (with the `.sending` suffix).
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
    private let clock: any PipelineClock
    private let reported = Locked<Set<String>>.make([])
    /// The bytes the directory holds as last measured plus what this spool wrote since, and
    /// how many stores ago it was measured: a burst spilling to the spool stores hundreds of
    /// files, and measuring the directory for each costs a listing and a stat per file.
    private let usage = Locked<(bytes: Int, storesSinceMeasured: Int)?>.make(nil)
    /// Stores between two measurements of the directory (other processes may write to it).
    static let storesPerMeasurement = 32
    /// Whether the directory may hold files of this destination, and how many files this spool
    /// stored: a listing that finds none clears the flag unless a store happened meanwhile, and
    /// every store sets it. So an idle pipeline (see ``Delivery/replay(deadline:)``) and every
    /// successful export look for files to replay without listing an empty directory each time.
    private let holdings = Locked<(mayHoldFiles: Bool, stores: UInt64)>.make((true, 0))

    init(configuration: SpoolConfiguration, destination: String, clock: any PipelineClock = SystemPipelineClock(), sink: DeliverySink) {
        self.configuration = configuration
        self.destination = destination
        self.clock = clock
        self.sink = sink
    }

    /// Writes the requests as one file; false (reported) when the directory cannot be written
    /// or the spool is full.
    func store(_ requests: [UploadRequest]) -> Bool {
        guard !requests.isEmpty else { return true }
        let now = clock.wallClock
        let data = Self.encode(requests, destination: destination, created: now)
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
            let used = usedBytes()
            guard used + data.count <= configuration.maxBytes else {
                usage.withLock { $0 = nil }
                report(Diagnostic(.spoolFailed, "spool \(configuration.directory.path) is full (\(used) of \(configuration.maxBytes) bytes); a batch of \(requests.reduce(0) { $0 + $1.spanCount }) spans was not stored"))
                return false
            }
            // The name sorts by creation time, so replay goes oldest first.
            let stamp = String(UInt64(max(0, now.timeIntervalSince1970) * 1_000_000), radix: 10)
            let name = String(repeating: "0", count: max(0, 20 - stamp.count)) + stamp + "-" + IDGenerator.makeUUID().lowercasedString
            let file = configuration.directory.appendingPathComponent(name).appendingPathExtension(Self.fileExtension)
            try data.write(to: file, options: .atomic)
            usage.withLock { $0?.bytes += data.count }
            // After the write: a listing that began before it cannot clear the flag after it.
            holdings.withLock { $0 = (true, $0.stores &+ 1) }
            return true
        } catch {
            report(Diagnostic(.spoolFailed, "could not write to spool \(configuration.directory.path): \(Self.describe(error))"))
            return false
        }
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
        let measured = listing().reduce(0) { $0 + ((try? $1.file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        usage.withLock { $0 = (measured, 0) }
        return measured
    }

    /// Up to `limit` stored entries of this destination, oldest first, each claimed for this
    /// spool: ``remove(_:)`` deletes it once sent, ``release(_:)`` puts back what was not.
    /// Corrupt files are reported and renamed; they do not count towards the limit. None, without
    /// a listing, once a listing found none of this destination and nothing was stored since.
    func entries(limit: Int) -> [Entry] {
        let (mayHoldFiles, storesBefore) = holdings.withLock { $0 }
        guard mayHoldFiles else { return [] }
        var result: [Entry] = []
        var claimedElsewhere = false
        defer {
            if result.isEmpty, !claimedElsewhere {
                holdings.withLock { if $0.stores == storesBefore { $0.mayHoldFiles = false } }
            }
        }
        let listing = spoolFiles()
        claimedElsewhere = listing.hasClaims
        for file in listing.unclaimed {
            guard result.count < limit else { break }
            guard let data = try? Data(contentsOf: file) else {
                // Gone since the listing: another replayer sent it.
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                reportOnce(file, Diagnostic(.spoolFailed, "spool file \(file.lastPathComponent) could not be read; skipped"))
                continue
            }
            switch Self.decode(data) {
            case .success(let (fileDestination, requests)):
                guard fileDestination == destination else { continue }
                // Read first and claimed after: files are never changed once written, and files
                // of another destination are left where they are.
                if let claimed = claim(file) {
                    result.append(Entry(file: claimed, requests: requests))
                } else {
                    claimedElsewhere = true
                }
            case .failure(let reason):
                quarantine(file, reason: reason.description)
            }
        }
        return result
    }

    /// Renames `file` with the claimed suffix, dated now (the age a stale claim is told by);
    /// nil when another replayer claimed or deleted it first.
    private func claim(_ file: URL) -> URL? {
        let claimed = file.appendingPathExtension(Self.claimedExtension)
        guard rename(file.path, claimed.path) == 0 else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: claimed.path)
        return claimed
    }

    /// Puts back entries that were claimed and not sent, for a later round or another replayer.
    func release(_ entries: some Sequence<Entry>) {
        for entry in entries { unclaim(entry.file) }
    }

    @discardableResult
    private func unclaim(_ claimed: URL) -> URL {
        let original = claimed.deletingPathExtension()
        _ = rename(claimed.path, original.path)
        return original
    }

    /// Deletes an entry's file once its requests were accepted (or can never be).
    func remove(_ entry: Entry) {
        do {
            let size = (try? entry.file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            try FileManager.default.removeItem(at: entry.file)
            usage.withLock { if let current = $0 { $0 = (max(0, current.bytes - size), current.storesSinceMeasured) } }
        } catch {
            reportOnce(entry.file, Diagnostic(.spoolFailed, "delivered spool file \(entry.file.lastPathComponent) could not be removed and may be sent again: \(Self.describe(error))"))
        }
    }

    /// The directory's `.spool` files sorted by name (with stale claims put back among them),
    /// and whether other replayers hold claims now; other files are reported once.
    private func spoolFiles() -> (unclaimed: [URL], hasClaims: Bool) {
        var hasClaims = false
        let files = listing().compactMap { file, modified -> URL? in
            switch file.pathExtension {
            case Self.fileExtension:
                return file
            case Self.claimedExtension:
                guard let modified, Date().timeIntervalSince(modified) > Self.staleClaimAge else {
                    hasClaims = true
                    return nil
                }
                return unclaim(file)
            default:
                return nil
            }
        }
        return (files.sorted { $0.lastPathComponent < $1.lastPathComponent }, hasClaims)
    }

    /// The spool's files, claimed ones included, with their modification dates; foreign files
    /// are reported once and left out.
    private func listing() -> [(file: URL, modified: Date?)] {
        guard let contents = try? FileManager.default.contentsOfDirectory(
            at: configuration.directory, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey], options: [.skipsHiddenFiles])
        else { return [] }
        return contents.compactMap { file in
            switch file.pathExtension {
            case Self.fileExtension, Self.claimedExtension:
                return (file, try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)
            case "corrupt":
                return nil
            default:
                reportOnce(file, Diagnostic(.spoolFailed, "foreign file \(file.lastPathComponent) in spool \(configuration.directory.path) ignored"))
                return nil
            }
        }
    }

    private func quarantine(_ file: URL, reason: String) {
        let target = file.appendingPathExtension("corrupt")
        let moved = (try? FileManager.default.moveItem(at: file, to: target)) != nil
        reportOnce(file, Diagnostic(
            .spoolFailed,
            "spool file \(file.lastPathComponent) is corrupt (\(reason)); " + (moved ? "renamed to \(target.lastPathComponent)" : "skipped")))
    }

    private func reportOnce(_ file: URL, _ diagnostic: Diagnostic) {
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
