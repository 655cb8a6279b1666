#!/usr/bin/env python3
"""Writes CloudFront access logs of known content for `cfsign logs` (issue 25).

Usage: generate.py OUTDIR

Every signed URL and cookie is signed by the AWS tools themselves: botocore's CloudFrontSigner
(with `cryptography` for RSA) and @aws-sdk/cloudfront-signer (through sign_node.mjs). Each
scenario below has a known verdict, so the report must equal OUTDIR/expected.json exactly.

The records are written in the published layouts (CloudFront Developer Guide, "Standard logging
reference": the 33 fields of a standard log after `#Version: 1.0` and `#Fields:`; v2's JSON
lines with the same field names; real-time logs with the fields of their configuration), in
shuffled time order, with the log layer's escaping: bytes 0-32 and 127 and above and
< > " # % { } | \\ ^ ~ [ ] ` ' and space as %XX (so a %20 on the wire is logged %2520), and `-`
for an empty field.

Files: standard.log (v1, with 4 bad lines), standard_v2.log (another field order, v2's extra
fields), v2.jsonl (2 bad lines), realtime.log (1 bad line; cookies cut at 800 bytes), gzipped
forms (standard.log.gz; multi.log.gz, two gzip members each a file with its own header;
truncated.log.gz) and expected.json.
"""

import csv
import datetime
import gzip
import json
import os
import random
import subprocess
import sys
import urllib.parse

from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "keys")
OLD, NEW, UNKNOWN = "K2JCJMDEHXQW5F", "K3NEWKEYROTATE", "K9UNKNOWNKEY99"
KEY_FILES = {OLD: "rsa2048_pkcs1.pem", NEW: "rsa2048_b_pkcs1.pem"}
HOST = "media.example.com"  # the viewer's Host (x-host-header)
DIST = "d111111abcdef8.cloudfront.net"  # cs(Host)
T0 = 1772323200  # 2026-03-01T00:00:00Z
DAY = 86400
SKEW = 300

V1_FIELDS = (
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
    "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id "
    "x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher "
    "x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port "
    "time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end"
).split()
V2_FIELDS = (
    "timestamp(ms) c-ip x-host-header cs-uri-stem cs-uri-query sc-status cs(Cookie) "
    "x-edge-location cs(Host) cs-method cache-behavior-path-pattern c-country asn "
    "cs-protocol date time"
).split()
REALTIME_FIELDS = (
    "timestamp c-ip time-to-first-byte sc-status sc-bytes cs-method cs-protocol cs-host "
    "cs-uri-stem cs-bytes x-edge-location x-edge-request-id x-host-header time-taken "
    "cs-protocol-version c-ip-version cs-user-agent cs-referer cs-cookie cs-uri-query"
).split()

ESCAPED = set(b'<>"#%{}|\\^~[]`\' ')


def escape(text):
    """The log layer's escaping, once."""
    if text is None or text == "":
        return "-"
    out = []
    for b in text.encode("utf-8"):
        out.append("%%%02X" % b if b <= 32 or b >= 127 or b in ESCAPED else chr(b))
    return "".join(out)


def private_key(kid):
    with open(os.path.join(KEYS, KEY_FILES[kid]), "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def botocore_signer(kid, signing_key=None):
    key = private_key(signing_key or kid)
    return CloudFrontSigner(
        kid, lambda message: key.sign(message, padding.PKCS1v15(), hashes.SHA1())
    )


def at(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def node_sign(specs):
    for s in specs:
        s["keyFile"] = os.path.join(KEYS, KEY_FILES[s["keyPairId"]])
    out = subprocess.run(
        ["node", os.path.join(HERE, "sign_node.mjs")],
        input=json.dumps(specs).encode(),
        capture_output=True,
        check=True,
        cwd=HERE,
    )
    return json.loads(out.stdout)


def custom_policy(resource, less, greater=None, ip=None):
    cond = {"DateLessThan": {"AWS:EpochTime": less}}
    if greater is not None:
        cond["DateGreaterThan"] = {"AWS:EpochTime": greater}
    if ip is not None:
        cond["IpAddress"] = {"AWS:SourceIp": ip}
    return json.dumps({"Statement": [{"Resource": resource, "Condition": cond}]})


def cookie_header(cookies, before=""):
    return before + "; ".join(f"{k}={v}" for k, v in cookies.items())


def build():
    """The requests: (time, edge, viewer, path, query, cookie, status, verdict)."""
    old, new = botocore_signer(OLD), botocore_signer(NEW)
    reqs = []

    def url_req(t, edge, ip, signed_url, status, verdict, path=None):
        parts = urllib.parse.urlsplit(signed_url)
        reqs.append((t, edge, ip, path or parts.path, parts.query, None, status, verdict))

    # A: canned URLs (botocore, old key), allowed; one URL requested three times (one check).
    a = old.generate_presigned_url(f"https://{HOST}/videos/intro.mp4", date_less_than=at(T0 + 7200))
    for t, ip in [(60, "192.0.2.10"), (120, "192.0.2.11"), (900, "192.0.2.12")]:
        url_req(T0 + t, "IAD89-C1", ip, a, 200, "allowed")
    for t, p in [(1800, "intro2.mp4"), (3000, "intro3.mp4")]:
        u = old.generate_presigned_url(f"https://{HOST}/videos/{p}", date_less_than=at(T0 + 7200))
        url_req(T0 + t, "NRT57-P2", "198.51.100.20", u, 206, "allowed")
    # B: custom policy URLs (botocore, new key): wildcard resource and an IPv4 range, allowed.
    pol = new.build_policy(f"https://{HOST}/videos/*", at(T0 + 30 * DAY), ip_address="198.51.100.0/24")
    for i, t in enumerate([200, 400, 600, 800]):
        u = new.generate_presigned_url(f"https://{HOST}/videos/part{i}.mp4", policy=pol)
        url_req(T0 + t, "SFO5-C3", f"198.51.100.{30 + i}", u, 200, "allowed")
    # C: expired seconds ago at one edge (clock skew): expired x3.
    c = old.generate_presigned_url(f"https://{HOST}/videos/late.mp4", date_less_than=at(T0 + 3600))
    for late in (30, 50, 100):
        url_req(T0 + 3600 + late, "LAX1", "192.0.2.40", c, 403, "expired")
    # D: not yet valid seconds before the start at another edge: not_yet_valid x2.
    pol = new.build_policy(f"https://{HOST}/premiere/*", at(T0 + 30 * DAY), date_greater_than=at(T0 + 5000))
    d = new.generate_presigned_url(f"https://{HOST}/premiere/film.mp4", policy=pol)
    for early in (20, 10):
        url_req(T0 + 5000 - early, "FRA2", "192.0.2.50", d, 403, "not_yet_valid")
    # E: an IPv4 range and IPv6 viewers (and one outside IPv4 viewer): ip_denied x3.
    pol = new.build_policy(f"https://{HOST}/office/*", at(T0 + 30 * DAY), ip_address="192.0.2.0/24")
    e = new.generate_presigned_url(f"https://{HOST}/office/report.pdf", policy=pol)
    for t, ip in [(1000, "2001:db8:85a3::8a2e:370:7334"), (1100, "2001:db8:85a3::1"), (1200, "203.0.113.9")]:
        url_req(T0 + t, "SFO5-C3", ip, e, 403, "ip_denied")
    # F: a canned URL requested for another path: bad_signature x2.
    f = old.generate_presigned_url(f"https://{HOST}/docs/a.pdf", date_less_than=at(T0 + 7200))
    for t in (1300, 1400):
        url_req(T0 + t, "IAD89-C1", "203.0.113.50", f, 403, "bad_signature", path="/docs/b.pdf")
    # G: a key the distribution does not trust: unknown_key.
    g = botocore_signer(UNKNOWN, signing_key=OLD).generate_presigned_url(
        f"https://{HOST}/docs/c.pdf", date_less_than=at(T0 + 7200)
    )
    url_req(T0 + 1500, "IAD89-C1", "203.0.113.51", g, 403, "unknown_key")
    # H: no Signature: missing_signature.
    reqs.append((T0 + 1600, "IAD89-C1", "203.0.113.52", "/docs/d.pdf",
                 f"Expires={T0 + 7200}&Key-Pair-Id={OLD}", None, 403, "missing_signature"))
    # I: unsigned requests (public paths).
    for i, (p, q, s) in enumerate([("/index.html", "", 200), ("/style.css", "v=3", 200),
                                   ("/app.js", "", 200), ("/favicon.ico", "", 404),
                                   ("/index.html", "", 304), ("/", "", 200)]):
        reqs.append((T0 + 100 + i * 97, "NRT57-P2", f"198.51.100.{60 + i}", p, q, None, s, "unsigned"))
    # J: signed cookies (JS SDK, new key, custom policy over /live/*), with another cookie first.
    live = custom_policy(f"https://{HOST}/live/*", T0 + 30 * DAY)
    j, o = node_sign([
        {"kind": "cookies", "keyPairId": NEW, "policy": live},
        {"kind": "cookies", "keyPairId": NEW, "policy": live},
    ])
    for i, t in enumerate([2000, 2100, 2200]):
        reqs.append((T0 + t, "SFO5-C3", "198.51.100.70", f"/live/seg{i}.ts", "",
                     cookie_header(j, "session=abc123; "), 200, "allowed"))
    # K: a path with %20 on the wire (logged %2520): allowed x2, only if unescaped exactly once.
    k = old.generate_presigned_url(f"https://{HOST}/my%20file.mp4", date_less_than=at(T0 + 7200))
    for t in (2300, 2400):
        url_req(T0 + t, "IAD89-C1", "192.0.2.60", k, 200, "allowed")
    # L: allowed, answered 403 (not the signature's doing): allowed_but_403.
    l_ = old.generate_presigned_url(f"https://{HOST}/videos/gone.mp4", date_less_than=at(T0 + 7200))
    url_req(T0 + 2500, "IAD89-C1", "192.0.2.61", l_, 403, "allowed")
    # M: expired a day ago and still served (an unrestricted path): denied_but_served.
    m = old.generate_presigned_url(f"https://{HOST}/public/leak.mp4", date_less_than=at(T0 + 3600))
    url_req(T0 + 3600 + DAY, "IAD89-C1", "192.0.2.62", m, 200, "expired")
    # N: the JS SDK's own signed URLs (old key, canned): allowed x2.
    n = node_sign([{"kind": "url", "url": f"https://{HOST}/js/app.js", "keyPairId": OLD,
                    "dateLessThan": at(T0 + 7200).isoformat()}])[0]
    for t in (2600, 2700):
        url_req(T0 + t, "NRT57-P2", "198.51.100.80", n, 200, "allowed")
    # O: signed cookies behind 600 bytes of other cookies: allowed in standard logs; cut at 800
    # bytes in real-time logs, so "truncated" there.
    reqs.append((T0 + 2800, "SFO5-C3", "198.51.100.71", "/live/seg9.ts", "",
                 cookie_header(o, "prefs=" + "x" * 600 + "; "), 200, "allowed_long_cookie"))
    return reqs


def expected(reqs, realtime):
    verdicts, keys = {}, {}
    signed = unsigned = denied = 0
    for (t, edge, ip, path, query, cookie, status, v) in reqs:
        if v == "allowed_long_cookie":
            v = "truncated" if realtime else "allowed"
        if v == "unsigned":
            unsigned += 1
            continue
        signed += 1
        verdicts[v] = verdicts.get(v, 0) + 1
        if v not in ("allowed", "truncated"):
            denied += 1
    return {
        "requests": len(reqs),
        "signed": signed,
        "unsigned": unsigned,
        "denied": denied,
        "verdicts": verdicts,
        "allowed_but_403": 1,
        "denied_but_served": 1,
        # A request whose cookies the log cut is not attributed to a key (its ID may be cut).
        "keys": {OLD: 17, NEW: 12 if realtime else 13, UNKNOWN: 1},
        "latest_expiry": {OLD: T0 + 7200, NEW: T0 + 30 * DAY},
        "rotation": {OLD: "safe_to_remove_after", NEW: "still_in_use", UNKNOWN: "no_valid_signature"},
        "clock_skew": {"LAX1": [3, 100, 0, 0], "FRA2": [0, 0, 2, 20]},
        "last_time": T0 + 3600 + DAY,
    }


def day_time(t):
    d = at(t)
    return d.strftime("%Y-%m-%d"), d.strftime("%H:%M:%S")


def values(i, r):
    """Every field of request number i, unescaped (None for an empty field)."""
    t, edge, ip, path, query, cookie, status, _ = r
    date, time = day_time(t)
    return {
        "date": date, "time": time, "timestamp": f"{t}.{i % 1000:03d}",
        "timestamp(ms)": str(t * 1000 + i % 1000), "x-edge-location": edge, "sc-bytes": "2048",
        "c-ip": ip, "cs-method": "GET", "cs(Host)": DIST, "cs-host": DIST, "cs-uri-stem": path,
        "sc-status": str(status), "cs(Referer)": None, "cs-referer": None,
        "cs(User-Agent)": "Mozilla/5.0 (X11; Linux x86_64)", "cs-user-agent": "Mozilla/5.0 (X11; Linux x86_64)",
        "cs-uri-query": query or None, "cs(Cookie)": cookie, "cs-cookie": cookie,
        "x-edge-result-type": "Error" if status >= 400 else "Hit",
        "x-edge-request-id": f"req{i:06d}Xq_b9P2l==", "x-host-header": HOST, "cs-protocol": "https",
        "cs-bytes": "412", "time-taken": "0.004", "x-forwarded-for": None, "ssl-protocol": "TLSv1.3",
        "ssl-cipher": "TLS_AES_128_GCM_SHA256", "x-edge-response-result-type": "Hit",
        "cs-protocol-version": "HTTP/2.0", "fle-status": None, "fle-encrypted-fields": None,
        "c-port": "51234", "time-to-first-byte": "0.003", "x-edge-detailed-result-type": "Hit",
        "sc-content-type": "video/mp4", "sc-content-len": "2048", "sc-range-start": None,
        "sc-range-end": None, "cache-behavior-path-pattern": "/videos/*", "c-country": "US",
        "asn": "64496", "c-ip-version": "IPv6" if ":" in ip else "IPv4",
    }


def tabbed(fields, vals, cut_cookie=False):
    out = []
    for f in fields:
        v = escape(vals[f])
        if cut_cookie and f == "cs-cookie" and len(v) > 800:
            v = v[:800]
        out.append(v)
    return "\t".join(out)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    reqs = build()
    random.Random(25).shuffle(reqs)  # records are not in time order
    header = f"#Version: 1.0\n#Fields: {' '.join(V1_FIELDS)}\n"
    lines = [tabbed(V1_FIELDS, values(i, r)) for i, r in enumerate(reqs)]
    half = len(lines) // 2
    bad_standard = [
        "2026-03-01\t00:00:00\tIAD89-C1\t12\t192.0.2.1",  # 5 fields
        None,  # binary junk (bytes)
        "#Fields: date time cs-uri-stem x-host-header cs-uri-query",  # changed mid-file
        "2026-03-01\t" + "y" * (1 << 20) + "\tend",  # over 1 MB
    ]
    with open(os.path.join(outdir, "standard.log"), "wb") as f:
        f.write(header.encode())
        body = lines[:half] + bad_standard + lines[half:]
        for line in body:
            f.write(b"\x00\xff\xfe\x1b[2Jjunk\x9b\x00" if line is None else line.encode())
            f.write(b"\n")
    # v2 in W3C form: another field order, extra fields.
    with open(os.path.join(outdir, "standard_v2.log"), "w") as f:
        f.write(f"#Version: 1.0\n#Fields: {' '.join(V2_FIELDS)}\n")
        for i, r in enumerate(reqs):
            f.write(tabbed(V2_FIELDS, values(i, r)) + "\n")
    # v2 JSON lines: the same names, the same escaped values; two bad lines.
    with open(os.path.join(outdir, "v2.jsonl"), "wb") as f:
        for i, r in enumerate(reqs):
            vals = values(i, r)
            obj = {k: escape(vals[k]) for k in V2_FIELDS}
            f.write(json.dumps(obj).encode() + b"\n")
            if i == 3:
                f.write(b'{"date": "2026-03-01", \n')
                f.write(b"\x89PNG\x1a\x00\x00junk\n")
    # An Athena query's CSV output over the legacy table: snake-case names, every cell quoted
    # (csv.QUOTE_ALL, `""` inside); one row with a cell too few.
    athena = [f.replace("(", "_").replace(")", "").replace("-", "_").lower() for f in V1_FIELDS]
    with open(os.path.join(outdir, "athena.csv"), "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(athena)
        for i, r in enumerate(reqs):
            vals = values(i, r)
            w.writerow([escape(vals[k]) for k in V1_FIELDS])
            if i == 2:
                w.writerow(["2026-03-01", "00:00:00"])
    # Real-time: no header, cookies cut at 800 bytes; one line with a field too few.
    with open(os.path.join(outdir, "realtime.log"), "w") as f:
        for i, r in enumerate(reqs):
            f.write(tabbed(REALTIME_FIELDS, values(i, r), cut_cookie=True) + "\n")
            if i == 5:
                f.write("\t".join(["1772323200.000"] + ["-"] * (len(REALTIME_FIELDS) - 2)) + "\n")
    # Gzipped: whole, two members (two files each with its header), truncated.
    standard = open(os.path.join(outdir, "standard.log"), "rb").read()
    open(os.path.join(outdir, "standard.log.gz"), "wb").write(gzip.compress(standard))
    first = (header + "\n".join(lines[:half]) + "\n").encode()
    second = (header + "\n".join(lines[half:]) + "\n").encode()
    open(os.path.join(outdir, "multi.log.gz"), "wb").write(gzip.compress(first) + gzip.compress(second))
    whole = gzip.compress(first + b"".join(l.encode() + b"\n" for l in lines[half:]))
    open(os.path.join(outdir, "truncated.log.gz"), "wb").write(whole[: len(whole) * 2 // 3])
    exp = {
        "standard": expected(reqs, False),
        "realtime": expected(reqs, True),
        "bad_lines": {"standard": 4, "standard_v2": 0, "json": 2, "realtime": 1, "multi": 0,
                      "csv": 1},
        "realtime_fields": ",".join(REALTIME_FIELDS),
        "keys": {OLD: KEY_FILES[OLD].replace("_pkcs1.pem", "_pub.pem"),
                 NEW: KEY_FILES[NEW].replace("_pkcs1.pem", "_pub.pem")},
        "skew": SKEW,
    }
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump(exp, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
