//! Matching a request URL against a policy's `Resource`, as CloudFront does.
//!
//! PROVISIONAL: whole-string glob (`*` any run, `?` one character, `\?` a literal `?`); refined
//! from the developer guide's section-by-section rules below.

/// Whether `url` (without signing parameters) matches the resource `pattern`.
pub fn resource_matches(pattern: &str, url: &str) -> bool {
    glob(pattern.as_bytes(), url.as_bytes())
}

/// Iterative glob over bytes with one backtrack point: `O(pattern × text)` at worst.
fn glob(p: &[u8], t: &[u8]) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(b'\\') if p.get(pi + 1) == Some(&b'?') => (t[ti] == b'?').then_some(2),
            Some(b'?') => Some(1),
            Some(&c) => (c == t[ti]).then_some(1),
            None => None,
        };
        match (step, star) {
            (Some(n), _) => {
                pi += n;
                ti += 1;
            }
            (None, Some((sp, st))) => {
                pi = sp;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            (None, None) => return false,
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}
