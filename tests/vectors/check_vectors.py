#!/usr/bin/env python3
"""Merges, sanity-checks and compares the SDK vectors (run by generate.sh, with `cryptography`).

  check_vectors.py merge BOTOCORE.json JSSDK.json OUT.json
      writes the schema of README.md: generator versions, then the botocore cases, then the JS ones.
  check_vectors.py verify FILE
      for every case that signed: the signature verifies with the key's public half over
      policy_json, using the hash CloudFront would use (SHA-256 if Hash-Algorithm / CloudFront-Hash-
      Algorithm says SHA256, else SHA-1); the Policy parameter / cookie decodes to policy_json; a
      canned case's policy_json is exactly the canned JSON for the signed URL minus its signing
      parameters (for cookies, the input resource) and its Expires; the Key-Pair-Id is the input's.
  check_vectors.py compare COMMITTED NEW
      byte comparison of the deterministic part: every case except the ECDSA ones (randomized
      signatures), and the SDK versions. Exit status 1 and a diff on a difference.
"""
import base64
import difflib
import json
import sys
from pathlib import Path
from urllib.parse import unquote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
SIGNING_PARAMS = ("Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm")


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def merge(botocore_path, js_path, out_path):
    b = json.loads(Path(botocore_path).read_text(encoding="utf-8"))
    j = json.loads(Path(js_path).read_text(encoding="utf-8"))
    generator = {
        "botocore": b["versions"]["botocore"],
        "@aws-sdk/cloudfront-signer": j["versions"]["@aws-sdk/cloudfront-signer"],
        "cryptography": b["versions"]["cryptography"],
        "node": j["versions"]["node"],
        "python": b["versions"]["python"],
    }
    cases = b["cases"] + j["cases"]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    Path(out_path).write_text(dump({"generator": generator, "cases": cases}), encoding="utf-8")


def cf_b64decode(s):
    return base64.b64decode(s.replace("-", "+").replace("_", "=").replace("~", "/"), validate=True)


def split_signed_url(url):
    """(URL minus signing parameters, {param: value}); the parameters are the URL's tail."""
    starts = [url.rfind(sep + name + "=") for sep in "?&" for name in ("Expires", "Policy")]
    start = max(starts)
    assert start >= 0, f"no Expires/Policy parameter in {url}"
    params = {}
    for pair in url[start + 1:].split("&"):
        name, _, value = pair.partition("=")
        name = unquote(name)
        assert name in SIGNING_PARAMS, f"unexpected parameter {name!r} in the signing tail of {url}"
        params[name] = unquote(value)
    return url[:start], params


def canned_json(resource, expires, ascii_escapes):
    res = json.dumps(resource, ensure_ascii=ascii_escapes)
    return '{"Statement":[{"Resource":%s,"Condition":{"DateLessThan":{"AWS:EpochTime":%s}}}]}' % (res, expires)


def public_key(key_file):
    return serialization.load_pem_private_key((KEYS / key_file).read_bytes(), password=None).public_key()


def verify_case(case):
    out, inp = case["output"], case["input"]
    if out.get("error"):
        assert "url" not in out and "cookies" not in out, "an error case carries output"
        return "error"
    if case["kind"] == "url":
        base, p = split_signed_url(out["url"])
        expires, policy = p.get("Expires"), p.get("Policy")
        sig, kid, alg = p["Signature"], p["Key-Pair-Id"], p.get("Hash-Algorithm", "SHA1")
        resource = base
    else:
        c = out["cookies"]
        expires, policy = c.get("CloudFront-Expires"), c.get("CloudFront-Policy")
        sig, kid = c["CloudFront-Signature"], c["CloudFront-Key-Pair-Id"]
        alg = c.get("CloudFront-Hash-Algorithm", "SHA1")
        resource = inp["url"]
    assert kid == inp["key_pair_id"], (kid, inp["key_pair_id"])
    assert (expires is None) != (policy is None), "exactly one of Expires / Policy"
    assert alg in ("SHA1", "SHA256"), alg
    message = out["policy_json"].encode("utf-8")
    if policy is not None:
        assert cf_b64decode(policy) == message, "Policy does not decode to policy_json"
        if inp["policy"] is not None:
            assert out["policy_json"] == inp["policy"], "a literal policy was not signed as given"
    else:
        expected = canned_json(resource, expires, ascii_escapes=case["tool"] == "botocore")
        assert out["policy_json"] == expected, f"canned policy mismatch:\n{out['policy_json']}\n{expected}"
    digest = hashes.SHA256() if alg == "SHA256" else hashes.SHA1()
    key = public_key(inp["key"])
    signature = cf_b64decode(sig)
    if isinstance(key, rsa.RSAPublicKey):
        key.verify(signature, message, padding.PKCS1v15(), digest)
        return "rsa"
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(signature, message, ec.ECDSA(digest))
    return "ecdsa"


def verify(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts, failures = {}, 0
    for case in data["cases"]:
        try:
            kind = verify_case(case)
        except Exception as e:  # report every failing case, not just the first
            failures += 1
            print(f"FAIL {case['id']}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        counts[(case["tool"], kind)] = counts.get((case["tool"], kind), 0) + 1
    summary = ", ".join(f"{tool} {kind}: {n}" for (tool, kind), n in sorted(counts.items()))
    print(f"verify: {len(data['cases'])} cases ({summary}); {failures} failed")
    return 1 if failures else 0


def deterministic_part(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sdk = {k: data["generator"][k] for k in ("botocore", "@aws-sdk/cloudfront-signer")}
    cases = [c for c in data["cases"] if not c["input"]["key"].startswith("ec_")]
    return dump({"generator": sdk, "cases": cases})


def compare(committed, new):
    a, b = deterministic_part(committed), deterministic_part(new)
    if a == b:
        print(f"compare: {committed} matches the regenerated vectors (ECDSA cases excepted)")
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        a.splitlines(True), b.splitlines(True), "committed", "regenerated", n=2))
    print(f"compare: {committed} differs from the regenerated vectors", file=sys.stderr)
    return 1


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "merge":
        merge(*args)
    elif cmd == "verify":
        sys.exit(verify(*args))
    elif cmd == "compare":
        sys.exit(compare(*args))
    else:
        sys.exit(f"unknown command {cmd}")
