//! Each destination at the pace its service allows (Slack: about one
//! message a second per webhook), without holding up the others: a
//! delivery waits for its destination's next slot only when it is near,
//! and is otherwise handed back to the dispatcher to try when it comes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::recipient::ChatService;

/// The longest a delivery waits in place for its slot; beyond that it is
/// deferred, and its worker goes on with other destinations.
const WAIT_IN_PLACE: Duration = Duration::from_secs(2);

/// So many destinations remembered before those with no wait are dropped.
const REMEMBERED: usize = 10_000;

/// The spacing between two messages to one destination.
pub(super) fn interval(service: ChatService) -> Duration {
    match service {
        // "1 message per second" per incoming webhook, short bursts allowed.
        ChatService::Slack => Duration::from_secs(1),
        // Five requests per two seconds per webhook.
        ChatService::Discord => Duration::from_millis(400),
        // About one message a second per space.
        ChatService::GoogleChat => Duration::from_secs(1),
        // Workflows documents no figure; Teams' connectors took four a
        // second, and a flow is slower to run.
        _ => Duration::from_millis(500),
    }
}

#[derive(Default)]
pub(super) struct Pace {
    next: Mutex<HashMap<String, Instant>>,
    /// Until when Discord asked every webhook of this sender to wait.
    discord: Mutex<Option<Instant>>,
}

/// What a delivery should do before it posts.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Slot {
    /// Post after this wait (zero: now).
    After(Duration),
    /// The slot is far off: try again after this long.
    Deferred(Duration),
}

impl Pace {
    /// Takes the destination's next slot if it is near.
    pub(super) fn take(&self, service: ChatService, identity: &str, now: Instant) -> Slot {
        let mut at = now;
        if service == ChatService::Discord {
            let global = self.discord.lock().unwrap_or_else(|p| p.into_inner());
            at = at.max(global.unwrap_or(now));
        }
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = next.get(identity) {
            at = at.max(*slot);
        }
        let wait = at.saturating_duration_since(now);
        if wait > WAIT_IN_PLACE {
            return Slot::Deferred(wait);
        }
        if next.len() >= REMEMBERED {
            next.retain(|_, slot| *slot > now);
        }
        next.insert(identity.to_owned(), at + interval(service));
        Slot::After(wait)
    }

    /// The service said to wait: nothing more goes to the destination (or,
    /// for a global limit, to any Discord webhook) until then.
    pub(super) fn hold(
        &self,
        service: ChatService,
        identity: &str,
        wait: Duration,
        global: bool,
        now: Instant,
    ) {
        let until = now + wait;
        if global && service == ChatService::Discord {
            let mut held = self.discord.lock().unwrap_or_else(|p| p.into_inner());
            *held = Some(held.map_or(until, |h| h.max(until)));
        }
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = next.entry(identity.to_owned()).or_insert(until);
        *slot = (*slot).max(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_destination_is_paced_and_others_are_not_held_up() {
        let pace = Pace::default();
        let now = Instant::now();
        let slack = ChatService::Slack;
        assert_eq!(pace.take(slack, "a", now), Slot::After(Duration::ZERO));
        assert_eq!(
            pace.take(slack, "a", now),
            Slot::After(Duration::from_secs(1))
        );
        assert_eq!(
            pace.take(slack, "a", now),
            Slot::After(Duration::from_secs(2))
        );
        // The fourth is three seconds off: deferred, not waited for.
        assert_eq!(
            pace.take(slack, "a", now),
            Slot::Deferred(Duration::from_secs(3))
        );
        assert_eq!(pace.take(slack, "b", now), Slot::After(Duration::ZERO));
    }

    #[test]
    fn a_held_destination_waits_and_a_global_hold_covers_every_discord_webhook() {
        let pace = Pace::default();
        let now = Instant::now();
        pace.hold(ChatService::Slack, "a", Duration::from_secs(30), false, now);
        assert_eq!(
            pace.take(ChatService::Slack, "a", now),
            Slot::Deferred(Duration::from_secs(30))
        );
        assert_eq!(
            pace.take(ChatService::Slack, "b", now),
            Slot::After(Duration::ZERO)
        );
        pace.hold(
            ChatService::Discord,
            "d1",
            Duration::from_secs(1),
            true,
            now,
        );
        assert_eq!(
            pace.take(ChatService::Discord, "d2", now),
            Slot::After(Duration::from_secs(1))
        );
        assert_eq!(
            pace.take(ChatService::Slack, "c", now),
            Slot::After(Duration::ZERO)
        );
    }
}
