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

/// Every row of `text`, read as the file `name`: its recipient or the
/// problem, in the words the tool prints.
fn read_rows(name: &str, text: &str) -> Vec<Result<tidings::Recipient, String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut rows = Vec::new();
    input::recipients(&path, Path::new(name), |_, row| {
        rows.push(row.map_err(|p| p.to_string()));
    })
    .unwrap();
    rows
}

#[test]
fn audience_columns_are_read_from_csv_and_json_lines() {
    use tidings::Severity;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/recipients/audiences.csv");
    let mut rows = Vec::new();
    input::recipients(&path, &path, |_, row| rows.push(row.ok().unwrap())).unwrap();
    assert_eq!(rows[0].audience.components(), ["Editor", "Published sites"]);
    assert_eq!(rows[0].audience.min_severity(), Some(Severity::Major));
    assert!(!rows[0].audience.maintenance());
    assert!(
        rows[1].audience.is_everything(),
        "empty columns: everything"
    );
    assert_eq!(rows[2].audience.components(), ["Webmail"]);
    assert!(rows[2].audience.maintenance());

    let json = read_rows(
        "rows.jsonl",
        concat!(
            r#"{"id":"c-1","name":"Ada","email":"a@example.com","components":["Editor","Webmail"],"maintenance":false}"#,
            "\n",
            r#"{"id":"c-2","name":"Bo","email":"b@example.com","components":"Editor; Webmail","min_severity":"Critical","maintenance":"yes"}"#,
            "\n",
        ),
    );
    let [Ok(one), Ok(two)] = &json[..] else {
        panic!("{json:?}")
    };
    assert_eq!(one.audience.components(), ["Editor", "Webmail"]);
    assert!(!one.audience.maintenance());
    assert_eq!(two.audience.components(), ["Editor", "Webmail"]);
    assert_eq!(two.audience.min_severity(), Some(Severity::Critical));
}

#[test]
fn audience_columns_are_checked_with_file_line_and_field() {
    const HEAD: &str = "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,components,min_severity,maintenance\n";
    let rows = read_rows(
        "customers.csv",
        &format!(
            "{HEAD}c-1,Ada,en,UTC,a@example.com,,,,Editor;editor,,\n\
             c-2,Bo,en,UTC,b@example.com,,,,,maintenance,\n\
             c-3,Cy,en,UTC,c@example.com,,,,,,maybe\n\
             c-4,Di,en,UTC,d@example.com,,,,Edit\u{202E}or,,\n\
             c-5,Ed,en,UTC,e@example.com,,,,Editor,minor,no\n"
        ),
    );
    let errors: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.as_ref().err().map(String::as_str))
        .collect();
    assert_eq!(errors.len(), 4, "{rows:?}");
    assert!(
        errors[0].starts_with(
            "customers.csv:2: field `components`: the component `editor` is named twice"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(
            "customers.csv:3: field `min_severity`: `maintenance` must be minor, major or critical"
        ),
        "{}",
        errors[1]
    );
    assert!(
        errors[2]
            .starts_with("customers.csv:4: field `maintenance`: `maybe` must be `yes` or `no`"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].starts_with("customers.csv:5: field `components`: the component"),
        "{}",
        errors[3]
    );
    assert!(rows[4].is_ok());

    let json = read_rows(
        "rows.jsonl",
        concat!(
            r#"{"id":"c-1","name":"Ada","email":"a@example.com","components":["Edit;or"]}"#,
            "\n",
            r#"{"id":"c-2","name":"Bo","email":"b@example.com","min_severity":"huge"}"#,
            "\n"
        ),
    );
    let first = json[0].as_ref().unwrap_err();
    assert!(
        first.starts_with("rows.jsonl:1: ") && first.contains("separates components"),
        "{first}"
    );
    let second = json[1].as_ref().unwrap_err();
    assert!(
        second.starts_with("rows.jsonl:2: field `min_severity`"),
        "{second}"
    );
}

#[test]
fn a_header_names_each_optional_column_once() {
    const BASE: &str = "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app";
    let read = |header: &str| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("customers.csv");
        std::fs::write(&path, format!("{header}\n")).unwrap();
        input::recipients(&path, Path::new("customers.csv"), |_, _| {})
    };
    assert!(read(BASE).is_ok());
    assert!(read(&format!("{BASE},maintenance,components")).is_ok());
    assert!(read(&format!("{BASE},custom_channel,custom_to,min_severity")).is_ok());
    let twice = read(&format!("{BASE},components,components")).unwrap_err();
    assert!(
        twice.contains("the column `components` is named twice"),
        "{twice}"
    );
    let alone = read(&format!("{BASE},custom_channel")).unwrap_err();
    assert!(alone.contains("come together"), "{alone}");
    let unknown = read(&format!("{BASE},team")).unwrap_err();
    assert!(
        unknown.starts_with("customers.csv:1: unknown column `team`"),
        "{unknown}"
    );
}
