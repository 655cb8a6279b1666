"""The signer seam: sync and async callables (a KMS client, say) produce the same bytes as a key."""

import asyncio
import datetime

import pytest

import cfsign

KEY_ID = "K2JCJMDEHXQW5F"
URL = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
WHEN = datetime.datetime(2030, 1, 1)


def test_async_signer_gives_the_keys_bytes(rsa_pem):
    key = cfsign.Key(rsa_pem)
    calls = []

    async def kms_like(message: bytes) -> bytes:
        calls.append(message)
        await asyncio.sleep(0)
        return key.sign(message, "SHA256")

    remote = cfsign.CloudFrontSigner(KEY_ID, kms_like, hash_algorithm="SHA256")
    local = cfsign.CloudFrontSigner(KEY_ID, rsa_pem, hash_algorithm="SHA256")
    url = asyncio.run(remote.agenerate_presigned_url(URL, date_less_than=WHEN))
    assert url == local.generate_presigned_url(URL, date_less_than=WHEN)
    cookies = asyncio.run(remote.agenerate_signed_cookies("https://d111111abcdef8.cloudfront.net/videos/*", WHEN))
    assert cookies.values == local.generate_signed_cookies("https://d111111abcdef8.cloudfront.net/videos/*", WHEN).values
    assert calls[0] == local.build_policy(URL, WHEN).encode()


def test_sync_call_of_an_async_signer_says_so(rsa_pem):
    async def kms_like(message: bytes) -> bytes:
        return b""

    signer = cfsign.CloudFrontSigner(KEY_ID, kms_like)
    with pytest.raises(cfsign.CfsignError) as err:
        signer.generate_presigned_url(URL, date_less_than=WHEN)
    assert err.value.code == "invalid_option"
    assert "agenerate_presigned_url" in str(err.value)


def test_sync_signer_in_async_method(rsa_pem):
    key = cfsign.Key(rsa_pem)
    signer = cfsign.CloudFrontSigner(KEY_ID, lambda m: key.sign(m, "SHA1"))
    got = asyncio.run(signer.agenerate_presigned_url(URL, date_less_than=WHEN))
    assert got == cfsign.CloudFrontSigner(KEY_ID, key).generate_presigned_url(URL, date_less_than=WHEN)


def test_signer_returning_garbage():
    signer = cfsign.CloudFrontSigner(KEY_ID, lambda m: 42)
    with pytest.raises(cfsign.CfsignError) as err:
        signer.generate_presigned_url(URL, date_less_than=WHEN)
    assert err.value.code == "signing_failed"


def test_declared_key_kind_checks_a_callables_signature(rsa_pem, ec_pem):
    async def broken_kms(message: bytes) -> bytes:
        return b"\x00" * 64

    signer = cfsign.CloudFrontSigner(KEY_ID, broken_kms, hash_algorithm="SHA256", key_kind="rsa")
    with pytest.raises(cfsign.CfsignError) as err:
        asyncio.run(signer.agenerate_presigned_url(URL, date_less_than=WHEN))
    assert err.value.code == "signing_failed"
    ec_key = cfsign.Key(ec_pem)
    ok = cfsign.CloudFrontSigner(KEY_ID, lambda m: ec_key.sign(m, "SHA256"), hash_algorithm="SHA256", key_kind="ecdsa_p256")
    assert ok.generate_presigned_url(URL, date_less_than=WHEN).endswith("&Hash-Algorithm=SHA256")
    # Undeclared: used as botocore uses it (botocore's own tests sign b"signed").
    assert "Signature=c2lnbmVk" in cfsign.CloudFrontSigner(KEY_ID, lambda m: b"signed").generate_presigned_url(URL, date_less_than=WHEN)


def test_threads_share_one_signer(rsa_pem):
    """The GIL is released while OpenSSL signs; one key's signing contexts are shared safely."""
    from concurrent.futures import ThreadPoolExecutor

    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    want = signer.generate_presigned_url(URL, date_less_than=WHEN)
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: signer.generate_presigned_url(URL, date_less_than=WHEN), range(40)))
    assert set(got) == {want}
