//! Whether a notice is for an [`Audience`]: read from the notice, so it is
//! written here, beside it.

use super::{Notice, Severity};
use crate::recipient::Audience;

impl Audience {
    /// Whether `notice`, on its own, is for this audience: its product or
    /// components, its impact as of this update, and whether it is planned
    /// work. (Whether the customer heard of the incident before is the
    /// ledger's to say.)
    pub fn includes(&self, notice: &Notice) -> bool {
        let incident = &notice.incident;
        let planned = incident.severity == Severity::Maintenance || notice.status.is_planned();
        if planned {
            if !self.maintenance() {
                return false;
            }
        } else if let Some(min) = self.min_severity().and_then(Severity::rank) {
            // An impact with no rank (planned work under an incident
            // status) is not an outage to weigh.
            if notice.impact().rank().is_some_and(|impact| impact < min) {
                return false;
            }
        }
        if self.components().is_empty() || incident.components.is_empty() {
            return true;
        }
        let fold = |name: &str| name.trim().to_lowercase();
        let affected: Vec<String> = std::iter::once(&incident.product)
            .chain(&incident.components)
            .map(|name| fold(name))
            .collect();
        self.components()
            .iter()
            .any(|followed| affected.contains(&fold(followed)))
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::notice::{Incident, Status};

    fn notice(severity: Severity, status: Status, components: &[&str]) -> Notice {
        let incident = Incident::builder("i-1", "Creator", severity, Timestamp::UNIX_EPOCH)
            .components(components.iter().copied())
            .build()
            .unwrap();
        Notice::builder(incident, 1, status, Timestamp::UNIX_EPOCH)
            .build()
            .unwrap()
    }

    fn following(components: &[&str]) -> Audience {
        Audience::everything()
            .with_components(components.iter().copied())
            .unwrap()
    }

    #[test]
    fn components_match_by_name_or_product_and_a_whole_product_incident_matches_all() {
        let editor = notice(
            Severity::Major,
            Status::Investigating,
            &["Editor", "Published sites"],
        );
        assert!(following(&["published SITES"]).includes(&editor));
        assert!(following(&["Creator"]).includes(&editor), "the product");
        assert!(!following(&["Webmail"]).includes(&editor));
        assert!(Audience::everything().includes(&editor));
        let whole = notice(Severity::Major, Status::Investigating, &[]);
        assert!(following(&["Webmail"]).includes(&whole));
    }

    #[test]
    fn severity_is_the_impact_of_this_update() {
        let major_up = Audience::everything()
            .with_min_severity(Severity::Major)
            .unwrap();
        assert!(!major_up.includes(&notice(Severity::Minor, Status::Investigating, &[])));
        assert!(major_up.includes(&notice(Severity::Critical, Status::Investigating, &[])));
        let lowered = notice(Severity::Critical, Status::Monitoring, &[])
            .to_builder()
            .impact(Severity::Minor)
            .build()
            .unwrap();
        assert!(!major_up.includes(&lowered));
        // Planned work is not weighed by severity, only by `maintenance`.
        assert!(major_up.includes(&notice(Severity::Maintenance, Status::Scheduled, &[])));
    }

    #[test]
    fn planned_work_is_chosen_apart() {
        let no_planned = Audience::everything().with_maintenance(false);
        assert!(!no_planned.includes(&notice(Severity::Maintenance, Status::Scheduled, &[])));
        assert!(!no_planned.includes(&notice(Severity::Minor, Status::InProgress, &[])));
        assert!(no_planned.includes(&notice(Severity::Minor, Status::Investigating, &[])));
    }
}
