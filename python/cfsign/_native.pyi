"""Type stubs of the native module (python/src/)."""

__version__: str
