"""Signed cookies (botocore has none): the values, and Set-Cookie lines living until the policy's expiry."""

import datetime

import pytest

import cfsign

KEY_ID = "K2JCJMDEHXQW5F"
NOW = 1_893_400_000
EXPIRES = 1_893_456_000  # 2030-01-01T00:00:00Z
WHEN = datetime.datetime(2030, 1, 1)


def test_canned_and_custom_values(rsa_pem, rsa_pub):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    canned = signer.generate_signed_cookies("https://d111111abcdef8.cloudfront.net/a.mp4", WHEN)
    assert list(canned.values) == ["CloudFront-Expires", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]
    assert canned.values["CloudFront-Expires"] == str(EXPIRES)
    custom = signer.generate_signed_cookies(
        "https://d111111abcdef8.cloudfront.net/videos/*", WHEN, ip_address="192.0.2.0/24"
    )
    assert list(custom.values) == ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]
    verdict = cfsign.verify(
        "https://d111111abcdef8.cloudfront.net/videos/intro.mp4",
        {KEY_ID: rsa_pub},
        now=NOW,
        client_ip="192.0.2.9",
        cookies=custom.cookie_header(),
    )
    assert verdict["allowed"], verdict["reasons"]
    assert verdict["source"] == "cookies"


def test_set_cookie_lines(rsa_pem):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem, hash_algorithm="SHA256")
    cookies = signer.generate_signed_cookies("https://d111111abcdef8.cloudfront.net/videos/*", WHEN)
    lines = cookies.set_cookie_headers(domain="d111111abcdef8.cloudfront.net", path="/videos/", now=NOW)
    assert len(lines) == 4
    for line in lines:
        assert "; Domain=d111111abcdef8.cloudfront.net" in line
        assert "; Path=/videos/" in line
        assert "; Secure" in line and "; HttpOnly" in line and "; SameSite=Lax" in line
        assert f"; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Max-Age={EXPIRES - NOW}" in line
    assert lines[-1].startswith("CloudFront-Hash-Algorithm=SHA256;")
    strict = cookies.set_cookie_headers(same_site="Strict", http_only=False, max_age=60)
    assert "; SameSite=Strict" in strict[0] and "HttpOnly" not in strict[0] and "; Max-Age=60" in strict[0] and "Expires=" not in strict[0]
    stale = cookies.stale_cookie_headers(path="/videos/")
    assert [s.split("=")[0] for s in stale] == ["CloudFront-Expires"]
    assert "Max-Age=0" in stale[0]


def test_cookie_errors_carry_codes(rsa_pem):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    with pytest.raises(cfsign.CfsignError) as err:
        signer.generate_signed_cookies("https://d111111abcdef8.cloudfront.net/a", WHEN).set_cookie_headers(
            same_site="sometimes"
        )
    assert err.value.code == "invalid_option" and "sometimes" not in str(err.value)
    with pytest.raises(cfsign.CfsignError) as err:
        signer.generate_signed_cookies("https://d111111abcdef8.cloudfront.net/a", WHEN, ip_address="10.0.0.300")
    assert err.value.code == "invalid_ip" and "10.0.0.300" not in str(err.value)
