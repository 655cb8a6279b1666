//! Running a [`Plan`]: its outcome set on the verdict, and the checks run by Rust's crypto.

use super::Diagnosis;
#[cfg(feature = "rust-crypto")]
use super::{Hints, KeyGroup, Plan};
use crate::verify::{Reason, Verdict};
#[cfg(feature = "rust-crypto")]
use alloc::vec::Vec;

impl Verdict {
    /// Sets `diagnosis` on the verdict's `bad_signature` reason.
    pub fn set_diagnosis(&mut self, diagnosis: Diagnosis) {
        for reason in &mut self.reasons {
            if let Reason::BadSignature {
                diagnosis: slot, ..
            } = reason
            {
                *slot = Some(alloc::boxed::Box::new(diagnosis));
                return;
            }
        }
    }
}

/// Diagnoses `verdict`'s `bad_signature`, if it has one, with Rust's crypto.
#[cfg(feature = "rust-crypto")]
pub fn diagnose(verdict: &mut Verdict, keys: &KeyGroup, hints: &Hints<'_>) {
    if let Some(plan) = Plan::new(verdict, keys, hints) {
        let diagnosis = plan.run_in_rust();
        verdict.set_diagnosis(diagnosis);
    }
}

#[cfg(feature = "rust-crypto")]
impl Plan {
    /// [`Plan::run`] with Rust's crypto, each key's message-independent work done once
    /// ([`OneSignature`](crate::key::OneSignature): for ECDSA, a fixed-base multiplication per
    /// check instead of a verification).
    fn run_in_rust(self) -> Diagnosis {
        use crate::key::OneSignature;
        let mut ready: Vec<Option<OneSignature<'_>>> = self.keys.iter().map(|_| None).collect();
        let mut found = None;
        let mut made = 0;
        for (i, c) in self.candidates.iter().enumerate() {
            let (Some(slot), Some((_, key))) = (ready.get_mut(c.key), self.keys.get(c.key)) else {
                break;
            };
            made += 1;
            let one = slot.get_or_insert_with(|| OneSignature::new(key, &self.signature));
            if one.verifies(&c.message, c.hash) {
                found = Some(i);
                break;
            }
        }
        drop(ready);
        self.conclude(found, made)
    }
}
