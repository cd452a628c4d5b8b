//! The two readers of outside input, notices (TOML or JSON) and recipients
//! (CSV or JSON Lines), under random damage to a committed corpus of real
//! files: no input panics, a notice that is read renders, and no line is
//! held whole past the limit. A short run is part of `cargo test`;
//! `PROPTEST_CASES=100000 cargo test --test readers` runs a long one.

#[path = "../examples/tidings/input.rs"]
#[allow(dead_code)]
mod input;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use tidings::{Catalog, LanguagePreferences, Notice};

fn corpus(kind: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Pieces that break parsers and text: quotes, separators, line ends, NUL,
/// bidi overrides, invalid UTF-8, brackets, secrets, long runs.
const PIECES: &[&[u8]] = &[
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\0",
    "\u{202E}".as_bytes(),
    "\u{2066}".as_bytes(),
    b"\xff\xfe",
    b"{",
    b"}]",
    b"[notice.details]\n",
    b"whsec_",
    b"revision = 0\n",
    b"=",
    b"https://",
    b"\\u0000",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Flip(usize, u8),
    /// Repeats a piece many times: a long line or field.
    Flood(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), 0..PIECES.len()).prop_map(|(at, p)| Edit::Insert(at, p)),
        2 => (any::<usize>(), 1..64usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        1 => (any::<usize>(), 0..PIECES.len(), 1..20_000usize).prop_map(|(at, p, n)| Edit::Flood(at, p, n)),
    ]
}

fn damaged(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for e in edits {
        let at = |i: usize| {
            if bytes.is_empty() {
                0
            } else {
                i % (bytes.len() + 1)
            }
        };
        match *e {
            Edit::Insert(i, p) => {
                let i = at(i);
                bytes.splice(i..i, PIECES[p].iter().copied());
            }
            Edit::Delete(i, n) => {
                let i = at(i);
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Edit::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] ^= b;
                }
            }
            Edit::Flood(i, p, n) => {
                let i = at(i);
                let run: Vec<u8> = PIECES[p]
                    .iter()
                    .copied()
                    .cycle()
                    .take(n * PIECES[p].len())
                    .collect();
                bytes.splice(i..i, run);
            }
        }
    }
    bytes
}

fn longest_line(bytes: &[u8]) -> usize {
    bytes
        .split(|b| *b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::shipped().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_recipients_reader_survives_any_damage(
        which in 0..2usize,
        edits in prop::collection::vec(edit(), 0..12),
    ) {
        let files = corpus("recipients");
        let (seed_path, seed) = &files[which % files.len()];
        let bytes = damaged(seed, &edits);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(seed_path.file_name().unwrap());
        std::fs::write(&path, &bytes).unwrap();
        let mut rows = 0u64;
        let read = input::recipients(&path, &path, |_, row| {
            rows += 1;
            if let Ok(r) = row {
                // What is accepted passes the library's own checks.
                assert!(tidings::checks::check_name("id", &r.id, tidings::checks::MAX_ID_BYTES).is_ok());
                assert!(!r.addresses.is_empty());
            }
        });
        if longest_line(&bytes) > input::MAX_LINE_BYTES + 1 {
            prop_assert!(read.is_err(), "a line over the limit is refused");
        }
    }

    #[test]
    fn the_notice_reader_survives_any_damage_and_what_it_reads_renders(
        which in 0..3usize,
        edits in prop::collection::vec(edit(), 0..12),
    ) {
        let files = corpus("notices");
        let (seed_path, seed) = &files[which % files.len()];
        let text = String::from_utf8_lossy(&damaged(seed, &edits)).into_owned();
        let notice: Option<Notice> = if seed_path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).ok()
        } else {
            toml::from_str(&text).ok()
        };
        if let Some(notice) = notice {
            let chain = catalog().negotiate(&LanguagePreferences::from_tags(["ar", "en"]).unwrap());
            let rendered = catalog().render(&notice, &chain, &notice.time_zone());
            prop_assert!(!rendered.subject.is_empty());
        }
    }
}
