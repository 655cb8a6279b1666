//! Bounded counting of the most frequent keys (denied paths, edge locations, networks), each
//! with one example: the earliest request seen for it, so that the result does not depend on
//! how the log was split among threads.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::summary::{Example, TopEntry};

/// How many distinct keys a counter keeps. Past it, the least counted key makes room (the
/// "space-saving" scheme): the counts of the top keys stay exact unless the log has more distinct
/// keys than this, which [`Top::approximate`] then says.
pub(super) const TOP_CAPACITY: usize = 1024;

#[derive(Debug, Clone, Default)]
pub(super) struct Top {
    pub(super) map: BTreeMap<String, (u64, Example)>,
    pub(super) approximate: bool,
}

impl Top {
    pub(super) fn add(&mut self, key: &str, example: &Example) {
        self.add_n(key, 1, example);
    }

    fn add_n(&mut self, key: &str, n: u64, example: &Example) {
        if let Some((count, ex)) = self.map.get_mut(key) {
            *count += n;
            if example.earlier_than(ex) {
                *ex = example.clone();
            }
            return;
        }
        let mut base = 0;
        if self.map.len() >= TOP_CAPACITY {
            self.approximate = true;
            let least = self
                .map
                .iter()
                .min_by_key(|(_, (c, _))| *c)
                .map(|(k, (c, _))| (k.clone(), *c));
            if let Some((k, c)) = least {
                self.map.remove(&k);
                base = c;
            }
        }
        self.map
            .insert(key.to_string(), (base + n, example.clone()));
    }

    pub(super) fn merge(&mut self, other: Self) {
        self.approximate |= other.approximate;
        for (key, (n, ex)) in other.map {
            self.add_n(&key, n, &ex);
        }
    }

    /// The `n` most counted keys, the most first (ties by key).
    pub(super) fn top(&self, n: usize) -> Vec<TopEntry> {
        let mut all: Vec<(&String, &(u64, Example))> = self.map.iter().collect();
        all.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        all.into_iter()
            .take(n)
            .map(|(k, (c, ex))| TopEntry {
                key: k.clone(),
                count: *c,
                example: ex.clone(),
            })
            .collect()
    }

    pub(super) fn approximate(&self) -> bool {
        self.approximate
    }
}
