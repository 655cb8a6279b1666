//! The reader's strictness: every malformed encoding is an error, never a panic; and the key
//! structures' constants are what they claim.

use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use super::super::asn1::{
    AlgorithmId, EcPrivateKey, PrivateKeyInfo, RsaPrivateKey, Spki, ALG_EC_P256, ALG_RSA, OID_EC,
    OID_P256, OID_RSA,
};
use super::*;

/// The content of `der` read as one OCTET STRING, or the error.
fn octets(der: &[u8]) -> Result<&[u8], DerError> {
    let mut r = Reader::new(der);
    let content = r.octets()?;
    r.finish()?;
    Ok(content)
}

#[test]
fn lengths_are_definite_minimal_and_within_the_input() {
    assert_eq!(octets(&[0x04, 0x00]), Ok(&[][..]));
    assert_eq!(octets(&[0x04, 0x02, 1, 2]), Ok(&[1, 2][..]));
    let mut long = vec![0x04, 0x81, 0x80];
    long.extend([7; 0x80]);
    assert_eq!(octets(&long).map(<[u8]>::len), Ok(0x80));
    for (bad, error) in [
        // Empty, a tag alone, a length byte missing.
        (&[][..], DerError::Truncated),
        (&[0x04], DerError::Truncated),
        (&[0x04, 0x82, 0x01], DerError::Truncated),
        // Content shorter than its length; a huge length.
        (&[0x04, 0x03, 1, 2], DerError::Truncated),
        (
            &[0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0],
            DerError::Truncated,
        ),
        // Indefinite (BER), reserved, five length bytes.
        (&[0x04, 0x80, 1, 0, 0], DerError::Length),
        (&[0x04, 0xff, 1], DerError::Length),
        (&[0x04, 0x85, 0, 0, 0, 0, 1, 0], DerError::Length),
        // The long form for a short length; a leading zero length byte.
        (&[0x04, 0x81, 0x01, 7], DerError::Length),
        (&[0x04, 0x82, 0x00, 0x80], DerError::Length),
        // Another tag, a multi-byte tag.
        (&[0x03, 0x01, 0], DerError::Tag),
        (&[0x1f, 0x04, 0x01, 0], DerError::Tag),
        // Bytes after the value.
        (&[0x04, 0x01, 7, 0], DerError::Trailing),
    ] {
        assert_eq!(octets(bad), Err(error), "{bad:02x?}");
    }
    assert_eq!(
        Reader::whole(&[0x30, 0x00, 0x00], SEQUENCE).err(),
        Some(DerError::Trailing)
    );
    assert_eq!(
        Reader::whole(&[0x31, 0x00], SEQUENCE).err(),
        Some(DerError::Tag)
    );
}

#[test]
fn integers_are_minimal_and_non_negative() {
    let uint = |content: &[u8]| {
        let der = tlv(INTEGER, &[content]);
        let mut r = Reader::new(&der);
        r.uint().map(<[u8]>::to_vec)
    };
    assert_eq!(uint(&[0]), Ok(vec![0]));
    assert_eq!(uint(&[0x7f]), Ok(vec![0x7f]));
    assert_eq!(uint(&[0, 0x80]), Ok(vec![0x80]));
    assert_eq!(uint(&[1, 0]), Ok(vec![1, 0]));
    for bad in [&[][..], &[0, 0], &[0, 0x7f], &[0x80], &[0xff, 0xff]] {
        assert_eq!(uint(bad), Err(DerError::Integer), "{bad:02x?}");
    }
    let small = |content: &[u8]| Reader::new(&tlv(INTEGER, &[content])).small_uint();
    assert_eq!(
        small(&[0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        Ok(u64::MAX)
    );
    assert_eq!(small(&[1, 0, 0, 0, 0, 0, 0, 0, 0]), Err(DerError::Integer));
    assert_eq!(Reader::new(&[0x04, 0x01, 0]).uint(), Err(DerError::Tag));
}

#[test]
fn oids_are_checked_and_written_dotted() {
    for (content, dotted) in [
        (OID_RSA, "1.2.840.113549.1.1.1"),
        (OID_EC, "1.2.840.10045.2.1"),
        (OID_P256, "1.2.840.10045.3.1.7"),
        (
            &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b],
            "1.3.6.1.4.1.11591.4.11",
        ),
        (&[0x2b, 0x65, 0x70], "1.3.101.112"),
        (&[0x00], "0.0"),
        (&[0x88, 0x37, 0x03], "2.999.3"),
        (&[0x2a, 0x8f, 0xff, 0xff, 0xff, 0x7f], "1.2.4294967295"),
    ] {
        assert_eq!(Oid::new(content).map(|o| o.to_string()), Ok(dotted.into()));
    }
    for bad in [
        &[][..],
        &[0x2a, 0x86],                         // unfinished
        &[0x2a, 0x80, 0x01],                   // a leading 0x80: not minimal
        &[0x80, 0x2a],                         // the same in the first arc
        &[0x2a, 0x90, 0x80, 0x80, 0x80, 0x00], // over 32 bits
        &[0x01; 40],                           // over 39 bytes
    ] {
        assert_eq!(Oid::new(bad), Err(DerError::Oid), "{bad:02x?}");
    }
}

#[test]
fn bit_strings_hold_whole_bytes() {
    let bits = |der: &[u8]| Reader::new(der).bits().map(<[u8]>::to_vec);
    assert_eq!(bits(&[0x03, 0x03, 0, 1, 2]), Ok(vec![1, 2]));
    assert_eq!(bits(&[0x03, 0x01, 0]), Ok(vec![]));
    assert_eq!(bits(&[0x03, 0x00]), Err(DerError::Value));
    assert_eq!(bits(&[0x03, 0x02, 1, 0xfe]), Err(DerError::Value));
}

#[test]
fn written_lengths_read_back() {
    for len in [0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x1_0000] {
        let content = vec![0xa5; len];
        let der = tlv(OCTET_STRING, &[&content[..len / 2], &content[len / 2..]]);
        assert_eq!(der.len(), header_len(len) + len);
        assert_eq!(der.capacity(), der.len());
        assert_eq!(octets(&der), Ok(&content[..]), "{len}");
    }
}

#[test]
fn algorithm_identifiers_are_what_they_say() {
    let mut r = Reader::new(ALG_RSA);
    let rsa = AlgorithmId::read(&mut r).unwrap();
    r.finish().unwrap();
    assert_eq!(rsa.oid.as_bytes(), OID_RSA);
    assert_eq!(rsa.params, Some((0x05, &[][..])));
    assert_eq!(rsa.params_oid(), None);
    let mut r = Reader::new(ALG_EC_P256);
    let ec = AlgorithmId::read(&mut r).unwrap();
    r.finish().unwrap();
    assert_eq!(ec.oid.as_bytes(), OID_EC);
    assert_eq!(ec.params_oid().map(Oid::as_bytes), Some(OID_P256));
}

/// Every structure read from `der`: never a panic, whatever it holds.
fn read_all(der: &[u8]) -> bool {
    let mut any = PrivateKeyInfo::from_der(der).is_ok();
    any |= RsaPrivateKey::from_der(der).is_ok();
    any |= EcPrivateKey::from_der(der).is_ok();
    any |= Spki::from_der(der).is_ok();
    any |= super::super::asn1::rsa_public_modulus(der).is_ok();
    let mut r = Reader::new(der);
    while r.any().is_ok() {}
    any
}

/// A key file's DER.
fn pem_der(pem: &str) -> Vec<u8> {
    let blocks = super::super::pem::pem_blocks(pem).unwrap();
    blocks.last().unwrap().der.to_vec()
}

#[test]
fn every_truncation_and_byte_change_of_real_keys_is_safe() {
    for pem in [
        include_str!("../../../tests/keys/rsa2048_pkcs1.pem"),
        include_str!("../../../tests/keys/ec_p256_sec1.pem"),
        include_str!("../../../tests/keys/ec_p256_pkcs8.pem"),
        include_str!("../../../tests/keys/ec_p256_pub.pem"),
        include_str!("../../../tests/keys/rsa2048_pub.pem"),
        include_str!("../../../tests/keys/rsa2048_pub_pkcs1.pem"),
    ] {
        let der = pem_der(pem);
        assert!(read_all(&der));
        for len in 0..der.len() {
            // A truncated key never reads as any structure: every value fills its container.
            assert!(!read_all(&der[..len]), "{len}");
        }
        for i in 0..der.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut changed = der.clone();
                changed[i] ^= flip;
                read_all(&changed);
            }
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut seed = 0x243F_6A88_85A3_08D3_u64;
    for len in 0..2000 {
        let mut bytes: Vec<u8> = (0..len % 200)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        read_all(&bytes);
        // Behind a plausible header too, so that the fields are reached.
        for tag in [SEQUENCE, OCTET_STRING] {
            bytes = tlv(tag, &[&bytes]);
            read_all(&bytes);
        }
    }
}

/// Found by `fuzz/fuzz_targets/der_keys.rs`: an RSA key whose algorithm parameters are not
/// `NULL` (here `38 00`, a constructed GeneralizedTime, which DER forbids) was read, where the
/// `pkcs8` crate refuses it. RFC 8017 (A.1) says `rsaEncryption`'s parameters are `NULL`; absent
/// ones are still read, as before.
#[test]
fn rsa_algorithm_parameters_are_null_or_absent() {
    use crate::key::Pkcs8Der;
    use crate::PublicKey;
    let private = pem_der(include_str!("../../../tests/keys/rsa2048_pkcs8.pem"));
    let public = pem_der(include_str!("../../../tests/keys/rsa2048_pub.pem"));
    // The NULL's place: after `30 82 LL LL 02 01 00 30 0d 06 09 <OID>` in PKCS#8, after
    // `30 82 LL LL 30 0d 06 09 <OID>` in SPKI.
    assert_eq!(&private[20..22], &[0x05, 0x00]);
    assert_eq!(&public[17..19], &[0x05, 0x00]);
    assert!(Pkcs8Der::from_der(&private).is_ok());
    assert!(PublicKey::from_spki_der(&public).is_ok());
    for params in [
        [0x38, 0x00],
        [0x18, 0x00],
        [0x04, 0x00],
        [0x30, 0x00],
        [0xa0, 0x00],
    ] {
        let mut bad = private.clone();
        bad[20..22].copy_from_slice(&params);
        assert!(Pkcs8Der::from_der(&bad).is_err(), "{params:02x?}");
        let mut bad = public.clone();
        bad[17..19].copy_from_slice(&params);
        assert!(PublicKey::from_spki_der(&bad).is_err(), "{params:02x?}");
    }
}
