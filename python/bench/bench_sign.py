"""make bench (python): cfsign.CloudFrontSigner next to botocore's with `cryptography`, in one run.

1. The seed's pattern: botocore's documented rsa_signer loads the PEM on every call (the ~40 ms per
   URL of jschneier/django-storages#1333), next to cfsign doing the same job as code does it per
   call: `CloudFrontSigner(key_id, pem).generate_presigned_url(...)` (the parsed key is cached by
   PEM). Goal >= 10x.
2. The key parsed once: botocore with an rsa_signer closed over a loaded `cryptography` key, next
   to a cfsign signer built once. Goal >= 1x.
Each figure is the median of 5 rounds; the ratio is botocore's time over cfsign's.
"""

import datetime
import statistics
import sys
import time
from pathlib import Path

from botocore.signers import CloudFrontSigner as BotocoreSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import cfsign

ROOT = Path(__file__).resolve().parents[2]
PEM = (ROOT / "tests" / "keys" / "rsa2048_pkcs1.pem").read_text()
KEY_ID = "K2JCJMDEHXQW5F"
URL = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4"
WHEN = datetime.datetime(2030, 1, 1)


def seed_rsa_signer(message):
    key = serialization.load_pem_private_key(PEM.encode(), password=None)
    return key.sign(message, padding.PKCS1v15(), hashes.SHA1())


LOADED = serialization.load_pem_private_key(PEM.encode(), password=None)


def loaded_rsa_signer(message):
    return LOADED.sign(message, padding.PKCS1v15(), hashes.SHA1())


def per_call(fn, n):
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - start) / n)
    return statistics.median(rounds)


def main():
    boto_seed = BotocoreSigner(KEY_ID, seed_rsa_signer)
    boto_loaded = BotocoreSigner(KEY_ID, loaded_rsa_signer)
    ours = cfsign.CloudFrontSigner(KEY_ID, PEM)
    # Same bytes first: the comparison is of equals.
    want = boto_seed.generate_presigned_url(URL, date_less_than=WHEN)
    assert ours.generate_presigned_url(URL, date_less_than=WHEN) == want
    assert cfsign.CloudFrontSigner(KEY_ID, PEM).generate_presigned_url(URL, date_less_than=WHEN) == want

    rows = []
    b = per_call(lambda: boto_seed.generate_presigned_url(URL, date_less_than=WHEN), 20)
    c = per_call(lambda: cfsign.CloudFrontSigner(KEY_ID, PEM).generate_presigned_url(URL, date_less_than=WHEN), 400)
    rows.append(("seed's pattern (PEM per call)", b, c, 10.0))
    b = per_call(lambda: boto_loaded.generate_presigned_url(URL, date_less_than=WHEN), 400)
    c = per_call(lambda: ours.generate_presigned_url(URL, date_less_than=WHEN), 400)
    rows.append(("key parsed once", b, c, 1.0))

    failed = False
    print(f"{'python signing, RSA-2048 SHA-1 canned URL':44} {'botocore':>11} {'cfsign':>11} {'ratio':>7}  goal")
    for name, b, c, goal in rows:
        ratio = b / c
        met = ratio >= goal
        failed |= not met
        print(f"{name:44} {b * 1e6:9.1f}us {c * 1e6:9.1f}us {ratio:6.2f}x  >= {goal:g}x {'met' if met else 'NOT MET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
