//! The names of the schemes, ciphers and PRFs an encrypted key may name, for the message that
//! refuses one. Written below as dotted OIDs, stored packed (their DER content and their names),
//! and looked up by the DER content of the OID the key holds.

/// The schemes, ciphers and PRFs named, by dotted OID.
const NAMES: &[(&str, &str)] = &[
    ("1.2.840.113549.1.5.13", "PBES2"),
    ("1.2.840.113549.1.5.12", "PBKDF2"),
    ("1.3.6.1.4.1.11591.4.11", "scrypt"),
    ("1.2.840.113549.1.5.1", "pbeWithMD2AndDES-CBC"),
    ("1.2.840.113549.1.5.3", "pbeWithMD5AndDES-CBC"),
    ("1.2.840.113549.1.5.4", "pbeWithMD2AndRC2-CBC"),
    ("1.2.840.113549.1.5.6", "pbeWithMD5AndRC2-CBC"),
    ("1.2.840.113549.1.5.10", "pbeWithSHA1AndDES-CBC"),
    ("1.2.840.113549.1.5.11", "pbeWithSHA1AndRC2-CBC"),
    ("1.2.840.113549.1.12.1.1", "pbeWithSHAAnd128BitRC4"),
    ("1.2.840.113549.1.12.1.2", "pbeWithSHAAnd40BitRC4"),
    ("1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.4", "pbeWithSHAAnd2-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.5", "pbeWithSHAAnd128BitRC2-CBC"),
    ("1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC"),
    ("1.2.840.113549.3.7", "des-ede3-cbc"),
    ("1.3.14.3.2.7", "des-cbc"),
    ("1.2.840.113549.3.2", "rc2-cbc"),
    ("2.16.840.1.101.3.4.1.6", "aes-128-gcm"),
    ("2.16.840.1.101.3.4.1.26", "aes-192-gcm"),
    ("2.16.840.1.101.3.4.1.46", "aes-256-gcm"),
    ("1.2.392.200011.61.1.1.1.2", "camellia-128-cbc"),
    ("1.2.392.200011.61.1.1.1.3", "camellia-192-cbc"),
    ("1.2.392.200011.61.1.1.1.4", "camellia-256-cbc"),
    ("1.2.840.113549.2.12", "hmacWithSHA512-224"),
    ("1.2.840.113549.2.13", "hmacWithSHA512-256"),
];

/// [`NAMES`] packed, entry after entry: the OID's length, its DER content, the name's length,
/// the name. Built at compile time (a mistake in the table fails the build).
static PACKED: [u8; packed_len(NAMES)] = pack(NAMES);

/// The name of the OID whose DER content is `oid`, if it has one here.
pub(super) fn lookup(oid: &[u8]) -> Option<&'static str> {
    let mut rest: &'static [u8] = &PACKED;
    while let [len, tail @ ..] = rest {
        let (entry, tail) = tail.split_at_checked(usize::from(*len))?;
        let [len, tail @ ..] = tail else {
            return None;
        };
        let (name, tail) = tail.split_at_checked(usize::from(*len))?;
        if entry == oid {
            return core::str::from_utf8(name).ok();
        }
        rest = tail;
    }
    None
}

/// The DER content of the dotted OID `dotted` (arcs of at most 64 bits, at most 32 bytes).
const fn der(dotted: &str) -> ([u8; 32], usize) {
    let d = dotted.as_bytes();
    let mut out = [0u8; 32];
    let (mut len, mut i, mut index, mut first) = (0, 0, 0, 0u64);
    while i < d.len() {
        let mut arc = 0u64;
        while i < d.len() && d[i] != b'.' {
            assert!(d[i].is_ascii_digit());
            arc = arc * 10 + (d[i] - b'0') as u64;
            i += 1;
        }
        i += 1;
        index += 1;
        // The first two arcs make one subidentifier: 40·x + y.
        let value = match index {
            1 => {
                first = arc;
                continue;
            }
            2 => first * 40 + arc,
            _ => arc,
        };
        let mut groups = 1;
        while groups < 10 && value >> (7 * groups) != 0 {
            groups += 1;
        }
        while groups > 0 {
            groups -= 1;
            let more = if groups > 0 { 0x80 } else { 0 };
            out[len] = (value >> (7 * groups)) as u8 & 0x7f | more;
            len += 1;
        }
    }
    (out, len)
}

/// The size of `names` packed.
const fn packed_len(names: &[(&str, &str)]) -> usize {
    let (mut total, mut i) = (0, 0);
    while i < names.len() {
        total += 2 + der(names[i].0).1 + names[i].1.len();
        i += 1;
    }
    total
}

/// `names` packed (see [`PACKED`]).
const fn pack<const N: usize>(names: &[(&str, &str)]) -> [u8; N] {
    let mut out = [0u8; N];
    let (mut at, mut i) = (0, 0);
    while i < names.len() {
        let (oid, len) = der(names[i].0);
        let name = names[i].1.as_bytes();
        assert!(len < 256 && name.len() < 256);
        out[at] = len as u8;
        at += 1;
        let mut j = 0;
        while j < len {
            out[at] = oid[j];
            at += 1;
            j += 1;
        }
        out[at] = name.len() as u8;
        at += 1;
        j = 0;
        while j < name.len() {
            out[at] = name[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(at == N);
    out
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::super::super::der::Oid;
    use super::*;

    #[test]
    fn every_name_is_found_by_its_oid_and_no_other() {
        let mut rest = &PACKED[..];
        let mut count = 0;
        while let [len, tail @ ..] = rest {
            let (oid, tail) = tail.split_at(usize::from(*len));
            let (len, tail) = (tail[0], &tail[1..]);
            let (name, tail) = tail.split_at(usize::from(len));
            let (dotted, expected) = NAMES[count];
            assert_eq!(Oid::new(oid).unwrap().to_string(), dotted);
            assert_eq!(name, expected.as_bytes());
            assert_eq!(lookup(oid), Some(expected));
            count += 1;
            rest = tail;
        }
        assert_eq!(count, NAMES.len());
        assert_eq!(
            lookup(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x63]),
            None
        );
        assert_eq!(lookup(&[]), None);
    }
}
