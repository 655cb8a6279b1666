//! Exact overlap and containment of two path patterns, over the paths CloudFront can see (every
//! path starts with `/`).
//!
//! A pattern is a small automaton: its state `i` means "the first `i` tokens are matched"; `*`
//! loops on any character and can be skipped, `?` takes any one character, a literal takes
//! itself. Both questions are answered on the product of two such automata, by a breadth-first
//! search that also gives the shortest witness path:
//!
//! - [`overlap`]: is there a path both patterns match? The product of the two automata: at most
//!   257 × 257 × 2 states (patterns are at most 255 characters).
//! - [`covers`]: does the first pattern match every path the second matches? The second
//!   pattern's automaton against the first one determinised on the fly (sets of its states),
//!   over an alphabet of the characters the two patterns name plus one standing for every other
//!   character. Determinising can grow exponentially with `?` after `*`, so the search stops
//!   after [`MAX_COVER_STATES`] states and says [`Cover::Undecided`]: a bounded run, never a hang.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;

use super::pattern::{Pattern, Token};

/// The most states [`covers`] explores before giving up.
pub const MAX_COVER_STATES: usize = 20_000;

/// A character that no pattern names stands for "any other character" in witnesses: `x`, unless
/// the patterns name it, then the first free one of these.
const FILLERS: &str = "xyzqjkXYZ0123456789_-~";

/// A path both patterns match (the shortest one), or `None` when they are disjoint. Always
/// decided (at most 257 × 257 × 2 states).
pub fn overlap(a: &Pattern, b: &Pattern) -> Option<String> {
    let mut budget = usize::MAX;
    overlap_within(a, b, &mut budget).flatten()
}

/// [`overlap`], counting the states it explores against `budget`: `None` when the budget ran
/// out first (a caller checking many pairs bounds them all together).
pub fn overlap_within(a: &Pattern, b: &Pattern, budget: &mut usize) -> Option<Option<String>> {
    let (ta, tb) = (&a.tokens, &b.tokens);
    if literal_ends_differ(ta, tb) {
        return Some(None);
    }
    let filler = filler(&[ta, tb]);
    // A node (i, j, started) is the index (i × (|b| + 1) + j) × 2 + started, `started` once the
    // leading `/` is read; `from[node]` is how it was first reached: (parent, character), with
    // `usize::MAX` for "not yet".
    let width = tb.len() + 1;
    let id = |i: usize, j: usize, started: bool| (i * width + j) * 2 + usize::from(started);
    let mut from: Vec<(usize, Option<char>)> =
        alloc::vec![(usize::MAX, None); (ta.len() + 1) * width * 2];
    let mut order: Vec<(usize, usize, bool)> = Vec::new();
    if let Some(slot) = from.get_mut(id(0, 0, false)) {
        *slot = (usize::MAX - 1, None);
    }
    order.push((0, 0, false));
    let mut head = 0;
    while let Some(&(i, j, started)) = order.get(head) {
        let here = head;
        head += 1;
        *budget = budget.checked_sub(1)?;
        if i == ta.len() && j == tb.len() && started {
            let mut chars = Vec::new();
            let mut at = here;
            while let Some(&(ni, nj, ns)) = order.get(at) {
                let Some(&(parent, c)) = from.get(id(ni, nj, ns)) else {
                    break;
                };
                chars.extend(c);
                at = parent;
            }
            let path: String = chars.iter().rev().collect();
            return Some(Some(readable(a, b, path, filler)));
        }
        let mut visit = |node: (usize, usize, bool), c: Option<char>, order: &mut Vec<_>| {
            if let Some(slot) = from.get_mut(id(node.0, node.1, node.2)) {
                if slot.0 == usize::MAX {
                    *slot = (here, c);
                    order.push(node);
                }
            }
        };
        if ta.get(i) == Some(&Token::Any) {
            visit((i + 1, j, started), None, &mut order);
        }
        if tb.get(j) == Some(&Token::Any) {
            visit((i, j + 1, started), None, &mut order);
        }
        for (ni, ca) in steps(ta, i) {
            for (nj, cb) in steps(tb, j) {
                let c = match (ca, cb) {
                    (Some(x), Some(y)) if x != y => continue,
                    (Some(x), _) | (_, Some(x)) => x,
                    (None, None) if !started => '/',
                    (None, None) => filler,
                };
                if !started && c != '/' {
                    continue;
                }
                visit((ni, nj, true), Some(c), &mut order);
            }
        }
    }
    Some(None)
}

/// Whether the literal characters the two patterns start with, or end with, disagree: then no
/// path matches both (most pairs of a real distribution: `/images/*` and `/api/*`, `*.jpg` and
/// `*.css`), decided without the search.
fn literal_ends_differ(ta: &[Token], tb: &[Token]) -> bool {
    let literal = |t: &Token| match t {
        Token::Literal(c) => Some(*c),
        _ => None,
    };
    let differ = |x: &mut dyn Iterator<Item = Option<char>>,
                  y: &mut dyn Iterator<Item = Option<char>>| {
        for (p, q) in x.zip(y) {
            match (p, q) {
                (Some(p), Some(q)) if p != q => return true,
                (Some(_), Some(_)) => {}
                _ => return false,
            }
        }
        false
    };
    differ(&mut ta.iter().map(literal), &mut tb.iter().map(literal))
        || differ(
            &mut ta.iter().rev().map(literal),
            &mut tb.iter().rev().map(literal),
        )
}

/// `path` with a filler character where a `*` matched nothing, when both patterns still match it:
/// `/videos/x.mp4` reads better than the shortest `/videos/.mp4`. Tried right after the last `/`,
/// then at the end.
fn readable(a: &Pattern, b: &Pattern, path: String, filler: char) -> String {
    let after_slash = path.rfind('/').map_or(path.len(), |i| i + 1);
    for at in [after_slash, path.len()] {
        let mut longer = path.clone();
        if !longer.is_char_boundary(at) {
            continue;
        }
        longer.insert(at, filler);
        if a.matches(&longer) && b.matches(&longer) {
            return longer;
        }
    }
    path
}

/// The moves of one automaton from state `i` on one character: the next state, and the
/// character required (`None`: any).
fn steps(tokens: &[Token], i: usize) -> impl Iterator<Item = (usize, Option<char>)> {
    let step = match tokens.get(i) {
        Some(Token::Any) => Some((i, None)),
        Some(Token::One) => Some((i + 1, None)),
        Some(Token::Literal(c)) => Some((i + 1, Some(*c))),
        None => None,
    };
    step.into_iter()
}

fn witness<N: Ord + Copy>(
    seen: &BTreeMap<N, (usize, Option<char>)>,
    order: &[N],
    mut at: usize,
) -> String {
    let mut chars = Vec::new();
    while let Some(node) = order.get(at) {
        let Some(&(parent, c)) = seen.get(node) else {
            break;
        };
        chars.extend(c);
        at = parent;
    }
    chars.iter().rev().collect()
}

fn filler(patterns: &[&Vec<Token>]) -> char {
    let named = |c: char| patterns.iter().any(|p| p.contains(&Token::Literal(c)));
    FILLERS.chars().find(|c| !named(*c)).unwrap_or('x')
}

/// Whether one pattern covers another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// Every path the second matches, the first matches too.
    Covered,
    /// A path the second matches and the first does not.
    NotCovered(String),
    /// The search stopped at [`MAX_COVER_STATES`].
    Undecided,
}

/// A set of states of a pattern's automaton (at most 257 states).
type States = [u64; 5];

fn with(mut s: States, i: usize) -> States {
    if let Some(w) = s.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
    s
}

fn has(s: &States, i: usize) -> bool {
    s.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The set with every state reachable by skipping `*`s.
fn closure(tokens: &[Token], mut s: States) -> States {
    for i in 0..tokens.len() {
        if has(&s, i) && tokens.get(i) == Some(&Token::Any) {
            s = with(s, i + 1);
        }
    }
    s
}

fn advance(tokens: &[Token], s: &States, c: char) -> States {
    let mut out = [0; 5];
    for i in 0..=tokens.len() {
        if !has(s, i) {
            continue;
        }
        for (ni, need) in steps(tokens, i) {
            if need.is_none_or(|n| n == c) {
                out = with(out, ni);
            }
        }
    }
    closure(tokens, out)
}

/// Whether `outer` matches every path `inner` matches (so a behavior with `inner` placed after one
/// with `outer` is never reached). [`Cover::Undecided`] after [`MAX_COVER_STATES`] states.
pub fn covers(outer: &Pattern, inner: &Pattern) -> Cover {
    let mut budget = MAX_COVER_STATES;
    covers_within(outer, inner, &mut budget)
}

/// [`covers`], counting the states it explores against `budget` (and at most
/// [`MAX_COVER_STATES`] for this pair): [`Cover::Undecided`] when either runs out.
pub fn covers_within(outer: &Pattern, inner: &Pattern, budget: &mut usize) -> Cover {
    let (ta, tb) = (&outer.tokens, &inner.tokens);
    let mut alphabet: BTreeSet<char> = BTreeSet::new();
    alphabet.insert('/');
    for t in ta.iter().chain(tb.iter()) {
        if let Token::Literal(c) = t {
            alphabet.insert(*c);
        }
    }
    alphabet.insert(filler(&[ta, tb]));
    type Node = (usize, States, bool);
    let start: Node = (0, closure(ta, with([0; 5], 0)), false);
    let mut seen: BTreeMap<Node, (usize, Option<char>)> = BTreeMap::new();
    let mut order: Vec<Node> = Vec::new();
    seen.insert(start, (usize::MAX, None));
    order.push(start);
    let mut head = 0;
    while let Some(&(j, set, started)) = order.get(head) {
        let here = head;
        head += 1;
        if here >= MAX_COVER_STATES {
            return Cover::Undecided;
        }
        match budget.checked_sub(1) {
            Some(left) => *budget = left,
            None => return Cover::Undecided,
        }
        if j == tb.len() && started && !has(&set, ta.len()) {
            return Cover::NotCovered(witness(&seen, &order, here));
        }
        let mut next: Vec<(Node, Option<char>)> = Vec::new();
        if tb.get(j) == Some(&Token::Any) {
            next.push(((j + 1, set, started), None));
        }
        for (nj, need) in steps(tb, j) {
            for &c in &alphabet {
                if need.is_some_and(|n| n != c) || (!started && c != '/') {
                    continue;
                }
                next.push(((nj, advance(ta, &set, c), true), Some(c)));
            }
        }
        for (node, c) in next {
            if let alloc::collections::btree_map::Entry::Vacant(e) = seen.entry(node) {
                e.insert((here, c));
                order.push(node);
            }
        }
    }
    Cover::Covered
}

#[cfg(test)]
mod tests;
