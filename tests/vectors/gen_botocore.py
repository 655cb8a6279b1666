#!/usr/bin/env python3
"""Signs the cases of cases.json with botocore's CloudFrontSigner, the way the AWS CLI does.

Usage: gen_botocore.py OUT.json   (run by generate.sh with botocore and cryptography on PYTHONPATH)

* The signer callable is built with `cryptography`: RSA PKCS#1 v1.5 with SHA-1, or SHA-256 for the
  SHA-256 cases; ECDSA P-256 always with SHA-256 (DER signature), as `aws cloudfront sign` does.
* Canned or custom: as `aws cloudfront sign` (awscli/customizations/cloudfront/sign.py): a custom
  policy, built by `signer.build_policy(...)` and passed as `policy=`, when there is a start date,
  an IP range, a `*` in the resource, or a policy resource different from the URL; otherwise
  `generate_presigned_url(url, date_less_than=<datetime>)`.
* botocore 1.44 has no hash parameter: SHA-256 cases sign with SHA-256 and append
  `&Hash-Algorithm=SHA256`, which is what the AWS CLI's signed URLs carry.
* Cookies: botocore has no cookie API, so they are put together as the AWS CLI's `sign-cookies`
  does: the policy from `build_policy` (the same canned/custom rule), the signature from the same
  signer, and botocore's own CloudFront base64 (`CloudFrontSigner._url_b64encode`).
* Every byte string handed to the signer is captured: it is the case's `policy_json`.
"""
import datetime
import json
import platform
import sys
from decimal import Decimal
from pathlib import Path

import botocore
import cryptography
from botocore.signers import CloudFrontSigner
from botocore.utils import datetime2timestamp
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
TOOL = "botocore"
INPUT_FIELDS = [
    "url", "key_pair_id", "key", "date_less_than", "date_greater_than", "ip_address",
    "policy_resource", "policy", "hash_algorithm", "js_date_form",
]


def load_cases():
    spec = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    defaults = spec["defaults"]
    for case in spec["cases"]:
        merged = {**defaults, **case, **case.get("override", {}).get(TOOL, {})}
        if TOOL not in merged["tools"]:
            continue
        note = " ".join(n for n in (merged.get("note"), merged.get("note_botocore")) if n)
        inp = {field: merged[field] for field in INPUT_FIELDS}
        inp["js_date_form"] = None  # botocore takes datetimes only
        yield merged["name"], merged["kind"], note, inp


def to_datetime(epoch):
    """A tz-aware UTC datetime for an epoch in seconds (int, or float for the fractional cases)."""
    exact = Decimal(repr(epoch))
    seconds = int(exact)
    micros = int((exact - seconds) * 1_000_000)
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
        seconds=seconds, microseconds=micros)


def make_signer(key_file, hash_algorithm, captured):
    key = serialization.load_pem_private_key((KEYS / key_file).read_bytes(), password=None)
    if isinstance(key, rsa.RSAPrivateKey):
        digest = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256}[hash_algorithm]()

        def sign(message):
            captured.append(message)
            return key.sign(message, padding.PKCS1v15(), digest)
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        # The AWS CLI signs ECDSA with SHA-256 only (and sends Hash-Algorithm=SHA256).
        if hash_algorithm != "SHA256":
            raise ValueError("ECDSA keys are signed with SHA256 only, as the AWS CLI does")

        def sign(message):
            captured.append(message)
            return key.sign(message, ec.ECDSA(hashes.SHA256()))
    else:
        raise ValueError(f"unsupported key type in {key_file}")
    return sign


def run_case(kind, inp):
    captured = []
    sha256 = inp["hash_algorithm"] == "SHA256"
    signer = CloudFrontSigner(inp["key_pair_id"], make_signer(inp["key"], inp["hash_algorithm"], captured))
    url = inp["url"]
    resource = inp["policy_resource"] if inp["policy_resource"] is not None else url
    dlt = to_datetime(inp["date_less_than"])
    dgt = to_datetime(inp["date_greater_than"]) if inp["date_greater_than"] is not None else None
    ip = inp["ip_address"]
    custom = (inp["policy"] is not None or dgt is not None or ip is not None
              or "*" in resource or resource != url)
    if inp["policy"] is not None:
        policy = inp["policy"]
    elif custom:
        policy = signer.build_policy(resource, dlt, date_greater_than=dgt, ip_address=ip)
    else:
        policy = None

    if kind == "url":
        if policy is not None:
            signed = signer.generate_presigned_url(url, policy=policy)
        else:
            signed = signer.generate_presigned_url(url, date_less_than=dlt)
        if sha256:
            signed += "&Hash-Algorithm=SHA256"
        out = {"url": signed}
    else:
        if policy is None:
            policy = signer.build_policy(url, dlt)  # the canned policy, as generate_presigned_url does
        policy_bytes = policy.encode("utf-8")
        signature = signer.rsa_signer(policy_bytes)
        cookies = {}
        if custom:
            cookies["CloudFront-Policy"] = signer._url_b64encode(policy_bytes).decode("ascii")
        else:
            cookies["CloudFront-Expires"] = str(int(datetime2timestamp(dlt)))
        cookies["CloudFront-Signature"] = signer._url_b64encode(signature).decode("ascii")
        cookies["CloudFront-Key-Pair-Id"] = inp["key_pair_id"]
        if sha256:
            cookies["CloudFront-Hash-Algorithm"] = "SHA256"
        out = {"cookies": cookies}
    assert len(captured) == 1, captured
    out["policy_json"] = captured[0].decode("utf-8")
    out["error"] = None
    return out


def main():
    cases = []
    for name, kind, note, inp in load_cases():
        sha256 = inp["hash_algorithm"] == "SHA256"
        if sha256 and kind == "url":
            note += (" botocore 1.44 has no hash parameter: the signer uses SHA-256 and"
                     " '&Hash-Algorithm=SHA256' is appended to botocore's URL, as the AWS CLI does.")
        elif sha256:
            note += " The signer uses SHA-256 and the cookie CloudFront-Hash-Algorithm=SHA256 is added."
        if kind == "cookies":
            note += " (botocore has no cookie API: cookies put together as 'aws cloudfront sign-cookies' does.)"
        try:
            out = run_case(kind, inp)
        except Exception as e:  # a refusal by the tool is a result too
            out = {"policy_json": None, "error": f"{type(e).__name__}: {e}"}
        cases.append({"id": f"{TOOL}/{name}", "tool": TOOL, "kind": kind, "note": note,
                      "input": inp, "output": out})
    result = {
        "versions": {
            "botocore": botocore.__version__,
            "cryptography": cryptography.__version__,
            "python": platform.python_version(),
        },
        "cases": cases,
    }
    Path(sys.argv[1]).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
