//! What a chat service's answer means for the delivery, in the words a
//! support person reads.

use std::time::Duration;

use crate::delivery::DeliveryError;

/// How one POST ended.
#[derive(Debug)]
pub(super) enum Answer {
    /// The service took the message.
    Delivered,
    /// It did not; the error says whether trying again may help.
    Failed(DeliveryError),
}

/// At most this much of what a service said goes into a reason.
const SAID: usize = 200;

/// What the service said, on one short line (its error word, or the start
/// of its JSON).
pub(super) fn said(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(SAID)
        .collect();
    line.trim().to_owned()
}

fn reason(what: &str, code: u16, said: &str) -> String {
    let status = http::StatusCode::from_u16(code)
        .map(|s| s.to_string())
        .unwrap_or_else(|_| code.to_string());
    if said.is_empty() {
        format!("{what} answered {status}")
    } else {
        format!("{what} answered {status}: {said}")
    }
}

/// Worth trying again, after the wait the service asked for if it did.
pub(super) fn transient(what: &str, code: u16, said: &str, retry: Option<Duration>) -> Answer {
    let err = DeliveryError::transient(reason(what, code, said))
        .with_answer(crate::Answer::Http(code))
        .about_address();
    Answer::Failed(match retry {
        Some(wait) => err.with_retry_after(wait),
        None => err,
    })
}

/// Refused for good: the message or the request is wrong.
pub(super) fn permanent(what: &str, code: u16, said: &str) -> Answer {
    Answer::Failed(
        DeliveryError::permanent(reason(what, code, said)).with_answer(crate::Answer::Http(code)),
    )
}

/// The destination no longer exists: refused for good, and suppressed.
pub(super) fn gone(what: &str, code: u16, said: &str) -> Answer {
    Answer::Failed(
        DeliveryError::permanent(format!(
            "{}; the destination was removed",
            reason(what, code, said)
        ))
        .with_answer(crate::Answer::Http(code))
        .gone(),
    )
}
