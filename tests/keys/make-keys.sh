#!/usr/bin/env bash
# Regenerates the test keys in this folder with OpenSSL 3. They are committed: the vectors in
# tests/vectors/ were signed with them, so running this again changes every vector (re-run
# tests/vectors/generate.sh afterwards). These keys protect nothing: never use them for real content.
set -euo pipefail
cd "$(dirname "$0")"

# Passphrase-protected copies of the keys below, for `from_pem_with_passphrase`. The passphrase of
# every one is `cfsign-test`. `make-keys.sh encrypted` remakes only these, from the committed plain
# keys, leaving the vectors alone.
encrypted_keys() {
  local pass=pass:cfsign-test
  for key in rsa2048:rsa2048_pkcs1.pem ec_p256:ec_p256_sec1.pem; do
    local name=${key%%:*} plain=${key#*:}
    # PBES2, PBKDF2-HMAC-SHA256 + AES-256-CBC, 2048 iterations: what `openssl genpkey
    # -aes-256-cbc` and `openssl pkcs8 -topk8 -v2 aes-256-cbc` write.
    openssl pkcs8 -topk8 -v2 aes-256-cbc -passout $pass -in "$plain" -out "${name}_pkcs8_aes256.pem"
    # PBKDF2-HMAC-SHA1 + AES-128-CBC.
    openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout $pass -in "$plain" \
      -out "${name}_pkcs8_sha1_aes128.pem"
    # scrypt (N=16384, r=8, p=1, OpenSSL's defaults) + AES-256-CBC.
    openssl pkcs8 -topk8 -scrypt -passout $pass -in "$plain" -out "${name}_pkcs8_scrypt.pem"
  done
  # PBKDF2-HMAC-SHA512 + AES-192-CBC, 10000 iterations.
  openssl pkcs8 -topk8 -v2 aes-192-cbc -v2prf hmacWithSHA512 -iter 10000 -passout $pass \
    -in ec_p256_sec1.pem -out ec_p256_pkcs8_sha512_aes192.pem

  # Refused, each for its own reason. OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`,
  # `DEK-Info`), what `openssl genrsa -aes256` wrote before OpenSSL 3:
  openssl rsa -traditional -aes256 -passout $pass -in rsa2048_pkcs1.pem -out bad_rsa2048_legacy_aes256.pem
  openssl ec -aes256 -passout $pass -in ec_p256_sec1.pem -out bad_ec_p256_legacy_aes256.pem
  # Schemes cfsign does not read: PBES2 with 3DES, and PKCS#12's PBE-SHA1-3DES (PBES1-style, the
  # default of `openssl pkcs8 -topk8` before OpenSSL 1.1).
  openssl pkcs8 -topk8 -v2 des3 -passout $pass -in rsa2048_pkcs1.pem -out bad_rsa2048_pkcs8_des3.pem
  openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout $pass -in rsa2048_pkcs1.pem \
    -out bad_rsa2048_pkcs8_pbe_sha1_3des.pem
  # Cost parameters over cfsign's limits. OpenSSL will not write these (deriving the key would take
  # 128 GiB, or hours), so they are assembled with `asn1parse -genconf` from the scrypt key above:
  # the same salt, IV and ciphertext, with scrypt's N raised from 2^14 to 2^30, or with PBKDF2 and
  # 2^31-1 iterations instead.
  local hex
  mapfile -t hex < <(openssl asn1parse -in rsa2048_pkcs8_scrypt.pem | sed -n 's/.*\[HEX DUMP\]://p')
  genconf() { # $1: the KDF's AlgorithmIdentifier section, $2: output file
    local conf
    conf=$(mktemp)
    cat >"$conf" <<CONF
asn1 = SEQUENCE:epki
[epki]
alg = SEQUENCE:alg
data = FORMAT:HEX,OCTETSTRING:${hex[2]}
[alg]
oid = OID:PBES2
params = SEQUENCE:pbes2
[pbes2]
kdf = SEQUENCE:kdf
enc = SEQUENCE:enc
[enc]
oid = OID:aes-256-cbc
iv = FORMAT:HEX,OCTETSTRING:${hex[1]}
$1
CONF
    openssl asn1parse -genconf "$conf" -noout -out "$2.der"
    openssl base64 -in "$2.der" | { echo "-----BEGIN ENCRYPTED PRIVATE KEY-----"; cat; echo "-----END ENCRYPTED PRIVATE KEY-----"; } >"$2"
    rm -f "$conf" "$2.der"
  }
  genconf "[kdf]
oid = OID:id-scrypt
params = SEQUENCE:scrypt
[scrypt]
salt = FORMAT:HEX,OCTETSTRING:${hex[0]}
n = INTEGER:1073741824
r = INTEGER:8
p = INTEGER:1" bad_rsa2048_pkcs8_scrypt_n2p30.pem
  genconf "[kdf]
oid = OID:PBKDF2
params = SEQUENCE:pbkdf2
[pbkdf2]
salt = FORMAT:HEX,OCTETSTRING:${hex[0]}
iter = INTEGER:2147483647
prf = SEQUENCE:prf
[prf]
oid = OID:hmacWithSHA256
null = NULL" bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem
}
if [[ "${1:-}" == encrypted ]]; then
  encrypted_keys
  exit
fi

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

encrypted_keys
