//! The module's state (the host's crypto, the drop-in's parsed keys, option names as JS strings):
//! statics, as `std`'s `thread_local!` kept them before the crate became `no_std`.

#![allow(unsafe_code)]

use core::cell::RefCell;

// One thread: wasm32 without the `atomics` feature cannot start another (the package's builds).
#[cfg(target_feature = "atomics")]
compile_error!("cfsign's bindings keep their state in statics that assume a single thread");

/// A value of the module, reached only from its one thread.
pub(crate) struct Local<T>(RefCell<T>);

// SAFETY: built only for wasm32 without `atomics` (above), where the module has exactly one
// thread: a `Local` is never reached from two threads, whatever `T` is (JS values included).
// Re-entrance is the `RefCell`'s to refuse, as it was inside `thread_local!`.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// A static's initial value.
    pub(crate) const fn new(value: T) -> Self {
        Self(RefCell::new(value))
    }

    /// Runs `f` with the value, as `LocalKey::with` did.
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}
