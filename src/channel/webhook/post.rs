//! One POST and what its answer means for the delivery.

use std::time::Duration;

use async_trait::async_trait;
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION};
use url::Url;

use super::{SignedRequest, WebhookChannel};
use crate::channel::http::{request_error, retry_after};
use crate::channel::{Channel, ChannelKind, FailureDomain, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};

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
        // What the answer is read against is all that outlives this block:
        // the rest would be kept, unused, for as long as the request runs.
        let (shown, post) = {
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
                // Boxed: writing a file is most of this future, and an outbox
                // is for trying a send, not for the hot path.
                let text = request.to_http(&url);
                let write = Box::pin(outbox::write(dir, &name, &text));
                let path = write.await?;
                return Ok(Receipt {
                    channel: ChannelKind::Webhook,
                    detail: format!("written to {}", path.display()),
                });
            }
            let SignedRequest {
                url: shown,
                id,
                timestamp,
                signature,
                body,
            } = request;
            // The names are known when compiled, and the values move in: no
            // copy of either per delivery.
            let mut headers = HeaderMap::with_capacity(8);
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.insert(WEBHOOK_ID, owned_value(id)?);
            headers.insert(WEBHOOK_TIMESTAMP, number_value(timestamp));
            headers.insert(WEBHOOK_SIGNATURE, owned_value(signature)?);
            (shown, self.client.post(&url, headers, body))
        };
        let answer = post
            .await
            .map_err(|e| request_error("webhook", &shown, self.timeout, e))?;
        let retry_after = retry_after(&answer.headers);
        let location = answer
            .headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        classify(&shown, answer.status, retry_after, location)
    }
}

const WEBHOOK_ID: HeaderName = HeaderName::from_static("webhook-id");
const WEBHOOK_TIMESTAMP: HeaderName = HeaderName::from_static("webhook-timestamp");
const WEBHOOK_SIGNATURE: HeaderName = HeaderName::from_static("webhook-signature");

/// A header value made of `value` itself. The id (hex digits) and the
/// signature (base64) are always valid values; this only keeps it so.
fn owned_value(value: String) -> Result<HeaderValue, DeliveryError> {
    HeaderValue::try_from(value)
        .map_err(|e| DeliveryError::permanent(format!("cannot send a webhook header: {e}")))
}

/// A header value of `n`'s digits, made in one allocation (`From<i64>`
/// takes two).
fn number_value(n: i64) -> HeaderValue {
    use std::io::Write;
    let mut digits = [0u8; 20];
    let len = {
        let mut rest = &mut digits[..];
        // Twenty bytes hold every i64.
        let _ = write!(rest, "{n}");
        20 - rest.len()
    };
    HeaderValue::from_bytes(&digits[..len]).unwrap_or_else(|_| HeaderValue::from(n))
}

/// What an answer means for the delivery.
fn classify(
    url: &str,
    status: StatusCode,
    retry_after: Option<Duration>,
    location: Option<String>,
) -> Result<Receipt, DeliveryError> {
    let code = status.as_u16();
    if status.is_success() {
        return Ok(Receipt {
            channel: ChannelKind::Webhook,
            detail: format!("HTTP {status}"),
        });
    }
    // Shown only in a reason: a success never parses the URL again.
    let url = &crate::redact::url(url);
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
    } else if code == 410 {
        DeliveryError::permanent(reason).with_answer(answer).gone()
    } else {
        DeliveryError::permanent(reason).with_answer(answer)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Address, Secret};

    /// Every webhook delivery allocates its future: one that outgrows a
    /// kilobyte (something large kept across the request, or a rare path
    /// not boxed) leaves the allocator's per-thread cache.
    #[tokio::test]
    async fn a_webhooks_future_stays_under_a_kilobyte() {
        let channel = WebhookChannel::builder().build().unwrap();
        let delivery = crate::delivery::sample(Address::Webhook {
            url: "https://hooks.example.com/t".into(),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        });
        let future = channel.deliver(&delivery);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 1024, "a webhook's future is {size} bytes");
    }

    #[test]
    fn numbers_are_written_as_from_writes_them() {
        for n in [0, 7, -1, 1_700_000_000, i64::MAX, i64::MIN] {
            assert_eq!(number_value(n), HeaderValue::from(n), "{n}");
        }
    }

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
}
