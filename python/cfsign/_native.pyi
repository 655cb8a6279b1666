"""Type stubs of the native module (python/src/)."""

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

__version__: str

DateLike = Union[datetime, int]

class CfsignError(ValueError):
    """A cfsign error; ``code`` is stable, the message never holds a value given.

    Codes: ``invalid_key``, ``encrypted_key``, ``unsupported_key``, ``invalid_option``,
    ``invalid_url``, ``invalid_date``, ``invalid_ip``, ``invalid_policy``, ``signing_failed``;
    and, from the log verdicts over Arrow, ``missing_column``, ``column_type`` and
    ``invalid_input``."""

    code: str

class Key:
    """A private key (RSA-2048 or ECDSA P-256): parsed once, signs many times."""

    def __init__(self, pem: Union[str, bytes], passphrase: Union[str, bytes, None] = None) -> None: ...
    @staticmethod
    def from_pkcs8_der(der: bytes) -> Key: ...
    @property
    def kind(self) -> str: ...
    @property
    def default_hash(self) -> str: ...
    def public_key_pem(self) -> str: ...
    def sign(self, message: bytes, hash_algorithm: Optional[str] = None) -> bytes: ...

class SignedCookies:
    """CloudFront's signed cookies."""

    @property
    def values(self) -> Dict[str, str]: ...
    @property
    def expires(self) -> int: ...
    def cookie_header(self) -> str: ...
    def set_cookie_headers(
        self,
        *,
        domain: Optional[str] = None,
        path: Optional[str] = None,
        secure: bool = True,
        http_only: bool = True,
        same_site: Optional[str] = "Lax",
        max_age: Optional[int] = None,
        now: Optional[int] = None,
    ) -> List[str]: ...
    def stale_cookie_headers(
        self,
        *,
        domain: Optional[str] = None,
        path: Optional[str] = None,
        secure: bool = True,
        http_only: bool = True,
        same_site: Optional[str] = "Lax",
    ) -> List[str]: ...

class Prepared:
    """A URL or cookies prepared for signing."""

    @staticmethod
    def for_url(
        url: str, date_less_than: Optional[DateLike] = None, policy: Union[str, bytes, None] = None
    ) -> Prepared: ...
    @staticmethod
    def for_cookies(
        resource: Optional[str] = None,
        date_less_than: Optional[DateLike] = None,
        date_greater_than: Optional[DateLike] = None,
        ip_address: Optional[str] = None,
        policy: Union[str, bytes, None] = None,
    ) -> Prepared: ...
    @property
    def message(self) -> bytes: ...
    @property
    def expires(self) -> int: ...
    def signed_url(
        self, key_id: str, signature: bytes, hash_algorithm: Optional[str] = None, key_kind: Optional[str] = None
    ) -> str: ...
    def cookies(
        self, key_id: str, signature: bytes, hash_algorithm: Optional[str] = None, key_kind: Optional[str] = None
    ) -> SignedCookies: ...

def openssl_version() -> Optional[str]: ...
def build_policy(
    resource: str,
    date_less_than: DateLike,
    date_greater_than: Optional[DateLike] = None,
    ip_address: Optional[str] = None,
) -> str: ...

class KeyGroup:
    """Trusted public keys by key ID."""

    def __init__(self, keys: Mapping[str, Union[str, bytes]]) -> None: ...
    def ids(self) -> List[str]: ...
    def __len__(self) -> int: ...

def verify_json(
    url: str,
    keys: Union[KeyGroup, Mapping[str, Union[str, bytes]], None] = None,
    *,
    now: Union[DateLike, str, None] = None,
    client_ip: Optional[str] = None,
    cookies: Optional[str] = None,
    skew: int = 0,
    repair: bool = False,
    expect_host: Optional[str] = None,
    diagnose: bool = True,
) -> str: ...
def decode_json(text: str, *, now: Union[DateLike, str, None] = None) -> str: ...

# The log verdicts over Arrow (python/src/arrow/; cfsign.logs re-exports these). Each raises
# CfsignError: `missing_column` or `column_type` (naming the column and what was expected),
# `invalid_input` (a failing stream, invalid buffers, verdicts or report bytes that are none of
# cfsign's), `invalid_option` (an argument of the wrong shape), `invalid_key` or `unsupported_key`
# (naming the key ID). Batches are decided without the GIL.
_Keys = Dict[str, Union[str, bytes]]

def verify_batch(batch: Any, keys: _Keys, *, skew: int = 0) -> Any:
    """The verdict columns of every row of ``batch`` (a ``pyarrow.RecordBatch`` gives a batch; a
    ``Table`` or any ``__arrow_c_stream__`` object a ``pyarrow.Table``)."""

class BatchVerifier:
    def __init__(self, keys: _Keys, *, skew: int = 0) -> None: ...
    def verify(self, batch: Any) -> Any: ...

class LineVerifier:
    def __init__(
        self, keys: _Keys, *, format: str = "standard", fields: Optional[str] = None, skew: int = 0
    ) -> None: ...
    def verify(self, batch: Any) -> Any: ...

class ReportBuilder:
    def __init__(self) -> None: ...
    def add(self, batch: Any) -> None: ...
    def to_bytes(self) -> bytes: ...

def merge_reports(a: bytes, b: bytes) -> bytes: ...
def report_json(
    report: bytes, *, skew: int = 300, sources: Optional[Sequence[str]] = None
) -> str: ...
