//! The distribution doctor's readers and rules (`cfsign::doctor`): any bytes as the AWS CLI's
//! output are read or refused with a stable code, never a panic; a distribution read is audited
//! and diagnosed; every finding names behaviors that exist; an example path that "goes public"
//! matches both patterns and reaches the unrestricted behavior; the overlap and containment checks
//! agree with matching on their witnesses. Seeded with tests/fixtures/aws/.
#![no_main]

use cfsign::doctor::{
    self, audit, diagnose, first_match, overlap::{covers, overlap, Cover}, pattern::Pattern, Input, Inputs,
};
use cfsign::Request;
use libfuzzer_sys::fuzz_target;

const CODES: [&str; 6] = [
    "input_too_large",
    "not_json",
    "wrong_input",
    "pattern_too_long",
    "too_many_behaviors",
    "no_default_behavior",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Two patterns from the first line: overlap and containment against matching.
    if let Some((a, b)) = text.lines().next().and_then(|l| l.split_once(' ')) {
        if let (Some(a), Some(b)) = (Pattern::new(a), Pattern::new(b)) {
            if let Some(w) = overlap(&a, &b) {
                assert!(a.matches(&w) && b.matches(&w), "{w:?}");
            }
            match covers(&a, &b) {
                Cover::NotCovered(w) => assert!(b.matches(&w) && !a.matches(&w), "{w:?}"),
                Cover::Covered => {
                    if let Some(w) = overlap(&b, &b) {
                        assert!(a.matches(&w));
                    }
                }
                Cover::Undecided => {}
            }
        }
    }
    let read = match doctor::read("fuzz", &text, Some("K1")) {
        Ok(input) => input,
        Err(e) => {
            assert!(CODES.contains(&e.code), "{}", e.code);
            assert!(e.to_string().starts_with("fuzz: "));
            return;
        }
    };
    let Input::Distribution(d) = read else { return };
    let inputs = Inputs { distribution: &d, key_groups: &[], public_keys: &[], buckets: None };
    let names: Vec<String> = d.behaviors.iter().map(|b| b.name()).collect();
    for f in audit(&inputs) {
        assert!(f.behaviors.iter().all(|b| names.contains(b)), "{f:?}");
        if let (Some(path), "shadowed_by_unrestricted") = (&f.example_path, f.code) {
            let (at, _) = first_match(&d, path);
            assert!(!d.behaviors[at].restricted(), "{path}");
        }
    }
    let diagnosis = diagnose(&inputs, &Request::new("https://d111111abcdef8.cloudfront.net/videos/a.mp4?x=1", 1_767_225_600));
    assert!(names.contains(&diagnosis.behavior.name()));
    let _ = diagnosis.to_json();
});
