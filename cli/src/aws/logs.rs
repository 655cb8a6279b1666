//! `cfsign logs s3://bucket/prefix/`: the objects under a prefix, listed (ListObjectsV2, every
//! page) and each read as a stream (GetObject), through the AWS SDK for Rust. Needs
//! `s3:ListBucket` on the bucket and `s3:GetObject` on the objects.

use std::io::Read;
use std::sync::Arc;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::Client;
use tokio::runtime::Runtime;

use super::client::{self, failure};
use crate::usage::Failure;

/// An object to read.
pub struct Object {
    pub bucket: String,
    pub key: String,
    pub size: Option<u64>,
}

/// The S3 side of `cfsign logs`: one runtime and one client for all the objects.
#[derive(Clone)]
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

    /// The object's bytes as a stream, read as they arrive.
    pub fn open(&self, object: &Object) -> Result<Box<dyn Read + Send>, String> {
        let out = self
            .runtime
            .block_on(
                self.client
                    .get_object()
                    .bucket(&object.bucket)
                    .key(&object.key)
                    .send(),
            )
            .map_err(|e| {
                format!(
                    "S3 GetObject failed: {}; the caller needs s3:GetObject",
                    client::reason(&e)
                )
            })?;
        Ok(Box::new(Body {
            runtime: self.runtime.clone(),
            body: out.body,
            buffer: Vec::new(),
            at: 0,
        }))
    }
}

/// A GetObject body as a blocking reader: each read waits for the next piece.
struct Body {
    runtime: Arc<Runtime>,
    body: ByteStream,
    buffer: Vec<u8>,
    at: usize,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.buffer.len() {
            match self.runtime.block_on(self.body.next()) {
                None => return Ok(0),
                Some(Ok(piece)) => {
                    self.buffer = piece.to_vec();
                    self.at = 0;
                }
                Some(Err(e)) => return Err(std::io::Error::other(e.to_string())),
            }
        }
        let rest = self.buffer.get(self.at..).unwrap_or_default();
        let n = buf.len().min(rest.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}
