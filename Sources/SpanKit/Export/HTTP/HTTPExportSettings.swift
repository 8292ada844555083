import Foundation

/// Delivery settings every HTTP exporter shares.
struct HTTPExportSettings: Sendable {
    /// Extra headers sent with every request (credentials included; never logged or reported).
    public var headers: [String: String]
    /// The timeout of one request (each attempt also ends by the export's deadline).
    public var timeout: Duration
    /// How failed requests are retried.
    public var retryPolicy: RetryPolicy
    /// Where undeliverable batches are kept until they can be sent, one file per batch; nil
    /// keeps nothing. Files hold request bodies and URLs, never headers.
    public var spoolDirectory: URL?
    /// The most bytes the spool may occupy (default 64 MiB); a full spool refuses new batches,
    /// counted as failed, rather than deleting stored ones.
    public var spoolMaxBytes: Int
    /// The largest request body (`SPANKIT_EXPORTER_MAX_REQUEST_BYTES`, default
    /// ``defaultMaxRequestBytes``): a batch is cut at span boundaries into requests of at most
    /// this many bytes on the wire, compressed or not; a single larger span is sent alone.
    var maxRequestBytes = HTTPExportSettings.defaultMaxRequestBytes
    /// The transport; nil uses the default (sockets for `http://`, URLSession for `https://`).
    var transport: (any HTTPTransport)?
    /// Receives delivery problems when set; otherwise they go to the pipeline's diagnostics.
    var onDiagnostic: DiagnosticHandler?
    /// The time source of retries, deadlines and spool file names; tests replace it.
    var clock: any PipelineClock = SystemPipelineClock()

    /// Creates settings.
    public init(
        headers: [String: String] = [:], timeout: Duration = .seconds(10), retryPolicy: RetryPolicy = RetryPolicy(),
        spoolDirectory: URL? = nil, spoolMaxBytes: Int = 64 * 1024 * 1024
    ) {
        self.headers = headers
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.spoolDirectory = spoolDirectory
        self.spoolMaxBytes = spoolMaxBytes
    }

    /// Settings with a spool value, a transport and a diagnostic handler of their own.
    init(
        headers: [String: String] = [:], timeout: Duration = .seconds(10), retryPolicy: RetryPolicy = RetryPolicy(),
        spool: SpoolConfiguration? = nil, transport: (any HTTPTransport)? = nil, onDiagnostic: DiagnosticHandler? = nil
    ) {
        self.init(headers: headers, timeout: timeout, retryPolicy: retryPolicy)
        self.spool = spool
        self.transport = transport
        self.onDiagnostic = onDiagnostic
    }

    /// 4 MiB: what every common receiver takes — gRPC's default message limit, a fifth of the
    /// OpenTelemetry Collector's 20 MiB for HTTP — and still tens of conversation-sized LLM
    /// spans per request, so cutting costs little.
    static let defaultMaxRequestBytes = 4 * 1024 * 1024
    static let maxRequestBytesVariable = "SPANKIT_EXPORTER_MAX_REQUEST_BYTES"

    /// The spool as one value.
    var spool: SpoolConfiguration? {
        get { spoolDirectory.map { SpoolConfiguration(directory: $0, maxBytes: spoolMaxBytes) } }
        set {
            spoolDirectory = newValue?.directory
            if let newValue { spoolMaxBytes = newValue.maxBytes }
        }
    }

    /// - Parameters:
    ///   - format: the wire format (`otlp`, `json`): spool files of another format are left alone.
    ///   - headers: headers that precede ``headers``.
    ///   - retarget: points a spooled request at the current endpoint (the one that stored it may
    ///     have been configured differently); nil skips the request.
    func makeDelivery(
        format: String, headers extra: [(name: String, value: String)] = [],
        retarget: @escaping @Sendable (UploadRequest) -> UploadRequest?
    ) -> Delivery {
        let sink = DeliverySink(handler: onDiagnostic)
        let spool = self.spool.map { Spool(configuration: $0, destination: format, clock: clock, sink: sink) }
        let fields = extra + headers.keys.sorted().map { (name: $0, value: headers[$0]!) }
        return Delivery(
            transport: transport ?? DefaultHTTPTransport(), headers: fields, timeout: timeout, policy: retryPolicy,
            spool: spool, clock: clock, sink: sink, maxRequestBytes: maxRequestBytes, retarget: retarget)
    }
}

extension HTTPExportSettings: CustomStringConvertible {
    /// The settings with header values hidden.
    public var description: String {
        "HTTPExportSettings(headers: \(headers.keys.sorted().map { "\($0): [redacted]" }), timeout: \(timeout), "
            + "retryPolicy: \(retryPolicy), spool: \(spoolDirectory?.path ?? "none"))"
    }
}

extension URL {
    /// The URL without user name and password, safe to store and to show.
    var withoutCredentials: URL {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false),
              components.user != nil || components.password != nil else { return self }
        components.user = nil
        components.password = nil
        return components.url ?? self
    }
}
