"""cfsign.CloudFrontSigner next to botocore's, byte for byte, for the same inputs: botocore's
callable (the seed's rsa_signer with `cryptography`), a PEM (str and bytes), a cryptography key."""

import datetime

import pytest
from botocore.signers import CloudFrontSigner as BotocoreSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import cfsign

KEY_ID = "K2JCJMDEHXQW5F"
UTC = datetime.timezone.utc
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
WEST = datetime.timezone(datetime.timedelta(hours=-7))


def seed_signer(pem: str):
    """botocore's documented rsa_signer: the PEM loaded on every call."""

    def rsa_signer(message: bytes) -> bytes:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        return key.sign(message, padding.PKCS1v15(), hashes.SHA1())

    return rsa_signer


DATES = [
    datetime.datetime(2030, 1, 1),
    datetime.datetime(2030, 1, 1, 12, 30, 15, 999_999),
    datetime.datetime(2030, 1, 1, 12, 30, 15, tzinfo=UTC),
    datetime.datetime(2030, 1, 1, 12, 30, 15, 500_000, tzinfo=IST),
    datetime.datetime(2029, 12, 31, 23, 0, tzinfo=WEST),
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999_999),
]

URLS = [
    "https://d111111abcdef8.cloudfront.net/image.jpg",
    "https://d111111abcdef8.cloudfront.net/a%20b/c.mp4?size=large&x=1",
    "https://d111111abcdef8.cloudfront.net/ends-with-question?",
    "http://test.com/foo.txt",
]

RESOURCES = [
    "https://d111111abcdef8.cloudfront.net/videos/*",
    "foo",
    "https://d111111abcdef8.cloudfront.net/caf\u00e9/\u65e5\u672c/\U0001f600\x7f\"q\\",
    "*",
]


@pytest.fixture(scope="module")
def signers(rsa_pem):
    boto = BotocoreSigner(KEY_ID, seed_signer(rsa_pem))
    crypto_key = serialization.load_pem_private_key(rsa_pem.encode(), password=None)
    ours = [
        cfsign.CloudFrontSigner(KEY_ID, seed_signer(rsa_pem)),
        cfsign.CloudFrontSigner(KEY_ID, rsa_pem),
        cfsign.CloudFrontSigner(KEY_ID, rsa_pem.encode()),
        cfsign.CloudFrontSigner(KEY_ID, crypto_key),
        cfsign.CloudFrontSigner(KEY_ID, cfsign.Key(rsa_pem)),
    ]
    return boto, ours


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("date", DATES)
def test_canned_urls_are_botocores(signers, url, date):
    boto, ours = signers
    expected = boto.generate_presigned_url(url, date_less_than=date)
    for signer in ours:
        assert signer.generate_presigned_url(url, date_less_than=date) == expected


@pytest.mark.parametrize("resource", RESOURCES)
def test_policies_and_custom_urls_are_botocores(signers, resource):
    boto, ours = signers
    cases = [
        (DATES[0], None, None),
        (DATES[1], DATES[4] - datetime.timedelta(days=400), "192.0.2.0/24"),
        (DATES[3], datetime.datetime(2026, 1, 1, tzinfo=IST), "203.0.113.7"),
        (DATES[5], None, ""),
    ]
    for less, greater, ip in cases:
        expected = boto.build_policy(resource, less, greater, ip)
        for signer in ours:
            assert signer.build_policy(resource, less, greater, ip) == expected
        for policy in (expected, expected.encode()):
            url = URLS[1]
            want = boto.generate_presigned_url(url, policy=policy)
            for signer in ours:
                assert signer.generate_presigned_url(url, policy=policy) == want


def test_botocores_argument_errors(signers):
    boto, ours = signers
    url = URLS[0]
    for args in ({}, {"date_less_than": DATES[0], "policy": "{}"}):
        with pytest.raises(ValueError) as want:
            boto.generate_presigned_url(url, **args)
        with pytest.raises(ValueError) as got:
            ours[1].generate_presigned_url(url, **args)
        assert str(got.value) == str(want.value)
        assert got.value.code == "invalid_option"


def test_rsa_signer_attribute_is_kept(rsa_pem):
    signer = seed_signer(rsa_pem)
    assert cfsign.CloudFrontSigner(KEY_ID, signer).rsa_signer is signer
    assert cfsign.CloudFrontSigner(KEY_ID, signer).key_id == KEY_ID


def test_sha256_and_ecdsa_verify(rsa_pem, rsa_pub, ec_pem, ec_pub):
    url = URLS[0]
    keys = cfsign.KeyGroup({KEY_ID: rsa_pub})
    signed = cfsign.CloudFrontSigner(KEY_ID, rsa_pem, hash_algorithm="SHA256").generate_presigned_url(
        url, date_less_than=DATES[0]
    )
    assert signed.endswith("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256")
    verdict = cfsign.verify(signed, keys, now=1_800_000_000)
    assert verdict["allowed"], verdict["reasons"]
    assert verdict["hash_algorithm"] == "SHA256"

    ec = cfsign.CloudFrontSigner(KEY_ID, ec_pem)
    assert ec.hash_algorithm == "SHA256"
    signed = ec.generate_presigned_url(url, date_less_than=DATES[0])
    assert cfsign.verify(signed, {KEY_ID: ec_pub}, now=1_800_000_000)["allowed"]
    # Checked by an independent verifier too: cryptography (OpenSSL) over the canned policy.
    from cryptography.hazmat.primitives.asymmetric import ec as crypto_ec

    decoded = cfsign.decode(signed, now=1_800_000_000)
    policy = ec.build_policy(url, DATES[0]).encode()
    signature = ec.generate_signed_cookies(url, DATES[0]).values["CloudFront-Signature"]
    raw = signature.replace("-", "+").replace("_", "=").replace("~", "/")
    import base64

    public = serialization.load_pem_public_key(ec_pub.encode())
    public.verify(base64.b64decode(raw), policy, crypto_ec.ECDSA(hashes.SHA256()))
    assert decoded["key_pair_id"] == KEY_ID


def test_rsa_sha1_signature_is_opensslss(rsa_pem):
    key = serialization.load_pem_private_key(rsa_pem.encode(), password=None)
    for message in (b"", b"x", b"{}" * 5000):
        for name, hash_ in (("SHA1", hashes.SHA1()), ("SHA256", hashes.SHA256())):
            want = key.sign(message, padding.PKCS1v15(), hash_)
            assert cfsign.Key(rsa_pem).sign(message, name) == want
