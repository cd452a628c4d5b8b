//! One POST and what its answer means for the delivery.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use url::Url;

use super::WebhookChannel;
use super::ssrf::Refused;
use crate::channel::{Channel, ChannelKind, FailureDomain, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};

/// At most this much of an answer is read; the rest is not downloaded.
const ANSWER_LIMIT: usize = 16 * 1024;

#[async_trait]
impl Channel for WebhookChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }

    /// Each endpoint is its own server: one that fails never pauses the
    /// others.
    fn failure_domain(&self) -> FailureDomain {
        FailureDomain::Address
    }

    fn outbox(&self) -> bool {
        self.outbox.is_some()
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let request = WebhookChannel::request(delivery, jiff::Timestamp::now().as_second())?;
        let url = Url::parse(&request.url).map_err(|e| {
            DeliveryError::permanent(format!(
                "webhook URL `{}` is not valid: {e}",
                crate::redact::url(&request.url)
            ))
        })?;
        // The outbox holds only what could be sent: the guard comes first.
        // (A host name is checked when it is resolved, on a real send.)
        self.policy
            .check_url(&url)
            .map_err(DeliveryError::permanent)?;
        if let Some(dir) = &self.outbox {
            let name = outbox::file_name(&delivery.key, "http");
            let path = outbox::write(dir, &name, &request.to_http(&url)).await?;
            return Ok(Receipt {
                channel: ChannelKind::Webhook,
                detail: format!("written to {}", path.display()),
            });
        }
        let sent = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &request.id)
            .header("webhook-timestamp", request.timestamp.to_string())
            .header("webhook-signature", &request.signature)
            .body(request.body)
            .send()
            .await;
        let mut response = sent.map_err(|e| self.request_error(&request.url, e))?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // Read a little of the answer so the connection can be reused; a
        // larger answer is cut off (and the connection closed) unread.
        let mut read = 0;
        while read < ANSWER_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                _ => break,
            }
        }
        drop(response);
        classify(&request.url, status, retry_after, location)
    }
}

impl WebhookChannel {
    fn request_error(&self, url: &str, err: reqwest::Error) -> DeliveryError {
        let url = &crate::redact::url(url);
        if let Some(refused) = find_source::<Refused>(&err) {
            return if refused.permanent {
                DeliveryError::permanent(refused.reason.clone())
            } else {
                DeliveryError::transient(refused.reason.clone())
            };
        }
        if err.is_timeout() {
            return DeliveryError::transient(format!(
                "webhook {url} did not answer within {} s",
                self.timeout.as_secs_f32()
            ));
        }
        if err.is_connect() {
            return DeliveryError::transient(format!(
                "cannot connect to webhook {url}: {}",
                root_cause(&err)
            ));
        }
        // reqwest names the URL in its errors: only the root cause is told.
        DeliveryError::transient(format!("webhook {url} failed: {}", root_cause(&err)))
    }
}

/// What an answer means for the delivery.
fn classify(
    url: &str,
    status: StatusCode,
    retry_after: Option<Duration>,
    location: Option<String>,
) -> Result<Receipt, DeliveryError> {
    let url = &crate::redact::url(url);
    let code = status.as_u16();
    if status.is_success() {
        return Ok(Receipt {
            channel: ChannelKind::Webhook,
            detail: format!("HTTP {status}"),
        });
    }
    let transient = matches!(code, 408 | 425 | 429) || status.is_server_error();
    let reason = match code {
        300..=399 => format!(
            "webhook {url} answered {status} redirecting to {}; redirects are not followed",
            location
                .as_deref()
                .map_or("nowhere".to_owned(), crate::redact::url)
        ),
        410 => format!("webhook {url} answered 410 Gone: the endpoint was removed"),
        _ => format!("webhook {url} answered {status}"),
    };
    let answer = crate::delivery::Answer::Http(code);
    Err(if transient {
        let err = DeliveryError::transient(reason).with_answer(answer);
        match retry_after {
            Some(delay) => err.with_retry_after(delay),
            None => err,
        }
    } else {
        DeliveryError::permanent(reason).with_answer(answer)
    })
}

/// `Retry-After` in seconds or as an HTTP date (RFC 9110).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = at.as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(wait.max(0) as u64))
}

fn find_source<'e, T: std::error::Error + 'static>(
    err: &'e (dyn std::error::Error + 'static),
) -> Option<&'e T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn answers_are_classified() {
        let ok = classify("u", StatusCode::NO_CONTENT, None, None).unwrap();
        assert_eq!(ok.detail, "HTTP 204 No Content");
        for code in [408, 425, 429, 500, 502, 503, 504] {
            let err = classify("u", StatusCode::from_u16(code).unwrap(), None, None).unwrap_err();
            assert!(err.is_transient(), "{code}");
        }
        for code in [400, 401, 403, 404, 410, 413, 301, 302] {
            let err = classify("u", StatusCode::from_u16(code).unwrap(), None, None).unwrap_err();
            assert!(err.is_permanent(), "{code}");
        }
        let gone = classify("https://x.test/h?t=1", StatusCode::GONE, None, None).unwrap_err();
        assert_eq!(
            gone.reason(),
            "webhook https://x.test/… answered 410 Gone: the endpoint was removed"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(120)));
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(300);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&later)
            .unwrap();
        h.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&h).unwrap().as_secs();
        assert!((298..=300).contains(&wait), "{date}: {wait}");
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(
            retry_after(&h),
            Some(Duration::ZERO),
            "a date in the past: now"
        );
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
