//! Shared by the integration tests: the Creator scenario and short-hands.
#![allow(dead_code)]

pub mod certs;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod python;
pub mod receiver;
pub mod smtp;

use std::path::{Path, PathBuf};

use tidings::{Catalog, LanguagePreferences, LocaleChain, Notice, Rendered};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The four revisions of the Creator outage, in order.
pub fn creator_outage() -> Vec<Notice> {
    let dir = root().join("examples/data/creator-outage");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "four revisions in {}", dir.display());
    files.iter().map(|f| notice_file(f)).collect()
}

pub fn notice_file(path: &Path) -> Notice {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn shipped() -> Catalog {
    Catalog::shipped().unwrap_or_else(|e| panic!("{e}"))
}

pub fn chain(catalog: &Catalog, tags: &str) -> LocaleChain {
    let prefs = LanguagePreferences::from_tags(tags.split_whitespace()).unwrap();
    catalog.negotiate(&prefs)
}

pub fn render(catalog: &Catalog, notice: &Notice, tags: &str, zone: &str) -> Rendered {
    let tz = tidings::parse_time_zone(zone).unwrap();
    catalog.render(notice, &chain(catalog, tags), &tz)
}

/// Compares `actual` with the golden file, or writes it when
/// `TIDINGS_BLESS=1` (then read the diff before committing it).
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("TIDINGS_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (TIDINGS_BLESS=1 writes it)", path.display()));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the rendering at line {}:\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// A delivery of the first Creator notice, rendered in `tags`, to `address`.
pub fn delivery_to(address: tidings::Address, tags: &str) -> tidings::Delivery {
    delivery_of(creator_outage().remove(0), address, tags)
}

/// A delivery of `notice`, rendered in `tags` for Amsterdam, to `address`.
#[allow(dead_code)]
pub fn delivery_of(notice: Notice, address: tidings::Address, tags: &str) -> tidings::Delivery {
    use std::sync::Arc;
    let catalog = shipped();
    let notice = Arc::new(notice);
    let recipient = Arc::new(tidings::Recipient {
        id: "c-17".into(),
        name: "Ada Lovelace".into(),
        languages: LanguagePreferences::from_tags(tags.split_whitespace()).unwrap(),
        time_zone: Some("Europe/Amsterdam".into()),
        addresses: vec![address.clone()],
        audience: Default::default(),
    });
    let tz = tidings::parse_time_zone("Europe/Amsterdam").unwrap();
    let rendered = catalog.render(&notice, &catalog.negotiate(&recipient.languages), &tz);
    tidings::Delivery::new(notice, recipient, address, std::sync::Arc::new(rendered))
}

/// A loopback port nobody listens on, reserved for as long as the socket
/// lives: connections to it are refused, and no other test can take it.
pub fn closed_port() -> (tokio::net::TcpSocket, u16) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    (socket, port)
}
