//! The cases of awscli_checks.rs: each with what the AWS CLI does (read from sign.py, the
//! deciding function named above each group) and what cfsign does.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Signs,
    Refuses,
}
pub use Outcome::{Refuses, Signs};

pub struct Case {
    pub what: &'static str,
    /// `cfsign sign` arguments: `~` stands for the distribution's `https://` origin, `@name` for a
    /// key in tests/keys. Without them: `--url ~/a.mp4`, RSA-2048, an expiry in 2030.
    pub args: &'static [&'static str],
    pub aws_cli: Outcome,
    pub cfsign: Outcome,
    pub why: &'static str,
}

const fn same(what: &'static str, both: Outcome, args: &'static [&'static str]) -> Case {
    Case {
        what,
        args,
        aws_cli: both,
        cfsign: both,
        why: "",
    }
}

const fn differ(
    what: &'static str,
    aws_cli: Outcome,
    cfsign: Outcome,
    why: &'static str,
    args: &'static [&'static str],
) -> Case {
    Case {
        what,
        args,
        aws_cli,
        cfsign,
        why,
    }
}

pub const CASES: &[Case] = &[
    // --url: `SignCommand._get_policy_resource` → `_validate_resource(url, allow_wildcards=False)`
    // → `_is_http_url` (`urlsplit`, `.port`, `.hostname`).
    same("a plain URL", Signs, &[]),
    same("a URL with a port", Signs, &["--url", "~:8443/a.mp4"]),
    same(
        "a port with leading zeros",
        Signs,
        &["--url", "~:000443/a.mp4"],
    ),
    same("an empty port", Signs, &["--url", "~:/a.mp4"]),
    same("a port above 65535", Refuses, &["--url", "~:99999/a.mp4"]),
    same("two ports", Refuses, &["--url", "~:80:90/a.mp4"]),
    same(
        "an IPv6 host",
        Signs,
        &["--url", "https://[2001:db8::1]/a.mp4"],
    ),
    same(
        "an unclosed [",
        Refuses,
        &["--url", "https://[2001:db8::1/a.mp4"],
    ),
    same(
        "IPv4 in brackets",
        Refuses,
        &["--url", "https://[192.0.2.1]/a.mp4"],
    ),
    same(
        "the scheme in capitals",
        Signs,
        &["--url", "HTTPS://x.example/a.mp4"],
    ),
    same("not http(s)", Refuses, &["--url", "ftp://x.example/a.mp4"]),
    same("no host", Refuses, &["--url", "https:///a.mp4"]),
    same("a * in --url", Signs, &["--url", "~/videos/*"]),
    // `_validate_resource`: `_UNSAFE_POLICY_CHARS`, ASCII without spaces, no `#`.
    same("a fragment", Refuses, &["--url", "~/a.mp4#t=10"]),
    same("non-ASCII", Refuses, &["--url", "~/caf\u{e9}.mp4"]),
    same("a space", Refuses, &["--url", "~/a b.mp4"]),
    same("a double quote", Refuses, &["--url", "~/a\".mp4"]),
    same("a backslash", Refuses, &["--url", "~/a\\b.mp4"]),
    same("a tab", Refuses, &["--url", "~/a\tb.mp4"]),
    // `_get_policy_resource`: `_SIGNING_QUERY_PARAMS` among `parse_qsl(urlsplit(url).query)`.
    same(
        "signing parameters",
        Refuses,
        &["--url", "~/a.mp4?Expires=1"],
    ),
    same(
        "an encoded one",
        Refuses,
        &["--url", "~/a.mp4?Key%2DPair-Id=K"],
    ),
    same("one in lower case", Signs, &["--url", "~/a.mp4?expires=1"]),
    differ(
        "a signing parameter with no value",
        Signs,
        Refuses,
        "parse_qsl drops blank values, so the AWS CLI signs ?Expires=&Expires=...; the \
         guide says your own parameters can't be named Expires, Policy, Signature, \
         Key-Pair-Id or Hash-Algorithm",
        &["--url", "~/a.mp4?Expires="],
    ),
    // --policy-resource: `_validate_resource`, then `re.fullmatch` of `*`→`.*`, `?`→`.`.
    same(
        "? wildcards (issue 12)",
        Signs,
        &[
            "--url",
            "~/season1/ep7.mp4",
            "--policy-resource",
            "~/season?/ep?.mp4",
        ],
    ),
    same(
        "* across sections",
        Signs,
        &[
            "--url",
            "https://evil.example/x.example.com/a",
            "--policy-resource",
            "https://*.example.com/a",
        ],
    ),
    same(
        "a URL outside the resource",
        Refuses,
        &["--url", "~/audio/a.mp3", "--policy-resource", "~/videos/*"],
    ),
    differ(
        "the guide's *example.com",
        Refuses,
        Signs,
        "the guide's exception: *example.com is *://*example.com/, the section reading; \
         the AWS CLI's one-string check wants the URL to end in example.com",
        &[
            "--url",
            "https://www.example.com/",
            "--policy-resource",
            "*example.com",
        ],
    ),
    differ(
        "?* for an empty query",
        Refuses,
        Signs,
        "section reading: the query's * matches an empty query; the AWS CLI's ? wants \
         one more character",
        &["--url", "~/a.jpg", "--policy-resource", "~/a.jpg?*"],
    ),
    same(
        "\\? in the resource",
        Refuses,
        &["--url", "~/v1.mp4", "--policy-resource", "~/v?.mp4\\?*"],
    ),
    same("a double quote", Refuses, &["--policy-resource", "~/*\""]),
    same("a fragment", Refuses, &["--policy-resource", "~/*#x"]),
    same(
        "non-ASCII",
        Refuses,
        &["--policy-resource", "~/caf\u{e9}/*"],
    ),
    same(
        "? without * is no URL",
        Refuses,
        &["--policy-resource", "d111111abcdef8.cloudfront.net/a?.mp4"],
    ),
    same("an empty resource", Refuses, &["--policy-resource", ""]),
    // The URL passes the resource checks whatever the policy (issue 29, p10), as in the AWS CLI.
    same(
        "a non-ASCII --url under a wildcard",
        Refuses,
        &[
            "--url",
            "~/videos/caf\u{e9}.mp4",
            "--policy-resource",
            "~/videos/*",
        ],
    ),
    // --ip-address: `BaseSignCommand._validate_signing_args`: `_reject_ipv6_address`, then
    // `_IPV4_FORMAT` (`\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?`) and `ipaddress.IPv4Network(strict=False)`.
    same("an IPv6 range", Refuses, &["--ip-address", "2001:db8::/32"]),
    same(
        "IPv4-mapped IPv6",
        Refuses,
        &["--ip-address", "::ffff:192.0.2.1"],
    ),
    same("/33", Refuses, &["--ip-address", "192.0.2.0/33"]),
    same("a bare address", Signs, &["--ip-address", "192.0.2.1"]),
    same("host bits set", Signs, &["--ip-address", "192.0.2.7/24"]),
    same("a prefix /08", Signs, &["--ip-address", "192.0.2.0/08"]),
    same("a prefix /032", Refuses, &["--ip-address", "192.0.2.0/032"]),
    same("an octet 01", Refuses, &["--ip-address", "192.0.2.01"]),
    same("an empty prefix", Refuses, &["--ip-address", "192.0.2.1/"]),
    same(
        "a netmask",
        Refuses,
        &["--ip-address", "192.0.2.0/255.255.255.0"],
    ),
    // Dates: `BaseSignCommand._get_dates` (botocore's `parse_to_aware_datetime`) and
    // `_validate_date_range`; nothing else.
    differ(
        "an expiry in the past",
        Signs,
        Refuses,
        "CloudFront denies every request after DateLessThan, so the URL could never be \
         used; --allow-past signs it anyway",
        &["--date-less-than", "2016-01-01"],
    ),
    same(
        "a past expiry, --allow-past",
        Signs,
        &["--date-less-than", "2016-01-01", "--allow-past"],
    ),
    // Both sign it: the current guide takes a 64-bit Expires (research notes, 3.4).
    same(
        "an expiry after 2038-01-19T03:14:07Z",
        Signs,
        &["--date-less-than", "2040-01-01"],
    ),
    same(
        "an expiry at the end of the year 9999",
        Signs,
        &["--date-less-than", "9999-12-31T23:59:59Z"],
    ),
    same(
        "a start at the expiry",
        Refuses,
        &["--date-greater-than", "2030-01-02"],
    ),
    // Keys: `_build_signer`, `RSASigner.from_pem`, `ECDSASigner.__init__`; the key pair ID is
    // not checked in this version.
    same(
        "ECDSA with SHA1",
        Refuses,
        &[
            "--private-key",
            "@ec_p256_sec1.pem",
            "--hash-algorithm",
            "SHA1",
        ],
    ),
    same(
        "an Ed25519 key",
        Refuses,
        &["--private-key", "@bad_ed25519.pem"],
    ),
    differ(
        "an encrypted private key",
        Refuses,
        Signs,
        "decrypted locally with --passphrase-file or CFSIGN_PASSPHRASE; the signature \
         is the plain key's",
        &["--private-key", "@rsa2048_pkcs8_aes256.pem"],
    ),
    differ(
        "an RSA-1024 key",
        Signs,
        Refuses,
        "CloudFront key groups take RSA-2048 and P-256 public keys only, so no trusted \
         key could verify it",
        &["--private-key", "@bad_rsa1024.pem"],
    ),
    differ(
        "a key pair ID with a &",
        Signs,
        Refuses,
        "CloudFront's key IDs are letters and digits, so no trusted key has this ID \
         (and the & would end the parameter)",
        &["--key-pair-id", "K2JCJMDEHXQW5F&x"],
    ),
];
