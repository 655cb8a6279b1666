//! The key structures, read with the strict reader of [`der`](super::der): PKCS#8
//! `PrivateKeyInfo` (RFC 5958), PKCS#1 `RSAPrivateKey` and `RSAPublicKey` (RFC 8017), SEC1
//! `ECPrivateKey` (RFC 5915), `SubjectPublicKeyInfo` (RFC 5280) and their algorithm identifiers;
//! and the DER the crate writes: PKCS#8 around PKCS#1 or SEC1, SPKI around a public key.

use alloc::vec::Vec;

use zeroize::Zeroizing;

use super::der::{
    header_len, push_header, push_tlv, Invalid, Oid, Reader, BIT_STRING, INTEGER, OCTET_STRING,
    OID, SEQUENCE,
};

/// `rsaEncryption` (1.2.840.113549.1.1.1), PKCS#1.
pub(super) const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `id-ecPublicKey` (1.2.840.10045.2.1), RFC 5480.
pub(super) const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// The P-256 curve (1.2.840.10045.3.1.7: `prime256v1`, `secp256r1`).
pub(super) const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// `AlgorithmIdentifier { rsaEncryption, NULL }`, whole.
pub(super) const ALG_RSA: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];
/// `AlgorithmIdentifier { id-ecPublicKey, prime256v1 }`, whole.
pub(super) const ALG_EC_P256: &[u8] = &[
    0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07,
];

/// `[0]` (constructed): PKCS#8's attributes, SEC1's parameters.
const CONTEXT_0: u8 = 0xa0;
/// `[1]` (constructed): SEC1's public key.
const CONTEXT_1: u8 = 0xa1;
/// `[1] IMPLICIT BIT STRING` (primitive): PKCS#8 v2's public key.
const CONTEXT_1_PRIMITIVE: u8 = 0x81;

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`.
#[derive(Clone, Copy, Debug)]
pub(super) struct AlgorithmId<'a> {
    /// The algorithm.
    pub(super) oid: Oid<'a>,
    /// The parameters' tag and content, when present.
    pub(super) params: Option<(u8, &'a [u8])>,
}

impl<'a> AlgorithmId<'a> {
    /// Reads one from `r`.
    pub(super) fn read(r: &mut Reader<'a>) -> Result<Self, Invalid> {
        let mut fields = r.sequence()?;
        let oid = fields.oid()?;
        let params = if fields.is_empty() {
            None
        } else {
            let (tag, content, _) = fields.any()?;
            Some((tag, content))
        };
        fields.finish()?;
        Ok(Self { oid, params })
    }

    /// The parameters as an OBJECT IDENTIFIER (an EC key's named curve), when they are one.
    pub(super) fn params_oid(&self) -> Option<Oid<'a>> {
        match self.params {
            Some((OID, content)) => Oid::new(content).ok(),
            _ => None,
        }
    }
}

/// PKCS#8 `PrivateKeyInfo` (v1, version 0; or RFC 5958's v2, version 1, with its public key): the
/// algorithm and the private key's bytes (PKCS#1 or SEC1 DER).
#[derive(Debug)]
pub(super) struct PrivateKeyInfo<'a> {
    /// The key's algorithm and parameters.
    pub(super) algorithm: AlgorithmId<'a>,
    /// The `privateKey` OCTET STRING's content.
    pub(super) private_key: &'a [u8],
}

impl<'a> PrivateKeyInfo<'a> {
    /// Reads exactly one `PrivateKeyInfo` (or `OneAsymmetricKey`) from `der`.
    pub(super) fn from_der(der: &'a [u8]) -> Result<Self, Invalid> {
        let mut r = Reader::whole(der, SEQUENCE)?;
        let version = r.small_uint()?;
        let algorithm = AlgorithmId::read(&mut r)?;
        let private_key = r.octets()?;
        r.optional(CONTEXT_0)?;
        let public_key = r.optional(CONTEXT_1_PRIMITIVE)?;
        r.finish()?;
        match (version, public_key) {
            (0, None) | (1, Some([0, ..])) => Ok(Self {
                algorithm,
                private_key,
            }),
            _ => Err(Invalid),
        }
    }
}

/// PKCS#1 `RSAPrivateKey`, two-prime (version 0): the fields the crate reads.
#[derive(Debug)]
pub(super) struct RsaPrivateKey<'a> {
    /// `n`, big-endian, without a sign byte (as are the others).
    pub(super) modulus: &'a [u8],
    /// `e`.
    #[cfg_attr(not(feature = "rust-crypto"), allow(dead_code))]
    pub(super) public_exponent: &'a [u8],
    /// `d`.
    #[cfg_attr(not(feature = "rust-crypto"), allow(dead_code))]
    pub(super) private_exponent: &'a [u8],
    /// `p`.
    #[cfg_attr(not(feature = "rust-crypto"), allow(dead_code))]
    pub(super) prime1: &'a [u8],
    /// `q`.
    #[cfg_attr(not(feature = "rust-crypto"), allow(dead_code))]
    pub(super) prime2: &'a [u8],
    /// `n` and `e` as encoded (two INTEGERs): the content of the matching `RSAPublicKey`.
    public: [&'a [u8]; 2],
}

impl<'a> RsaPrivateKey<'a> {
    /// Reads exactly one `RSAPrivateKey` from `der`. Multi-prime keys (version 1) are refused.
    pub(super) fn from_der(der: &'a [u8]) -> Result<Self, Invalid> {
        let mut r = Reader::whole(der, SEQUENCE)?;
        if r.small_uint()? != 0 {
            return Err(Invalid);
        }
        let (modulus, n) = r.uint_whole()?;
        let (public_exponent, e) = r.uint_whole()?;
        let key = Self {
            modulus,
            public_exponent,
            private_exponent: r.uint()?,
            prime1: r.uint()?,
            prime2: r.uint()?,
            public: [n, e],
        };
        // exponent1, exponent2, coefficient.
        for _ in 0..3 {
            r.uint()?;
        }
        r.finish()?;
        Ok(key)
    }

    /// The matching `RSAPublicKey`, DER.
    pub(super) fn public_key_der(&self) -> Vec<u8> {
        super::der::tlv(SEQUENCE, &self.public)
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`: its modulus.
pub(super) fn rsa_public_modulus(der: &[u8]) -> Result<&[u8], Invalid> {
    let mut r = Reader::whole(der, SEQUENCE)?;
    let modulus = r.uint()?;
    r.uint()?;
    r.finish()?;
    Ok(modulus)
}

/// SEC1 `ECPrivateKey` (version 1): the private scalar, and the named curve and the public point
/// when the key holds them.
#[derive(Debug)]
pub(super) struct EcPrivateKey<'a> {
    /// The `privateKey` OCTET STRING's content.
    pub(super) private_key: &'a [u8],
    /// `[0] parameters`: the named curve.
    pub(super) curve: Option<Oid<'a>>,
    /// `[1] publicKey`: the point's bytes.
    pub(super) public_key: Option<&'a [u8]>,
}

impl<'a> EcPrivateKey<'a> {
    /// Reads exactly one `ECPrivateKey` from `der`.
    pub(super) fn from_der(der: &'a [u8]) -> Result<Self, Invalid> {
        let mut r = Reader::whole(der, SEQUENCE)?;
        if r.small_uint()? != 1 {
            return Err(Invalid);
        }
        let private_key = r.octets()?;
        let curve = match r.optional(CONTEXT_0)? {
            Some(content) => {
                let mut inner = Reader::new(content);
                let oid = inner.oid()?;
                inner.finish()?;
                Some(oid)
            }
            None => None,
        };
        let public_key = match r.optional(CONTEXT_1)? {
            Some(content) => {
                let mut inner = Reader::new(content);
                let bits = inner.bits()?;
                inner.finish()?;
                Some(bits)
            }
            None => None,
        };
        r.finish()?;
        Ok(Self {
            private_key,
            curve,
            public_key,
        })
    }
}

/// `SubjectPublicKeyInfo`: the algorithm and the public key's bytes.
#[derive(Debug)]
pub(super) struct Spki<'a> {
    /// The key's algorithm and parameters.
    pub(super) algorithm: AlgorithmId<'a>,
    /// The `subjectPublicKey` BIT STRING's bytes.
    pub(super) key: &'a [u8],
}

impl<'a> Spki<'a> {
    /// Reads exactly one `SubjectPublicKeyInfo` from `der`.
    pub(super) fn from_der(der: &'a [u8]) -> Result<Self, Invalid> {
        let mut r = Reader::whole(der, SEQUENCE)?;
        let algorithm = AlgorithmId::read(&mut r)?;
        let key = r.bits()?;
        r.finish()?;
        Ok(Self { algorithm, key })
    }
}

/// PKCS#8 `PrivateKeyInfo` (v1: version 0, no attributes) holding `key` (PKCS#1 or SEC1 DER) under `algorithm` (a
/// whole `AlgorithmIdentifier`), zeroized when dropped.
pub(super) fn pkcs8_der(algorithm: &[u8], key: &[u8]) -> Zeroizing<Vec<u8>> {
    let body = 3 + algorithm.len() + header_len(key.len()) + key.len();
    // The exact size: no reallocation leaves a copy of the key behind.
    let mut out = Zeroizing::new(Vec::with_capacity(header_len(body) + body));
    push_header(&mut out, SEQUENCE, body);
    out.extend_from_slice(&[INTEGER, 1, 0]);
    out.extend_from_slice(algorithm);
    push_tlv(&mut out, OCTET_STRING, &[key]);
    out
}

/// `SubjectPublicKeyInfo` holding the public key bytes `key` under `algorithm` (a whole
/// `AlgorithmIdentifier`).
pub(super) fn spki_der(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    let body = algorithm.len() + header_len(key.len() + 1) + key.len() + 1;
    let mut out = Vec::with_capacity(header_len(body) + body);
    push_header(&mut out, SEQUENCE, body);
    out.extend_from_slice(algorithm);
    push_tlv(&mut out, BIT_STRING, &[&[0], key]);
    out
}
