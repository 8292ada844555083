import Foundation

extension UUID {
    /// The DNS namespace of RFC 4122, `6ba7b810-9dad-11d1-80b4-00c04fd430c8`.
    static let dnsNamespace = UUID(uuid: (0x6B, 0xA7, 0xB8, 0x10, 0x9D, 0xAD, 0x11, 0xD1, 0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8))

    /// A name-based UUID (version 5, SHA-1) — the same value Python's `uuid.uuid5` returns.
    init(version5Namespace namespace: UUID, name: String) {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes.append(contentsOf: Array(name.utf8))
        var digest = Array(SHA1.hash(bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        self.init(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
                         digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }

    /// The session id the JSON format sends: the id itself when it is a UUID (lowercased),
    /// otherwise the version 5 UUID of the id in the DNS namespace, as the reference Python SDK
    /// derives it. The original text stays available as the session name.
    static func sessionUUID(for sessionID: String) -> UUID {
        UUID(uuidString: sessionID) ?? UUID(version5Namespace: dnsNamespace, name: sessionID)
    }
}
