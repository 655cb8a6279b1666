//! The distribution doctor against the AWS CLI's real output (tests/fixtures/aws/, written by
//! scripts/aws-fixtures.sh against moto's server).

#[path = "doctor/audit.rs"]
mod audit;
#[path = "doctor/diagnose.rs"]
mod diagnose;
#[path = "doctor/fixtures.rs"]
mod fixtures;
#[path = "doctor/inputs.rs"]
mod inputs;
#[path = "doctor/response.rs"]
mod response;
