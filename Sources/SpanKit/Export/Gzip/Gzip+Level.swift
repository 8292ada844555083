internal import CZlib

extension Gzip {
    /// How hard zlib tries: from 0 (store only) through 1 (fastest) to 9 (smallest output).
    public struct Level: Sendable, Hashable {
        /// The value passed to zlib.
        let zlibValue: Int32

        private init(zlibValue: Int32) {
            self.zlibValue = zlibValue
        }

        /// A level from 0 to 9; nil outside that range.
        public init?(_ level: Int) {
            guard (0...9).contains(level) else { return nil }
            self.init(zlibValue: Int32(level))
        }

        /// zlib's default trade-off (level 6), the usual choice for HTTP bodies.
        public static let `default` = Level(zlibValue: Z_DEFAULT_COMPRESSION)
        /// Level 1: the least CPU time.
        public static let fastest = Level(zlibValue: Z_BEST_SPEED)
        /// Level 9: the smallest output.
        public static let smallest = Level(zlibValue: Z_BEST_COMPRESSION)
    }
}
