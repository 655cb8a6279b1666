"""CloudFront signed URLs and signed cookies, from the cfsign Rust core.

The distribution is ``cfsign-rs`` on PyPI; the import name is ``cfsign``. Every CloudFront rule
lives in Rust (``cfsign._native``); this package is glue.
"""

from ._native import __version__

__all__ = ["__version__"]
