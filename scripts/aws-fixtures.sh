#!/usr/bin/env bash
# Regenerates tests/fixtures/aws/: what the real AWS CLI prints for CloudFront public keys, key
# groups and distributions created on moto's server (127.0.0.1, a free port, stopped at the end).
# The IDs are moto's and change on every run; the tests read them from the fixtures.
# Needs: moto_server (`pip install "moto[server]"`), aws (the AWS CLI), openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/aws
mkdir -p "$out"
command -v moto_server >/dev/null || pip install --quiet "moto[server]"
command -v aws >/dev/null || pip install --quiet awscli
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true; rm -rf "$tmp"' EXIT
tmp=$(mktemp -d)
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN
cf() { aws --endpoint-url "http://127.0.0.1:$port" cloudfront "$@"; }
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.2; done

# Public keys: the test keys of tests/keys, and an RSA-3072 key CloudFront would refuse.
openssl pkey -in tests/keys/bad_rsa3072.pem -pubout -out "$tmp/rsa3072_pub.pem" 2>/dev/null
pubkey() { # NAME FILE -> ID
  python3 - "$1" "$2" >"$tmp/pk.json" <<'PY'
import json, sys
print(json.dumps({"CallerReference": sys.argv[1], "Name": sys.argv[1], "EncodedKey": open(sys.argv[2]).read(), "Comment": "cfsign test key"}))
PY
  cf create-public-key --public-key-config "file://$tmp/pk.json" --query PublicKey.Id --output text
}
k_rsa=$(pubkey rsa2048 tests/keys/rsa2048_pub.pem)
k_ec=$(pubkey ec-p256 tests/keys/ec_p256_pub.pem)
k_rsa_b=$(pubkey rsa2048-b tests/keys/rsa2048_b_pub.pem)
k_weak=$(pubkey rsa3072 "$tmp/rsa3072_pub.pem")
keygroup() { # NAME KEY... -> ID
  local name=$1; shift
  python3 -c 'import json,sys; print(json.dumps({"Name": sys.argv[1], "Items": sys.argv[2:], "Comment": "cfsign test group"}))' "$name" "$@" >"$tmp/kg.json"
  cf create-key-group --key-group-config "file://$tmp/kg.json" --query KeyGroup.Id --output text
}
kg_a=$(keygroup kg-a "$k_rsa")
kg_b=$(keygroup kg-b "$k_ec" "$k_rsa_b")
kg_weak=$(keygroup kg-weak "$k_weak")
oac=$(cf create-origin-access-control --origin-access-control-config \
  Name=media-oac,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3 \
  --query OriginAccessControl.Id --output text)

# distribution.json: the doctor's examples and every audit finding the config can show.
python3 - "$kg_a" "$kg_b" "$kg_weak" "$oac" >"$tmp/dist.json" <<'PY'
import json, sys
kg_a, kg_b, kg_weak, oac = sys.argv[1:]
def groups(*ids):
    return {"Enabled": bool(ids), "Quantity": len(ids), **({"Items": list(ids)} if ids else {})}
def signers(*ids):
    return {"Enabled": bool(ids), "Quantity": len(ids), **({"Items": list(ids)} if ids else {})}
def behavior(pattern, origin, kgs=(), legacy=(), protocol="redirect-to-https"):
    b = {"TargetOriginId": origin, "TrustedSigners": signers(*legacy), "TrustedKeyGroups": groups(*kgs),
         "ViewerProtocolPolicy": protocol, "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
         "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]}, "Compress": True}
    if pattern is not None:
        b["PathPattern"] = pattern
    return b
s3 = lambda i, d, oac_id="": {"Id": i, "DomainName": d, "OriginPath": "", "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": oac_id}
custom = {"Id": "api", "DomainName": "api.example.com", "OriginPath": "",
          "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}
items = [
    behavior("/videos/*.mp4", "public-assets"),
    behavior("/videos/*", "media", [kg_a], protocol="allow-all"),
    behavior("/downloads/*", "media", [kg_b]),
    behavior("/videos/trailers/*", "media", [kg_a]),
    behavior("/api/*", "api"),
    behavior("/legacy/*", "media", legacy=["self"]),
    behavior("/ghost/*", "media", ["K0000000000GHOST"]),
    behavior("/weak/*", "media", [kg_weak]),
]
print(json.dumps({
    "CallerReference": "cfsign-doctor-fixture",
    "Aliases": {"Quantity": 1, "Items": ["media.example.com"]},
    "DefaultRootObject": "",
    "Origins": {"Quantity": 3, "Items": [s3("media", "media.s3.us-east-1.amazonaws.com", oac),
                                           s3("public-assets", "public-assets.s3.amazonaws.com"), custom]},
    "DefaultCacheBehavior": behavior(None, "media", [kg_a]),
    "CacheBehaviors": {"Quantity": len(items), "Items": items},
    "CustomErrorResponses": {"Quantity": 1, "Items": [{"ErrorCode": 403, "ResponsePagePath": "/errors/403.html", "ResponseCode": "403", "ErrorCachingMinTTL": 10}]},
    "Comment": "cfsign doctor fixture", "Enabled": True,
}))
PY
# clean.json: a distribution with nothing to report (restricted default over HTTPS, OAC).
python3 - "$kg_a" "$oac" >"$tmp/clean.json" <<'PY'
import json, sys
kg_a, oac = sys.argv[1:]
print(json.dumps({
    "CallerReference": "cfsign-doctor-clean",
    "Aliases": {"Quantity": 0},
    "Origins": {"Quantity": 1, "Items": [{"Id": "media", "DomainName": "media.s3.us-east-1.amazonaws.com", "OriginPath": "",
                "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": oac}]},
    "DefaultCacheBehavior": {"TargetOriginId": "media", "TrustedSigners": {"Enabled": False, "Quantity": 0},
        "TrustedKeyGroups": {"Enabled": True, "Quantity": 1, "Items": [kg_a]}, "ViewerProtocolPolicy": "https-only",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
    "Comment": "cfsign doctor clean fixture", "Enabled": True,
}))
PY
dist=$(cf create-distribution --distribution-config "file://$tmp/dist.json" --query Distribution.Id --output text)
clean=$(cf create-distribution --distribution-config "file://$tmp/clean.json" --query Distribution.Id --output text)

cf get-distribution --id "$dist" >"$out/get-distribution.json"
cf get-distribution-config --id "$dist" >"$out/get-distribution-config.json"
cf get-distribution --id "$clean" >"$out/get-distribution-clean.json"
for g in kg_a kg_b kg_weak; do
  cf get-key-group --id "${!g}" >"$out/get-key-group-${g#kg_}.json"
done
for k in k_rsa k_ec k_rsa_b k_weak; do
  cf get-public-key --id "${!k}" >"$out/get-public-key-${k#k_}.json"
done
# moto 5.2 implements neither get-key-group-config nor get-public-key-config (404).
cf list-key-groups >"$out/list-key-groups.json"
cf list-public-keys >"$out/list-public-keys.json"
cf list-distributions >"$out/list-distributions.json"
echo "tests/fixtures/aws: distribution $dist, clean $clean, key groups $kg_a $kg_b $kg_weak"
