use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::CfBase64;

const BASE: &str = "https://d111111abcdef8.cloudfront.net/videos/1/master.m3u8";

fn query_for(resource: &str) -> String {
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    format!(
        "Policy={}&Signature={}&Key-Pair-Id=K2JCJMDEHXQW5F",
        CfBase64::encode(policy.as_bytes()),
        CfBase64::encode(&[0xfb; 256])
    )
}

fn q() -> String {
    query_for("https://d111111abcdef8.cloudfront.net/videos/1/*")
}

fn sign(text: &str) -> SignedPlaylist {
    let query = SignedQuery::parse(&q()).unwrap();
    let options = PlaylistOptions {
        list_signed: true,
        ..PlaylistOptions::default()
    };
    sign_playlist_with(text.as_bytes(), BASE, &query, &options).unwrap()
}

fn statuses(s: &SignedPlaylist) -> Vec<(&str, &str)> {
    s.entries
        .iter()
        .map(|e| (e.kind, e.status.code()))
        .collect()
}

#[test]
fn hls_media_playlist() {
    let text = "#EXTM3U\r\n#EXT-X-VERSION:7\r\n# a comment\r\n\r\n#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"key?k=1\",IV=0x01\r\n#EXTINF:4,\r\n#EXT-X-BYTERANGE:1000@720\r\nmain.mp4\r\n#EXT-X-KEY:METHOD=NONE\r\n#EXTINF:4,\r\nseg.ts#t=1\r\n#EXTINF:4,\r\nhttps://other.example.com/x.ts\r\n#EXT-X-ENDLIST\r\n";
    let s = sign(text);
    let p = q();
    let want = format!("#EXTM3U\r\n#EXT-X-VERSION:7\r\n# a comment\r\n\r\n#EXT-X-MAP:URI=\"init.mp4?{p}\",BYTERANGE=\"720@0\"\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"key?k=1&{p}\",IV=0x01\r\n#EXTINF:4,\r\n#EXT-X-BYTERANGE:1000@720\r\nmain.mp4?{p}\r\n#EXT-X-KEY:METHOD=NONE\r\n#EXTINF:4,\r\nseg.ts?{p}#t=1\r\n#EXTINF:4,\r\nhttps://other.example.com/x.ts\r\n#EXT-X-ENDLIST\r\n");
    assert_eq!(s.text, want);
    assert_eq!(s.rewritten, 4);
    assert_eq!(
        statuses(&s),
        [
            ("EXT-X-MAP", "signed"),
            ("EXT-X-KEY", "signed"),
            ("segment", "signed"),
            ("segment", "signed"),
            ("segment", "outside_resource")
        ]
    );
    assert_eq!(s.entries[4].line, 14);
    assert_eq!(
        s.entries[4].url.as_deref(),
        Some("https://other.example.com/x.ts")
    );
    assert_eq!(
        s.entries[1].url.as_deref(),
        Some("https://d111111abcdef8.cloudfront.net/videos/1/key?k=1")
    );
}

#[test]
fn hls_master_playlist() {
    let text = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"audio/en.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS=\"avc1.42e01e,mp4a.40.2\",AUDIO=\"aac\"\nlow/index.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI=\"low/iframe.m3u8\"\n#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI=\"skd://key1\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../../2/other.m3u8\n";
    let s = sign(text);
    assert_eq!(
        statuses(&s),
        [
            ("EXT-X-MEDIA", "signed"),
            ("variant", "signed"),
            ("EXT-X-I-FRAME-STREAM-INF", "signed"),
            ("EXT-X-SESSION-KEY", "not_http"),
            ("variant", "outside_resource")
        ]
    );
    assert!(s.text.contains("\n../../2/other.m3u8\n"));
    assert!(s.text.contains("skd://key1\""));
}

#[test]
fn hls_bad_attribute_list_is_a_warning() {
    let s = sign("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=key.bin\n#EXT-X-MAP:URI=\"i.mp4\n#EXTINF:1,\na.ts\n");
    let codes: Vec<_> = s.warnings.iter().map(|w| (w.line, w.kind.code())).collect();
    assert_eq!(
        codes,
        [(2, "bad_attribute_list"), (3, "bad_attribute_list")]
    );
    assert_eq!(s.rewritten, 1);
    assert!(s
        .text
        .starts_with("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=key.bin\n#EXT-X-MAP:URI=\"i.mp4\n"));
}

#[test]
fn already_signed_and_data_uris_are_left() {
    let s = sign("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"data:text/plain;base64,AAAA\"\na.ts?Expires=1&Signature=x&Key-Pair-Id=K\n");
    assert_eq!(
        statuses(&s),
        [("EXT-X-KEY", "not_http"), ("segment", "already_signed")]
    );
    assert_eq!(s.rewritten, 0);
    assert_eq!(s.text, "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"data:text/plain;base64,AAAA\"\na.ts?Expires=1&Signature=x&Key-Pair-Id=K\n");
}

#[test]
fn encoded_dot_segments_leave_the_prefix() {
    // A browser reads `%2e%2e` and `\` as `..` and `/`: the URL requested is outside the prefix.
    let s = sign("#EXTM3U\n%2e%2e/2/a.ts\n..\\2\\b.ts\n.%2E/1/c.ts\n%2F..%2F2/d.ts\n");
    assert_eq!(
        statuses(&s),
        [
            ("segment", "outside_resource"),
            ("segment", "outside_resource"),
            ("segment", "signed"),
            // `%2F` stays under /videos/1/ for CloudFront, but a server behind it may read it as
            // a separator: refused, as `SignedPrefix::url_for` refuses it.
            ("segment", "unsafe_path")
        ]
    );
}

#[test]
fn dash_manifest() {
    let text = r#"<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static">
  <!-- a comment -->
  <BaseURL>https://d111111abcdef8.cloudfront.net/videos/1/dash/</BaseURL>
  <Period>
    <AdaptationSet mimeType="video/mp4">
      <SegmentTemplate media="$RepresentationID$/seg-$Number%05d$.m4s?v=1&amp;w=2" initialization='$RepresentationID$/init.mp4' startNumber="1"/>
      <Representation id="720p" bandwidth="1"/>
    </AdaptationSet>
    <AdaptationSet>
      <Representation id="a">
        <BaseURL>audio.mp4</BaseURL>
        <SegmentBase indexRange="0-100"><Initialization sourceURL="init&#35;x"/></SegmentBase>
      </Representation>
      <Representation id="b">
        <BaseURL>https://elsewhere.example.com/b/</BaseURL>
        <SegmentList><SegmentURL media="s1.m4s"/></SegmentList>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
"#;
    let s = sign(text);
    let x = q().replace('&', "&amp;");
    // A template above the Representations: signed once their ids are read (all plain).
    assert!(s.text.contains(&format!(
        r#"media="$RepresentationID$/seg-$Number%05d$.m4s?v=1&amp;w=2&amp;{x}" initialization='$RepresentationID$/init.mp4?{x}'"#
    )));
    assert!(s
        .text
        .contains(&format!("<BaseURL>audio.mp4?{x}</BaseURL>")));
    assert!(s.text.contains(&format!(r#"sourceURL="init?{x}&#35;x""#)));
    assert!(s.text.contains(r#"<SegmentURL media="s1.m4s"/>"#));
    assert!(s.text.contains("<!-- a comment -->"));
    assert_eq!(
        statuses(&s),
        [
            ("SegmentTemplate@media", "signed"),
            ("SegmentTemplate@initialization", "signed"),
            ("BaseURL", "signed"),
            ("Initialization@sourceURL", "signed"),
            ("SegmentURL@media", "outside_resource")
        ]
    );
    assert_eq!(
        s.entries[0].url.as_deref(),
        Some("https://d111111abcdef8.cloudfront.net/videos/1/dash/720p/seg-1.m4s?v=1&w=2")
    );
    assert_eq!(
        s.entries[3].url.as_deref(),
        Some("https://d111111abcdef8.cloudfront.net/videos/1/dash/init")
    );
    assert_eq!(
        s.entries[4].url.as_deref(),
        Some("https://elsewhere.example.com/b/s1.m4s")
    );
    assert_eq!(s.entries[4].line, 17);
    // Only the URIs changed: taking the insertions out gives the input back.
    assert_eq!(
        s.text
            .replace(&format!("&amp;{x}"), "")
            .replace(&format!("?{x}"), ""),
        text
    );
}

#[test]
fn errors_have_codes() {
    let query = SignedQuery::parse(&q()).unwrap();
    let o = PlaylistOptions::default();
    let code = |text: &[u8], base: &str, o: &PlaylistOptions| {
        sign_playlist_with(text, base, &query, o)
            .map(|_| ())
            .unwrap_err()
            .code()
    };
    assert_eq!(code(b"#EXTM3U\n\xff\xfe", BASE, &o), "not_text");
    assert_eq!(code(b"#EXTM3U\n\0a.ts", BASE, &o), "not_text");
    assert_eq!(code(b"hello", BASE, &o), "unknown_format");
    assert_eq!(code(b"<html><body/></html>", BASE, &o), "unknown_format");
    assert_eq!(code(b"<MPD><Period></MPD>", BASE, &o), "bad_xml");
    assert_eq!(code(b"<MPD><Period>", BASE, &o), "bad_xml");
    assert_eq!(code(b"#EXTM3U\n", "/relative", &o), "bad_base_url");
    assert_eq!(code(b"#EXTM3U\n", "data:x", &o), "bad_base_url");
    let small = PlaylistOptions { max_bytes: 4, ..o };
    assert_eq!(code(b"#EXTM3U\n", BASE, &small), "too_large");

    let parse = |s: &str| SignedQuery::parse(s).map(|_| ()).unwrap_err().code();
    assert_eq!(
        parse("Expires=1&Signature=x&Key-Pair-Id=K"),
        "canned_policy"
    );
    assert_eq!(parse("Signature=x&Key-Pair-Id=K"), "bad_signed_query");
    assert_eq!(
        parse("Policy=!!!&Signature=x&Key-Pair-Id=K"),
        "bad_signed_query"
    );
    assert_eq!(parse(&format!("{}\"", q())), "bad_signed_query");
    // A whole signed URL gives its signing parameters; others are dropped.
    let from_url = SignedQuery::parse(&format!("{BASE}?v=2&{}#t", q())).unwrap();
    assert_eq!(from_url.as_str(), q());
    assert_eq!(
        from_url.resource(),
        "https://d111111abcdef8.cloudfront.net/videos/1/*"
    );
    assert_eq!(from_url.date_less_than(), 1_893_456_000);
}

#[test]
fn xml_like_but_not_mpd_and_mpd_errors_never_panic() {
    let query = SignedQuery::parse(&q()).unwrap();
    for text in [
        "<",
        "<MPD",
        "<MPD><BaseURL>&bogus;</BaseURL></MPD>",
        "<MPD><BaseURL><x/></BaseURL></MPD>",
    ] {
        let _ = sign_playlist_with(text.as_bytes(), BASE, &query, &PlaylistOptions::default());
    }
    let s = sign_playlist_with(
        b"<!DOCTYPE MPD [<!ENTITY e \"x\">]><MPD><BaseURL>a&e;</BaseURL><BaseURL>b<!--c-->d</BaseURL></MPD>",
        BASE,
        &query,
        &PlaylistOptions::default(),
    )
    .unwrap();
    let codes: Vec<_> = s.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(codes, ["xml_entity", "split_text"]);
}

#[test]
fn hls_variables_are_never_signed() {
    // QUERYPARAM comes from the playlist URL's query, which a viewer sets: `?h=https://evil.example`
    // would send the signing parameters to another host.
    let query_param = "#EXTM3U\n#EXT-X-VERSION:11\n#EXT-X-DEFINE:QUERYPARAM=\"h\"\n#EXT-X-MAP:URI=\"{$h}/init.mp4\"\n#EXTINF:4,\n{$h}/seg1.ts\n#EXTINF:4,\nseg2.ts\n";
    let s = sign(query_param);
    assert_eq!(
        statuses(&s),
        [
            ("EXT-X-MAP", "variable"),
            ("segment", "variable"),
            ("segment", "signed")
        ]
    );
    assert_eq!(s.rewritten, 1);
    assert!(!s.text.contains("{$h}/seg1.ts?"));
    assert!(!s.text.contains("init.mp4?"));
    let value = "#EXTM3U\n#EXT-X-DEFINE:NAME=\"h\",VALUE=\"https://evil.example\"\n#EXTINF:4,\n{$h}/seg1.ts\n";
    let s = sign(value);
    assert_eq!(statuses(&s), [("segment", "variable")]);
    assert_eq!(s.text, value);
    // Without EXT-X-DEFINE a reference is still not signed as written.
    let s = sign("#EXTM3U\n#EXTINF:4,\na{$x}.ts\n");
    assert_eq!(statuses(&s), [("segment", "variable")]);
}

#[test]
fn dash_representation_id_must_be_known_and_plain() {
    let text = r#"<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">
  <Period>
    <AdaptationSet>
      <SegmentTemplate media="$RepresentationID$/seg-$Number$.m4s" initialization="$RepresentationID$/init.mp4"/>
      <Representation id="https://evil.example" bandwidth="1"/>
    </AdaptationSet>
    <AdaptationSet>
      <Representation id="https://evil.example"><SegmentTemplate media="$RepresentationID$/a.m4s"/></Representation>
      <Representation id="..%2Fx"><SegmentTemplate media="$RepresentationID$/b.m4s"/></Representation>
      <Representation id="v1"><SegmentTemplate media="$RepresentationID$/c.m4s"/></Representation>
      <Representation><SegmentTemplate media="$RepresentationID$/d.m4s"/></Representation>
      <Representation id="v2"><SegmentTemplate media="seg-$Number$.m4s"/></Representation>
    </AdaptationSet>
  </Period>
</MPD>
"#;
    let s = sign(text);
    assert_eq!(
        statuses(&s),
        [
            ("SegmentTemplate@media", "variable"),
            ("SegmentTemplate@initialization", "variable"),
            ("SegmentTemplate@media", "variable"),
            ("SegmentTemplate@media", "variable"),
            ("SegmentTemplate@media", "signed"),
            ("SegmentTemplate@media", "variable"),
            ("SegmentTemplate@media", "signed")
        ]
    );
    assert_eq!(s.rewritten, 2);
    assert!(s.text.contains("$RepresentationID$/seg-$Number$.m4s\""));
    assert_eq!(s.entries[0].url, None);

    // Above the Representations: signed only when every id inside is plain and covered.
    let above = |reps: &str| {
        let text = format!(
            r#"<MPD><Period><SegmentTemplate media="p/$RepresentationID$.m4s"/><AdaptationSet><SegmentTemplate media="$RepresentationID$/x.m4s"/>{reps}</AdaptationSet></Period></MPD>"#
        );
        sign(&text)
            .entries
            .iter()
            .map(|e| e.status.code())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        above(r#"<Representation id="a"/><Representation id="b"/>"#),
        ["signed", "signed"]
    );
    for bad in [
        r#"<Representation id="a"/><Representation id="https://evil.example"/>"#,
        r#"<Representation id="a"/><Representation/>"#,
        r#"<Representation id=".."/>"#,
        r#"<Representation id="a%2F..%2F..%2Fx"/>"#,
        r#"<Representation id="a\b"/>"#,
        "",
    ] {
        assert_eq!(above(bad), ["variable", "variable"], "{bad}");
    }
}

#[test]
fn unsafe_paths_are_not_signed() {
    // The same rule as `SignedPrefix::url_for`: no encoded separator or dot segment, however
    // often encoded.
    let s = sign("#EXTM3U\na%2F..%2F..%2Fother%2Fx.ts\n%252e%252e/y.ts\na%5Cb.ts\nok.ts\n");
    assert_eq!(
        statuses(&s),
        [
            ("segment", "unsafe_path"),
            ("segment", "unsafe_path"),
            ("segment", "unsafe_path"),
            ("segment", "signed")
        ]
    );
    assert_eq!(s.rewritten, 1);
    assert!(s.text.contains("\na%2F..%2F..%2Fother%2Fx.ts\n"));
}

#[test]
fn dash_uris_above_representations_use_each_representations_base() {
    // A player resolves an AdaptationSet's template or SegmentBase against each
    // Representation's own BaseURL: one on another host must not get the parameters.
    let text = r#"<MPD><Period><AdaptationSet>
<SegmentTemplate media="$RepresentationID$/x.m4s" initialization="init-$Number$.mp4"/>
<Representation id="a"/>
<Representation id="b"><BaseURL>https://evil.example/</BaseURL></Representation>
</AdaptationSet><AdaptationSet>
<SegmentBase><Initialization sourceURL="init.mp4"/></SegmentBase>
<Representation id="c"><BaseURL>https://evil.example/c/</BaseURL></Representation>
</AdaptationSet><AdaptationSet>
<SegmentTemplate media="seg-$Number$.m4s"/>
<Representation id="d"><BaseURL>d/</BaseURL></Representation>
</AdaptationSet></Period></MPD>"#;
    let s = sign(text);
    assert_eq!(
        statuses(&s),
        [
            ("SegmentTemplate@media", "outside_resource"),
            ("SegmentTemplate@initialization", "outside_resource"),
            ("Initialization@sourceURL", "outside_resource"),
            ("SegmentTemplate@media", "signed")
        ]
    );
    assert_eq!(
        s.entries[0].url.as_deref(),
        Some("https://evil.example/b/x.m4s")
    );
    assert_eq!(
        s.entries[3].url.as_deref(),
        Some("https://d111111abcdef8.cloudfront.net/videos/1/d/seg-1.m4s")
    );
    assert_eq!(s.rewritten, 1);
}
