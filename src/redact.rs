//! Addresses shortened for people and logs. Webhook URLs are often
//! capability URLs (a token in the path or query), and a mailbox is
//! personal data: error reasons, history, reports, tracing and tool output
//! show only enough to tell which one it was.

/// A URL without its path, query and credentials: scheme, host and port,
/// then `/…` when something was left out.
pub fn url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => {
            let host = parsed.host_str().unwrap_or_default();
            let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
            let hidden =
                parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some();
            let rest = if hidden { "/…" } else { "" };
            format!("{}://{host}{port}{rest}", parsed.scheme())
        }
        Err(_) => "(an unparsable URL)".to_owned(),
    }
}

/// An address of `channel` shortened: the first letter of a mailbox and its
/// domain; a webhook URL as [`url()`]; other addresses (in-app accounts,
/// your own channels' addresses) as they are.
pub fn address(channel: &str, address: &str) -> String {
    match channel {
        "email" => match address.rsplit_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}…@{domain}")
            }
            None => "…".to_owned(),
        },
        // A key's webhook address is already shown safely (its host and a
        // digest); a URL is shortened.
        "webhook" if is_identity(address) => address.to_owned(),
        "webhook" => url(address),
        _ => address.to_owned(),
    }
}

/// Whether `address` is a webhook URL's identity: a shortened URL, `#`, and
/// 32 hex digits.
pub(crate) fn is_identity(address: &str) -> bool {
    address.rsplit_once('#').is_some_and(|(shown, digest)| {
        digest.len() == 32 && digest.bytes().all(|b| b.is_ascii_hexdigit()) && url(shown) == shown
    })
}

/// A digest as keys and names show it: `bytes` as lowercase hex digits, two
/// per byte (without a `format!` per byte: it runs for every delivery).
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_mailboxes_are_not_shown() {
        assert_eq!(address("email", "mia@example.com"), "m…@example.com");
        assert_eq!(
            address("webhook", "https://hooks.example.com:8443/t/SECRET?k=1"),
            "https://hooks.example.com:8443/…"
        );
        assert_eq!(
            url("https://user:pass@hooks.example.com/"),
            "https://hooks.example.com"
        );
        assert_eq!(address("in-app", "acct-7"), "acct-7");
        // A key's webhook address is shown as it is; one that only looks
        // like one is shortened.
        let identity = "https://hooks.example.com/…#0123456789abcdef0123456789abcdef";
        assert_eq!(address("webhook", identity), identity);
        let sneaky = "https://hooks.example.com/t/SECRET#0123456789abcdef0123456789abcdef";
        assert_eq!(address("webhook", sneaky), "https://hooks.example.com/…");
    }
}
