/// The keys of one span-level image, `input.images.{i}.image.*` or `output.images.{i}.image.*`.
///
/// Get one from ``OpenInferenceKey/inputImage(_:)`` or ``OpenInferenceKey/outputImage(_:)``. Images
/// inside chat messages use ``MessageContentKey/imageURL`` instead.
public struct ImageKey: Sendable, Hashable {
    /// The list prefix, `input.images` or `output.images`.
    public let list: String
    /// The zero-based position of the image in the list.
    public let index: Int

    /// The image at `index` of the list whose prefix is `list`.
    public init(list: String, index: Int) {
        self.list = list
        self.index = index
    }

    /// The image as an HTTP(S) URL or a base64 data URL (`….image.url`).
    public var url: String { key(for: ImageAttributes.imageURL) }

    /// The key of any ``ImageAttributes`` leaf of this image.
    public func key(for attribute: String) -> String {
        FlatKey.make(list, index, attribute)
    }
}
