//! Wall time, CPU time and peak heap of one measured phase.
//!
//! [`measure`] runs a future to completion on the harness's runtime and
//! reports a [`Usage`]:
//!
//! - wall time, from a monotonic clock;
//! - CPU time, user plus system, of the whole process (every thread) from
//!   `getrusage(RUSAGE_SELF)`, as a delta around the phase. The test server
//!   runs in a child process, so this is the client's CPU alone;
//! - peak heap, from the counting allocator ([`crate::alloc`]): the highest
//!   live-heap figure during the phase minus the figure at its start.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

use crate::alloc;

/// What one phase cost.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Usage {
    /// Elapsed real time.
    pub wall: Duration,
    /// User plus system CPU time of the process.
    pub cpu: Duration,
    /// The most heap bytes the phase held at once, above its starting level.
    pub peak_heap: usize,
}

/// User plus system CPU time the process has used so far.
pub fn cpu_time() -> Duration {
    let usage = rusage_self();
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Runs `fut` on `rt` and measures it.
pub fn measure<F: Future>(rt: &Runtime, fut: F) -> (F::Output, Usage) {
    let base = alloc::reset_peak();
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let out = rt.block_on(fut);
    let wall = t0.elapsed();
    let cpu = cpu_time().saturating_sub(cpu0);
    let peak_heap = alloc::peak().saturating_sub(base);
    (
        out,
        Usage {
            wall,
            cpu,
            peak_heap,
        },
    )
}

/// The median of each figure over several runs of the same phase (each
/// figure on its own, so the result is robust to one noisy run).
pub fn median(runs: &[Usage]) -> Usage {
    fn mid<T: Copy + Ord>(mut v: Vec<T>) -> T {
        v.sort_unstable();
        v[v.len() / 2]
    }
    if runs.is_empty() {
        return Usage::default();
    }
    Usage {
        wall: mid(runs.iter().map(|u| u.wall).collect()),
        cpu: mid(runs.iter().map(|u| u.cpu).collect()),
        peak_heap: mid(runs.iter().map(|u| u.peak_heap).collect()),
    }
}

/// `getrusage(RUSAGE_SELF)`: the one foreign call of the harness.
#[allow(unsafe_code)] // a libc call is `unsafe` by declaration; see SAFETY.
fn rusage_self() -> libc::rusage {
    let mut buf = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `buf` points to a writable `rusage`; `getrusage` fills it and
    // cannot fail for `RUSAGE_SELF` with a valid pointer. It was zeroed
    // first, so it is initialised whatever the call does.
    unsafe {
        libc::getrusage(libc::RUSAGE_SELF, buf.as_mut_ptr());
        buf.assume_init()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_grows_with_work() {
        let before = cpu_time();
        let mut x = 0u64;
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
        }
        assert!(cpu_time() > before, "{x}");
    }

    #[test]
    fn median_takes_each_figure_on_its_own() {
        let u = |w, c, h| Usage {
            wall: Duration::from_millis(w),
            cpu: Duration::from_millis(c),
            peak_heap: h,
        };
        let m = median(&[u(1, 30, 500), u(3, 10, 100), u(2, 20, 900)]);
        assert_eq!(m, u(2, 20, 500));
    }
}
