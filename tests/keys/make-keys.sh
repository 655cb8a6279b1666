#!/usr/bin/env bash
# Regenerates the test keys in this folder with OpenSSL 3. They are committed: the vectors in
# tests/vectors/ were signed with them, so running this again changes every vector (re-run
# tests/vectors/generate.sh afterwards). These keys protect nothing: never use them for real content.
set -euo pipefail
cd "$(dirname "$0")"

# RSA-2048, the CloudFront console's PKCS#1 form, plus PKCS#8 and both public forms.
openssl genrsa -traditional -out rsa2048_pkcs1.pem 2048
openssl pkcs8 -topk8 -nocrypt -in rsa2048_pkcs1.pem -out rsa2048_pkcs8.pem
openssl rsa -in rsa2048_pkcs1.pem -pubout -out rsa2048_pub.pem
openssl rsa -in rsa2048_pkcs1.pem -RSAPublicKey_out -out rsa2048_pub_pkcs1.pem
# A second RSA key, for key rotation tests.
openssl genrsa -traditional -out rsa2048_b_pkcs1.pem 2048
openssl rsa -in rsa2048_b_pkcs1.pem -pubout -out rsa2048_b_pub.pem

# ECDSA P-256: `openssl ecparam -genkey` writes an EC PARAMETERS block before the SEC1 key.
openssl ecparam -name prime256v1 -genkey -out ec_p256_with_params.pem
openssl ec -in ec_p256_with_params.pem -out ec_p256_sec1.pem
openssl pkcs8 -topk8 -nocrypt -in ec_p256_sec1.pem -out ec_p256_pkcs8.pem
openssl ec -in ec_p256_sec1.pem -pubout -out ec_p256_pub.pem

# Keys that must be refused, each for its own reason.
openssl genrsa -traditional -out bad_rsa1024.pem 1024
openssl genrsa -traditional -out bad_rsa3072.pem 3072
openssl ecparam -name secp384r1 -genkey -noout -out bad_ec_p384_sec1.pem
openssl pkcs8 -topk8 -nocrypt -in bad_ec_p384_sec1.pem -out bad_ec_p384_pkcs8.pem
openssl genpkey -algorithm ed25519 -out bad_ed25519.pem
openssl genrsa -traditional -aes128 -passout pass:test -out bad_rsa_encrypted_pkcs1.pem 2048
openssl pkcs8 -topk8 -v2 aes-128-cbc -passout pass:test -in rsa2048_pkcs1.pem -out bad_rsa_encrypted_pkcs8.pem

# `openssl ... -text -pubout` output: a public key block after the private key's own fields. The
# page and KeyGroup must refuse it (and never store it) as a public key.
openssl rsa -in rsa2048_pkcs1.pem -text -pubout -out bad_rsa_text_pubout.txt
openssl ec -in ec_p256_sec1.pem -text -pubout -out bad_ec_text_pubout.txt
