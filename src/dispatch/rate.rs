//! Per-channel rate limits: a token bucket per channel.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `per_second` deliveries a second on one channel, with bursts of
/// up to `burst`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// The steady rate.
    pub per_second: f64,
    /// How many may go at once after a quiet spell.
    pub burst: u32,
}

impl RateLimit {
    /// The slowest rate a dispatcher accepts: one delivery a day.
    pub const SLOWEST: f64 = 1.0 / 86_400.0;

    /// `per_second` a second, bursts of one second's worth.
    pub fn per_second(per_second: f64) -> Self {
        RateLimit {
            per_second,
            burst: per_second.ceil().max(1.0) as u32,
        }
    }
}

/// The bucket behind one limit.
#[derive(Debug)]
pub(crate) struct Bucket {
    limit: RateLimit,
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Bucket {
            limit,
            state: Mutex::new((f64::from(limit.burst.max(1)), Instant::now())),
        }
    }

    /// Waits for a token.
    pub(crate) async fn acquire(&self) {
        loop {
            let wait = {
                let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
                let (tokens, last) = &mut *state;
                let now = Instant::now();
                let capacity = f64::from(self.limit.burst.max(1));
                *tokens = (*tokens
                    + now.duration_since(*last).as_secs_f64() * self.limit.per_second)
                    .min(capacity);
                *last = now;
                if *tokens >= 1.0 {
                    *tokens -= 1.0;
                    return;
                }
                // A wait too long to write down (a rate the builder would
                // refuse) waits for ever rather than panicking.
                let seconds = (1.0 - *tokens) / self.limit.per_second.max(f64::MIN_POSITIVE);
                Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_rate_too_slow_to_write_down_waits_without_panicking() {
        let bucket = Bucket::new(RateLimit {
            per_second: 1e-20,
            burst: 1,
        });
        bucket.acquire().await;
        let second = tokio::time::timeout(Duration::from_secs(3600), bucket.acquire()).await;
        assert!(second.is_err(), "the next token is ages away");
    }

    #[tokio::test(start_paused = true)]
    async fn the_bucket_lets_a_burst_through_then_the_rate() {
        let bucket = Bucket::new(RateLimit {
            per_second: 10.0,
            burst: 5,
        });
        let start = tokio::time::Instant::now();
        for _ in 0..5 {
            bucket.acquire().await;
        }
        assert!(start.elapsed() < Duration::from_millis(1));
        for _ in 0..10 {
            bucket.acquire().await;
        }
        // Ten more at ten a second: one second (of paused, exact time).
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_millis(990) && elapsed <= Duration::from_millis(1010),
            "{elapsed:?}"
        );
    }
}
