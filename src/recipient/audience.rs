//! What a customer follows: an [`Audience`]. Whether a notice is for it,
//! [`Audience::includes`], is written beside the notice it reads, in
//! `notice/audience.rs`.

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::status::Severity;

/// What a customer wants to hear about: the components they follow, the
/// lowest severity they want, and whether they want planned maintenance.
/// The default hears everything.
///
/// A notice outside a customer's audience is not sent to them, unless
/// they were told an earlier revision of the same incident: nobody is left
/// hanging in the middle of an incident they heard of.
///
/// ```
/// use tidings::{Audience, Severity};
///
/// let webmail_outages = Audience::everything()
///     .with_components(["Webmail"])?
///     .with_min_severity(Severity::Major)?
///     .with_maintenance(false);
/// assert_eq!(webmail_outages.components(), ["Webmail"]);
/// # Ok::<(), tidings::InputError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AudienceDocument", into = "AudienceDocument")]
pub struct Audience {
    components: Vec<String>,
    min_severity: Option<Severity>,
    maintenance: bool,
}

impl Default for Audience {
    fn default() -> Self {
        Audience::everything()
    }
}

impl Audience {
    /// Every notice: all components, every severity, planned work too.
    pub fn everything() -> Self {
        Audience {
            components: Vec::new(),
            min_severity: None,
            maintenance: true,
        }
    }

    /// Only incidents that affect one of `components` (or name none, and
    /// so affect the whole product). A name also matches an incident's
    /// product, so a customer may follow `Webmail` as a whole. None: all.
    pub fn with_components<I, S>(mut self, components: I) -> Result<Self, InputError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let components: Vec<String> = components.into_iter().map(Into::into).collect();
        crate::checks::check_components(&components)?;
        self.components = components;
        Ok(self)
    }

    /// Only incidents at least this serious: minor, major or critical.
    /// (Planned work is chosen with [`with_maintenance`](Self::with_maintenance).)
    pub fn with_min_severity(mut self, severity: Severity) -> Result<Self, InputError> {
        if severity.rank().is_none() {
            return Err(InputError::MinSeverity {
                given: severity.as_str().to_owned(),
            });
        }
        self.min_severity = Some(severity);
        Ok(self)
    }

    /// Whether they want announcements of planned maintenance.
    pub fn with_maintenance(mut self, wanted: bool) -> Self {
        self.maintenance = wanted;
        self
    }

    /// The components followed; empty: all.
    pub fn components(&self) -> &[String] {
        &self.components
    }

    /// The lowest severity wanted; `None`: all.
    pub fn min_severity(&self) -> Option<Severity> {
        self.min_severity
    }

    /// Whether planned maintenance is wanted.
    pub fn maintenance(&self) -> bool {
        self.maintenance
    }

    /// Whether this audience hears every notice (the default).
    pub fn is_everything(&self) -> bool {
        *self == Audience::everything()
    }
}

/// An audience as files and payloads write it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceDocument {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    components: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min_severity: Option<Severity>,
    #[serde(default = "yes")]
    maintenance: bool,
}

fn yes() -> bool {
    true
}

impl TryFrom<AudienceDocument> for Audience {
    type Error = InputError;

    fn try_from(d: AudienceDocument) -> Result<Self, InputError> {
        let audience = Audience::everything()
            .with_components(d.components)?
            .with_maintenance(d.maintenance);
        match d.min_severity {
            Some(min) => audience.with_min_severity(min),
            None => Ok(audience),
        }
    }
}

impl From<Audience> for AudienceDocument {
    fn from(a: Audience) -> Self {
        AudienceDocument {
            components: a.components,
            min_severity: a.min_severity,
            maintenance: a.maintenance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cannot_be_followed_is_refused() {
        assert!(matches!(
            Audience::everything().with_min_severity(Severity::Maintenance),
            Err(InputError::MinSeverity { .. })
        ));
        assert!(matches!(
            Audience::everything().with_components(["Editor", "editor"]),
            Err(InputError::DuplicateComponent { .. })
        ));
        assert!(Audience::everything().with_components([" "]).is_err());
        assert!(
            Audience::everything()
                .with_components(["Edit\u{202E}or"])
                .is_err()
        );
    }

    #[test]
    fn documents_leave_out_what_is_everything() {
        let everything: Audience = serde_json::from_str("{}").unwrap();
        assert!(everything.is_everything());
        let some: Audience = serde_json::from_str(
            r#"{"components": ["Editor"], "min_severity": "major", "maintenance": false}"#,
        )
        .unwrap();
        assert_eq!(some.components(), ["Editor"]);
        assert_eq!(some.min_severity(), Some(Severity::Major));
        assert!(!some.maintenance());
        let back: Audience = serde_json::from_value(serde_json::to_value(&some).unwrap()).unwrap();
        assert_eq!(back, some);
        for bad in [
            r#"{"min_severity": "maintenance"}"#,
            r#"{"components": ["a", "A"]}"#,
            r#"{"follows": []}"#,
        ] {
            assert!(serde_json::from_str::<Audience>(bad).is_err(), "{bad}");
        }
        let recipient: crate::Recipient =
            serde_json::from_str(r#"{"id": "c-1", "name": "Ada"}"#).unwrap();
        assert!(recipient.audience.is_everything());
        let json = serde_json::to_value(&recipient).unwrap();
        assert!(json.get("audience").is_none(), "{json}");
    }
}
