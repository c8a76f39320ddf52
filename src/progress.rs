//! How far a long command has got, for the progress line the command line
//! shows on a terminal. The library only counts (an atomic add per step);
//! it never prints.
//!
//! One command runs at a time in the `seatshare` binary, so one counter is
//! enough; a program that calls the library from several threads sees the
//! latest `begin` of any of them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

static WHAT: Mutex<Option<String>> = Mutex::new(None);
static DONE: AtomicU64 = AtomicU64::new(0);
static TOTAL: AtomicU64 = AtomicU64::new(0);

/// Starts counting a piece of work of `total` steps (0 when not known in
/// advance), described for a reader ("margins under droop").
pub fn begin(what: impl Into<String>, total: u64) {
    if let Ok(mut slot) = WHAT.lock() {
        *slot = Some(what.into());
    }
    DONE.store(0, Ordering::Relaxed);
    TOTAL.store(total, Ordering::Relaxed);
}

/// One step of the current work is done.
pub fn advance() {
    DONE.fetch_add(1, Ordering::Relaxed);
}

/// The current work: its description, the steps done and the total (0
/// when not known); `None` before any work began.
pub fn snapshot() -> Option<(String, u64, u64)> {
    let what = WHAT.lock().ok()?.clone()?;
    Some((
        what,
        DONE.load(Ordering::Relaxed),
        TOTAL.load(Ordering::Relaxed),
    ))
}
