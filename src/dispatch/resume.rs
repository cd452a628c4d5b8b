//! What the ledger holds for later: the backlog, and the deliveries due
//! again, made by [`resume`](Dispatcher::resume) a page at a time.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures_util::stream::{self, StreamExt};
use jiff::Timestamp;

use super::deliver::Origin;
use super::{Counts, Dispatcher, Inner, Prepared, Report};
use crate::delivery::{Delivery, Part};
use crate::error::StoreError;
use crate::ledger::{Backlog, Due};

impl Dispatcher {
    /// What is left to do: how many deliveries are still to be made, and
    /// when the first is due. Call [`resume`](Dispatcher::resume) then.
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        self.inner.ledger.backlog().await
    }

    /// Makes every delivery that is due: failures whose retry time has come,
    /// claims whose sender went away (its lease ended), and reminders of
    /// scheduled maintenance whose time has come (unless the work has a
    /// newer revision, or their time passed). Call it on a timer.
    pub async fn resume(&self) -> Result<Report, StoreError> {
        let inner = &*self.inner;
        inner.enter().await?;
        let mut report = Report::new("resume".to_owned());
        inner.look_for_suppressions().await;
        // Per notice (and reminder of it): ready to render, or why not
        // (gone, or unreadable).
        let mut notices: HashMap<(String, u32, Part), Result<Prepared, String>> = HashMap::new();
        // What is due now; what comes due while this runs is for the next
        // call. Each page starts after the last delivery of the one before,
        // so one that stays due (its claim failed) is not met again, and
        // memory holds one page however many are due.
        let now = Timestamp::now();
        let mut after: Option<Due> = None;
        loop {
            let page = inner.ledger.due(now, after.as_ref(), 256).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.clone());
            for d in &page {
                let id = (d.key.incident.clone(), d.key.revision, d.key.part);
                if let std::collections::hash_map::Entry::Vacant(slot) = notices.entry(id) {
                    let (incident, revision, part) = slot.key();
                    // One notice that cannot be read fails its own
                    // deliveries, not the whole pass.
                    let prepared = match inner.ledger.notice(incident, *revision).await {
                        Ok(Some(n)) => Ok(Prepared::new(Arc::new(match part {
                            Part::Notice => n,
                            Part::Reminder(minutes) => n.as_reminder(*minutes),
                        }))),
                        Ok(None) => Err("the notice is no longer in the ledger".to_owned()),
                        Err(err) => Err(format!(
                            "the notice kept in the ledger cannot be read: {err}"
                        )),
                    };
                    slot.insert(prepared);
                }
            }
            let late = &inner.late_joiners(&page, &notices).await;
            let notices = &notices;
            let mut tallies = stream::iter(page)
                .map(|due| async move {
                    let kind = due.key.channel.clone();
                    let key = &due.key;
                    let prepared = notices
                        .get(&(key.incident.clone(), key.revision, key.part))
                        .map(|p| p.as_ref().map_err(String::as_str))
                        .unwrap_or(Err("the notice is no longer in the ledger"));
                    if let Part::Reminder(minutes) = key.part {
                        return (kind, inner.remind(prepared, due, minutes).await);
                    }
                    let reader = (key.incident.clone(), key.revision, key.recipient.clone());
                    let joins_late = late.contains(&reader);
                    (kind, inner.resume_one(prepared, due, joins_late).await)
                })
                .buffer_unordered(inner.concurrency);
            while let Some((kind, counts)) = tallies.next().await {
                report.recipients += 1;
                report.add(&kind, &counts);
            }
        }
        Ok(report)
    }
}

impl Inner {
    /// Of the recipients due on `page`, those who hear of their incident
    /// first from the delivery due: in its audience, kept out of the
    /// revisions before, as the send that claimed it judged.
    async fn late_joiners(
        &self,
        page: &[Due],
        notices: &HashMap<(String, u32, Part), Result<Prepared, String>>,
    ) -> HashSet<(String, u32, String)> {
        let mut asked: HashMap<(&str, u32), Vec<&str>> = HashMap::new();
        for due in page {
            let key = &due.key;
            let Some(Ok(prepared)) = notices.get(&(key.incident.clone(), key.revision, key.part))
            else {
                continue;
            };
            let audience = &due.recipient.audience;
            if key.part.is_notice()
                && key.revision > 1
                && !audience.is_everything()
                && audience.includes(&prepared.notice)
            {
                asked
                    .entry((key.incident.as_str(), key.revision))
                    .or_default()
                    .push(key.recipient.as_str());
            }
        }
        let mut late = HashSet::new();
        for ((incident, revision), recipients) in asked {
            match self
                .ledger
                .told_before(incident, revision, &recipients)
                .await
            {
                Ok(told) => late.extend(
                    recipients
                        .into_iter()
                        .filter(|r| !told.contains(*r))
                        .map(|r| (incident.to_owned(), revision, r.to_owned())),
                ),
                // The words differ, not whether it is sent: on a failure
                // the usual words go out.
                Err(err) => tracing::warn!(
                    notice = %format!("{incident}#{revision}"),
                    "cannot ask the ledger who was told before: {err}"
                ),
            }
        }
        late
    }

    pub(super) async fn resume_one(
        &self,
        prepared: Result<&Prepared, &str>,
        due: Due,
        joins_late: bool,
    ) -> Counts {
        if let Some(problem) = &due.problem {
            let reason = format!("the delivery kept in the ledger cannot be read: {problem}");
            return self.give_up(&due, &reason).await;
        }
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(reason) => return self.give_up(&due, reason).await,
        };
        let Some(address) = due
            .recipient
            .addresses
            .iter()
            .find(|a| a.channel() == due.key.channel && a.identity() == due.key.address)
            .cloned()
        else {
            return self
                .give_up(&due, "the recipient no longer has this address")
                .await;
        };
        let recipient = due.recipient;
        let (notice, fingerprint) = prepared.for_reader(joins_late);
        let chain = self.chain(&recipient);
        let (tz, _) = self.time_zone(notice, &recipient);
        let rendered = self
            .renderer
            .render_prepared(notice, fingerprint, &chain, &tz);
        let delivery = Delivery {
            key: due.key,
            recipient: Arc::new(recipient),
            address,
            notice: Arc::clone(notice),
            rendered,
        };
        self.deliver(delivery, Origin::Due).await
    }
}
