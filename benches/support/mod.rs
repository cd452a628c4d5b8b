//! What the benches share: the Creator notice, N recipients in six
//! languages and four time zones, and a channel that does nothing.

use async_trait::async_trait;
use tidings::channel::{Channel, ChannelKind};
use tidings::{Address, Delivery, DeliveryError, LanguagePreferences, Notice, Receipt, Recipient};

/// A channel that makes every delivery at once: what is left is what
/// tidings itself costs.
pub struct Noop;

#[async_trait]
impl Channel for Noop {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }
    async fn deliver(&self, _: &Delivery) -> Result<Receipt, DeliveryError> {
        Ok(Receipt::new(ChannelKind::Webhook, String::new()))
    }
}

const LANGS: [&str; 6] = ["nl-BE", "de-AT", "en-US", "ja", "ar-EG", "pt-BR fr"];
const ZONES: [&str; 4] = [
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/Berlin",
];

/// The Creator notice, as revision `revision`.
pub fn notice(revision: u32) -> Notice {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/creator-outage/1-investigating.toml"
    );
    let notice: Notice = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    notice.to_builder().revision(revision).build().unwrap()
}

/// Customers `c-0` … `c-{n-1}`, one webhook each.
pub fn recipients(n: usize) -> impl Iterator<Item = Recipient> + Send {
    (0..n).map(|i| Recipient {
        id: format!("c-{i}"),
        name: format!("Customer {i}"),
        languages: LanguagePreferences::from_tags(LANGS[i % LANGS.len()].split(' ')).unwrap(),
        time_zone: Some(ZONES[i % ZONES.len()].into()),
        addresses: vec![Address::Webhook {
            url: format!("https://hooks.example.com/{i}"),
            secret: tidings::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        }],
        audience: Default::default(),
    })
}
