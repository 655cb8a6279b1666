"""cfsign next to @aws-sdk/cloudfront-signer (node, the npm workspace's), byte for byte where the two
SDKs agree: canned cookies, cookies and URL parameters for a policy given as a string, SHA-256."""

import json
import shutil
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest

import cfsign
from conftest import ROOT

KEY_ID = "K2JCJMDEHXQW5F"
EXPIRES = 1_893_456_000


def js_sdk(cases):
    node = shutil.which("node")
    assert node, "node is needed (make setup-js)"
    script = ROOT / "python" / "tests" / "js_sdk_reference.cjs"
    done = subprocess.run(
        [node, str(script)], input=json.dumps(cases), capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("hash_algorithm", ["SHA1", "SHA256"])
def test_same_bytes_as_the_js_sdk(rsa_pem, hash_algorithm):
    signer = cfsign.CloudFrontSigner(KEY_ID, rsa_pem, hash_algorithm=hash_algorithm)
    resource = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
    policy = signer.build_policy("https://d111111abcdef8.cloudfront.net/videos/*", EXPIRES, 1_767_225_600, "192.0.2.0/24")
    common = {"keyPairId": KEY_ID, "privateKey": rsa_pem}
    if hash_algorithm == "SHA256":
        common["algorithm"] = "SHA256"
    cases = [
        {"kind": "cookies", "input": {**common, "url": resource, "dateLessThan": EXPIRES * 1000}},
        {"kind": "cookies", "input": {**common, "policy": policy}},
        {"kind": "url", "input": {**common, "url": resource, "policy": policy}},
        {"kind": "url", "input": {**common, "url": resource, "dateLessThan": EXPIRES * 1000}},
    ]
    canned, custom, url_custom, url_canned = js_sdk(cases)

    ours = signer.generate_signed_cookies(resource, EXPIRES).values
    assert ours == {k: str(v) for k, v in canned.items()}
    assert signer.generate_signed_cookies(policy=policy).values == custom

    # URLs: the same parameter values (the JS SDK puts Key-Pair-Id before Signature; botocore, which
    # the drop-in follows, after).
    for theirs, mine in (
        (url_custom, signer.generate_presigned_url(resource, policy=policy)),
        (url_canned, signer.generate_presigned_url(resource, date_less_than=EXPIRES)),
    ):
        assert sorted(parse_qsl(urlsplit(mine).query)) == sorted(parse_qsl(urlsplit(theirs).query))
        assert mine.split("?")[0] == theirs.split("?")[0]
