//! The SDK's set-up for live mode (the standard credential chain, `AWS_ENDPOINT_URL`, timeouts,
//! rustls with ring) and what its errors say: the operation and the reason, never a credential,
//! a signature or a signed header.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudfront::config::http::HttpResponse;
use aws_sdk_cloudfront::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

use crate::usage::Failure;

/// Connecting to an endpoint.
const CONNECT: Duration = Duration::from_secs(5);
/// One attempt of an operation (the SDK retries: three attempts in all).
const ATTEMPT: Duration = Duration::from_secs(20);
/// An operation with its retries.
const OPERATION: Duration = Duration::from_secs(60);
/// CloudFront's API lives in us-east-1; the region when none is configured.
pub(super) const DEFAULT_REGION: &str = "us-east-1";

/// A live-mode failure: exit code 2, no flag.
pub(super) fn failure(message: impl std::fmt::Display) -> Failure {
    Failure {
        flag: None,
        message: format!("live mode: {message}"),
    }
}

/// The shared configuration, once credentials are known to be there.
pub(super) async fn load() -> Result<SdkConfig, Failure> {
    load_for(
        "; configure one, or pass the AWS CLI's JSON with --distribution FILE",
        failure,
    )
    .await
}

/// [`load`], with `hint` after the missing credentials' message and `failure` making the error.
pub(super) async fn load_for(
    hint: &str,
    failure: impl Fn(String) -> Failure,
) -> Result<SdkConfig, Failure> {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT)
        .operation_attempt_timeout(ATTEMPT)
        .operation_timeout(OPERATION)
        .build();
    // The region: the standard chain's (built with this HTTP client), else us-east-1.
    let mut config = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .timeout_config(timeouts)
        .load()
        .await;
    if config.region().is_none() {
        config = config
            .into_builder()
            .region(Region::from_static(DEFAULT_REGION))
            .build();
    }
    let no_credentials = || {
        failure(format!(
            "no AWS credentials found (the standard chain: AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws, SSO, web identity, the container or \
             instance role){hint}"
        ))
    };
    let provider = config.credentials_provider().ok_or_else(no_credentials)?;
    // The chain's own error names the providers it tried; it is not shown (it is not needed to
    // fix the set-up, and a process provider's output is nothing to echo).
    aws_sdk_cloudfront::config::ProvideCredentials::provide_credentials(&provider)
        .await
        .map_err(|_| no_credentials())?;
    Ok(config)
}

/// Why an operation failed, as a short reason: the service's error code (with the message of an
/// access denial, which names the missing permission), or what went wrong on the way. The text
/// of other service errors is not shown: a signature mismatch's message quotes the signed request.
/// An error without a code the SDK could read is named by its HTTP status.
pub(super) fn reason<E>(e: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata,
{
    match e {
        SdkError::ServiceError(s) => {
            let err = s.err();
            let Some(code) = err.code().filter(|c| !c.is_empty()) else {
                return format!("HTTP {}", s.raw().status().as_u16());
            };
            match err.message() {
                Some(m) if is_denial(code) => {
                    let line: String = m.lines().next().unwrap_or("").chars().take(300).collect();
                    format!("{code}: {line}")
                }
                _ => code.to_owned(),
            }
        }
        SdkError::TimeoutError(_) => format!("timed out (after {} s)", OPERATION.as_secs()),
        SdkError::DispatchFailure(d) if d.is_timeout() => "timed out".into(),
        SdkError::DispatchFailure(d) if d.is_io() => "could not connect to the endpoint".into(),
        SdkError::DispatchFailure(_) => "the request could not be sent".into(),
        SdkError::ResponseError(_) => "the answer could not be read".into(),
        SdkError::ConstructionFailure(_) => "the request could not be built".into(),
        _ => "an unknown failure".into(),
    }
}

/// The service's error code, when it answered one.
pub(super) fn code<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> Option<&str> {
    match e {
        SdkError::ServiceError(s) => s.err().code(),
        _ => None,
    }
}

/// An access denial: its code, or an HTTP 403 without a code the SDK could read.
fn denied<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> bool {
    match e {
        SdkError::ServiceError(s) => match s.err().code().filter(|c| !c.is_empty()) {
            Some(c) => is_denial(c),
            None => s.raw().status().as_u16() == 403,
        },
        _ => false,
    }
}

/// An access denial, in the spellings of CloudFront, S3 and IAM.
pub(super) fn is_denial(code: &str) -> bool {
    matches!(
        code,
        "AccessDenied" | "AccessDeniedException" | "AllAccessDisabled" | "UnauthorizedOperation"
    )
}

/// A CloudFront operation's failure, fatal for live mode: names the operation and the permission.
pub(super) fn cloudfront_failure<E>(operation: &str, e: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata,
{
    let reason = reason(e);
    if denied(e) {
        return failure(format!(
            "CloudFront {operation} was denied ({reason}); the caller needs the IAM permission \
             cloudfront:{operation}"
        ));
    }
    match code(e) {
        Some(
            "InvalidClientTokenId"
            | "SignatureDoesNotMatch"
            | "ExpiredToken"
            | "InvalidSignatureException",
        ) => failure(format!(
            "CloudFront {operation} refused the credentials ({reason}): check the profile \
             or keys in use"
        )),
        _ => failure(format!("CloudFront {operation} failed: {reason}")),
    }
}
