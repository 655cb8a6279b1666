//! `cfsign logs s3://bucket/prefix/`: the objects under a prefix, listed (ListObjectsV2, every
//! page) and read as streams (GetObject), through the AWS SDK for Rust. Needs `s3:ListBucket` on
//! the bucket and `s3:GetObject` on the objects.
//!
//! The objects are fetched [`IN_FLIGHT`] at a time, in the listing's order, by one I/O thread,
//! while the reader takes them one by one in that same order: each object's body comes through
//! its own channel, read ahead of the reader up to [`AHEAD`] bytes, and an object keeps its slot
//! until the reader is done with it. So the report is the one of a read one after another, memory
//! holds at most [`IN_FLIGHT`] × [`AHEAD`] bytes of bodies, never a whole larger object, and an
//! object up to [`AHEAD`] bytes (a CloudFront log file: gzip, kilobytes to a few megabytes) is
//! read to its end at once, its connection released, however slow the reader is on the objects
//! before it. A larger one waits for the reader with its connection open (S3 or a proxy may drop
//! an idle one: the object's error then stops the run, as any broken body does).

use std::future::Future;
use std::io::Read;
use std::sync::{Arc, Mutex};

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;
use bytes::Bytes;
use tokio::runtime::Runtime;
use tokio::sync::mpsc::{channel, unbounded_channel, Receiver, Sender};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::client::{self, failure};
use crate::usage::Failure;

/// GetObject requests in flight at most: the AWS CLI's default `max_concurrent_requests` for its
/// own S3 transfers.
const IN_FLIGHT: usize = 10;
/// Bytes of a body read ahead of the reader per object at most (a piece larger than this, as the
/// HTTP client hands it over, is held alone).
const AHEAD: u32 = 8 << 20;

/// An object to read.
#[derive(Clone)]
pub struct Object {
    pub bucket: String,
    pub key: String,
    pub size: Option<u64>,
}

/// The S3 side of `cfsign logs`: one runtime and one client for all the objects.
pub struct S3Logs {
    runtime: Arc<Runtime>,
    client: Client,
}

/// `s3://bucket/prefix` split into the bucket and the prefix (`None` when not an S3 URL).
pub fn split(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("s3://")?;
    Some(rest.split_once('/').unwrap_or((rest, "")))
}

impl S3Logs {
    /// Loads the configuration (the standard credential chain, `AWS_ENDPOINT_URL`).
    pub fn new() -> Result<Self, Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failure(format!("could not start the I/O runtime ({e})")))?;
        let config = runtime.block_on(client::load())?;
        Ok(Self {
            client: Client::new(&config),
            runtime: Arc::new(runtime),
        })
    }

    /// Every object under `prefix` in `bucket`, in key order (all the pages), folders left out.
    pub fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<Object>, Failure> {
        self.runtime.block_on(async {
            let mut objects = Vec::new();
            let mut pages = self
                .client
                .list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| {
                    failure(format!(
                        "S3 ListObjectsV2 failed: {}; the caller needs s3:ListBucket",
                        client::reason(&e)
                    ))
                })?;
                for o in page.contents() {
                    let Some(key) = o.key().filter(|k| !k.ends_with('/')) else {
                        continue;
                    };
                    objects.push(Object {
                        bucket: bucket.to_owned(),
                        key: key.to_owned(),
                        size: o.size().and_then(|s| u64::try_from(s).ok()),
                    });
                }
            }
            Ok(objects)
        })
    }
}

/// What the I/O thread sends for one object.
enum Piece {
    /// GetObject failed: the message (the object is not read at all).
    Failed(String),
    /// The next bytes of the body, holding their share of the object's read-ahead budget.
    Bytes {
        bytes: Bytes,
        _held: OwnedSemaphorePermit,
    },
    /// The body broke off: the message.
    Broken(String),
}

/// One object's body as it arrives, and its slot: freed when the reader lets go of it.
struct Fetched {
    key: String,
    pieces: UnboundedReceiver<Piece>,
    slot: OwnedSemaphorePermit,
}

/// The objects of one run's S3 inputs, in the order they are read: listed first, then fetched
/// ahead of the reader once it asks for the first one.
pub struct Queue {
    state: Mutex<State>,
}

enum State {
    Listed(S3Logs, Vec<Object>),
    Fetching(Receiver<Fetched>),
}

impl Queue {
    pub fn new(client: S3Logs) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State::Listed(client, Vec::new())),
        })
    }

    /// Every object under `prefix` in `bucket` (see [`S3Logs::list`]), queued to be read after
    /// those queued before.
    pub fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<Object>, Failure> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| failure("the S3 queue failed"))?;
        let State::Listed(client, queued) = &mut *state else {
            return Err(failure("S3 inputs are listed before any is read"));
        };
        let objects = client.list(bucket, prefix)?;
        queued.extend(objects.iter().cloned());
        Ok(objects)
    }

    /// The next object's bytes (it must be `object`: the objects are read in the order listed),
    /// read as they arrive. The first call starts the fetching.
    pub fn open(&self, object: &Object) -> Result<Box<dyn Read + Send>, String> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| "the S3 queue failed".to_owned())?;
        if let State::Listed(client, objects) = &mut *state {
            let fetching = client.fetch(std::mem::take(objects))?;
            *state = State::Fetching(fetching);
        }
        let State::Fetching(next) = &mut *state else {
            return Err("the S3 queue failed".into());
        };
        let mut fetched = next
            .blocking_recv()
            .filter(|f| f.key == object.key)
            .ok_or("the S3 fetcher stopped")?;
        // GetObject's own failure comes first, before any byte: the object is not opened.
        let first = fetched.pieces.blocking_recv();
        if let Some(Piece::Failed(message)) = first {
            return Err(message);
        }
        Ok(Box::new(Body {
            pieces: fetched.pieces,
            last: first,
            at: 0,
            _slot: fetched.slot,
        }))
    }
}

impl S3Logs {
    /// Starts the I/O thread that fetches `objects` in order, [`IN_FLIGHT`] at a time.
    fn fetch(&self, objects: Vec<Object>) -> Result<Receiver<Fetched>, String> {
        let (tx, rx) = channel(IN_FLIGHT);
        let (runtime, client) = (self.runtime.clone(), self.client.clone());
        // Not joined: it ends once every object is read, or once the reader is gone (each send
        // then fails and each slot is freed).
        std::thread::Builder::new()
            .name("cfsign-s3".into())
            .spawn(move || runtime.block_on(fetch_all(client, objects, tx)))
            .map_err(|e| format!("could not start the S3 reader ({e})"))?;
        Ok(rx)
    }
}

/// Fetches `objects` in order, each once a slot is free, handing each object's pieces to `out`.
async fn fetch_all(client: Client, objects: Vec<Object>, out: Sender<Fetched>) {
    let slots = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for object in objects {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            break;
        };
        let (tx, pieces) = unbounded_channel();
        let fetched = Fetched {
            key: object.key.clone(),
            pieces,
            slot,
        };
        if out.send(fetched).await.is_err() {
            break;
        }
        tasks.spawn(fetch_one(client.clone(), object, tx));
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
}

/// One object: GetObject, then its body piece by piece into `tx` (closed at the end). Stops when
/// the reader has let go of the object.
async fn fetch_one(client: Client, object: Object, tx: UnboundedSender<Piece>) {
    let sent = client
        .get_object()
        .bucket(&object.bucket)
        .key(&object.key)
        .send()
        .await;
    match sent {
        Err(e) => {
            let message = format!(
                "S3 GetObject failed: {}; the caller needs s3:GetObject",
                client::reason(&e)
            );
            let _ = tx.send(Piece::Failed(message));
        }
        Ok(out) => forward(out.body, tx, AHEAD).await,
    }
}

/// A body's pieces as they arrive.
trait Pieces {
    fn next_piece(&mut self) -> impl Future<Output = Option<Result<Bytes, String>>> + Send;
}

impl Pieces for ByteStream {
    async fn next_piece(&mut self) -> Option<Result<Bytes, String>> {
        Some(self.next().await?.map_err(|e| e.to_string()))
    }
}

/// `body` into `tx`, read ahead of the reader up to `ahead` bytes: each piece holds its share
/// of that budget until the reader is past it (or lets go of the object). Ends at the body's end
/// (the body dropped, its connection released), at a broken body, or once the reader is gone.
async fn forward(mut body: impl Pieces, tx: UnboundedSender<Piece>, ahead: u32) {
    let budget = Arc::new(Semaphore::new(ahead as usize));
    loop {
        let piece = match body.next_piece().await {
            None => break,
            Some(Ok(bytes)) if bytes.is_empty() => continue,
            Some(Ok(bytes)) => {
                let share = u32::try_from(bytes.len()).map_or(ahead, |n| n.min(ahead));
                let Ok(held) = budget.clone().acquire_many_owned(share).await else {
                    break;
                };
                Piece::Bytes { bytes, _held: held }
            }
            Some(Err(message)) => Piece::Broken(message),
        };
        let last = matches!(piece, Piece::Broken(_));
        if tx.send(piece).is_err() || last {
            break;
        }
    }
}

/// An object's body as a blocking reader: each read waits for the next piece.
struct Body {
    pieces: UnboundedReceiver<Piece>,
    /// The piece being read (`None` at the end).
    last: Option<Piece>,
    at: usize,
    /// Held until the reader is done with the object.
    _slot: OwnedSemaphorePermit,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match &self.last {
                None => return Ok(0),
                Some(Piece::Bytes { bytes, .. }) if self.at < bytes.len() => {
                    let rest = bytes.get(self.at..).unwrap_or_default();
                    let n = buf.len().min(rest.len());
                    if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
                        to.copy_from_slice(from);
                    }
                    self.at += n;
                    return Ok(n);
                }
                Some(Piece::Bytes { .. }) => {
                    self.last = self.pieces.blocking_recv();
                    self.at = 0;
                }
                Some(Piece::Broken(message) | Piece::Failed(message)) => {
                    return Err(std::io::Error::other(message.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// `count` pieces of `size` bytes, counting those taken.
    struct Counted {
        count: usize,
        size: usize,
        taken: Arc<AtomicUsize>,
    }

    impl Pieces for Counted {
        async fn next_piece(&mut self) -> Option<Result<Bytes, String>> {
            if self.taken.load(Ordering::SeqCst) == self.count {
                return None;
            }
            self.taken.fetch_add(1, Ordering::SeqCst);
            Some(Ok(Bytes::from(vec![7; self.size])))
        }
    }

    /// Lets the spawned `forward` run until it waits.
    async fn settle() {
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
    }

    #[test]
    fn a_body_is_read_ahead_up_to_the_budget() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            // Smaller than the budget: read to its end with no reader, the body dropped.
            let taken = Arc::new(AtomicUsize::new(0));
            let (tx, mut rx) = unbounded_channel();
            let body = Counted {
                count: 5,
                size: 1000,
                taken: taken.clone(),
            };
            forward(body, tx, 8000).await;
            let mut bytes = 0;
            while let Some(piece) = rx.recv().await {
                let Piece::Bytes { bytes: piece, .. } = piece else {
                    panic!("not bytes")
                };
                bytes += piece.len();
            }
            assert_eq!(bytes, 5000);

            // Larger: 4 pieces held (the fifth taken, waiting for room) until the reader is past
            // one; then one more.
            let taken = Arc::new(AtomicUsize::new(0));
            let (tx, mut rx) = unbounded_channel();
            let body = Counted {
                count: 20,
                size: 1000,
                taken: taken.clone(),
            };
            let fetching = tokio::spawn(forward(body, tx, 4500));
            settle().await;
            assert_eq!(taken.load(Ordering::SeqCst), 5);
            assert_eq!(rx.len(), 4);
            drop(rx.recv().await);
            settle().await;
            assert_eq!((taken.load(Ordering::SeqCst), rx.len()), (6, 4));
            // A piece larger than the budget is held alone.
            let (tx, mut big) = unbounded_channel();
            let body = Counted {
                count: 3,
                size: 10_000,
                taken: Arc::new(AtomicUsize::new(0)),
            };
            let alone = tokio::spawn(forward(body, tx, 4500));
            settle().await;
            assert_eq!(big.len(), 1);
            drop(big.recv().await);
            settle().await;
            assert_eq!(big.len(), 1);
            // The reader gone: the fetching ends.
            drop((rx, big));
            fetching.await.unwrap();
            alone.await.unwrap();
        });
    }
}
