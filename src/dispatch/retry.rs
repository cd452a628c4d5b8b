//! When to try a failing delivery again: a few quick attempts in process,
//! then a schedule kept in the ledger.

use std::time::Duration;

/// How a dispatcher retries transient failures.
///
/// In process, up to `attempts` tries with exponential backoff and full
/// jitter (a random wait between zero and `base × 2ⁿ`, at most `max_delay`),
/// all within `budget`. A `Retry-After` from the channel replaces the
/// backoff; one longer than what is left of the budget ends the in-process
/// tries. After that, the delivery waits in the ledger for the next step of
/// `schedule` (each step jittered by ±10 %), and `Dispatcher::resume` makes
/// it when it is due. When the schedule is used up, it has failed.
///
/// ```
/// # use std::time::Duration;
/// # use tidings::dispatch::RetryPolicy;
/// let quick = RetryPolicy::default()
///     .attempts(2)
///     .schedule([Duration::from_secs(60), Duration::from_secs(600)]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    attempts: u32,
    base: Duration,
    max_delay: Duration,
    budget: Duration,
    schedule: Vec<Duration>,
}

impl Default for RetryPolicy {
    /// 3 attempts from 200 ms up to 5 s apart within 30 s; then 5 s, 5 min,
    /// 30 min, 2 h, 5 h, 10 h and 10 h, as the large webhook senders do.
    fn default() -> Self {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        RetryPolicy {
            attempts: 3,
            base: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(30),
            schedule: vec![
                Duration::from_secs(5),
                minutes(5),
                minutes(30),
                minutes(120),
                minutes(300),
                minutes(600),
                minutes(600),
            ],
        }
    }
}

impl RetryPolicy {
    /// No retries at all: one attempt, then failed.
    pub fn none() -> Self {
        RetryPolicy {
            attempts: 1,
            schedule: Vec::new(),
            ..RetryPolicy::default()
        }
    }

    /// Attempts in process (at least 1).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// The first backoff and the largest one.
    pub fn backoff(mut self, base: Duration, max_delay: Duration) -> Self {
        self.base = base;
        self.max_delay = max_delay.max(base);
        self
    }

    /// How long the in-process attempts may take in all.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The waits before each later retry from the ledger.
    pub fn schedule(mut self, schedule: impl IntoIterator<Item = Duration>) -> Self {
        self.schedule = schedule.into_iter().collect();
        self
    }

    pub(crate) fn max_attempts(&self) -> u32 {
        self.attempts
    }

    pub(crate) fn total_budget(&self) -> Duration {
        self.budget
    }

    /// The longest wait this policy knows: its longest step, at least its
    /// largest backoff.
    pub(crate) fn longest_wait(&self) -> Duration {
        self.schedule
            .iter()
            .copied()
            .max()
            .unwrap_or_default()
            .max(self.max_delay)
    }

    /// A wait a peer asked for (`Retry-After`), at most the longest wait.
    pub(crate) fn clamp(&self, asked: Duration) -> Duration {
        asked.min(self.longest_wait())
    }

    /// Every duration of the policy, named, for validation.
    pub(crate) fn durations(&self) -> impl Iterator<Item = (&'static str, Duration)> + '_ {
        [
            ("retry backoff", self.base),
            ("retry max delay", self.max_delay),
            ("retry budget", self.budget),
        ]
        .into_iter()
        .chain(self.schedule.iter().map(|d| ("retry schedule step", *d)))
    }

    /// The wait before in-process attempt `done + 1`: full jitter.
    pub(crate) fn delay(&self, done: u32) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(done.saturating_sub(1)))
            .min(self.max_delay);
        ceiling.mul_f64(fastrand::f64())
    }

    /// The wait before the ledger retry that follows `earlier_claims` claims,
    /// or `None` once the schedule is used up.
    pub(crate) fn later(&self, earlier_claims: u32) -> Option<Duration> {
        let step = *self.schedule.get(earlier_claims as usize)?;
        Some(step.mul_f64(0.9 + 0.2 * fastrand::f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_its_ceiling() {
        let policy = RetryPolicy::default();
        for _ in 0..200 {
            assert!(policy.delay(1) <= Duration::from_millis(200));
            assert!(policy.delay(3) <= Duration::from_millis(800));
            assert!(policy.delay(30) <= Duration::from_secs(5));
        }
        let spread: std::collections::HashSet<_> =
            (0..50).map(|_| policy.delay(3).as_micros()).collect();
        assert!(spread.len() > 40, "jittered");
    }

    #[test]
    fn the_schedule_runs_out() {
        let policy = RetryPolicy::default();
        let first = policy.later(0).unwrap();
        assert!(first >= Duration::from_millis(4500) && first <= Duration::from_millis(5500));
        let last = policy.later(6).unwrap();
        assert!(last >= Duration::from_secs(540 * 60) && last <= Duration::from_secs(660 * 60));
        assert_eq!(policy.later(7), None);
        assert_eq!(RetryPolicy::none().later(0), None);
    }
}
