use super::*;
use alloc::string::ToString;
use alloc::vec::Vec;

#[test]
fn unescapes_exactly_once() {
    assert_eq!(unescape("%2520"), "%20");
    assert_eq!(unescape("a%7Eb"), "a~b");
    assert_eq!(unescape("%zz%4"), "%zz%4");
}

#[test]
fn reads_the_guides_example_line() {
    let mut reader = LogReader::standard();
    assert_eq!(reader.read(b"#Version: 1.0"), Line::Header);
    let fields = ["#Fields: ", &STANDARD_V1_FIELDS.join(" ")].concat();
    assert_eq!(reader.read(fields.as_bytes()), Line::Header);
    let line = "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)\tExpires=1%7E\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-";
    let Line::Record(r) = reader.read(line.as_bytes()) else {
        panic!("not a record");
    };
    assert_eq!(r.time, 1_575_493_351);
    assert_eq!(r.edge_location, "LAX1");
    assert_eq!(r.query.as_deref(), Some("Expires=1~"));
    assert_eq!(r.cookies, None);
    assert_eq!(r.status, Some(200));
    assert_eq!(
        r.url(),
        "https://d111111abcdef8.cloudfront.net/index.html?Expires=1~"
    );
    // A changed #Fields line is a bad line; the first layout goes on.
    assert_eq!(
        reader.read(b"#Fields: date time cs-uri-stem x-host-header cs-uri-query"),
        Line::Bad(BadLine::FieldsChanged)
    );
    assert!(matches!(
        reader.read(b"2019-12-04\t21:02:31\tLAX1"),
        Line::Bad(BadLine::FieldCount {
            expected: 33,
            found: 3
        })
    ));
    assert_eq!(
        reader.read(b"\xff\xfe\x00junk"),
        Line::Bad(BadLine::NotText)
    );
}

#[test]
fn reads_json_and_realtime() {
    let reader = LogReader::json();
    let line = r#"{"timestamp(ms)":"1731620046814","x-host-header":"www.example.com","cs-uri-stem":"/a%2520b","cs-uri-query":"-","c-ip":"2001:db8::1","sc-status":403}"#;
    let Line::Record(r) = reader.read_record(line.as_bytes()) else {
        panic!("not a record");
    };
    assert_eq!(r.time, 1_731_620_046);
    assert_eq!(r.path, "/a%20b");
    assert_eq!(r.query, None);
    assert_eq!(r.status, Some(403));
    assert!(r.client_ip.is_some());
    assert_eq!(reader.read_record(b"{\"x\":"), Line::Bad(BadLine::BadJson));

    let layout = Layout::parse(
        "timestamp,c-ip,sc-status,cs-host,cs-uri-stem,x-host-header,cs-cookie,cs-uri-query",
    )
    .unwrap();
    let reader = LogReader::with_layout(Format::Realtime, layout);
    let cookie = "a".repeat(800);
    let line = [
        "1587599218.452\t192.0.2.1\t200\td1.cloudfront.net\t/x\twww.example.com\t",
        &cookie,
        "\t-",
    ]
    .concat();
    let Line::Record(r) = reader.read_record(line.as_bytes()) else {
        panic!("not a record");
    };
    assert_eq!(r.time, 1_587_599_218);
    assert_eq!(r.host, "www.example.com");
    assert!(r.cookies_truncated);
}

#[test]
fn memo_and_merge() {
    let keys = crate::KeyGroup::new();
    let mut a = Analyzer::new(keys, AnalyzerOptions::default());
    let layout =
        Layout::parse("date time x-host-header cs-uri-stem cs-uri-query sc-status").unwrap();
    let reader = LogReader::with_layout(Format::Standard, layout);
    let mut r1 = Report::new();
    let mut r2 = Report::new();
    for (i, line) in [
        "2026-01-01\t00:00:00\twww.example.com\t/a\tExpires=1893456000&Signature=AAAA&Key-Pair-Id=K1\t200",
        "2026-01-01\t00:00:01\twww.example.com\t/b\t-\t200",
    ]
    .iter()
    .enumerate()
    {
        let Line::Record(r) = reader.read_record(line.as_bytes()) else {
            panic!("not a record");
        };
        a.observe_with(&r, if i == 0 { &mut r1 } else { &mut r2 }, &mut |_| true);
    }
    r1.merge(r2);
    let s = r1.summary(10, 0, &[]);
    assert_eq!((s.requests, s.signed, s.unsigned, s.denied), (2, 1, 1, 1));
    assert_eq!(s.verdicts.get("unknown_key"), Some(&1));
    assert_eq!(s.status_mismatch.denied_but_served, 1);
    assert_eq!(s.keys[0].id, "K1".to_string());
}

/// The asynchronous path: the check a record needs, its result remembered, then observed
/// without another check; a real signature verified by `observe` matches.
#[test]
fn needed_check_then_remember() {
    let private = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
    let public = include_str!("../../tests/keys/rsa2048_pub.pem");
    let signer = crate::Signer::new(
        "K2JCJMDEHXQW5F",
        crate::PrivateKey::from_pem(private).unwrap(),
    )
    .unwrap();
    let url = signer
        .sign_url("https://www.example.com/v.mp4", 1_893_456_000)
        .unwrap();
    let query = url.as_str().split_once('?').unwrap().1.replace('~', "%7E");
    let line = [
        "2026-01-01\t00:00:00\twww.example.com\t/v.mp4\t",
        &query,
        "\t200",
    ]
    .concat();
    let layout =
        Layout::parse("date time x-host-header cs-uri-stem cs-uri-query sc-status").unwrap();
    let reader = LogReader::with_layout(Format::Standard, layout);
    let Line::Record(record) = reader.read_record(line.as_bytes()) else {
        panic!("not a record");
    };
    let keys = crate::KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        crate::PublicKey::from_pem(public).unwrap(),
    );
    let mut a = Analyzer::new(keys.clone(), AnalyzerOptions::default());
    let mut report = Report::new();
    a.observe(&record, &mut report);
    assert_eq!(report.verdicts.get("allowed"), Some(&1));

    let mut b = Analyzer::new(keys, AnalyzerOptions::default());
    let needed = b.needed_check(&record).unwrap();
    assert!(needed
        .key
        .verify(&needed.message, &needed.signature, needed.hash));
    b.remember(needed.memo_key, false);
    assert!(b.needed_check(&record).is_none());
    let mut report = Report::new();
    b.observe_with(&record, &mut report, &mut |_| panic!("checked again"));
    assert_eq!(report.verdicts.get("bad_signature"), Some(&1));
    assert_eq!(report.memo_hits, 1);
}

/// A verdict row written as columns and read back counts as `observe` counts; a report carried
/// as wire bytes and merged equals the one counted in one place; a table row of snake-case
/// columns decides as its log line.
#[test]
fn rows_columns_and_wire_count_as_observe() {
    let private = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
    let public = include_str!("../../tests/keys/rsa2048_pub.pem");
    let signer = crate::Signer::new(
        "K2JCJMDEHXQW5F",
        crate::PrivateKey::from_pem(private).unwrap(),
    )
    .unwrap();
    let url = signer
        .sign_url("https://www.example.com/v.mp4", 1_767_225_610)
        .unwrap();
    let query = url.as_str().split_once('?').unwrap().1.replace('~', "%7E");
    let lines = [
        ["2026-01-01\t00:00:00\tLAX1\t192.0.2.1\twww.example.com\t/v.mp4\t", &query, "\t200"].concat(),
        ["2026-01-01\t00:00:20\tLAX1\t192.0.2.2\twww.example.com\t/v.mp4\t", &query, "\t403"].concat(),
        ["2026-01-01\t00:00:30\tSFO5\t192.0.2.3\twww.example.com\t/w.mp4\t", &query, "\t200"].concat(),
        "2026-01-01\t00:00:40\tSFO5\t2001:db8::1\twww.example.com\t/x\t-\t200".to_string(),
        "2026-01-01\t00:00:50\tSFO5\t-\twww.example.com\t/x\tExpires=1&Signature=AA&Key-Pair-Id=KX\t403".to_string(),
    ];
    let layout = Layout::parse(
        "date time x-edge-location c-ip x-host-header cs-uri-stem cs-uri-query sc-status",
    )
    .unwrap();
    let reader = LogReader::with_layout(Format::Standard, layout);
    let keys = crate::KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        crate::PublicKey::from_pem(public).unwrap(),
    );
    let mut a = Analyzer::new(keys.clone(), AnalyzerOptions::default());
    let mut direct = Report::new();
    let mut b = Analyzer::new(keys, AnalyzerOptions::default());
    let (mut first, mut second) = (Report::new(), Report::new());
    let mut scratch = Report::new();
    for (i, line) in lines.iter().enumerate() {
        let Line::Record(record) = reader.read_record(line.as_bytes()) else {
            panic!("not a record");
        };
        a.observe(&record, &mut direct);
        let v = b.decide(&record, &mut scratch, &mut |c| {
            c.key.verify(c.message, c.signature, c.hash)
        });
        let reason = v.reason();
        let id = v.key_pair_id.clone();
        let columns = VerdictColumns {
            verdict: v.kind.as_str(),
            reason: Some(reason.as_str()),
            source: v.source.as_str(),
            key_pair_id: id.as_deref(),
            hash_algorithm: v.hash_algorithm.map(|h| h.as_str()),
            expires: v.expires,
            starts: v.starts,
            signature_valid: v.signature_valid,
        };
        let back = columns.read().unwrap();
        assert_eq!(back, v);
        let shard = if i % 2 == 0 { &mut first } else { &mut second };
        shard.count(&Seen::of(&record), &back, 300);

        // The same request as a row of an Athena table (snake-case names).
        let cells: Vec<&str> = line.split('\t').collect();
        let names = [
            "date",
            "time",
            "x_edge_location",
            "c_ip",
            "x_host_header",
            "cs_uri_stem",
            "cs_uri_query",
            "sc_status",
        ];
        let mut row = RowFields::new();
        for (name, cell) in names.iter().zip(&cells) {
            row.set(Column::of(name).unwrap(), cell);
        }
        assert_eq!(row.record().unwrap(), record);
    }
    first.bad_row(0, 0, "bad_time");
    direct.bad_line(0, 0, BadLine::BadTime);
    assert!(!first.bad_row(0, 0, "no_such_code"));
    let mut merged = Report::from_wire(&first.to_wire()).unwrap();
    merged.merge(Report::from_wire(&second.to_wire()).unwrap());
    let json = |r: &Report| serde_json::to_string(&r.summary(10, 300, &[])).unwrap();
    let expected = direct.summary(10, 300, &[]);
    assert_eq!(serde_json::to_string(&expected).unwrap(), json(&merged));
    assert_eq!(direct.verdicts.get("allowed"), Some(&1));
    assert_eq!(direct.verdicts.get("expired"), Some(&3));
    assert_eq!(
        direct.clock_skew.get("LAX1").map(|s| s.expired_max),
        Some(10)
    );
    assert_eq!(
        (direct.allowed_but_403, direct.denied_but_served),
        (0, 1),
        "{:?}",
        direct.verdicts
    );
    assert!(Report::from_wire(b"{}").is_err());

    // Too big, or with a NUL: the same bad lines as a log line's.
    let big = "a".repeat(MAX_LINE_BYTES);
    let mut row = RowFields::new();
    row.set(Column::of("cs-uri-stem").unwrap(), &big);
    row.set(Column::of("cs-uri-query").unwrap(), "x");
    assert_eq!(row.record(), Err(BadLine::TooLong));
    let mut row = RowFields::new();
    row.set(Column::of("timestamp").unwrap(), "1\0");
    assert_eq!(row.record(), Err(BadLine::NotText));
    assert!(Column::of("cs-referer").is_none());
}
