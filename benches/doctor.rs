//! The distribution doctor's goal (issue 30): a 75-behavior distribution audited in under 10 ms
//! native. `make bench` runs it; the ratio to the goal is the time over 10 ms.
//!
//! The distribution is the AWS CLI's real `get-distribution` output (tests/fixtures/aws, from
//! moto's server) with its `CacheBehaviors` replaced by 75 behaviors of the shapes real
//! distributions use (prefixes, extensions, `?`, alternating restricted and unrestricted), and a
//! hostile one: 75 patterns of 255 characters mixing `*` and `?`.

use std::hint::black_box;

use cfsign::doctor::{
    audit, diagnose, read_distribution, read_key_groups, read_public_keys, Inputs,
};
use cfsign::Request;
use criterion::{criterion_group, criterion_main, Criterion};

const DIST: &str = include_str!("../tests/fixtures/aws/get-distribution.json");
const GROUPS: &str = include_str!("../tests/fixtures/aws/list-key-groups.json");
const KEYS: &str = include_str!("../tests/fixtures/aws/list-public-keys.json");

fn with_patterns(patterns: &[String]) -> String {
    let mut v: serde_json::Value = serde_json::from_str(DIST).unwrap();
    let items = &v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Items"];
    let (open, restricted) = (items[0].clone(), items[1].clone());
    let new: Vec<serde_json::Value> = patterns
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut b = if i % 2 == 0 {
                restricted.clone()
            } else {
                open.clone()
            };
            b["PathPattern"] = p.clone().into();
            b
        })
        .collect();
    v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Quantity"] = new.len().into();
    v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Items"] = new.into();
    v.to_string()
}

fn realistic() -> Vec<String> {
    let shapes = [
        "/videos/{i}/*.mp4",
        "/img/{i}/*",
        "*.{i}css",
        "/api/v{i}/*",
        "/media/{i}/??/*.m3u8",
        "/downloads/{i}*",
        "/static/{i}/*.js",
        "/user/{i}/avatar/*",
    ];
    (0..75)
        .map(|i| shapes[i % shapes.len()].replace("{i}", &i.to_string()))
        .collect()
}

fn hostile() -> Vec<String> {
    (0..75)
        .map(|i| {
            let unit = if i % 2 == 0 { "*?" } else { "?*a" };
            let mut p = unit.repeat(255 / unit.len());
            p.truncate(255);
            p
        })
        .collect()
}

fn doctor(c: &mut Criterion) {
    let groups = read_key_groups("g", GROUPS, None).unwrap();
    let keys = read_public_keys("k", KEYS, None).unwrap();
    let mut g = c.benchmark_group("doctor");
    for (name, patterns) in [
        ("75_behaviors", realistic()),
        ("75_hostile_patterns", hostile()),
    ] {
        let text = with_patterns(&patterns);
        let d = read_distribution("d", &text).unwrap();
        assert_eq!(d.behaviors.len(), 76);
        let inputs = Inputs {
            distribution: &d,
            key_groups: &groups,
            public_keys: &keys,
            buckets: None,
        };
        g.bench_function(format!("audit/{name}"), |b| {
            b.iter(|| audit(black_box(&inputs)))
        });
        g.bench_function(format!("read_and_audit/{name}"), |b| {
            b.iter(|| {
                let d = read_distribution("d", black_box(&text)).unwrap();
                audit(&Inputs {
                    distribution: &d,
                    key_groups: &groups,
                    public_keys: &keys,
                    buckets: None,
                })
            })
        });
        let request = Request::new("https://media.example.com/static/70/app.js", 1_767_225_600);
        g.bench_function(format!("diagnose_unsigned/{name}"), |b| {
            b.iter(|| diagnose(black_box(&inputs), &request))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = doctor
}
criterion_main!(benches);
