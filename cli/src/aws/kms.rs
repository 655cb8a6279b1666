//! `--kms-key-id`: signing through AWS KMS, a key that never leaves it (issue 26). The key is read
//! once (`DescribeKey` for its state where allowed, `GetPublicKey` for its spec and usage), then
//! every URL or cookie set is one `Sign` of the policy bytes (`MessageType=RAW`: a policy is far
//! under KMS's 4,096 bytes). KMS signs for CloudFront with SHA-256 only: RSA_2048 keys with
//! `RSASSA_PKCS1_V1_5_SHA_256`, ECC_NIST_P256 keys with `ECDSA_SHA_256` (DER, as CloudFront takes
//! it). The core checks each signature ([`cfsign::sign::check_signature`]) before it is used.
//!
//! Errors name the operation and the key ID (as given: an ID, an ARN or an alias, none secret),
//! and the service's error code, never a credential or a signed request. Needs `kms:GetPublicKey`
//! and `kms:Sign` (and, optionally, `kms:DescribeKey`).

use aws_sdk_kms::config::http::HttpResponse;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::{KeySpec, KeyState, KeyUsageType, MessageType, SigningAlgorithmSpec};
use cfsign::sign::{AsyncPolicySigner, PolicySigner, SignatureKey};
use cfsign::{HashAlgorithm, KeyKind, SignError};

use super::client::{is_denial, load_for, reason};
use crate::usage::{fail, shown, Failure};

/// The flag errors name.
const FLAG: &str = "--kms-key-id";

/// A key in AWS KMS, ready to sign: its client, its ID, its kind, and the runtime that drives the
/// SDK (a current-thread tokio runtime; several threads may each wait on it at once).
pub struct KmsKey {
    runtime: tokio::runtime::Runtime,
    client: aws_sdk_kms::Client,
    key_id: String,
    kind: KeyKind,
}

impl std::fmt::Debug for KmsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KmsKey")
            .field("key_id", &self.key_id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl KmsKey {
    /// Connects with the standard credential chain (`AWS_ENDPOINT_URL` included) and reads the
    /// key's spec once.
    pub fn connect(key_id: &str) -> Result<Self, Failure> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| fail(FLAG, format!("could not start the I/O runtime ({e})")))?;
        let (client, kind) = runtime.block_on(read_key(key_id))?;
        Ok(Self {
            runtime,
            client,
            key_id: key_id.to_owned(),
            kind,
        })
    }
}

/// The client, and the kind of the key from `GetPublicKey`, refused unless it signs for
/// CloudFront.
async fn read_key(key_id: &str) -> Result<(aws_sdk_kms::Client, KeyKind), Failure> {
    let config = load_for(
        "; KMS signing (--kms-key-id) needs credentials allowed kms:GetPublicKey and kms:Sign",
        |m| fail(FLAG, m),
    )
    .await?;
    let client = aws_sdk_kms::Client::new(&config);
    // The key's state where the caller may read it; KMS refuses a disabled key's GetPublicKey
    // and Sign too (DisabledException), which this says earlier and more plainly.
    if let Ok(out) = client.describe_key().key_id(key_id).send().await {
        if let Some(meta) = out.key_metadata() {
            let state = meta.key_state().map(KeyState::as_str).unwrap_or("unknown");
            if !meta.enabled() {
                return Err(fail(
                    FLAG,
                    format!(
                        "KMS key {} is not enabled (its state is {state}): enable it (aws kms enable-key) or use another",
                        shown(key_id)
                    ),
                ));
            }
        }
    }
    let out = client
        .get_public_key()
        .key_id(key_id)
        .send()
        .await
        .map_err(|e| kms_failure("GetPublicKey", key_id, &e))?;
    let usage = out
        .key_usage()
        .map(KeyUsageType::as_str)
        .unwrap_or("unknown");
    if out.key_usage() != Some(&KeyUsageType::SignVerify) {
        return Err(fail(
            FLAG,
            format!(
                "KMS key {} has key usage {usage}: CloudFront signing needs a SIGN_VERIFY key (RSA_2048 or ECC_NIST_P256)",
                shown(key_id)
            ),
        ));
    }
    // `KeySpec`, or the older `CustomerMasterKeySpec` KMS still sends beside it (and moto alone).
    #[allow(deprecated)]
    let spec = out
        .key_spec()
        .map(KeySpec::as_str)
        .or_else(|| out.customer_master_key_spec().map(|s| s.as_str()))
        .unwrap_or("unknown");
    let (kind, algorithm) = match spec {
        "RSA_2048" => (KeyKind::Rsa, SigningAlgorithmSpec::RsassaPkcs1V15Sha256),
        "ECC_NIST_P256" => (KeyKind::EcdsaP256, SigningAlgorithmSpec::EcdsaSha256),
        _ => {
            return Err(fail(
                FLAG,
                format!(
                    "KMS key {} is {spec}: CloudFront takes RSA_2048 (RSASSA_PKCS1_V1_5_SHA_256) or ECC_NIST_P256 (ECDSA_SHA_256) keys",
                    shown(key_id)
                ),
            ));
        }
    };
    if !out.signing_algorithms().is_empty() && !out.signing_algorithms().contains(&algorithm) {
        return Err(fail(
            FLAG,
            format!(
                "KMS key {} does not offer {}",
                shown(key_id),
                algorithm.as_str()
            ),
        ));
    }
    Ok((client, kind))
}

/// A KMS operation's failure: the operation, the key ID, and why (the service's error code, or
/// what went wrong on the way; an access denial's message names the missing permission).
fn kms_failure<E: ProvideErrorMetadata>(
    operation: &str,
    key_id: &str,
    e: &SdkError<E, HttpResponse>,
) -> Failure {
    fail(FLAG, kms_message(operation, key_id, e))
}

fn kms_message<E: ProvideErrorMetadata>(
    operation: &str,
    key_id: &str,
    e: &SdkError<E, HttpResponse>,
) -> String {
    let key = shown(key_id);
    let code = match e {
        SdkError::ServiceError(s) => s.err().code(),
        _ => None,
    };
    let why = reason(e);
    let advice = match code {
        Some(c) if is_denial(c) => format!("; the caller needs kms:{operation} on the key"),
        Some("NotFoundException") => "; check the key ID, ARN or alias (and the region)".into(),
        Some("DisabledException") => "; enable the key (aws kms enable-key)".into(),
        Some("KMSInvalidStateException") => "; the key is pending deletion or import".into(),
        Some("InvalidKeyUsageException") => "; the key's usage must be SIGN_VERIFY".into(),
        Some("ThrottlingException") => {
            "; KMS throttled the requests after the SDK's retries: lower --jobs or raise the key's request quota".into()
        }
        Some(
            "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "ExpiredTokenException"
            | "IncompleteSignature",
        ) => "; KMS refused the credentials: check the profile or keys in use".into(),
        _ => String::new(),
    };
    format!("KMS {operation} for key {key} failed: {why}{advice}")
}

impl KmsKey {
    /// One `Sign` of `message`.
    async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let algorithm = match self.kind {
            KeyKind::Rsa => SigningAlgorithmSpec::RsassaPkcs1V15Sha256,
            _ => SigningAlgorithmSpec::EcdsaSha256,
        };
        let out = self
            .client
            .sign()
            .key_id(&self.key_id)
            .message(Blob::new(message))
            .message_type(MessageType::Raw)
            .signing_algorithm(algorithm)
            .send()
            .await
            .map_err(|e| SignError::SignerFailed {
                message: kms_message("Sign", &self.key_id, &e),
            })?;
        out.signature()
            .map(|b| b.as_ref().to_vec())
            .ok_or_else(|| SignError::SignerFailed {
                message: format!(
                    "KMS Sign for key {} answered no signature",
                    shown(&self.key_id)
                ),
            })
    }
}

impl SignatureKey for KmsKey {
    fn key_kind(&self) -> KeyKind {
        self.kind
    }

    fn hash(&self) -> HashAlgorithm {
        HashAlgorithm::Sha256
    }
}

impl AsyncPolicySigner for KmsKey {
    async fn sign_policy_async(
        &self,
        message: &[u8],
        hash: HashAlgorithm,
    ) -> Result<Vec<u8>, SignError> {
        if hash != HashAlgorithm::Sha256 {
            return Err(SignError::HashUnsupported {
                asked: hash,
                supported: HashAlgorithm::Sha256,
            });
        }
        self.sign(message).await
    }
}

impl PolicySigner for KmsKey {
    /// Waits for one `Sign` on the key's runtime (callable from several threads at once: each
    /// keeps its own request in flight).
    fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError> {
        self.runtime.block_on(self.sign_policy_async(message, hash))
    }
}
