//! Two futures raced in place: the one a delivery works on, and the one
//! that may stop it (a pause, a lost lease, the lease's renewal).
//!
//! These are futures of their own rather than `async fn`s around
//! `select`: an `async fn` keeps its arguments and the pinned copies it
//! races side by side, so each layer doubled the state every delivery
//! allocates.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::future::Either;
use tokio::sync::futures::Notified;

pin_project_lite::pin_project! {
    /// Whichever of `a` and `b` completes first (`a` is asked first), the
    /// other dropped with it.
    pub(super) struct First<A, B> {
        #[pin]
        a: A,
        #[pin]
        b: B,
    }
}

/// Races `a` against `b`, asking `a` first.
pub(super) fn first<A: Future, B: Future>(a: A, b: B) -> First<A, B> {
    First { a, b }
}

impl<A: Future, B: Future> Future for First<A, B> {
    type Output = Either<A::Output, B::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(a) = this.a.poll(cx) {
            return Poll::Ready(Either::Left(a));
        }
        this.b.poll(cx).map(Either::Right)
    }
}

pin_project_lite::pin_project! {
    /// An attempt that ends early, as `None`, when its channel is paused.
    pub(super) struct UnlessPaused<'a, F> {
        #[pin]
        attempt: F,
        #[pin]
        pausing: Option<Notified<'a>>,
    }
}

/// Runs `attempt`, unless the channel is paused first (`pausing`
/// completes): then the attempt is dropped, wherever it was waiting.
pub(super) fn unless_paused<F: Future>(
    attempt: F,
    pausing: Option<Notified<'_>>,
) -> UnlessPaused<'_, F> {
    UnlessPaused { attempt, pausing }
}

impl<F: Future> Future for UnlessPaused<'_, F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(result) = this.attempt.poll(cx) {
            return Poll::Ready(Some(result));
        }
        match this.pausing.as_pin_mut() {
            Some(pausing) => pausing.poll(cx).map(|()| None),
            None => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::{pending, ready};

    use tokio::sync::Notify;

    use super::*;

    #[tokio::test]
    async fn the_first_is_asked_first_and_either_may_win() {
        assert!(matches!(first(ready(1), ready(2)).await, Either::Left(1)));
        assert!(matches!(
            first(pending::<()>(), ready(2)).await,
            Either::Right(2)
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_ends_the_attempt_and_no_pause_never_does() {
        let notify = Notify::new();
        let paused = unless_paused(pending::<()>(), Some(notify.notified()));
        notify.notify_waiters();
        assert_eq!(paused.await, None);

        let done = unless_paused(ready(7), Some(notify.notified()));
        assert_eq!(done.await, Some(7));

        let unpaused = unless_paused(pending::<()>(), None);
        let timed = tokio::time::timeout(std::time::Duration::from_millis(10), unpaused);
        assert!(timed.await.is_err(), "ended with nothing to end it");
    }
}
