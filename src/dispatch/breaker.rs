//! Per-channel circuit breakers: a channel that keeps failing is paused
//! instead of every delivery on it waiting out its timeouts.
//!
//! Without one, a mail server that hangs holds every recipient who has an
//! email address for its timeout, times the in-process attempts, while
//! the dispatcher's bounded concurrency fills up with them: webhooks and
//! in-app notices for everyone else wait behind a channel they do not use.
//! After a run of transient failures the breaker opens: deliveries on that
//! channel go to the ledger's retry schedule unattempted until the pause
//! ends. Deliveries still waiting on the channel when it is paused (in its
//! queue for a connection, say) are called back and go the same way. Then
//! one delivery probes the channel: its success closes the breaker, its
//! failure pauses the channel again for twice as long.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::futures::Notified;
use tokio::time::Instant;

use crate::recipient::ChannelKind;

/// When a channel that keeps failing transiently is paused, and for how
/// long. Every channel of a dispatcher that goes through one server
/// ([`FailureDomain::Channel`](crate::channel::FailureDomain::Channel)) has
/// its own breaker; webhooks have none.
///
/// ```
/// use std::time::Duration;
/// use tidings::dispatch::CircuitBreaker;
///
/// // Pause after 10 failures in a row, for a minute at first and at most
/// // for a quarter of an hour.
/// let breaker = CircuitBreaker::default()
///     .failures(10)
///     .pause(Duration::from_secs(60), Duration::from_secs(15 * 60));
/// # let _ = breaker;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CircuitBreaker {
    failures: u32,
    pause: Duration,
    max_pause: Duration,
}

impl Default for CircuitBreaker {
    /// Five transient failures in a row pause a channel for 30 seconds; each
    /// failed probe doubles the pause, up to 10 minutes.
    fn default() -> Self {
        CircuitBreaker {
            failures: 5,
            pause: Duration::from_secs(30),
            max_pause: Duration::from_secs(10 * 60),
        }
    }
}

impl CircuitBreaker {
    /// Never pauses a channel: every delivery makes all its attempts.
    pub fn off() -> Self {
        CircuitBreaker {
            failures: u32::MAX,
            ..CircuitBreaker::default()
        }
    }

    /// How many transient failures in a row pause the channel (at least 1).
    pub fn failures(mut self, failures: u32) -> Self {
        self.failures = failures.max(1);
        self
    }

    /// The first pause, and the longest one after failed probes.
    pub fn pause(mut self, first: Duration, longest: Duration) -> Self {
        self.pause = first;
        self.max_pause = longest.max(first);
        self
    }

    /// Its durations, named, for validation.
    pub(crate) fn durations(&self) -> [(&'static str, Duration); 2] {
        [
            ("circuit breaker pause", self.pause),
            ("circuit breaker longest pause", self.max_pause),
        ]
    }
}

/// The breaker of one channel.
#[derive(Debug)]
pub(crate) struct Breaker {
    channel: ChannelKind,
    policy: CircuitBreaker,
    state: Mutex<State>,
    /// Wakes the deliveries in flight when the channel is paused.
    on_pause: Notify,
}

#[derive(Debug, Default)]
struct State {
    /// Transient failures since the last success.
    failures: u32,
    /// Why the last one failed.
    last: String,
    paused: Option<Pause>,
}

#[derive(Debug)]
struct Pause {
    until: Instant,
    length: Duration,
    /// A delivery is out testing the channel.
    probing: bool,
}

/// Whether a delivery may be attempted now.
pub(crate) enum Admission<'a> {
    /// Go ahead, and report how it went on the ticket.
    Go(Ticket<'a>),
    /// The channel is paused.
    Paused {
        /// Why, for people.
        reason: String,
        /// How long the pause still lasts.
        left: Duration,
    },
}

/// One attempt let through; dropping it unreported (a send that was
/// aborted, a permanent failure) frees the probe it may be, and the next
/// delivery probes instead.
pub(crate) struct Ticket<'a> {
    breaker: Option<&'a Breaker>,
    probe: bool,
}

impl Breaker {
    pub(crate) fn new(channel: ChannelKind, policy: CircuitBreaker) -> Self {
        Breaker {
            channel,
            policy,
            state: Mutex::default(),
            on_pause: Notify::new(),
        }
    }

    /// Completes when the channel is next paused: a delivery races its
    /// attempt against it. Take it before the attempt starts.
    pub(crate) fn pausing(&self) -> Notified<'_> {
        self.on_pause.notified()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn paused_reason(&self, state: &State) -> String {
        format!(
            "not attempted: the {} channel is paused after {} failures in a row (the last: {})",
            self.channel.as_str(),
            state.failures,
            state.last
        )
    }

    /// Asks to attempt one delivery.
    pub(crate) fn admit(&self) -> Admission<'_> {
        let mut state = self.lock();
        let now = Instant::now();
        let probe = match &mut state.paused {
            None => false,
            Some(pause) if now >= pause.until && !pause.probing => {
                pause.probing = true;
                true
            }
            Some(pause) => {
                let left = pause.until.saturating_duration_since(now);
                return Admission::Paused {
                    reason: self.paused_reason(&state),
                    left,
                };
            }
        };
        Admission::Go(Ticket {
            breaker: Some(self),
            probe,
        })
    }
}

impl Ticket<'_> {
    /// Whether the channel was paused after this ticket let its attempt
    /// through, and why: the attempt is then not made. A probe's ticket is
    /// never stopped (the pause it tests is the reason for it).
    pub(crate) fn paused_since(&self) -> Option<(String, Duration)> {
        let breaker = self.breaker?;
        if self.probe {
            return None;
        }
        let state = breaker.lock();
        let pause = state.paused.as_ref()?;
        let left = pause.until.saturating_duration_since(Instant::now());
        Some((breaker.paused_reason(&state), left))
    }

    /// The channel delivered. (A permanent failure reports nothing: it may
    /// not have reached the server at all, like an invalid address.)
    pub(crate) fn answered(mut self) {
        if let Some(breaker) = self.breaker.take() {
            let mut state = breaker.lock();
            state.failures = 0;
            state.paused = None;
        }
    }

    /// The channel failed transiently, for `reason`.
    pub(crate) fn failed(mut self, reason: &str) {
        let Some(breaker) = self.breaker.take() else {
            return;
        };
        let mut guard = breaker.lock();
        let state = &mut *guard;
        state.failures = state.failures.saturating_add(1);
        state.last = reason.to_owned();
        let now = Instant::now();
        let policy = &breaker.policy;
        match &mut state.paused {
            Some(pause) if self.probe => {
                pause.length = pause.length.saturating_mul(2).min(policy.max_pause);
                pause.until = far(now, pause.length);
                pause.probing = false;
            }
            // An attempt from before the pause: it changes nothing.
            Some(_) => {}
            None if state.failures >= policy.failures => {
                tracing::warn!(
                    channel = breaker.channel.as_str(),
                    "paused for {:?} after {} failures in a row: {reason}",
                    policy.pause,
                    state.failures
                );
                state.paused = Some(Pause {
                    until: far(now, policy.pause),
                    length: policy.pause,
                    probing: false,
                });
                breaker.on_pause.notify_waiters();
            }
            None => {}
        }
    }
}

/// `now + wait`, at most a year ahead: no setting can overflow it.
fn far(now: Instant, wait: Duration) -> Instant {
    let year = Duration::from_secs(365 * 24 * 3600);
    now.checked_add(wait.min(year)).unwrap_or(now)
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        if let (Some(breaker), true) = (self.breaker, self.probe)
            && let Some(pause) = &mut breaker.lock().paused
        {
            pause.probing = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker() -> Breaker {
        Breaker::new(
            ChannelKind::Email,
            CircuitBreaker::default()
                .failures(3)
                .pause(Duration::from_secs(10), Duration::from_secs(25)),
        )
    }

    fn go(b: &Breaker) -> Ticket<'_> {
        match b.admit() {
            Admission::Go(ticket) => ticket,
            Admission::Paused { reason, .. } => panic!("paused: {reason}"),
        }
    }

    fn paused(b: &Breaker) -> (String, Duration) {
        match b.admit() {
            Admission::Go(_) => panic!("not paused"),
            Admission::Paused { reason, left } => (reason, left),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_run_of_failures_pauses_the_channel_and_a_success_breaks_the_run() {
        let b = breaker();
        go(&b).failed("timed out");
        go(&b).failed("timed out");
        go(&b).answered();
        go(&b).failed("timed out");
        go(&b).failed("timed out");
        // Two in a row so far; the third pauses.
        let late = go(&b);
        go(&b).failed("the mail server did not answer within 30 s");
        let (reason, left) = paused(&b);
        assert_eq!(
            reason,
            "not attempted: the email channel is paused after 3 failures in a row \
             (the last: the mail server did not answer within 30 s)"
        );
        assert_eq!(left, Duration::from_secs(10));
        // An attempt let through before the pause, and not started yet, is
        // stopped by it.
        assert_eq!(late.paused_since(), Some((reason, left)));
        // One that started before the pause and fails does not lengthen it.
        late.failed("timed out");
        assert_eq!(paused(&b).1, Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn after_the_pause_one_probe_goes_and_its_failure_doubles_the_pause() {
        let b = breaker();
        for _ in 0..3 {
            go(&b).failed("refused");
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        let probe = go(&b);
        assert_eq!(probe.paused_since(), None, "the probe goes");
        paused(&b); // only one probe at a time
        probe.failed("refused");
        assert_eq!(paused(&b).1, Duration::from_secs(20));
        tokio::time::advance(Duration::from_secs(20)).await;
        go(&b).failed("refused");
        assert_eq!(paused(&b).1, Duration::from_secs(25), "at most the longest");
        tokio::time::advance(Duration::from_secs(25)).await;
        go(&b).answered();
        go(&b);
        go(&b);
    }

    #[tokio::test(start_paused = true)]
    async fn a_permanent_failure_neither_breaks_nor_extends_a_run() {
        let b = breaker();
        go(&b).failed("timed out");
        go(&b).failed("timed out");
        // An address refused before any server was asked: dropped unreported.
        drop(go(&b));
        go(&b);
        go(&b).failed("timed out");
        paused(&b);
    }

    #[tokio::test(start_paused = true)]
    async fn a_probe_dropped_unreported_lets_another_probe_go() {
        let b = breaker();
        for _ in 0..3 {
            go(&b).failed("refused");
        }
        tokio::time::advance(Duration::from_secs(10)).await;
        drop(go(&b));
        go(&b).answered();
        go(&b);
    }

    #[tokio::test(start_paused = true)]
    async fn pausing_calls_back_the_deliveries_in_flight() {
        use futures_util::FutureExt;
        let b = breaker();
        let waiting = b.pausing();
        let mut waiting = std::pin::pin!(waiting);
        go(&b).failed("refused");
        go(&b).failed("refused");
        assert!(waiting.as_mut().now_or_never().is_none(), "not paused yet");
        go(&b).failed("refused");
        assert!(waiting.now_or_never().is_some(), "called back");
    }

    #[test]
    fn off_never_pauses() {
        let b = Breaker::new(ChannelKind::Email, CircuitBreaker::off());
        for _ in 0..10_000 {
            go(&b).failed("refused");
        }
        go(&b);
    }
}
