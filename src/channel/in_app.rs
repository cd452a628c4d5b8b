//! In-app: the notice becomes (or updates) an entry in the recipient's inbox.

use std::sync::Arc;

use async_trait::async_trait;

use super::{Channel, ChannelKind};
use crate::delivery::{Delivery, DeliveryError, Receipt};
use crate::inbox::{Inbox, InboxUpdate, Recorded};
use crate::recipient::Address;

/// Records notices in an [`Inbox`].
#[derive(Clone)]
pub struct InAppChannel {
    inbox: Arc<dyn Inbox>,
}

impl std::fmt::Debug for InAppChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppChannel").finish_non_exhaustive()
    }
}

impl InAppChannel {
    /// A channel that records into `inbox`.
    pub fn new(inbox: Arc<dyn Inbox>) -> Self {
        InAppChannel { inbox }
    }
}

#[async_trait]
impl Channel for InAppChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::InApp
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let Address::InApp { account } = &delivery.address else {
            return Err(DeliveryError::permanent("not an in-app account"));
        };
        let notice = &delivery.notice;
        let update = InboxUpdate {
            account: account.clone(),
            incident: notice.incident.id.clone(),
            revision: notice.revision,
            status: notice.status,
            locale: delivery.rendered.locale.clone(),
            title: delivery.rendered.title.clone(),
            body: delivery.rendered.brief.clone(),
            published_at: notice.published_at,
        };
        let recorded = self.inbox.record(&update).await.map_err(|e| {
            DeliveryError::transient(format!("cannot record in the inbox of {account}: {e}"))
        })?;
        let detail = match recorded {
            Recorded::New => "new inbox entry",
            Recorded::Updated => "inbox entry updated",
            Recorded::Duplicate => "already in the inbox",
            Recorded::Older => "kept in the history; a newer revision is shown",
        };
        Ok(Receipt {
            channel: ChannelKind::InApp,
            detail: detail.to_owned(),
        })
    }
}
