//! Addresses shortened for people and logs. Webhook URLs are often
//! capability URLs (a token in the path or query), and a mailbox is
//! personal data: error reasons, history, reports, tracing and tool output
//! show only enough to tell which one it was.

/// A URL without its path, query and credentials: scheme, host and port,
/// then `/…` when something was left out.
pub fn url(url: &str) -> String {
    url_with_room(url, 0)
}

/// [`url()`] in a string with room for `extra` more bytes, so a caller that
/// appends (a webhook's identity adds its digest) allocates once.
pub(crate) fn url_with_room(url: &str, extra: usize) -> String {
    // Every webhook delivery's key shows its URL so: the common case is
    // read without the URL parser, which agrees with it (a test compares).
    if let Some(shown) = plain_url(url, extra) {
        return shown;
    }
    parsed_url(url)
}

/// [`url()`] as the URL parser reads it.
fn parsed_url(url: &str) -> String {
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

/// [`url()`] for a URL the URL parser would leave as it is: `http` or
/// `https`, no credentials, a lowercase host name (not an IP address, not
/// punycode), a port written plainly, and a path without dots or escapes
/// (which it would normalize); `None` for anything else.
fn plain_url(url: &str, extra: usize) -> Option<String> {
    let (scheme, rest) = match url.strip_prefix("https://") {
        Some(rest) => ("https", rest),
        None => ("http", url.strip_prefix("http://")?),
    };
    // Whitespace and control characters are dropped by the parser, and a
    // backslash is a slash to it.
    if !url.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') {
        return None;
    }
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let name_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let labels_plain = host.split('.').all(|label| {
        !label.is_empty() && !label.starts_with("xn--") && label.bytes().all(name_byte)
    });
    // A host whose last label begins with a digit is read as an IPv4
    // address and written back normalized: plain only when written as it
    // would be written back.
    let last = host.rsplit('.').next().unwrap_or_default();
    if !labels_plain || (last.starts_with(|c: char| c.is_ascii_digit()) && !dotted_quad(host)) {
        return None;
    }
    let port = match port {
        None => None,
        Some(port) => {
            if port.starts_with('0') || !port.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let port: u16 = port.parse().ok()?;
            let default = if scheme == "https" { 443 } else { 80 };
            (port != default).then_some(port)
        }
    };
    let path = &tail[..tail.find(['?', '#']).unwrap_or(tail.len())];
    if path.contains(['.', '%']) {
        return None;
    }
    let hidden = !matches!(tail, "" | "/");
    // ":65535" and "/…" at most after the host.
    let mut shown = String::with_capacity(scheme.len() + 3 + host.len() + 10 + extra);
    shown.push_str(scheme);
    shown.push_str("://");
    shown.push_str(host);
    if let Some(port) = port {
        use std::fmt::Write;
        // Writing to a String cannot fail.
        let _ = write!(shown, ":{port}");
    }
    if hidden {
        shown.push_str("/…");
    }
    Some(shown)
}

/// Whether `host` is an IPv4 address written as the URL parser writes
/// one: four decimal numbers up to 255, without leading zeros.
fn dotted_quad(host: &str) -> bool {
    let mut parts = 0;
    let plain = host.split('.').all(|part| {
        parts += 1;
        part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
            && part.parse::<u8>().is_ok()
    });
    plain && parts == 4
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

#[cfg(feature = "sqlite")]
/// A digest as keys and names show it: `bytes` as lowercase hex digits, two
/// per byte (without a `format!` per byte: it runs for every delivery).
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// [`hex`] onto the end of `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Mostly one of `plain` (what the plain way reads, near misses
    /// included), sometimes one of `other` (what it must leave to the
    /// parser), so that most cases compare the two ways.
    fn piece(
        plain: &'static [&'static str],
        other: &'static [&'static str],
    ) -> impl Strategy<Value = &'static str> {
        prop_oneof![
            9 => proptest::sample::select(plain),
            1 => proptest::sample::select(other),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn plain_urls_are_shown_as_the_parser_shows_them(
            lead in piece(&[""], &[" ", "\t", "\u{0}"]),
            scheme in piece(&["https://", "http://"], &["HTTP://", "https:/", "ftp://", "http:\\\\", "wss://"]),
            user in piece(&[""], &["u@", "u:p@", "@", ":@"]),
            labels in proptest::collection::vec(
                piece(&["hooks", "example", "com", "a", "x-y", "-a", "b-", "-", "ab--c", "c0m", "1e", "api",
                        "127", "0", "1", "255", "10", "256", "00", "08", "0x7f", "4294967295", "1a"],
                      &["xn--", "xn--nxasmq6b", "A", "Ex", "é", "_", "%41", "", "[::1]", "a\u{ad}b"]),
                1..6),
            port in piece(&["", ":80", ":443", ":8443", ":8089", ":65535", ":1"],
                          &[":", ":080", ":0", ":65536", ":99999", ":x", ":1:2", ":+1"]),
            path in piece(&["", "/", "/hook", "/a/b", "/t/SECRET", "//", "/a-b_c~d", "/;x", "/a:b"],
                          &["/.", "/..", "/a/./b", "/%2e", "/%41", "/a b", "\\x", "/\\", "/.hidden"]),
            query in piece(&["", "?", "?c=1", "?a=b&c=.", "#", "#f", "?q#f", "?%2e", "#.."], &["? x"]),
            trail in piece(&[""], &[" ", "\n", "\t"]),
        ) {
            let url = format!("{lead}{scheme}{user}{}{port}{path}{query}{trail}", labels.join("."));
            if let Some(shown) = plain_url(&url, 0) {
                prop_assert_eq!(shown, parsed_url(&url), "{}", url);
            }
        }
    }

    #[test]
    fn the_common_webhook_urls_take_the_plain_way() {
        for url in [
            "https://hooks.example.com/t/SECRET?k=1",
            "http://127.0.0.1.nip.io:8089/hook?c=7",
            "https://api.example-shop.com:8443/",
            "https://example.com",
        ] {
            assert_eq!(plain_url(url, 0), Some(parsed_url(url)), "{url}");
        }
        assert_eq!(
            plain_url("http://127.0.0.1:8089/hook?c=1", 0).as_deref(),
            Some("http://127.0.0.1:8089/…")
        );
        for url in [
            "http://127.1:8089/hook",
            "http://127.0.0.01/",
            "https://Example.com/",
            "https://u@x.com/",
        ] {
            assert_eq!(plain_url(url, 0), None, "{url}");
            assert_eq!(super::url(url), parsed_url(url), "{url}");
        }
    }

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
