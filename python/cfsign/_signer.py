"""The botocore drop-in: ``CloudFrontSigner``, with signed cookies, ECDSA, SHA-256 and async signers.

Glue only: the policy bytes, dates, URLs and cookies are the Rust core's (``cfsign._native``);
this module calls the signer the caller gave (a key, or botocore's ``rsa_signer`` callable, sync or
async) on the bytes the core prepared, and hands the signature back to the core.
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, Optional, Union

from ._native import CfsignError, Key, Prepared, SignedCookies, build_policy as _build_policy

SignerCallable = Callable[[bytes], Union[bytes, Awaitable[bytes]]]


def _error(message: str, code: str) -> CfsignError:
    err = CfsignError(message)
    err.code = code
    return err


def _as_key(value: Any, passphrase: Any) -> Optional[Key]:
    """A ``Key`` for a PEM (str or bytes), a ``Key``, or a ``cryptography`` private key; else None."""
    if isinstance(value, Key):
        return value
    if isinstance(value, (str, bytes)):
        return Key(value, passphrase)
    private_bytes = getattr(value, "private_bytes", None)
    if private_bytes is not None and callable(private_bytes):
        # A cryptography private key: handed over as unencrypted PKCS#8 DER.
        from cryptography.hazmat.primitives import serialization

        der = private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return Key.from_pkcs8_der(der)
    return None


def _signature(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    try:
        return bytes(memoryview(value))
    except TypeError:
        raise _error("the signer returned something other than bytes", "signing_failed") from None


class CloudFrontSigner:
    """A drop-in for ``botocore.signers.CloudFrontSigner``: the same URLs and policies, byte for byte.

    ``rsa_signer_or_key`` is botocore's callable (``rsa_signer(message: bytes) -> bytes``, or an
    ``async`` one, such as a KMS call), a PEM private key (``str`` or ``bytes``; RSA-2048 or ECDSA
    P-256), a ``cfsign.Key``, or a ``cryptography`` private key. ``hash_algorithm`` is ``"SHA1"`` or
    ``"SHA256"``; by default the key's (SHA-1 for RSA, SHA-256 for ECDSA) and SHA-1 for a callable.

    ``key_kind`` (``"rsa"`` or ``"ecdsa_p256"``) declares what a callable signs with, so that its
    signatures are checked before they go into a URL (the core's signer seam: an RSA signature of
    the modulus' length, a strict DER ECDSA one; else ``signing_failed``). Without it a callable's
    result is used as botocore uses it. A key's signatures are always checked.
    """

    def __init__(
        self,
        key_id: str,
        rsa_signer_or_key: Any,
        *,
        hash_algorithm: Optional[str] = None,
        passphrase: Union[str, bytes, None] = None,
        key_kind: Optional[str] = None,
    ) -> None:
        self.key_id = key_id
        self.key_kind = key_kind
        key = _as_key(rsa_signer_or_key, passphrase)
        if key is not None:
            self._key: Optional[Key] = key
            self.key_kind = key.kind
            self.hash_algorithm = hash_algorithm or key.default_hash
            self.rsa_signer: SignerCallable = lambda message: key.sign(message, self.hash_algorithm)
        elif callable(rsa_signer_or_key):
            self._key = None
            self.hash_algorithm = hash_algorithm or "SHA1"
            self.rsa_signer = rsa_signer_or_key
        else:
            raise _error(
                "rsa_signer_or_key: expected a callable, a PEM private key (str or bytes), "
                "a cfsign.Key or a cryptography private key",
                "invalid_key",
            )

    # ------------------------------------------------------------------ botocore's API
    def build_policy(
        self,
        resource: str,
        date_less_than: Any,
        date_greater_than: Any = None,
        ip_address: Optional[str] = None,
    ) -> str:
        """botocore's ``build_policy``: its JSON, byte for byte (naive datetimes are UTC)."""
        return _build_policy(resource, date_less_than, date_greater_than, ip_address)

    def generate_presigned_url(
        self, url: str, date_less_than: Any = None, policy: Union[str, bytes, None] = None
    ) -> str:
        """botocore's ``generate_presigned_url``: exactly one of ``date_less_than`` and ``policy``."""
        prepared = Prepared.for_url(url, date_less_than, policy)
        return prepared.signed_url(self.key_id, self._sign(prepared.message), self.hash_algorithm, self.key_kind)

    # ------------------------------------------------------------------ beyond botocore
    def generate_signed_cookies(
        self,
        resource: Optional[str] = None,
        date_less_than: Any = None,
        date_greater_than: Any = None,
        ip_address: Optional[str] = None,
        policy: Union[str, bytes, None] = None,
    ) -> SignedCookies:
        """CloudFront's signed cookies for ``resource`` (a URL, or a pattern with ``*``) until
        ``date_less_than``, or for ``policy`` as given. ``.values`` holds the cookies;
        ``.set_cookie_headers(domain=..., path=...)`` the ``Set-Cookie`` lines."""
        prepared = Prepared.for_cookies(resource, date_less_than, date_greater_than, ip_address, policy)
        return prepared.cookies(self.key_id, self._sign(prepared.message), self.hash_algorithm, self.key_kind)

    async def agenerate_presigned_url(
        self, url: str, date_less_than: Any = None, policy: Union[str, bytes, None] = None
    ) -> str:
        """``generate_presigned_url`` for an ``async`` signer (KMS and other remote signers)."""
        prepared = Prepared.for_url(url, date_less_than, policy)
        signature = await self._asign(prepared.message)
        return prepared.signed_url(self.key_id, signature, self.hash_algorithm, self.key_kind)

    async def agenerate_signed_cookies(
        self,
        resource: Optional[str] = None,
        date_less_than: Any = None,
        date_greater_than: Any = None,
        ip_address: Optional[str] = None,
        policy: Union[str, bytes, None] = None,
    ) -> SignedCookies:
        """``generate_signed_cookies`` for an ``async`` signer."""
        prepared = Prepared.for_cookies(resource, date_less_than, date_greater_than, ip_address, policy)
        signature = await self._asign(prepared.message)
        return prepared.cookies(self.key_id, signature, self.hash_algorithm, self.key_kind)

    # ------------------------------------------------------------------ the signer seam
    def _sign(self, message: bytes) -> bytes:
        if self._key is not None:
            return self._key.sign(message, self.hash_algorithm)
        result = self.rsa_signer(message)
        if inspect.isawaitable(result):
            close = getattr(result, "close", None)
            if close is not None:
                close()
            raise _error(
                "the signer is async: call agenerate_presigned_url or agenerate_signed_cookies",
                "invalid_option",
            )
        return _signature(result)

    async def _asign(self, message: bytes) -> bytes:
        if self._key is not None:
            return self._key.sign(message, self.hash_algorithm)
        result = self.rsa_signer(message)
        if inspect.isawaitable(result):
            result = await result
        return _signature(result)

    def __repr__(self) -> str:
        kind = self._key.kind if self._key is not None else "callable"
        return f"CloudFrontSigner(key_id={self.key_id!r}, signer={kind}, hash_algorithm={self.hash_algorithm!r})"
