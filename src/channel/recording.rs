//! A channel that keeps what it is given, for tests of code that uses tidings.

use std::collections::VecDeque;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{Channel, ChannelKind};
use crate::delivery::{Delivery, DeliveryError, Receipt};

/// Records every delivery and answers as told: by default it accepts
/// everything; queued failures are returned first, in order.
///
/// ```
/// # use tidings::channel::{ChannelKind, RecordingChannel};
/// # use tidings::DeliveryError;
/// let email = RecordingChannel::new(ChannelKind::Email);
/// email.fail_next(DeliveryError::transient("451 try later"));
/// // … run your code …
/// assert!(email.deliveries().is_empty());
/// ```
#[derive(Debug)]
pub struct RecordingChannel {
    kind: ChannelKind,
    deliveries: Mutex<Vec<Delivery>>,
    failures: Mutex<VecDeque<DeliveryError>>,
}

impl RecordingChannel {
    /// A channel of `kind` that accepts every delivery.
    pub fn new(kind: ChannelKind) -> Self {
        RecordingChannel {
            kind,
            deliveries: Mutex::default(),
            failures: Mutex::default(),
        }
    }

    /// Makes the next delivery fail with `error` (after those queued before).
    pub fn fail_next(&self, error: DeliveryError) {
        lock(&self.failures).push_back(error);
    }

    /// The deliveries it accepted, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.deliveries).clone()
    }

    /// How many deliveries it accepted.
    pub fn deliveries_len(&self) -> usize {
        lock(&self.deliveries).len()
    }
}

#[async_trait]
impl Channel for RecordingChannel {
    fn kind(&self) -> ChannelKind {
        self.kind.clone()
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        if let Some(error) = lock(&self.failures).pop_front() {
            return Err(error);
        }
        lock(&self.deliveries).push(delivery.clone());
        Ok(Receipt {
            channel: self.kind.clone(),
            detail: format!("recorded {}", delivery.key.id()),
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
