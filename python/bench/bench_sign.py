"""make bench (python): cfsign.CloudFrontSigner next to botocore's with `cryptography`, in one run.

1. The seed's pattern: botocore's documented rsa_signer loads the PEM on every call (the ~40 ms per
   URL of jschneier/django-storages#1333), next to cfsign doing the same job as code does it per
   call: `CloudFrontSigner(key_id, pem).generate_presigned_url(...)` (the parsed key is cached by
   PEM). Goal >= 10x.
2. The key parsed once: botocore with an rsa_signer closed over a loaded `cryptography` key, next
   to a cfsign signer built once. Goal >= 1x.
Rounds of each alternate (the machine's load drifts); each time is the median per call, the
ratio the median of the rounds' ratios (botocore's time over cfsign's).
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


def one_round(fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def pair(botocore_fn, botocore_n, cfsign_fn, cfsign_n, rounds=9):
    """Rounds of each, alternated (the machine's load drifts): the median time of each per call,
    and the median of the per-round ratios."""
    b, c, ratios = [], [], []
    for _ in range(rounds):
        b.append(one_round(botocore_fn, botocore_n))
        c.append(one_round(cfsign_fn, cfsign_n))
        ratios.append(b[-1] / c[-1])
    return statistics.median(b), statistics.median(c), statistics.median(ratios)


def main():
    boto_seed = BotocoreSigner(KEY_ID, seed_rsa_signer)
    boto_loaded = BotocoreSigner(KEY_ID, loaded_rsa_signer)
    ours = cfsign.CloudFrontSigner(KEY_ID, PEM)
    # Same bytes first: the comparison is of equals.
    want = boto_seed.generate_presigned_url(URL, date_less_than=WHEN)
    assert ours.generate_presigned_url(URL, date_less_than=WHEN) == want
    assert cfsign.CloudFrontSigner(KEY_ID, PEM).generate_presigned_url(URL, date_less_than=WHEN) == want

    rows = []
    b, c, r = pair(
        lambda: boto_seed.generate_presigned_url(URL, date_less_than=WHEN),
        10,
        lambda: cfsign.CloudFrontSigner(KEY_ID, PEM).generate_presigned_url(URL, date_less_than=WHEN),
        100,
        rounds=5,
    )
    rows.append(("seed's pattern (PEM per call)", b, c, r, 10.0))
    b, c, r = pair(
        lambda: boto_loaded.generate_presigned_url(URL, date_less_than=WHEN),
        200,
        lambda: ours.generate_presigned_url(URL, date_less_than=WHEN),
        200,
    )
    rows.append(("key parsed once", b, c, r, 1.0))

    failed = False
    import ssl  # noqa: F401  (the OpenSSL versions, for the record)
    from cryptography.hazmat.backends.openssl import backend

    print(f"cryptography {backend.openssl_version_text()}; cfsign {cfsign.openssl_version()}")
    print(f"{'python signing, RSA-2048 SHA-1 canned URL':44} {'botocore':>11} {'cfsign':>11} {'ratio':>7}  goal")
    for name, b, c, ratio, goal in rows:
        met = ratio >= goal
        failed |= not met
        print(f"{name:44} {b * 1e6:9.1f}us {c * 1e6:9.1f}us {ratio:6.2f}x  >= {goal:g}x {'met' if met else 'NOT MET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
