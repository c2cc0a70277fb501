//! A counting global allocator: live heap bytes and their peak.
//!
//! [`Counting`] wraps the system allocator and keeps two counters: the bytes
//! currently allocated and the highest value that figure reached since the
//! last [`reset_peak`]. The harness resets the peak before each measured
//! phase, so a phase's peak heap is [`peak`] minus the [`current`] value at
//! its start.
//!
//! The counters are process-wide and cover every thread, which is what we
//! want: the pagination engine decodes pages on Tokio worker threads.
//!
//! A process that does not read them can [`stop_counting`]: the counters
//! are shared by every thread, so two threads that allocate at once (a
//! sync's reader and its writer) contend on them, a cost the code measured
//! does not have outside the harness.

// A `GlobalAlloc` impl is `unsafe` by definition; this module is the only
// place in the harness that needs it, and it only forwards to `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Whether the counters are kept (see [`stop_counting`]).
static COUNTING: AtomicBool = AtomicBool::new(true);

/// The system allocator, with live and peak byte counters.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counting;

#[inline]
fn grow(bytes: usize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[inline]
fn shrink(bytes: usize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged and only updates counters on the side; the layout contract of
// `GlobalAlloc` is therefore upheld by `System`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc_zeroed`'s contract.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every
        // allocation of this allocator is), as the caller guarantees.
        unsafe { System.dealloc(ptr, layout) };
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `realloc`'s contract.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            let old = layout.size();
            if new_size >= old {
                grow(new_size - old);
            } else {
                shrink(old - new_size);
            }
        }
        new
    }
}

/// Stops the counters for the rest of the process: [`current`] and [`peak`]
/// no longer change. For a process that measures its peak another way (the
/// `sync` scenario's children read `VmHWM`).
pub fn stop_counting() {
    COUNTING.store(false, Ordering::Relaxed);
}

/// Bytes currently allocated on the heap.
pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// The most bytes allocated at once since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak window at the current allocation level, and returns
/// that level (the phase's baseline).
pub fn reset_peak() -> usize {
    let now = current();
    PEAK.store(now, Ordering::Relaxed);
    now
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, so no other test of this binary resets the peak meanwhile.
    /// Tests on other threads free memory meanwhile, so the live-heap checks
    /// allow `SLACK` of it.
    #[test]
    fn tracks_allocations_reallocations_and_the_peak() {
        const MIB: usize = 1 << 20;
        const SLACK: usize = 2 * MIB;
        let base = reset_peak();
        let block = vec![7u8; 8 * MIB];
        assert!(current() + SLACK >= base + 8 * MIB);
        drop(block);
        // 8 MiB is far above what the test harness allocates meanwhile.
        assert!(current() < base + 4 * MIB);
        assert!(peak() + SLACK >= base + 8 * MIB);

        let base = reset_peak();
        let mut v: Vec<u8> = Vec::with_capacity(MIB);
        v.reserve_exact(16 * MIB);
        assert!(current() + SLACK >= base + 16 * MIB);
        v.shrink_to(1024);
        assert!(current() < base + 4 * MIB);
        assert!(peak() + SLACK >= base + 16 * MIB);
    }
}
