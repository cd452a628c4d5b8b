//! The SSRF guard: a customer-supplied webhook URL is hostile until checked.
//!
//! The host is resolved by [`Policy::resolve`], every address it resolves to
//! is checked, and the HTTP client connects only to addresses that passed;
//! there is no second lookup that DNS rebinding could answer differently.
//! IP literals in URLs (in any spelling the URL standard accepts, such as
//! `2130706433` or `0x7f.1`) are normalised by the URL parser and checked
//! the same way before any connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// What the guard lets through besides public addresses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    /// Everything: loopback, private, link-local… (tests, internal use).
    pub(crate) allow_private: bool,
    /// Plain `http://` endpoints.
    pub(crate) allow_http: bool,
    /// Exactly these: an IP address, a network (`10.1.0.0/16`) or a host name.
    pub(crate) allowed: Vec<Allowed>,
}

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Allowed {
    /// Addresses in this network (a single address is a /32 or /128).
    Net(IpAddr, u8),
    /// This host name, whatever it resolves to.
    Host(String),
}

impl Allowed {
    /// Reads `203.0.113.7`, `10.0.0.0/8`, `::1`, `fd00::/8` or a host name.
    pub(crate) fn parse(entry: &str) -> Option<Allowed> {
        let entry = entry.trim();
        if let Some((ip, bits)) = entry.split_once('/') {
            let ip: IpAddr = ip.parse().ok()?;
            let bits: u8 = bits.parse().ok()?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            return (bits <= max).then_some(Allowed::Net(ip, bits));
        }
        if let Ok(ip) = entry
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<IpAddr>()
        {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Some(Allowed::Net(ip, bits));
        }
        let host = entry.trim_end_matches('.').to_ascii_lowercase();
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        valid.then_some(Allowed::Host(host))
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self, ip) {
            (Allowed::Net(IpAddr::V4(net), bits), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(*bits)).unwrap_or(0);
                u32::from(*net) & mask == u32::from(ip) & mask
            }
            (Allowed::Net(IpAddr::V6(net), bits), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(*bits)).unwrap_or(0);
                u128::from(*net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl Policy {
    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.allowed
            .iter()
            .any(|a| matches!(a, Allowed::Host(h) if *h == host))
    }

    /// Refuses an address unless it is public or allowed; says why.
    pub(crate) fn check_ip(&self, ip: IpAddr) -> Result<(), &'static str> {
        if self.allow_private || self.allowed.iter().any(|a| a.contains(ip)) {
            return Ok(());
        }
        match forbidden(ip) {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }

    /// Checks a URL before any connection: its scheme, and its host when the
    /// host is an IP address. Host names are checked when they are resolved.
    pub(crate) fn check_url(&self, url: &Url) -> Result<(), String> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "`{}` URLs are not allowed for webhooks, only https",
                url.scheme()
            ));
        }
        if url.scheme() == "http" && !self.allow_http {
            return Err(format!(
                "the webhook URL {} is plain http: the payload would travel readable and could be replayed; use https",
                crate::redact::url(url.as_str())
            ));
        }
        let ip = match url.host() {
            None => return Err("the webhook URL has no host".to_owned()),
            Some(Host::Domain(_)) => return Ok(()),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        };
        self.check_ip(ip).map_err(|why| {
            format!("the webhook URL points at {ip}, {why}; webhooks may not reach it")
        })
    }
}

/// Why an address must not be reached from a webhook, or `None` if it is a
/// public unicast address.
pub(crate) fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => forbidden_v4(ip),
        IpAddr::V6(ip) => forbidden_v6(ip),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], bits: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "an unspecified address"),
        ([10, 0, 0, 0], 8, "a private address"),
        ([100, 64, 0, 0], 10, "a carrier-grade NAT address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        (
            [169, 254, 0, 0],
            16,
            "a link-local address (cloud metadata lives there)",
        ),
        ([172, 16, 0, 0], 12, "a private address"),
        ([192, 0, 0, 0], 24, "an IETF protocol address"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a 6to4 relay address"),
        ([192, 168, 0, 0], 16, "a private address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([255, 255, 255, 255], 32, "the broadcast address"),
        ([240, 0, 0, 0], 4, "a reserved address"),
    ];
    RANGES
        .iter()
        .find(|(net, bits, _)| in_v4(ip, *net, *bits))
        .map(|(_, _, why)| *why)
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(ip);
    let in_net = |net: u128, len: u32| {
        let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
        bits & mask == net & mask
    };
    if ip.is_unspecified() {
        return Some("an unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    // Forms that carry an IPv4 address: as good as the address they carry.
    let embedded = |v4: u32| forbidden_v4(Ipv4Addr::from(v4));
    if in_net(0xffff << 32, 96) {
        return embedded(bits as u32); // IPv4-mapped ::ffff:a.b.c.d
    }
    if in_net(0, 96) {
        return embedded(bits as u32); // IPv4-compatible ::a.b.c.d (deprecated)
    }
    if in_net(0x0064_ff9b << 96, 96) {
        return embedded(bits as u32); // NAT64 64:ff9b::a.b.c.d
    }
    if in_net(0x2002 << 112, 16) {
        return embedded((bits >> 80) as u32); // 6to4 2002:aabb:ccdd::
    }
    const RANGES: &[(u128, u32, &str)] = &[
        (0xffff_0000 << 32, 96, "an IPv4-translated address"), // ::ffff:0:a.b.c.d
        (0x0064_ff9b_0001 << 80, 48, "a local-use NAT64 address"),
        (0x0100 << 112, 64, "a discard-only address"),
        (
            0x2001 << 112,
            23,
            "an IETF protocol address (Teredo and others)",
        ),
        (0x2001_0db8 << 96, 32, "a documentation address"),
        (0x3fff << 112, 20, "a documentation address"),
        (0xfc00 << 112, 7, "a unique local (private) address"),
        (0xfe80 << 112, 10, "a link-local address"),
        (0xfec0 << 112, 10, "a site-local address"),
        (0xff00 << 112, 8, "a multicast address"),
    ];
    RANGES
        .iter()
        .find(|(net, len, _)| in_net(*net, *len))
        .map(|(_, _, why)| *why)
}

/// Why a host name was refused; found again in the HTTP client's error chain.
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub(crate) struct Refused {
    pub(crate) reason: String,
    /// A forbidden address stays forbidden; a failed lookup may work later
    /// (nothing is sent either way).
    pub(crate) permanent: bool,
}

impl Policy {
    /// The addresses `host` resolves to, if every one of them may be
    /// reached (or the host is allowed by name). A lookup error fails
    /// closed. The HTTP client connects to exactly these.
    pub(crate) async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, Refused> {
        let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| Refused {
                reason: format!("cannot resolve `{host}`: {e}"),
                permanent: false,
            })?
            .collect();
        if found.is_empty() {
            return Err(Refused {
                reason: format!("`{host}` resolves to no address"),
                permanent: false,
            });
        }
        if !self.host_allowed(host) {
            for addr in &found {
                if let Err(why) = self.check_ip(addr.ip()) {
                    return Err(Refused {
                        reason: format!(
                            "`{host}` resolves to {}, {why}; webhooks may not reach it",
                            addr.ip()
                        ),
                        permanent: true,
                    });
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        forbidden(s.parse().unwrap()).is_some()
    }

    #[test]
    fn non_public_addresses_are_refused() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:0:127.0.0.1",
            "::ffff:0:169.254.169.254",
            "::ffff:0:8.8.8.8",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "100::1",
            "3fff::1",
        ] {
            assert!(refused(ip), "{ip} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass_even_when_embedded() {
        for ip in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!refused(ip), "{ip} is public");
        }
    }

    #[test]
    fn the_allow_list_allows_exactly_what_it_names() {
        let policy = Policy {
            allow_private: false,
            allow_http: false,
            allowed: ["127.0.0.1", "10.1.0.0/16", "hooks.internal"]
                .iter()
                .map(|e| Allowed::parse(e).unwrap())
                .collect(),
        };
        assert!(policy.check_ip("127.0.0.1".parse().unwrap()).is_ok());
        assert!(policy.check_ip("127.0.0.2".parse().unwrap()).is_err());
        assert!(policy.check_ip("10.1.200.3".parse().unwrap()).is_ok());
        assert!(policy.check_ip("10.2.0.1".parse().unwrap()).is_err());
        assert!(policy.check_ip("::1".parse().unwrap()).is_err());
        assert!(policy.host_allowed("Hooks.Internal."));
        assert!(!policy.host_allowed("evil.hooks.internal"));
        assert_eq!(Allowed::parse("10.0.0.0/33"), None);
        assert_eq!(Allowed::parse("not a host!"), None);
    }

    #[test]
    fn urls_are_checked_in_every_spelling() {
        let policy = Policy {
            allow_http: true,
            ..Policy::default()
        };
        for url in [
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::1]:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "https://10.0.0.1/hook",
            "ftp://example.com/",
            "file:///etc/passwd",
            "gopher://example.com/",
        ] {
            let parsed = Url::parse(url).unwrap();
            assert!(policy.check_url(&parsed).is_err(), "{url} must be refused");
        }
        assert!(
            policy
                .check_url(&Url::parse("https://hooks.example.com/x").unwrap())
                .is_ok()
        );
        assert!(
            policy
                .check_url(&Url::parse("http://93.184.216.34/x").unwrap())
                .is_ok()
        );
        let why = policy
            .check_url(&Url::parse("http://2130706433/").unwrap())
            .unwrap_err();
        assert_eq!(
            why,
            "the webhook URL points at 127.0.0.1, a loopback address; webhooks may not reach it"
        );
        let strict = Policy::default();
        let why = strict
            .check_url(&Url::parse("http://93.184.216.34/x?token=t").unwrap())
            .unwrap_err();
        assert!(
            why.contains("plain http") && !why.contains("token"),
            "{why}"
        );
    }
}
