//! The jar's rules, one by one (compiled only with #[cfg(test)], from cookie_jar.rs).

use super::*;
use alloc::vec;

const NOW: u64 = 1_767_225_600;
const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/a.mp4?x=1";

fn sent(lines: &[&str], url: &str) -> Sent {
    let text: Vec<String> = lines.iter().map(|l| ["Set-Cookie: ", l].concat()).collect();
    cookies_sent(&text.join("\n"), url, NOW).expect("Set-Cookie lines")
}

fn whys(s: &Sent) -> Vec<&'static str> {
    s.not_sent.iter().map(|n| n.why.code()).collect()
}

#[test]
fn domain_and_path_matching_follow_rfc_6265() {
    for (host, domain, matches) in [
        (
            "d111111abcdef8.cloudfront.net",
            "d111111abcdef8.cloudfront.net",
            true,
        ),
        ("d111111abcdef8.cloudfront.net", ".cloudfront.net", true),
        ("d111111abcdef8.cloudfront.net", "CloudFront.NET", true),
        ("media.example.com", "example.com", true),
        ("example.com", ".example.com", true),
        ("d111111abcdef8.cloudfront.net", "example.com", false),
        ("badexample.com", "example.com", false),
        ("example.com", "media.example.com", false),
        ("192.0.2.1", "0.2.1", false),
        ("192.0.2.1", "192.0.2.1", true),
        ("example.com", "", false),
        ("example.com", ".", false),
    ] {
        assert_eq!(domain_matches(host, domain), matches, "{host} {domain}");
    }
    for (request, path, matches) in [
        ("/videos/a.mp4", "/", true),
        ("/videos/a.mp4", "/videos", true),
        ("/videos/a.mp4", "/videos/", true),
        ("/videos", "/videos", true),
        ("/videosx/a.mp4", "/videos", false),
        ("/videos/a.mp4", "/videos/a.mp4/", false),
        ("/Videos/a.mp4", "/videos/", false),
        ("/", "/videos/", false),
    ] {
        assert_eq!(path_matches(request, path), matches, "{request} {path}");
    }
    assert!(domain_covers(
        "d111111abcdef8.cloudfront.net",
        ".d111111abcdef8.cloudfront.net"
    ));
    assert!(!domain_covers(
        "d111111abcdef8.cloudfront.net",
        "cloudfront.net"
    ));
    assert!(domain_covers("localhost", "localhost") && !domain_covers("a.localhost", "localhost"));
    assert!(domain_covers("media.example.com", ".example.com"));
    let t = RequestTarget::of("HTTP://user:pw@Media.Example.COM:8080").unwrap();
    assert_eq!(
        (t.secure, t.host.as_str(), t.path.as_str()),
        (false, "media.example.com", "/")
    );
    let t = RequestTarget::of("https://[2001:db8::1]:443/a/b/c?d#e").unwrap();
    assert_eq!(
        (t.host.as_str(), t.path.as_str(), t.default_path().as_str()),
        ("2001:db8::1", "/a/b/c", "/a/b")
    );
    for bad in ["ftp://x/", "https:///a", "no url", "https://[::1/"] {
        assert!(RequestTarget::of(bad).is_none(), "{bad}");
    }
}

#[test]
fn sends_what_covers_the_request_and_says_why_not_the_rest() {
    let s = sent(&["CloudFront-Key-Pair-Id=K; Path=/; Secure; HttpOnly"], URL);
    assert_eq!(s.header, "CloudFront-Key-Pair-Id=K");
    assert!(s.not_sent.is_empty());
    for (attributes, url, why) in [
        ("Domain=example.com", URL, "domain"),
        ("Domain=cloudfront.net", URL, "public_suffix"),
        ("Domain=.CloudFront.net", URL, "public_suffix"),
        ("Domain=net", URL, "public_suffix"),
        ("Path=/images/", URL, "path"),
        ("Path=/videos/a", URL, "path"),
        (
            "Secure",
            "http://d111111abcdef8.cloudfront.net/videos/a.mp4",
            "secure",
        ),
        ("Max-Age=0", URL, "max_age"),
        (
            "Max-Age=-5; Expires=Fri, 31 Dec 9999 23:59:59 GMT",
            URL,
            "max_age",
        ),
        ("Expires=Wed, 09 Jun 2021 10:18:14 GMT", URL, "expires"),
    ] {
        let s = sent(&[&["CloudFront-Policy=P; ", attributes].concat()], url);
        assert_eq!(s.header, "", "{attributes}");
        assert_eq!(whys(&s), [why], "{attributes}");
        assert!(!s.not_sent[0].to_string().is_empty());
    }
    // Max-Age wins over a past Expires; a bad Expires is ignored (a session cookie), with a note.
    let s = sent(
        &["CloudFront-Policy=P; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=60"],
        URL,
    );
    assert_eq!(s.header, "CloudFront-Policy=P");
    let s = sent(&["CloudFront-Policy=P; Expires=tomorrow; Max-Age=1e3"], URL);
    assert_eq!(s.header, "CloudFront-Policy=P");
    let notes: Vec<IgnoredWhy> = s.ignored.iter().map(|i| i.why).collect();
    assert_eq!(notes, [IgnoredWhy::BadExpires, IgnoredWhy::BadMaxAge]);
    // No Path: the request's folder.
    let s = sent(&["CloudFront-Policy=P"], "https://h.example/videos/a.mp4");
    assert!(s.not_sent.is_empty());
    let s = sent(
        &["CloudFront-Policy=P; Path=videos"],
        "https://h.example/images/a.jpg",
    );
    assert!(s.not_sent.is_empty());
}

#[test]
fn sends_duplicates_longest_path_first_then_the_first_set() {
    let s = sent(
        &[
            "CloudFront-Policy=NEW; Path=/",
            "CloudFront-Policy=OLD; Path=/videos/",
            "CloudFront-Signature=S1; Path=/",
            "CloudFront-Signature=S2; Path=/; Domain=Example.com",
        ],
        "https://media.example.com/videos/a.mp4",
    );
    assert_eq!(
        s.header,
        "CloudFront-Policy=OLD; CloudFront-Policy=NEW; CloudFront-Signature=S1; CloudFront-Signature=S2"
    );
    assert_eq!(whys(&s), ["shadowed", "shadowed"]);
    assert_eq!(s.not_sent[0].line, 1);
    assert_eq!(s.not_sent[1].line, 4);
    // The same name, domain and path (a Domain equal to the host too): replaced in place;
    // deleted by Max-Age=0.
    let s = sent(
        &[
            "CloudFront-Signature=S1",
            "CloudFront-Signature=S2; Domain=D111111abcdef8.cloudfront.net",
        ],
        URL,
    );
    assert_eq!(
        (s.header.as_str(), s.not_sent.len()),
        ("CloudFront-Signature=S2", 0)
    );
    let s = sent(
        &[
            "CloudFront-Policy=OLD; Path=/",
            "CloudFront-Signature=S; Path=/",
            "CloudFront-Policy=NEW; Path=/",
        ],
        URL,
    );
    assert_eq!(s.header, "CloudFront-Policy=NEW; CloudFront-Signature=S");
    let s = sent(
        &[
            "CloudFront-Policy=OLD; Path=/",
            "CloudFront-Policy=; Path=/; Max-Age=0",
        ],
        URL,
    );
    assert_eq!((s.header.as_str(), whys(&s)), ("", vec!["max_age"]));
    // A clean-up of nothing is not worth a word.
    let s = sent(&["CloudFront-Expires=; Path=/; Max-Age=0"], URL);
    assert!(s.not_sent.is_empty());
}

#[test]
fn keeps_cookie_headers_and_other_cookies_out_of_the_way() {
    let text = "Cookie: CloudFront-Key-Pair-Id=K; session=1\nSet-Cookie: CloudFront-Policy=P; Path=/\nSet-Cookie: session=2";
    let s = cookies_sent(text, URL, NOW).unwrap();
    assert_eq!(s.header, "CloudFront-Key-Pair-Id=K; CloudFront-Policy=P");
    assert!(cookies_sent("Cookie: CloudFront-Policy=P", URL, NOW).is_none());
    assert!(cookies_sent("Set-Cookie: CloudFront-Policy=P", "not a url", NOW).is_none());
}

#[test]
fn hostile_lines_are_bounded_and_noted() {
    // Malformed lines: ignored with a note each, up to MAX_IGNORED, then counted.
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(match i % 3 {
            0 => "Set-Cookie: no pair\n",
            1 => "Set-Cookie: =v\n",
            _ => "Set-Cookie: CloudFront-Policy=a\u{1}b\n",
        });
    }
    let s = cookies_sent(&text, URL, NOW).unwrap();
    assert_eq!(s.ignored.len(), MAX_IGNORED);
    assert_eq!(s.more_ignored, 300 - MAX_IGNORED);
    assert_eq!(s.header, "");
    // Many CloudFront cookies: at most MAX_JAR_COOKIES kept.
    let mut text = String::new();
    for i in 0..500 {
        text.push_str(&alloc::format!(
            "Set-Cookie: CloudFront-Policy=P; Path=/{i}\n"
        ));
    }
    let s = cookies_sent(&text[..MAX_COOKIE_BYTES.min(text.len())], URL, NOW).unwrap();
    assert!(s.ignored.iter().any(|i| i.why == IgnoredWhy::TooMany));
    // Huge values and attributes: the browser's limits.
    let big = "P".repeat(5000);
    let s = sent(&[&["CloudFront-Policy=", &big].concat()], URL);
    assert_eq!(whys(&s), ["too_large"]);
    let s = sent(
        &[&["CloudFront-Policy=P; Domain=", &"a".repeat(2000)].concat()],
        URL,
    );
    assert_eq!(
        (s.header.as_str(), s.ignored[0].why),
        ("CloudFront-Policy=P", IgnoredWhy::LongAttribute)
    );
    // Over the limit: not read here (decoding refuses it).
    assert!(cookies_sent(&"Set-Cookie: a=b\n".repeat(2000), URL, NOW).is_none());
    // Odd attributes never panic.
    for attributes in [
        ";;;",
        "; =",
        "; Domain=.",
        "; Path=",
        "; Expires=",
        "; Max-Age=-",
        "; Max-Age=99999999999999999999999",
        "; Domain=é",
        "; Secure=1; HttpOnly=x",
    ] {
        let _ = sent(&[&["CloudFront-Policy=P", attributes].concat()], URL);
    }
}
