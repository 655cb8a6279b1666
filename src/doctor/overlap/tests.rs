use super::*;

fn p(s: &str) -> Pattern {
    Pattern::new(s).unwrap()
}

#[test]
fn overlaps_with_a_witness_both_match() {
    for (a, b) in [
        ("/videos/*.mp4", "/videos/*"),
        ("*.jpg", "images/*"),
        ("a??.jpg", "*t.jpg"),
        ("*", "/x"),
        ("*/foo", "/foo"),
        ("/a*b*c", "/*c*b*a*c"),
    ] {
        let w = overlap(&p(a), &p(b)).unwrap_or_else(|| panic!("{a} {b}"));
        assert!(p(a).matches(&w) && p(b).matches(&w), "{a} {b} {w}");
        assert!(w.starts_with('/'));
    }
    assert_eq!(overlap(&p("/videos/*"), &p("/downloads/*")), None);
    assert_eq!(overlap(&p("*.jpg"), &p("*.png")), None);
    assert_eq!(overlap(&p("a?"), &p("abc")), None);
    assert_eq!(overlap(&p("*.JPG"), &p("*.jpg")), None);
    assert_eq!(overlap(&p("//*"), &p("/a")), None);
    assert_eq!(overlap(&p("//*"), &p("/?")).as_deref(), Some("//"));
    assert_eq!(
        overlap(&p("/videos/*.mp4"), &p("/videos/*")).as_deref(),
        Some("/videos/x.mp4")
    );
}

#[test]
fn covers_exactly() {
    assert_eq!(
        covers(&p("/videos/*"), &p("/videos/trailers/*")),
        Cover::Covered
    );
    assert_eq!(covers(&p("*"), &p("/anything?")), Cover::Covered);
    assert_eq!(covers(&p("/*"), &p("*")), Cover::Covered);
    assert_eq!(covers(&p("*.jpg"), &p("images/*.jpg")), Cover::Covered);
    assert_eq!(covers(&p("a*"), &p("a??")), Cover::Covered);
    assert_eq!(covers(&p("*a*"), &p("*a*a*")), Cover::Covered);
    for (outer, inner) in [
        ("/videos/*.mp4", "/videos/*"),
        ("images/*.jpg", "*.jpg"),
        ("a??", "a*"),
        ("*.doc?", "*.doc*"),
        ("*a*a*", "*a*"),
        ("/x", "/?"),
    ] {
        match covers(&p(outer), &p(inner)) {
            Cover::NotCovered(w) => {
                assert!(
                    p(inner).matches(&w) && !p(outer).matches(&w),
                    "{outer} {inner} {w}"
                );
            }
            other => panic!("{outer} {inner}: {other:?}"),
        }
    }
}

/// Against brute force: every pattern of up to 4 tokens over `a`, `/`, `*`, `?`, every path
/// of up to 5 characters over `a`, `b`, `/`: a common path found by enumeration means an
/// overlap; a path of the inner pattern outside the outer one means not covered; and every
/// witness is checked by matching.
#[test]
fn agrees_with_brute_force() {
    let alphabet = ['a', '/', '*', '?'];
    let mut patterns = alloc::vec![String::new()];
    for len in 1..=4 {
        let mut count = 1;
        for _ in 0..len {
            count *= alphabet.len();
        }
        for n in 0..count {
            let mut k = n;
            let mut text = String::new();
            for _ in 0..len {
                text.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            patterns.push(text);
        }
    }
    let mut paths = alloc::vec![String::from("/")];
    for len in 1..=4 {
        let mut count = 1;
        for _ in 0..len {
            count *= 3;
        }
        for n in 0..count {
            let mut k = n;
            let mut text = String::from("/");
            for _ in 0..len {
                text.push(['a', 'b', '/'][k % 3]);
                k /= 3;
            }
            paths.push(text);
        }
    }
    let compiled: Vec<Pattern> = patterns
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| p(t))
        .collect();
    for a in compiled.iter().step_by(3) {
        for b in compiled.iter().step_by(2) {
            let both = paths.iter().find(|x| a.matches(x) && b.matches(x));
            match overlap(a, b) {
                Some(w) => assert!(a.matches(&w) && b.matches(&w), "{} {} {w}", a.text, b.text),
                None => assert!(both.is_none(), "{} {}: {both:?}", a.text, b.text),
            }
            let outside = paths.iter().find(|x| b.matches(x) && !a.matches(x));
            match covers(a, b) {
                Cover::Covered => {
                    assert!(outside.is_none(), "{} {}: {outside:?}", a.text, b.text)
                }
                Cover::NotCovered(w) => {
                    assert!(b.matches(&w) && !a.matches(&w), "{} {} {w}", a.text, b.text)
                }
                Cover::Undecided => panic!("{} {}", a.text, b.text),
            }
        }
    }
}

/// Hostile patterns: the longest stars-and-question-marks mixes stay bounded.
#[test]
fn hostile_patterns_stay_bounded() {
    let stars = p(&"*".repeat(255));
    let mixed: String = "*?".repeat(127);
    let mixed = p(&mixed);
    let many_q: String = ["*a", &"?".repeat(250)].concat();
    let many_q = p(&many_q);
    assert!(overlap(&stars, &mixed).is_some());
    assert!(overlap(&many_q, &mixed).is_some());
    assert_eq!(covers(&stars, &mixed), Cover::Covered);
    // Determinising `*a` followed by 250 `?` is exponential: the search stops, undecided or
    // decided, without hanging.
    let r = covers(&many_q, &p("*"));
    assert!(
        matches!(r, Cover::NotCovered(_) | Cover::Undecided),
        "{r:?}"
    );
    let r = covers(&many_q, &mixed);
    assert!(
        matches!(r, Cover::NotCovered(_) | Cover::Undecided),
        "{r:?}"
    );
}
