import SpanKit
