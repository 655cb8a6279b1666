//! Deciding each logged request again, at its logged time, with one signature check per distinct
//! (policy, signature, key, hash).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::line::Record;
use super::report::Report;
use super::row::{RowVerdict, Seen};
use crate::key::{HashAlgorithm, PublicKey};
use crate::verify::{KeyGroup, Pending, Request, SignatureCheck};

/// The memo holds at most this many signature results; when full it starts again.
pub(super) const MEMO_CAPACITY: usize = 16_384;
/// At most this many decoded requests are kept per analyzer (by URL and cookies); when full the
/// cache starts again.
const DECODED_CAPACITY: usize = 4096;

/// What the analysis takes besides the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyzerOptions {
    /// Records before this time (epoch seconds) are left out.
    pub since: Option<u64>,
    /// Records at or after this time are left out.
    pub until: Option<u64>,
    /// A denial `expired` or `not_yet_valid` this close to the boundary (seconds) counts as
    /// possible clock skew.
    pub boundary_window: u64,
    /// Seconds of clock skew allowed around the policy's times: 0, as CloudFront decides.
    pub skew: u64,
}

impl Default for AnalyzerOptions {
    fn default() -> Self {
        Self {
            since: None,
            until: None,
            boundary_window: 300,
            skew: 0,
        }
    }
}

/// Re-decides logged requests into a [`Report`]. One per thread: it keeps a memo of signature
/// results keyed by [`memo_key`].
#[derive(Debug, Clone)]
pub struct Analyzer {
    keys: KeyGroup,
    options: AnalyzerOptions,
    memo: BTreeMap<Vec<u8>, bool>,
    /// Requests decoded, by URL and cookies (`url\ncookies`), with their signature's result:
    /// the same signed URL or cookie set repeats across many records.
    decoded: BTreeMap<String, (Pending, Option<bool>)>,
}

/// The memo's key for a signature check: the key ID, the hash, the exact policy bytes and the
/// signature, each length-prefixed (so that no two checks share a key). Two requests with the
/// same key need one verification: a cookie set or a policy URL repeats across thousands.
pub fn memo_key(check: &SignatureCheck<'_>) -> Vec<u8> {
    let parts: [&[u8]; 4] = [
        check.key_pair_id.as_bytes(),
        check.hash.as_str().as_bytes(),
        check.message,
        check.signature,
    ];
    let mut key = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for p in parts {
        key.extend_from_slice(&(p.len() as u32).to_be_bytes());
        key.extend_from_slice(p);
    }
    key
}

/// A signature check to make before [`Analyzer::observe_with`], for a host whose crypto is
/// asynchronous (WebCrypto): check it, [`Analyzer::remember`] the result, then observe.
#[derive(Debug, Clone)]
pub struct NeededCheck {
    /// Its [`memo_key`].
    pub memo_key: Vec<u8>,
    /// The key named by `Key-Pair-Id`.
    pub key: PublicKey,
    /// The exact policy bytes that were signed.
    pub message: Vec<u8>,
    /// The decoded signature (DER for ECDSA).
    pub signature: Vec<u8>,
    /// The hash named by `Hash-Algorithm`.
    pub hash: HashAlgorithm,
}

/// The request CloudFront saw, from a record and its URL.
fn request_of<'a>(record: &'a Record<'_>, url: &'a str, skew: u64) -> Request<'a> {
    Request {
        url,
        now: record.time,
        client_ip: record.client_ip,
        cookies: record.cookies.as_deref(),
        // CloudFront tolerates no skew: the verdict is what it decided (unless the caller asks
        // for an allowance, [`AnalyzerOptions::skew`]).
        skew,
        // CloudFront decided on the URL as logged, never a repaired one.
        repair: false,
    }
}

impl Analyzer {
    /// An analyzer trusting `keys`.
    pub fn new(keys: KeyGroup, options: AnalyzerOptions) -> Self {
        Self {
            keys,
            options,
            memo: BTreeMap::new(),
            decoded: BTreeMap::new(),
        }
    }

    /// The signature check `record` needs that the memo does not hold, if any.
    pub fn needed_check(&self, record: &Record<'_>) -> Option<NeededCheck> {
        let t = record.time;
        let o = &self.options;
        if o.since.is_some_and(|s| t < s) || o.until.is_some_and(|u| t >= u) {
            return None;
        }
        let url = record.url();
        let pending = Pending::new(&request_of(record, &url, o.skew), &self.keys);
        let c = pending.signature_check()?;
        let memo_key = memo_key(&c);
        (!self.memo.contains_key(&memo_key)).then(|| NeededCheck {
            memo_key,
            key: c.key.clone(),
            message: c.message.to_vec(),
            signature: c.signature.to_vec(),
            hash: c.hash,
        })
    }

    /// Keeps the result of a [`NeededCheck`]. The memo is not emptied here, so that the results
    /// of one batch of needed checks all stay until the batch is observed: call
    /// [`Analyzer::trim_memo`] between batches.
    pub fn remember(&mut self, memo_key: Vec<u8>, valid: bool) {
        self.memo.insert(memo_key, valid);
    }

    /// Empties the memo when it holds [`MEMO_CAPACITY`](super::MEMO_CAPACITY) results or more.
    pub fn trim_memo(&mut self) {
        if self.memo.len() >= MEMO_CAPACITY {
            self.memo.clear();
        }
    }

    /// Decides `record` again and counts it in `report`, checking signatures with Rust's crypto.
    #[cfg(feature = "rust-crypto")]
    pub fn observe(&mut self, record: &Record<'_>, report: &mut Report) {
        self.observe_with(record, report, &mut |c| {
            c.key.verify(c.message, c.signature, c.hash)
        });
    }

    /// The signature's result for `pending`: from the memo, else from `check` (then kept).
    fn check(
        &mut self,
        pending: &Pending,
        report: &mut Report,
        check: &mut dyn FnMut(&SignatureCheck<'_>) -> bool,
    ) -> Option<bool> {
        let c = pending.signature_check()?;
        let key = memo_key(&c);
        if let Some(v) = self.memo.get(&key) {
            report.memo_hits += 1;
            return Some(*v);
        }
        let v = check(&c);
        self.trim_memo();
        self.memo.insert(key, v);
        Some(v)
    }

    /// Decides `record` again and counts it in `report`; `check` verifies a signature (called
    /// once per distinct [`memo_key`] while the memo holds it).
    pub fn observe_with(
        &mut self,
        record: &Record<'_>,
        report: &mut Report,
        check: &mut dyn FnMut(&SignatureCheck<'_>) -> bool,
    ) {
        let t = record.time;
        let o = &self.options;
        if o.since.is_some_and(|s| t < s) || o.until.is_some_and(|u| t >= u) {
            report.outside_window += 1;
            return;
        }
        let verdict = self.decide(record, report, check);
        report.count(&Seen::of(record), &verdict, self.options.boundary_window);
    }

    /// The verdict of `record`, as a row: what [`Analyzer::observe_with`] counts (the window of
    /// `since`/`until` aside). `check` verifies a signature the memo does not hold; `report`
    /// counts the memo's hits.
    pub fn decide(
        &mut self,
        record: &Record<'_>,
        report: &mut Report,
        check: &mut dyn FnMut(&SignatureCheck<'_>) -> bool,
    ) -> RowVerdict {
        let t = record.time;
        let mut key = record.url();
        // The URL, then the cookies: a URL may hold any character once unescaped, so its length
        // says where it ends.
        let url_len = key.len();
        key.push('\n');
        if let Some(c) = &record.cookies {
            key.push_str(c);
        }
        let (pending, valid) = match self.decoded.get(&key) {
            Some((pending, valid)) => {
                if valid.is_some() {
                    report.memo_hits += 1;
                }
                (pending.at(t, record.client_ip), *valid)
            }
            None => {
                let url = key.get(..url_len).unwrap_or_default();
                let pending = Pending::new(&request_of(record, url, self.options.skew), &self.keys);
                let valid = self.check(&pending, report, check);
                if self.decoded.len() >= DECODED_CAPACITY {
                    self.decoded.clear();
                }
                self.decoded.insert(key, (pending.clone(), valid));
                (pending, valid)
            }
        };
        RowVerdict::of(&pending.finish(valid), valid, record.cookies_truncated)
    }
}
