//! The `cfsign` command, run as a process: outputs, exit codes, one-line errors that never show a
//! secret, and the AWS CLI's behaviour side by side. One test binary, a module per concern.

mod common;

mod agree;
mod aws_cli;
mod awscli_cases;
mod awscli_checks;
mod batch;
mod batch_hostile;
mod batch_parallel;
mod docs;
mod doctor;
mod errors;
mod hostile;
mod inspect;
mod keyfiles;
mod kms_flags;
mod lifecycle;
mod logs;
mod logs_csv;
mod options;
mod passphrase;
mod playlist;
mod prefix;
mod secrets;
mod sign;
mod terminal;
mod triage;
