@_exported import OpenInference
