//! `sign-batch`'s pipeline, generic over what one input item becomes: items are read on the
//! calling thread, handed in chunks to `jobs` worker threads, and their results given to a sink
//! on one writer thread **in input order**.
//!
//! Memory stays bounded whatever the input size: at most `jobs × CHUNKS_PER_JOB` chunks are in
//! flight (read, being worked on, or waiting for an earlier chunk to be written), each of at
//! most [`CHUNK_ITEMS`] items and about [`CHUNK_BYTES`] bytes; the reader waits for the writer
//! to hand back a slot before it reads more. A chunk is also closed where the input pauses (the
//! next read may wait), and the sink is told after its items ([`Sink::pause`]), so that a
//! pipeline sees each result at once.
//!
//! The work is any `Fn(T) -> Output + Sync`: local keys sign on the worker threads; a signer
//! that waits on the network (AWS KMS) blocks its worker on each request, so `jobs` is then the
//! bound on requests in flight, and may be set above the core count.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;

/// Items per chunk, at most.
pub const CHUNK_ITEMS: usize = 64;
/// Input bytes per chunk, about (a chunk is closed once it holds this many).
pub const CHUNK_BYTES: usize = 256 * 1024;
/// Chunks in flight per job.
pub const CHUNKS_PER_JOB: usize = 4;

/// One item read, its size in bytes, and whether the input pauses after it (nothing more is
/// buffered: the next read may wait).
pub struct Read<T> {
    pub item: T,
    pub bytes: usize,
    pub pause: bool,
}

/// Where the results go, in input order, on the writer thread.
pub trait Sink: Send {
    /// What the work makes of one item.
    type Item: Send;
    /// One result; `Break` stops the run (nothing more is read or written).
    fn item(&mut self, item: Self::Item) -> ControlFlow<()>;
    /// The input paused after the last result given: hand what is written on.
    fn pause(&mut self) -> ControlFlow<()>;
}

struct Chunk<T> {
    seq: u64,
    items: Vec<T>,
    pause: bool,
}

/// Runs the pipeline: `read` on this thread until it gives `None` or an error, `work` on `jobs`
/// threads, `sink` on a writer thread. Returns the sink once everything read was written (or
/// the sink stopped the run), and the read error, if reading failed.
pub fn run<T, S, E>(
    jobs: usize,
    mut read: impl FnMut() -> Result<Option<Read<T>>, E>,
    work: impl Fn(T) -> S::Item + Sync,
    sink: S,
) -> (S, Result<(), E>)
where
    T: Send,
    S: Sink,
{
    let jobs = jobs.max(1);
    let window = jobs * CHUNKS_PER_JOB;
    // The work queue never blocks its sender: at most `window` chunks exist at once.
    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk<T>>(window);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Chunk<S::Item>>();
    // One slot per chunk in flight: taken by the reader, handed back by the writer.
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = slot_tx.send(());
    }
    let stopped = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (done_tx, work_rx, work) = (done_tx.clone(), &work_rx, &work);
            scope.spawn(move || loop {
                // The lock is held only to take the next chunk.
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(chunk) = next else { return };
                let items = chunk.items.into_iter().map(work).collect();
                let done = Chunk {
                    seq: chunk.seq,
                    items,
                    pause: chunk.pause,
                };
                if done_tx.send(done).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let stopped = &stopped;
        let writer = scope.spawn(move || {
            let mut sink = sink;
            let mut waiting: BTreeMap<u64, Chunk<S::Item>> = BTreeMap::new();
            let mut next = 0u64;
            'chunks: for chunk in done_rx {
                waiting.insert(chunk.seq, chunk);
                while let Some(chunk) = waiting.remove(&next) {
                    next += 1;
                    let mut flow = ControlFlow::Continue(());
                    for item in chunk.items {
                        flow = sink.item(item);
                        if flow.is_break() {
                            break;
                        }
                    }
                    if flow.is_continue() && chunk.pause {
                        flow = sink.pause();
                    }
                    if flow.is_break() {
                        stopped.store(true, Ordering::Relaxed);
                        break 'chunks;
                    }
                    // Never blocks: there are never more than `window` slots.
                    let _ = slot_tx.send(());
                }
            }
            // Dropping `slot_tx` here wakes a reader waiting for a slot.
            sink
        });
        let mut result = Ok(());
        let mut seq = 0u64;
        'read: while slot_rx.recv().is_ok() && !stopped.load(Ordering::Relaxed) {
            let mut chunk = Chunk {
                seq,
                items: Vec::new(),
                pause: false,
            };
            let mut bytes = 0;
            let mut end = false;
            while chunk.items.len() < CHUNK_ITEMS && bytes < CHUNK_BYTES {
                match read() {
                    Ok(Some(one)) => {
                        bytes += one.bytes;
                        chunk.items.push(one.item);
                        if one.pause {
                            chunk.pause = true;
                            break;
                        }
                    }
                    Ok(None) => {
                        end = true;
                        break;
                    }
                    Err(e) => {
                        result = Err(e);
                        end = true;
                        break;
                    }
                }
            }
            if !chunk.items.is_empty() && work_tx.send(chunk).is_err() {
                break 'read;
            }
            seq += 1;
            if end {
                break;
            }
        }
        // The workers end once the queue is empty, then the writer once every result is in.
        drop(work_tx);
        let sink = match writer.join() {
            Ok(sink) => sink,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (sink, result)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects what it is given; stops after `stop_at` items if set.
    struct Collect {
        items: Vec<u64>,
        pauses: usize,
        stop_at: Option<usize>,
    }

    impl Sink for Collect {
        type Item = u64;
        fn item(&mut self, item: u64) -> ControlFlow<()> {
            self.items.push(item);
            match self.stop_at {
                Some(n) if self.items.len() >= n => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        }
        fn pause(&mut self) -> ControlFlow<()> {
            self.pauses += 1;
            ControlFlow::Continue(())
        }
    }

    fn numbers(n: u64, pause_every: u64) -> impl FnMut() -> Result<Option<Read<u64>>, ()> {
        let mut i = 0;
        move || {
            i += 1;
            Ok((i <= n).then_some(Read {
                item: i,
                bytes: 8,
                pause: i.is_multiple_of(pause_every),
            }))
        }
    }

    fn sink(stop_at: Option<usize>) -> Collect {
        Collect {
            items: Vec::new(),
            pauses: 0,
            stop_at,
        }
    }

    /// Work that takes longer for some items than others still comes out in order.
    #[test]
    fn results_come_in_input_order() {
        for jobs in [1, 2, 3, 8] {
            let work = |i: u64| {
                if i.is_multiple_of(7) {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                i * 10
            };
            let (out, read) = run(jobs, numbers(2000, 1000), work, sink(None));
            assert!(read.is_ok());
            assert_eq!(out.items, (1..=2000).map(|i| i * 10).collect::<Vec<_>>());
            assert_eq!(out.pauses, 2, "jobs {jobs}");
        }
    }

    #[test]
    fn the_sink_can_stop_the_run_and_a_read_error_comes_back() {
        let (out, _) = run(2, numbers(100_000, 1_000_000), |i| i, sink(Some(10)));
        assert_eq!(out.items, (1..=10).collect::<Vec<_>>());
        let mut i = 0;
        let failing = move || {
            i += 1;
            match i {
                1..=100 => Ok(Some(Read {
                    item: i,
                    bytes: 1,
                    pause: false,
                })),
                _ => Err("broken"),
            }
        };
        let (out, read) = run(2, failing, |i| i, sink(None));
        assert_eq!(out.items, (1..=100).collect::<Vec<_>>());
        assert_eq!(read, Err("broken"));
    }

    /// The reader never runs more than the window ahead of the writer.
    #[test]
    fn the_window_bounds_what_is_in_flight() {
        use std::sync::atomic::AtomicU64;
        let written = AtomicU64::new(0);
        let read_count = AtomicU64::new(0);
        struct Slow<'a>(&'a AtomicU64);
        impl Sink for Slow<'_> {
            type Item = u64;
            fn item(&mut self, _: u64) -> ControlFlow<()> {
                std::thread::sleep(std::time::Duration::from_micros(50));
                self.0.fetch_add(1, Ordering::SeqCst);
                ControlFlow::Continue(())
            }
            fn pause(&mut self) -> ControlFlow<()> {
                ControlFlow::Continue(())
            }
        }
        let jobs = 2;
        let bound = (jobs * CHUNKS_PER_JOB * CHUNK_ITEMS) as u64;
        let mut max_ahead = 0;
        let mut i = 0;
        let read = || {
            let ahead = read_count.load(Ordering::SeqCst) - written.load(Ordering::SeqCst);
            max_ahead = max_ahead.max(ahead);
            i += 1;
            read_count.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>((i <= 5000).then_some(Read {
                item: i,
                bytes: 1,
                pause: false,
            }))
        };
        let _ = run(jobs, read, |i| i, Slow(&written));
        assert!(max_ahead <= bound + 1, "{max_ahead} > {bound}");
    }
}
