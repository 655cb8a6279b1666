"""verify, decode and the on-call diagnosis: the CLI's JSON objects and reason codes."""

import cfsign

KEY_ID = "K2JCJMDEHXQW5F"
URL = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
EXPIRES = 1_893_456_000
NOW = 1_893_400_000


def test_allowed_and_each_reason(rsa_pem, rsa_pub):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    keys = cfsign.KeyGroup({KEY_ID: rsa_pub})
    assert keys.ids() == [KEY_ID] and len(keys) == 1
    signed = signer.generate_presigned_url(URL, date_less_than=EXPIRES)
    verdict = cfsign.verify(signed, keys, now=NOW)
    assert verdict["allowed"] and verdict["reasons"] == [] and verdict["signature_checked"]
    assert verdict["key_pair_id"] == KEY_ID and verdict["policy_type"] == "canned"

    def codes(url, **kw):
        return [r["code"] for r in cfsign.verify(url, keys, **{"now": NOW, **kw})["reasons"]]

    assert codes(signed, now=EXPIRES + 10) == ["expired"]
    assert codes(URL) == ["missing_signature"]
    assert "unknown_key" in codes(signed.replace(KEY_ID, "KOTHERKEY12345"))
    tampered = signed.replace("intro.mp4", "other.mp4")
    verdict = cfsign.verify(tampered, keys, now=NOW)
    assert [r["code"] for r in verdict["reasons"]] == ["bad_signature"]
    # The on-call diagnosis: what changed since signing.
    assert verdict["reasons"][0].get("diagnosis"), verdict["reasons"][0]
    custom = signer.generate_presigned_url(URL, policy=signer.build_policy(URL, EXPIRES, ip_address="192.0.2.0/24"))
    assert codes(custom, client_ip="198.51.100.1") == ["ip_denied"]
    assert codes(custom, client_ip="192.0.2.1") == []
    # Without keys: decided without the signature.
    assert cfsign.verify(signed, now=NOW)["signature_checked"] is False
    # now as the CLI's --now forms.
    assert cfsign.verify(signed, keys, now="2031-01-01T00:00:00Z")["reasons"][0]["code"] == "expired"


def test_decode(rsa_pem):
    signed = cfsign.CloudFrontSigner(KEY_ID, rsa_pem).generate_presigned_url(URL, date_less_than=EXPIRES)
    decoded = cfsign.decode(signed, now=NOW)
    assert decoded["key_pair_id"] == KEY_ID
    assert decoded["source"] == "url"
