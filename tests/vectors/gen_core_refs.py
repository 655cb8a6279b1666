#!/usr/bin/env python3
"""Regenerates tests/vectors/core_refs.json: what the real references answer on the texts the
core's reading of URLs and IP ranges is checked on (src/url/tests.rs, src/policy/check.rs,
src/policy/ip.rs). Never edited by hand.

    python3 tests/vectors/gen_core_refs.py   # needs node and tests/js/node_modules (npm ci there)

- `percent_decode`: Python's `urllib.parse.unquote_to_bytes` (a `%` not followed by two hex
  digits kept as is), as hex.
- `decode_uri_component`: JavaScript's `decodeURIComponent` (null where it throws).
- `encode_like_js_sdk`: `encodeUrlPath` of @aws-sdk/cloudfront-signer (tests/js's pinned version),
  run from the package's own file.
- `is_http_url`: the AWS CLI's `_is_http_url` reading, Python's `urlsplit` (3.11.4 or later): a
  scheme of http or https, a host, and a port `.port` reads without error.
- `ip_ranges`: the AWS CLI's `--ip-address` check, `\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?` then
  `ipaddress.IPv4Network(text, strict=False)`: every accepted text of the alphabet's (see
  `ip_texts`), with its address and prefix; every other text is refused.
"""
import ipaddress
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
assert sys.version_info >= (3, 11, 4), "ipaddress and urlsplit changed in 3.11.4"


def texts(rng, prefixes, pieces, longest, count):
    out = []
    for _ in range(count):
        t = rng.choice(prefixes) + "".join(rng.choice(pieces) for _ in range(rng.randint(0, longest)))
        out.append(t)
    return sorted(set(out))


def ip_texts():
    """Every text of up to four of these pieces (at most 12 characters), and a few longer: the
    same list src/policy/ip.rs builds."""
    alphabet = ["0", "1", "2", "5", "9", ".", "/", "a", "25", "255.", "3/", "6."]
    found = {""}
    for _ in range(4):
        found |= {t + a for t in found for a in alphabet if len(t + a) <= 12}
    return sorted(found | {"1.2.3.4/32", "1.2.3.4/33", "1.2.3.4/0", "10.0.0.255/24", "1.2.3.4/08"})


def aws_cli_ip_range(text):
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?", text):
        return None
    try:
        net = ipaddress.IPv4Network(text, strict=False)
    except ValueError:
        return None
    addr = text.split("/")[0]
    return [list(ipaddress.IPv4Address(addr).packed), net.prefixlen]


def is_http_url(url):
    try:
        parts = urlsplit(url)
        parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def main():
    rng = random.Random(20)
    hexes = [f"%{b:02X}" for b in (0x20, 0x2F, 0x41, 0x25, 0x7E)] + ["%2f", "%c3%a9", "%C3%A9", "%E9", "%ED%A0%80", "%C0%80", "%F0%9F%A6%80"]
    decode_texts = texts(rng, [""], list("%aAfF09gé+ ") + hexes + ["%", "%4", "%z"], 12, 600)
    url_texts = texts(rng, ["", "https:", "http:", "https://", "//", "https://h", "https://h/"],
                      list("/?&=%+' aAfF09é!()*#-.") + hexes, 16, 600)
    check_texts = texts(rng, ["", "http", "https", "HTTPS", "ftp", "http:", "https://", "https://h"],
                        list(":@[]%v.1f/?# \"é") + ["::1", "65535", "65536", "0443", "[::1]", "[v1.x]", "[fe80::1%25e]"], 10, 1500)
    js = subprocess.run(
        ["node", "-e", """
const fs = require("fs");
const path = require.resolve("@aws-sdk/cloudfront-signer", { paths: [process.argv[1]] });
const src = fs.readFileSync(path, "utf8");
const encodeUrlPath = new Function("require", "exports", "module", src + "\\nreturn encodeUrlPath;")(
  require("module").createRequire(path), {}, {});
const [decode, urls] = JSON.parse(fs.readFileSync(0, "utf8"));
const strict = (t) => { try { return decodeURIComponent(t); } catch { return null; } };
process.stdout.write(JSON.stringify([decode.map(strict), urls.map(encodeUrlPath)]));
""", str(ROOT / "tests" / "js")],
        input=json.dumps([decode_texts, url_texts]), capture_output=True, text=True, check=True)
    strict, encoded = json.loads(js.stdout)
    ranges = {t: r for t in ip_texts() if (r := aws_cli_ip_range(t)) is not None}
    out = {
        "percent_decode": [[t, unquote_to_bytes(t).hex()] for t in decode_texts],
        "decode_uri_component": [[t, s] for t, s in zip(decode_texts, strict)],
        "encode_like_js_sdk": [[t, e] for t, e in zip(url_texts, encoded)],
        "is_http_url": [[t, is_http_url(t)] for t in check_texts],
        "ip_ranges": ranges,
    }
    (HERE / "core_refs.json").write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n")


main()
