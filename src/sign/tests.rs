//! The signer refuses what CloudFront (and [`crate::verify`](mod@crate::verify)) would refuse
//! (issue 29, p04, p05, p10). Compiled only with `#[cfg(test)]`, from sign.rs.

use alloc::format;
use alloc::string::String;

use super::*;
use crate::policy::{Policy, ResourceProblem};

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";
const EXPIRES: u64 = 1_893_456_000;

fn signer() -> Signer {
    let pem = include_str!("../../tests/keys/ec_p256_sec1.pem");
    Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem).unwrap()).unwrap()
}

fn wildcard() -> UrlOptions {
    UrlOptions {
        date_less_than: EXPIRES,
        policy_resource: Some(format!("{ORIGIN}/*")),
        ..UrlOptions::default()
    }
}

/// p10: the URL is checked whatever the policy resource.
#[test]
fn a_wildcard_policy_does_not_let_an_unsafe_url_through() {
    for (path, problem) in [
        ("/a\u{1}b", ResourceProblem::UnsafeCharacter),
        (
            "/a\nhttps://evil.example/",
            ResourceProblem::UnsafeCharacter,
        ),
        ("/a\u{7f}", ResourceProblem::UnsafeCharacter),
        ("/a\"b", ResourceProblem::UnsafeCharacter),
        ("/a\\b", ResourceProblem::UnsafeCharacter),
        ("/a b", ResourceProblem::NotAscii),
        ("/caf\u{e9}", ResourceProblem::NotAscii),
        ("/a\u{9b}b", ResourceProblem::NotAscii),
    ] {
        let url = [ORIGIN, path].concat();
        let expected = SignError::UnsafeUrl {
            url: url.clone(),
            problem,
        };
        assert_eq!(
            signer().sign_url_with(&url, &wildcard()),
            Err(expected.clone())
        );
        assert_eq!(signer().sign_url(&url, EXPIRES), Err(expected.clone()));
        let policy = Policy::new(&format!("{ORIGIN}/*"), EXPIRES).unwrap();
        assert_eq!(signer().sign_url_with_policy(&url, &policy), Err(expected));
    }
}

/// p05: the signed URL must fit 8,192 bytes, a cookie policy too.
#[test]
fn refuses_what_is_over_cloudfronts_limits() {
    let long = |n: usize| format!("{ORIGIN}/{}", "a".repeat(n));
    assert!(signer().sign_url(&long(7000), EXPIRES).is_ok());
    match signer().sign_url(&long(8100), EXPIRES) {
        Err(SignError::UrlTooLong { bytes, max: 8192 }) => assert!(bytes > 8192),
        other => panic!("{other:?}"),
    }
    // A custom policy for the URL itself doubles it (the resource, then its base64).
    let custom = UrlOptions {
        date_less_than: EXPIRES,
        ip_range: Some(IpRange::parse("192.0.2.0/24").unwrap()),
        ..UrlOptions::default()
    };
    assert!(signer().sign_url_with(&long(3000), &custom).is_ok());
    assert!(matches!(
        signer().sign_url_with(&long(3500), &custom),
        Err(SignError::UrlTooLong { .. })
    ));
    let policy = |n: usize| Policy::new(&[&long(n), "*"].concat(), EXPIRES).unwrap();
    assert!(signer().sign_cookies(&policy(7000)).is_ok());
    assert!(matches!(
        signer().sign_cookies(&policy(8150)),
        Err(SignError::PolicyTooLong { max: 8192, .. })
    ));
    // The same rule for hosts that sign cookies with their own crypto.
    assert!(check_cookie_policy(&policy(7000)).is_ok());
    assert!(matches!(
        check_cookie_policy(&policy(8150)),
        Err(SignError::PolicyTooLong { .. })
    ));
    let with_params = Policy::new(&format!("{ORIGIN}/a.mp4?Expires=1*"), EXPIRES).unwrap();
    assert!(matches!(
        check_cookie_policy(&with_params),
        Err(SignError::UrlHasSigningParams { .. })
    ));
    assert!(signer().sign_cookies(&with_params).is_err());
    let json = policy(8150).to_json();
    assert!(matches!(
        signer().sign_cookies_with_policy_json(&json),
        Err(SignError::PolicyTooLong { .. })
    ));
}

/// p04: a resource whose only wildcard is `?` gets custom cookies, as one with `*` does.
#[test]
fn question_mark_wildcards_get_custom_cookies() {
    for resource in [
        format!("{ORIGIN}/season?/ep?.mp4"),
        format!("{ORIGIN}/a.mp4?x=1"),
        format!("{ORIGIN}/videos/*"),
    ] {
        let policy = Policy::new(&resource, EXPIRES).unwrap();
        let cookies = signer().sign_cookies(&policy).unwrap();
        assert!(cookies.get("CloudFront-Expires").is_none(), "{resource}");
        assert!(cookies.get("CloudFront-Policy").is_some(), "{resource}");
        let hosted = SignedCookies::for_signature(&policy, "K", HashAlgorithm::Sha256, &[1, 2]);
        assert!(hosted.get("CloudFront-Expires").is_none(), "{resource}");
    }
    let exact = Policy::new(&format!("{ORIGIN}/a.mp4"), EXPIRES).unwrap();
    assert!(signer()
        .sign_cookies(&exact)
        .unwrap()
        .get("CloudFront-Expires")
        .is_some());
    // URLs: a `?` there starts the query, and the canned policy is rebuilt from the URL.
    let url: String = format!("{ORIGIN}/a.mp4?x=1");
    assert!(signer().sign_url(&url, EXPIRES).unwrap().is_canned());
}

/// The seam: a caller's signer, the async form and the two steps give the URL the local key
/// gives (RSA PKCS#1 v1.5 is deterministic), and a signer's bad result is refused.
mod seam {
    use super::*;
    use alloc::vec::Vec;
    use core::future::Future;
    use core::pin::pin;
    use core::task::{Context, Poll, Waker};

    fn rsa() -> PrivateKey {
        PrivateKey::from_pem(include_str!("../../tests/keys/rsa2048_pkcs1.pem")).unwrap()
    }

    /// A signer that returns what it is told to.
    struct Fixed(KeyKind, Vec<u8>);

    impl SignatureKey for Fixed {
        fn key_kind(&self) -> KeyKind {
            self.0
        }
        fn hash(&self) -> HashAlgorithm {
            HashAlgorithm::Sha256
        }
    }

    impl PolicySigner for Fixed {
        fn sign_policy(&self, _: &[u8], _: HashAlgorithm) -> Result<Vec<u8>, SignError> {
            Ok(self.1.clone())
        }
    }

    /// A key that answers through a future, ready at once.
    struct Later(PrivateKey);

    impl SignatureKey for Later {
        fn key_kind(&self) -> KeyKind {
            self.0.kind()
        }
        fn hash(&self) -> HashAlgorithm {
            HashAlgorithm::Sha256
        }
    }

    impl AsyncPolicySigner for Later {
        async fn sign_policy_async(
            &self,
            message: &[u8],
            hash: HashAlgorithm,
        ) -> Result<Vec<u8>, SignError> {
            Ok(self.0.sign(message, hash)?)
        }
    }

    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("pending"),
        }
    }

    use crate::key::KeyKind;
    use crate::sign::{AsyncPolicySigner, PolicySigner, RemoteKey, SignatureKey};

    #[test]
    fn every_way_gives_the_same_url() {
        let url = [ORIGIN, "/a.mp4"].concat();
        let local = Signer::new("K2JCJMDEHXQW5F", rsa())
            .unwrap()
            .with_hash(HashAlgorithm::Sha256);
        let expected = local.sign_url(&url, EXPIRES).unwrap();
        let later = Signer::new("K2JCJMDEHXQW5F", Later(rsa())).unwrap();
        assert_eq!(
            ready(later.sign_url_async(&url, EXPIRES)).unwrap(),
            expected
        );
        let remote = Signer::new(
            "K2JCJMDEHXQW5F",
            RemoteKey::new(KeyKind::Rsa, HashAlgorithm::Sha256),
        )
        .unwrap();
        let unsigned = remote.prepare_url(&url, EXPIRES).unwrap();
        let signature = rsa().sign(unsigned.message(), unsigned.hash()).unwrap();
        assert_eq!(unsigned.finish(&signature).unwrap(), expected);
        let policy = Policy::new(&format!("{ORIGIN}/*"), EXPIRES).unwrap();
        let cookies = local.sign_cookies(&policy).unwrap();
        assert_eq!(ready(later.sign_cookies_async(&policy)).unwrap(), cookies);
        let unsigned = remote.prepare_cookies(&policy).unwrap();
        let signature = rsa().sign(unsigned.message(), unsigned.hash()).unwrap();
        assert_eq!(unsigned.finish(&signature).unwrap(), cookies);
    }

    #[test]
    fn a_bad_result_is_refused() {
        let url = [ORIGIN, "/a.mp4"].concat();
        let der = crate::key::ecdsa_raw_to_der(&[0x55; 64]).unwrap();
        for (kind, result) in [
            (KeyKind::Rsa, alloc::vec![1u8; 255]),
            (KeyKind::Rsa, Vec::new()),
            (KeyKind::Rsa, der.clone()),
            (KeyKind::EcdsaP256, alloc::vec![0x55; 64]),
            (KeyKind::EcdsaP256, alloc::vec![1; 256]),
            (KeyKind::EcdsaP256, b"junk".to_vec()),
        ] {
            let signer = Signer::new("K2JCJMDEHXQW5F", Fixed(kind, result)).unwrap();
            let err = signer.sign_url(&url, EXPIRES).unwrap_err();
            assert!(matches!(err, SignError::InvalidSignature { .. }), "{err}");
            let policy = Policy::new(&format!("{ORIGIN}/*"), EXPIRES).unwrap();
            assert!(signer.sign_cookies(&policy).is_err());
        }
        let ok = Signer::new("K2JCJMDEHXQW5F", Fixed(KeyKind::EcdsaP256, der)).unwrap();
        assert!(ok.sign_url(&url, EXPIRES).is_ok());
    }
}
