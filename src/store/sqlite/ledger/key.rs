//! A delivery key as the writer thread is handed it. Every claim and every
//! outcome crosses to the writer with its key; kept as one string (with
//! where each part starts) it costs one allocation instead of three.

use crate::delivery::{DeliveryKey, Part};
use crate::recipient::ChannelKind;

/// The columns that name a delivery's row: incident, recipient, channel,
/// address, revision and part (as stored).
pub(super) trait KeyColumns {
    fn columns(&self) -> (&str, &str, &str, &str, u32, String);
}

impl KeyColumns for DeliveryKey {
    fn columns(&self) -> (&str, &str, &str, &str, u32, String) {
        (
            &self.incident,
            &self.recipient,
            self.channel.as_str(),
            &self.address,
            self.revision,
            self.part.as_stored(),
        )
    }
}

/// A [`DeliveryKey`] owned by the writer's work: the incident, recipient
/// and address one after another in `text`.
pub(super) struct StoredKey {
    text: Box<str>,
    /// Where the recipient starts in `text`.
    recipient: usize,
    /// Where the address starts in `text`.
    address: usize,
    channel: ChannelKind,
    revision: u32,
    part: Part,
}

impl From<&DeliveryKey> for StoredKey {
    fn from(key: &DeliveryKey) -> Self {
        let mut text =
            String::with_capacity(key.incident.len() + key.recipient.len() + key.address.len());
        text.push_str(&key.incident);
        text.push_str(&key.recipient);
        text.push_str(&key.address);
        StoredKey {
            text: text.into_boxed_str(),
            recipient: key.incident.len(),
            address: key.incident.len() + key.recipient.len(),
            channel: key.channel.clone(),
            revision: key.revision,
            part: key.part,
        }
    }
}

impl KeyColumns for StoredKey {
    fn columns(&self) -> (&str, &str, &str, &str, u32, String) {
        // The offsets are where `from` put the parts, on char boundaries.
        let (incident, rest) = self.text.split_at(self.recipient);
        let (recipient, address) = rest.split_at(self.address - self.recipient);
        (
            incident,
            recipient,
            self.channel.as_str(),
            address,
            self.revision,
            self.part.as_stored(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_key_names_the_same_row() {
        let keys = [
            DeliveryKey {
                incident: "inc-ü".into(),
                revision: 3,
                recipient: "c-1".into(),
                channel: ChannelKind::Webhook,
                address: "https://hooks.example.com#0123".into(),
                part: Part::Notice,
            },
            DeliveryKey {
                incident: String::new(),
                revision: 0,
                recipient: "ä".into(),
                channel: ChannelKind::custom("pager".to_owned()),
                address: String::new(),
                part: Part::Reminder(60),
            },
        ];
        for key in keys {
            assert_eq!(StoredKey::from(&key).columns(), key.columns());
        }
    }
}
