"""Bad input: a CfsignError (a ValueError) with a stable code, never a value given in the message."""

import datetime

import pytest

import cfsign

KEY_ID = "K2JCJMDEHXQW5F"
URL = "https://d111111abcdef8.cloudfront.net/a.mp4"


def codes_and_message(call):
    with pytest.raises(cfsign.CfsignError) as err:
        call()
    assert isinstance(err.value, ValueError)
    return err.value.code, str(err.value)


def test_keys(rsa_pem):
    code, message = codes_and_message(lambda: cfsign.Key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
    assert code == "invalid_key" and "AAAA" not in message
    bad = (cfsign.__file__, None)
    from conftest import key_text

    assert codes_and_message(lambda: cfsign.Key(key_text("bad_rsa1024.pem")))[0] == "unsupported_key"
    assert codes_and_message(lambda: cfsign.Key(key_text("rsa2048_pkcs8_aes256.pem")))[0] == "encrypted_key"
    assert cfsign.Key(key_text("ec_p256_pkcs8.pem")).kind == "ecdsa_p256"
    assert "PRIVATE" not in repr(cfsign.Key(rsa_pem)) and "MII" not in repr(cfsign.Key(rsa_pem))
    assert codes_and_message(lambda: cfsign.CloudFrontSigner(KEY_ID, 42))[0] == "invalid_key"


def test_no_value_in_messages(rsa_pem):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    secret_url = "https://d111111abcdef8.cloudfront.net/a.mp4?token=SECRET#frag"
    code, message = codes_and_message(lambda: signer.generate_presigned_url(secret_url, date_less_than=1_893_456_000))
    assert code == "invalid_url" and "SECRET" not in message
    code, message = codes_and_message(
        lambda: cfsign.CloudFrontSigner(rsa_pem, rsa_pem).generate_presigned_url(URL, date_less_than=1_893_456_000)
    )
    assert code == "invalid_option" and "MII" not in message and "PRIVATE" not in message
    code, message = codes_and_message(lambda: signer.generate_presigned_url(URL, policy='{"Statement": SECRET}'))
    assert code == "invalid_policy" and "SECRET" not in message


def test_dates(rsa_pem):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem)
    assert codes_and_message(lambda: signer.build_policy(URL, datetime.datetime(1969, 12, 31)))[0] == "invalid_date"
    assert codes_and_message(lambda: signer.build_policy(URL, "tomorrow"))[0] == "invalid_option"
    assert codes_and_message(lambda: signer.build_policy(URL, 100, date_greater_than=200))[0] == "invalid_date"
    assert codes_and_message(lambda: signer.build_policy(URL, 100, ip_address="::1"))[0] == "invalid_ip"
    # An int is epoch seconds (cfsign's addition to botocore's datetimes).
    assert '"AWS:EpochTime":1893456000' in signer.build_policy(URL, 1_893_456_000)
    assert signer.build_policy(URL, 1_893_456_000) == signer.build_policy(URL, datetime.datetime(2030, 1, 1))
