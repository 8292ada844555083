import Foundation

/// Taking stored batches out of the spool to send them.
///
/// A file is claimed before it is sent: renamed to `<name>.<seconds>-<token>.sending`, which only
/// one replayer can do, with the claim's wall-clock time and this spool's token in the name. So
/// exporters and processes that share the directory never send the same file twice, and one
/// never reports as unreadable a file another just delivered. A file sent, or rejected for good,
/// is deleted; one that could not be sent yet is put back under its own name. A claim older than
/// ``staleClaimAge`` belongs to a replayer that died (or stopped) mid-send and is put back by the
/// next listing — one rename, which only one replayer can win.
extension Spool {
    /// The suffix of a claimed file.
    static let claimedExtension = "sending"
    /// Far longer than an export may take, its deadline bounding a replay.
    static let staleClaimAge = 600

    /// Up to `limit` stored entries of this destination, oldest first, each claimed for this
    /// spool: ``remove(_:)`` deletes one once sent, ``release(_:)`` puts back what was not.
    /// Corrupt files are reported and renamed; they do not count towards the limit. None, and no
    /// listing, while ``SpoolHoldings`` says there is nothing to find.
    func entries(limit: Int) -> [Entry] {
        let directoryBefore = directoryModificationDate(), listedAt = Date()
        let now = clock.now
        let (needed, generation) = holdings.withLock { ($0.needsListing(directory: directoryBefore, at: now), $0.generation) }
        // A listing that fails says nothing about the files: the flag stays as it is.
        guard needed, let listing = spoolFiles() else { return [] }
        var result: [Entry] = []
        var othersAtWork = listing.othersHoldClaims
        var lastClaimError: Int32?
        for file in listing.unclaimed {
            guard result.count < limit else { break }
            guard let data = try? Data(contentsOf: file) else {
                if FileManager.default.fileExists(atPath: file.path) {
                    reportOnce(file, Diagnostic(.spoolFailed, "spool file \(file.lastPathComponent) could not be read; skipped"))
                } else {
                    othersAtWork = true  // claimed by another replayer since the listing
                }
                continue
            }
            switch Self.decode(data) {
            case .success(let (fileDestination, requests)):
                // Read first, claimed after: files never change once written, and another
                // destination's files stay where they are.
                guard fileDestination == destination else { continue }
                switch claim(file) {
                case .claimed(let claimed):
                    result.append(Entry(file: claimed, requests: requests))
                    lastClaimError = nil
                case .takenElsewhere:
                    othersAtWork = true
                case .failed(let code):
                    reportOnce(file, Diagnostic(.spoolFailed, "spool file \(file.lastPathComponent) could not be claimed for sending (\(String(cString: strerror(code)))); left in place"))
                    // A read-only directory (or one that refuses renames) fails every file: stop
                    // rather than read them all for nothing, keeping the flag. One file's own
                    // problem (a name too long for the claim) skips only that file.
                    if code == EROFS || code == EACCES || code == lastClaimError { return result }
                    lastClaimError = code
                }
            case .failure(let reason):
                quarantine(file, reason: reason.description)
            }
        }
        if result.isEmpty, !othersAtWork {
            holdings.withLock { $0.foundNothing(since: generation, directory: directoryBefore, listedAt: listedAt, at: now) }
        }
        return result
    }

    /// Puts back entries that were claimed and not sent, for a later round or another replayer.
    func release(_ entries: some Sequence<Entry>) {
        var released = false
        for entry in entries {
            unclaim(entry.file)
            released = true
        }
        if released { holdings.withLock { $0.released() } }
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

    // MARK: - Claims

    private enum Claim {
        case claimed(URL)
        /// Another replayer claimed or deleted the file first.
        case takenElsewhere
        /// The `errno` of the rename.
        case failed(Int32)
    }

    private func claim(_ file: URL) -> Claim {
        let seconds = Int(clock.wallClock.timeIntervalSince1970)
        let claimed = file.deletingLastPathComponent()
            .appendingPathComponent("\(file.lastPathComponent).\(seconds)-\(claimToken).\(Self.claimedExtension)")
        if rename(file.path, claimed.path) == 0 { return .claimed(claimed) }
        let code = errno
        return code == ENOENT ? .takenElsewhere : .failed(code)
    }

    /// Renames a claimed file back to its own name; false when it is no longer there.
    @discardableResult
    private func unclaim(_ claimed: URL) -> URL? {
        guard let claim = Self.parseClaim(claimed.lastPathComponent) else { return nil }
        let original = claimed.deletingLastPathComponent().appendingPathComponent(claim.original)
        return rename(claimed.path, original.path) == 0 ? original : nil
    }

    /// The file's own name and the claim's time (nil when the name has none) of a claimed
    /// file's name; nil for a name that is not a claim.
    static func parseClaim(_ name: String) -> (original: String, seconds: Int?)? {
        guard name.hasSuffix(".\(claimedExtension)"), let range = name.range(of: ".\(fileExtension).", options: .backwards) else { return nil }
        return (String(name[..<range.lowerBound]) + "." + fileExtension, Int(name[range.upperBound...].prefix { $0.isNumber }))
    }

    // MARK: - Listing

    /// The directory's `.spool` files sorted by name, stale claims put back among them, and
    /// whether other replayers hold claims now; nil when the directory cannot be listed.
    private func spoolFiles() -> (unclaimed: [URL], othersHoldClaims: Bool)? {
        guard let files = listing() else { return nil }
        let now = Int(clock.wallClock.timeIntervalSince1970)
        var unclaimed: [URL] = []
        var othersHoldClaims = false
        for file in files {
            guard file.pathExtension == Self.claimedExtension else {
                unclaimed.append(file)
                continue
            }
            // Either way: a claim dated ahead (another host's clock, a clock set back) is not
            // held longer than one dated behind.
            if let seconds = Self.parseClaim(file.lastPathComponent)?.seconds, abs(now - seconds) <= Self.staleClaimAge {
                othersHoldClaims = true
            } else if let original = unclaim(file) {
                unclaimed.append(original)
            } else {
                othersHoldClaims = true  // put back, or claimed again, by another replayer first
            }
        }
        return (unclaimed.sorted { $0.lastPathComponent < $1.lastPathComponent }, othersHoldClaims)
    }

    /// The spool's files, claimed ones included; foreign files are reported once and left
    /// out. Nil when the directory cannot be listed (an absent directory holds no files).
    func listing() -> [URL]? {
        let contents: [URL]
        do {
            contents = try FileManager.default.contentsOfDirectory(
                at: configuration.directory, includingPropertiesForKeys: [.fileSizeKey], options: [.skipsHiddenFiles])
        } catch {
            return FileManager.default.fileExists(atPath: configuration.directory.path) ? nil : []
        }
        return contents.filter { file in
            switch file.pathExtension {
            case Self.fileExtension:
                return true
            case Self.claimedExtension where Self.parseClaim(file.lastPathComponent) != nil:
                return true
            case "corrupt":
                return false
            default:
                reportOnce(file, Diagnostic(.spoolFailed, "foreign file \(file.lastPathComponent) in spool \(configuration.directory.path) ignored"))
                return false
            }
        }
    }

    /// When the directory last changed: creating, renaming or deleting a file in it moves it.
    private func directoryModificationDate() -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: configuration.directory.path))?[.modificationDate] as? Date
    }
}

/// Whether a spool's directory may hold files to replay, so that an idle pipeline and every
/// successful export look for them without listing an empty directory each time.
///
/// A listing that finds nothing of this destination, and no claim another replayer may put
/// back, clears it — unless this spool stored a file meanwhile, or the directory changed too
/// recently to tell (``racyInterval``). It holds again after every store and release, when the
/// directory changed since (another process spooled: creating a file moves the directory's
/// modification time), and a minute after it was cleared in any case.
struct SpoolHoldings: Sendable {
    private(set) var mayHoldFiles = true
    /// Files this spool stored, ever.
    private(set) var generation: UInt64 = 0
    /// The directory's modification time before the listing that cleared the flag, and when.
    private var cleared: (directory: Date, at: ContinuousClock.Instant)?

    static let recheckInterval: Duration = .seconds(60)

    mutating func stored() {
        generation &+= 1
        mayHoldFiles = true
    }

    mutating func released() {
        mayHoldFiles = true
    }

    /// How recent a directory time is too recent to trust: a file created in the same clock
    /// tick as the listing began would not move it (directory times are as coarse as the
    /// kernel's tick, or a second on some file systems), so the flag stays set until the
    /// directory's time is older than this.
    static let racyInterval: TimeInterval = 2

    /// A listing begun at `listedAt` (wall clock) after `generation` stores, when the
    /// directory's time was `directory`, found nothing.
    mutating func foundNothing(since generation: UInt64, directory: Date?, listedAt: Date, at instant: ContinuousClock.Instant) {
        guard generation == self.generation, let directory, abs(listedAt.timeIntervalSince(directory)) > Self.racyInterval else { return }
        mayHoldFiles = false
        cleared = (directory, instant)
    }

    /// Whether to list the directory now.
    func needsListing(directory: Date?, at now: ContinuousClock.Instant) -> Bool {
        guard !mayHoldFiles, let cleared, let directory else { return true }
        return directory != cleared.directory || now - cleared.at >= Self.recheckInterval
    }
}
