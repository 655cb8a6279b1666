"""CloudFront signed URLs and signed cookies, from the cfsign Rust core.

The distribution is ``cfsign-rs`` on PyPI; the import name is ``cfsign``. Every CloudFront rule
lives in Rust (``cfsign._native``); this package is glue.

- ``CloudFrontSigner``: a drop-in for botocore's, with signed cookies, ECDSA, SHA-256 and async
  signers (KMS).
- ``verify`` and ``decode``: CloudFront's verdict on a request, and what a URL or cookies carry,
  as ``cfsign verify --json`` and ``cfsign decode`` write them, with the same reason codes.
- ``CfsignError``: a ``ValueError`` whose ``code`` is stable.
"""

from __future__ import annotations

import json as _json
from typing import Any, Dict, Mapping, Optional, Union

from ._native import (
    CfsignError,
    Key,
    KeyGroup,
    Prepared,
    SignedCookies,
    __version__,
    build_policy,
    openssl_version,
    decode_json as _decode_json,
    verify_json as _verify_json,
)
from ._signer import CloudFrontSigner

__all__ = [
    "CfsignError",
    "CloudFrontSigner",
    "Key",
    "KeyGroup",
    "Prepared",
    "SignedCookies",
    "__version__",
    "build_policy",
    "openssl_version",
    "decode",
    "verify",
]


def verify(
    url: str,
    keys: Union[KeyGroup, Mapping[str, Union[str, bytes]], None] = None,
    *,
    now: Any = None,
    client_ip: Optional[str] = None,
    cookies: Optional[str] = None,
    skew: int = 0,
    repair: bool = False,
    expect_host: Optional[str] = None,
    diagnose: bool = True,
) -> Dict[str, Any]:
    """CloudFront's verdict on a request: ``{"allowed", "reasons": [{"code", ...}], ...}``, the
    object ``cfsign verify --json`` writes. ``keys``: a ``KeyGroup`` or ``{key_id: public_pem}``
    (``None``: decide without checking the signature). A ``bad_signature`` reason carries the
    on-call diagnosis (its likely cause) unless ``diagnose=False``. ``now``: epoch seconds, a
    ``datetime``, the CLI's ``--now`` forms, or the system clock."""
    text = _verify_json(
        url,
        dict(keys) if keys is not None and not isinstance(keys, (KeyGroup, dict)) else keys,
        now=now,
        client_ip=client_ip,
        cookies=cookies,
        skew=skew,
        repair=repair,
        expect_host=expect_host,
        diagnose=diagnose,
    )
    return _json.loads(text)


def decode(text: str, *, now: Any = None) -> Dict[str, Any]:
    """What a signed URL, a ``Cookie:`` header or pasted ``Set-Cookie`` lines carry, unverified:
    the object ``cfsign decode`` writes."""
    return _json.loads(_decode_json(text, now=now))
