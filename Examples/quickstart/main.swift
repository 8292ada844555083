import SpanKit
print("quickstart")
