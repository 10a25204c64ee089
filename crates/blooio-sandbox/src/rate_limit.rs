//! The standing rate limit: at most N `/v2/api` requests per second per API key, over a sliding one-second
//! window. Blooio answers 429 "or a plain rate limit" without documenting its numbers; this lets a client meet
//! one without queueing a fault for each request.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroU32;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The window a limit counts over.
const WINDOW: Duration = Duration::from_secs(1);

/// Above this many keys in the table, keys with nothing in the window are forgotten: a sandbox accepting any
/// `bl_` key could otherwise be made to remember every key it ever saw.
const PRUNE_ABOVE_KEYS: usize = 1024;

/// How many requests per second one API key may make to the `/v2/api` routes (see `SandboxConfig::rate_limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    pub per_second: NonZeroU32,
}

impl RateLimit {
    /// `None` for 0, which means no limit everywhere the sandbox takes a number (the admin route, the binary's
    /// `--rate-limit`): a limit of nothing per second would refuse every request with no honest `Retry-After`.
    pub const fn per_second(per_second: u32) -> Option<RateLimit> {
        match NonZeroU32::new(per_second) {
            Some(per_second) => Some(RateLimit { per_second }),
            None => None,
        }
    }
}

/// The limit in force and, per key, when its allowed requests of the last second came.
pub(crate) struct RateLimiter {
    /// What the sandbox was started with; a reset goes back to it.
    configured: Option<RateLimit>,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    limit: Option<RateLimit>,
    /// Per key, the instants of its allowed requests still in the window, oldest first. Only allowed requests
    /// are recorded: a client hammering while refused does not push its own wait further out.
    recent: HashMap<String, VecDeque<Instant>>,
    /// Requests refused by the limit since the start or the last reset.
    refused: usize,
}

impl RateLimiter {
    pub(crate) fn new(configured: Option<RateLimit>) -> Self {
        RateLimiter {
            configured,
            inner: Mutex::new(Inner {
                limit: configured,
                ..Inner::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every update leaves the table consistent, so a panic elsewhere cannot have left it half-changed.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one request of `key` at `now`: `Ok` if it may go on, or `Err(seconds)` until one would be
    /// allowed (whole seconds, at least 1, as `Retry-After` carries them).
    pub(crate) fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let Some(limit) = inner.limit else {
            return Ok(());
        };
        let in_window = |at: &Instant| now.saturating_duration_since(*at) < WINDOW;
        if inner.recent.len() > PRUNE_ABOVE_KEYS {
            inner
                .recent
                .retain(|_, times| times.back().is_some_and(in_window));
        }
        let times = match inner.recent.get_mut(key) {
            Some(times) => times,
            None => inner.recent.entry(key.to_owned()).or_default(),
        };
        while times.front().is_some_and(|at| !in_window(at)) {
            times.pop_front();
        }
        let allowed = usize::try_from(limit.per_second.get()).unwrap_or(usize::MAX);
        if times.len() < allowed {
            times.push_back(now);
            return Ok(());
        }
        // The window holds `allowed` or more (more after the limit was lowered): one more is allowed once all
        // but `allowed - 1` of them have left it.
        let wait = times
            .get(times.len() - allowed)
            .map_or(WINDOW, |at| (*at + WINDOW).saturating_duration_since(now));
        inner.refused += 1;
        Err(whole_seconds_at_least_one(wait))
    }

    pub(crate) fn limit(&self) -> Option<RateLimit> {
        self.lock().limit
    }

    /// Changes the limit from now on. Recent requests still count against a new limit; clearing it forgets them.
    pub(crate) fn set(&self, limit: Option<RateLimit>) {
        let mut inner = self.lock();
        inner.limit = limit;
        if limit.is_none() {
            inner.recent.clear();
        }
    }

    pub(crate) fn refused(&self) -> usize {
        self.lock().refused
    }

    /// Back to the configured limit, with no request remembered and the count of refusals at 0.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        inner.limit = self.configured;
        inner.recent.clear();
        inner.refused = 0;
    }
}

/// Rounded up, so that a client waiting this long is never refused again for the same reason.
fn whole_seconds_at_least_one(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_second: u32) -> RateLimiter {
        RateLimiter::new(RateLimit::per_second(per_second))
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn zero_means_no_limit() {
        assert_eq!(RateLimit::per_second(0), None);
        let unlimited = limiter(0);
        let now = Instant::now();
        for _ in 0..10_000 {
            assert_eq!(unlimited.check("bl_a", now), Ok(()));
        }
        assert_eq!(unlimited.refused(), 0);
    }

    #[test]
    fn sliding_window_allows_n_per_second_per_key() {
        let limiter = limiter(2);
        let t0 = Instant::now();
        assert_eq!(limiter.check("bl_a", t0), Ok(()));
        assert_eq!(limiter.check("bl_a", t0 + ms(300)), Ok(()));
        assert_eq!(limiter.check("bl_a", t0 + ms(400)), Err(1));
        // Another key has its own window.
        assert_eq!(limiter.check("bl_b", t0 + ms(400)), Ok(()));
        // The first request leaves the window at t0 + 1 s, not a whole second after the refusal.
        assert_eq!(limiter.check("bl_a", t0 + ms(999)), Err(1));
        assert_eq!(limiter.check("bl_a", t0 + ms(1000)), Ok(()));
        assert_eq!(limiter.check("bl_a", t0 + ms(1100)), Err(1));
        assert_eq!(limiter.check("bl_a", t0 + ms(1300)), Ok(()));
        assert_eq!(limiter.refused(), 3);
    }

    #[test]
    fn retry_after_is_rounded_up_and_at_least_one_second() {
        assert_eq!(whole_seconds_at_least_one(Duration::ZERO), 1);
        assert_eq!(whole_seconds_at_least_one(ms(1)), 1);
        assert_eq!(whole_seconds_at_least_one(ms(1000)), 1);
        assert_eq!(whole_seconds_at_least_one(ms(1001)), 2);
    }

    #[test]
    fn lowering_the_limit_counts_recent_requests() {
        let limiter = limiter(3);
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.check("bl_a", t0 + ms(i * 100)), Ok(()));
        }
        limiter.set(RateLimit::per_second(1));
        // Three in the window, one allowed: the one at t0 + 200 ms must leave first.
        assert_eq!(limiter.check("bl_a", t0 + ms(500)), Err(1));
        assert_eq!(limiter.check("bl_a", t0 + ms(1199)), Err(1));
        assert_eq!(limiter.check("bl_a", t0 + ms(1200)), Ok(()));
    }

    #[test]
    fn clear_and_reset() {
        let limiter = limiter(1);
        let t0 = Instant::now();
        assert_eq!(limiter.check("bl_a", t0), Ok(()));
        assert_eq!(limiter.check("bl_a", t0), Err(1));
        limiter.set(None);
        assert_eq!(limiter.limit(), None);
        assert_eq!(limiter.check("bl_a", t0), Ok(()));
        limiter.set(RateLimit::per_second(5));
        limiter.reset();
        assert_eq!(limiter.limit(), RateLimit::per_second(1));
        assert_eq!(limiter.refused(), 0);
        assert_eq!(limiter.check("bl_a", t0), Ok(()));
        assert_eq!(limiter.check("bl_a", t0), Err(1));
    }

    #[test]
    fn idle_keys_are_forgotten_when_there_are_many() {
        let limiter = limiter(1);
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE_KEYS {
            assert_eq!(limiter.check(&format!("bl_{i}"), t0), Ok(()));
        }
        assert_eq!(limiter.check("bl_late", t0 + ms(1500)), Ok(()));
        assert_eq!(limiter.lock().recent.len(), 1);
    }
}
