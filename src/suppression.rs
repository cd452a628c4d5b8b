//! Suppressions: durable "do not send" records. An unsubscribe, a hard
//! bounce, a complaint, an endpoint that answered 410 Gone, or support's
//! own hand: each says whom it covers (a recipient, on one channel or all,
//! at one address or any), for which notices (its [`Scope`]), why, since
//! when and on what evidence. A send makes no delivery a suppression
//! covers, and counts it `suppressed`: never sent, never unreached.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryKey;
use crate::notice::Notice;
use crate::unsubscribe::Choice;
pub use crate::unsubscribe::Scope;

/// Why a recipient is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Reason {
    /// The recipient unsubscribed.
    Unsubscribed,
    /// Their mail server said the mailbox does not exist (5.x.x).
    HardBounce,
    /// They reported a message as spam.
    Complaint,
    /// Their webhook endpoint answered 410 Gone.
    Gone,
    /// Support suppressed them by hand.
    Support,
}

impl Reason {
    /// The name kept in storage and shown in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unsubscribed => "unsubscribed",
            Reason::HardBounce => "hard-bounce",
            Reason::Complaint => "complaint",
            Reason::Gone => "gone",
            Reason::Support => "support",
        }
    }

    /// The reason a stored name stands for.
    pub fn parse(s: &str) -> Option<Reason> {
        [
            Reason::Unsubscribed,
            Reason::HardBounce,
            Reason::Complaint,
            Reason::Gone,
            Reason::Support,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// One "do not send".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suppression {
    /// The recipient id.
    pub recipient: String,
    /// The channel it covers (`None`: every channel).
    pub channel: Option<String>,
    /// The address it covers, as a delivery key names it (`None`: any).
    pub address: Option<String>,
    /// The notices it covers.
    pub scope: Scope,
    /// Why.
    pub reason: Reason,
    /// What showed it, for people: the bounce's diagnostic, the 410, a
    /// support ticket.
    pub evidence: String,
    /// Since when.
    pub since: Timestamp,
}

impl Suppression {
    /// `recipient` suppressed from `scope` on every channel and address,
    /// for `reason`, since `since`.
    pub fn new(
        recipient: impl Into<String>,
        scope: Scope,
        reason: Reason,
        since: Timestamp,
    ) -> Self {
        Suppression {
            recipient: recipient.into(),
            channel: None,
            address: None,
            scope,
            reason,
            evidence: String::new(),
            since,
        }
    }

    /// Only on `channel`.
    pub fn on_channel(mut self, channel: impl Into<String>) -> Self {
        self.channel = Some(channel.into());
        self
    }

    /// Only at `address` (as [`DeliveryKey::address`] names it).
    pub fn at_address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// What records a recipient's unsubscribe `choice` (from a verified
    /// token), made at `since`, with what showed it (`"one-click
    /// unsubscribe"`, a form's confirmation).
    pub fn unsubscribe(choice: &Choice, since: Timestamp, evidence: impl Into<String>) -> Self {
        let mut suppression = Suppression::new(
            &*choice.recipient,
            choice.scope.clone(),
            Reason::Unsubscribed,
            since,
        )
        .with_evidence(evidence);
        suppression.channel.clone_from(&choice.channel);
        suppression
    }

    /// With what showed it.
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = evidence.into();
        self
    }

    /// Whether it covers the delivery of `key` (its notice `notice`).
    pub fn covers(&self, key: &DeliveryKey, notice: &Notice) -> bool {
        self.recipient == key.recipient
            && self
                .channel
                .as_deref()
                .is_none_or(|c| c == key.channel.as_str())
            && self.address.as_deref().is_none_or(|a| a == key.address)
            && match &self.scope {
                Scope::All => true,
                Scope::Maintenance => notice.status().is_planned(),
                Scope::Product(name) => notice.incident().product.eq_ignore_ascii_case(name),
                Scope::Component(name) => notice
                    .incident()
                    .components
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(name)),
            }
    }

    /// The scope as stored: its kind and its name ("" for all and
    /// maintenance).
    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub(crate) fn scope_parts(&self) -> (&'static str, &str) {
        scope_parts(&self.scope)
    }

    /// The scope of stored parts.
    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub(crate) fn scope_of(kind: &str, name: &str) -> Option<Scope> {
        Some(match kind {
            "all" => Scope::All,
            "maintenance" => Scope::Maintenance,
            "product" => Scope::Product(name.to_owned()),
            "component" => Scope::Component(name.to_owned()),
            _ => return None,
        })
    }
}

/// A scope as stored: its kind and its name ("" for all and maintenance).
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn scope_parts(scope: &Scope) -> (&'static str, &str) {
    match scope {
        Scope::All => ("all", ""),
        Scope::Maintenance => ("maintenance", ""),
        Scope::Product(name) => ("product", name),
        Scope::Component(name) => ("component", name),
    }
}

/// Which suppressions to lift: those of a recipient, narrowed by channel,
/// address and scope when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lift {
    /// The recipient id.
    pub recipient: String,
    /// Only those on this channel (exactly; `None`: whatever channel).
    pub channel: Option<String>,
    /// Only those at this address.
    pub address: Option<String>,
    /// Only those of this scope.
    pub scope: Option<Scope>,
    /// Only those kept for this reason (a resubscribe lifts unsubscribes,
    /// never a bounce or a complaint).
    pub reason: Option<Reason>,
}

impl Lift {
    /// Every suppression of `recipient`.
    pub fn of(recipient: impl Into<String>) -> Self {
        Lift {
            recipient: recipient.into(),
            ..Lift::default()
        }
    }

    /// What undoes an unsubscribe `choice` (a resubscribe): the recipient's
    /// unsubscribes of that scope on that channel, never a bounce or a
    /// complaint.
    pub fn resubscribe(choice: &Choice) -> Self {
        Lift {
            recipient: choice.recipient.clone(),
            channel: choice.channel.clone(),
            address: None,
            scope: Some(choice.scope.clone()),
            reason: Some(Reason::Unsubscribed),
        }
    }

    /// Whether it lifts `s`.
    pub fn lifts(&self, s: &Suppression) -> bool {
        s.recipient == self.recipient
            && self
                .channel
                .as_ref()
                .is_none_or(|c| s.channel.as_ref() == Some(c))
            && self
                .address
                .as_ref()
                .is_none_or(|a| s.address.as_ref() == Some(a))
            && self.scope.as_ref().is_none_or(|sc| &s.scope == sc)
            && self.reason.is_none_or(|r| s.reason == r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipient::ChannelKind;

    #[test]
    fn a_choice_is_recorded_as_an_unsubscribe_and_undone_as_one() {
        let choice = Choice::new("c-17", Scope::Maintenance, Some(ChannelKind::Email));
        let since = Timestamp::from_second(1_700_000_000).unwrap();
        let kept = Suppression::unsubscribe(&choice, since, "one-click unsubscribe");
        assert_eq!(
            kept,
            Suppression::new("c-17", Scope::Maintenance, Reason::Unsubscribed, since)
                .on_channel("email")
                .with_evidence("one-click unsubscribe")
        );
        assert!(Lift::resubscribe(&choice).lifts(&kept));
        let bounce = Suppression::new("c-17", Scope::Maintenance, Reason::HardBounce, since)
            .on_channel("email");
        assert!(!Lift::resubscribe(&choice).lifts(&bounce));
        let everywhere = Choice::new("c-17", Scope::All, None);
        assert_eq!(
            Suppression::unsubscribe(&everywhere, since, "").channel,
            None
        );
        assert!(
            !Lift::resubscribe(&everywhere).lifts(&kept),
            "another scope"
        );
    }
}
