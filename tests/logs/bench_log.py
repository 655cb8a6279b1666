#!/usr/bin/env python3
"""Writes a large standard CloudFront log for `make bench` (scripts/bench_logs.sh).

Usage: bench_log.py OUT.log SIZE_BYTES

Realistic repetition: DISTINCT signed URLs (botocore, the two test keys in rotation, canned and
custom policies; about a tenth expired, a few tampered) and signed-cookie sets, each requested
many times from varied viewers, edge locations, times and statuses, with unsigned requests mixed
in; the 33 fields of a v1 standard log, escaped as CloudFront escapes them. A block of varied
lines is built once and written until the file reaches SIZE_BYTES.
"""

import os
import random
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402

DISTINCT = int(os.environ.get("BENCH_DISTINCT", "4000"))
BLOCK = 200_000
EDGES = ["IAD89-C1", "NRT57-P2", "SFO5-C3", "LAX1", "FRA2", "LHR61-C2", "GRU3-C1", "SIN2-P1"]


def main():
    out, size = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(4)
    old, new = g.botocore_signer(g.OLD), g.botocore_signer(g.NEW)
    signed = []
    for i in range(DISTINCT):
        path = f"/videos/{i % 997}/seg{i}.ts"
        if i % 10 == 0:  # expired
            u = old.generate_presigned_url(f"https://{g.HOST}{path}", date_less_than=g.at(g.T0 - 600))
        elif i % 3 == 0:
            pol = new.build_policy(f"https://{g.HOST}/videos/{i % 997}/*", g.at(g.T0 + 30 * g.DAY))
            u = new.generate_presigned_url(f"https://{g.HOST}{path}", policy=pol)
        else:
            u = old.generate_presigned_url(f"https://{g.HOST}{path}", date_less_than=g.at(g.T0 + 2 * g.DAY))
        parts = urllib.parse.urlsplit(u)
        tampered = i % 97 == 0
        signed.append((parts.path + ("x" if tampered else ""), parts.query))
    reqs = []
    for n in range(BLOCK):
        t = g.T0 + rnd.randrange(g.DAY)
        edge = rnd.choice(EDGES)
        ip = f"198.51.{rnd.randrange(256)}.{rnd.randrange(1, 255)}" if n % 11 else f"2001:db8:{n % 4096:x}::{n % 251:x}"
        if n % 8 == 0:
            path, query, status = f"/assets/{n % 500}.css", "", 200
        else:
            path, query = signed[rnd.randrange(len(signed))]
            status = rnd.choice([200, 200, 200, 206, 304, 403])
        reqs.append((t, edge, ip, path, query, None, status, ""))
    lines = [g.tabbed(g.V1_FIELDS, g.values(i, r)) for i, r in enumerate(reqs)]
    block = ("\n".join(lines) + "\n").encode()
    header = f"#Version: 1.0\n#Fields: {' '.join(g.V1_FIELDS)}\n".encode()
    with open(out, "wb") as f:
        f.write(header)
        written = len(header)
        while written < size:
            f.write(block)
            written += len(block)


if __name__ == "__main__":
    main()
