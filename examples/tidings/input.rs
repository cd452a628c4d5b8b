//! Reading notices (TOML) and recipients (CSV or JSON Lines), with every
//! problem named by file, line and field.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Deserialize;
use tidings::channel::webhook::check_secret;
use tidings::checks::{self, MAX_ID_BYTES, MAX_NAME_BYTES};
use tidings::{Address, Audience, LanguagePreferences, Notice, Recipient, Secret, Severity};

/// One problem in an input file.
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub field: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(field) = self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// At most this much notice document.
const MAX_NOTICE_BYTES: u64 = 1024 * 1024;
/// At most this long, one line of a recipients file.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// At most this big, a recipients file (it is copied before it is read).
pub const MAX_RECIPIENTS_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// The most each field of a recipients row may hold, in bytes.
const FIELD_LIMITS: [(&str, usize); 14] = [
    ("id", MAX_ID_BYTES),
    ("name", MAX_NAME_BYTES),
    ("languages", 256),
    ("time_zone", 64),
    ("email", 320),
    ("webhook_url", 2048),
    ("webhook_secret", 1024),
    ("in_app", 16),
    ("custom_channel", 64),
    ("custom_to", 512),
    ("components", 4096),
    ("min_severity", 16),
    ("maintenance", 8),
    ("chat", 2100),
];

/// Reads a notice document, or says where it is wrong.
pub fn notice(path: &Path) -> Result<Notice, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?
        .len();
    if size > MAX_NOTICE_BYTES {
        return Err(format!(
            "{}: the notice is {size} bytes; at most {MAX_NOTICE_BYTES} are accepted",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        let message = e.message().trim().to_owned();
        match line {
            Some(line) => format!("{}:{line}: {message}", path.display()),
            None => format!("{}: {message}", path.display()),
        }
    })
}

/// A row of the recipients file, CSV or JSON Lines.
#[derive(Deserialize)]
struct Row {
    id: Option<String>,
    name: Option<String>,
    languages: Option<String>,
    time_zone: Option<String>,
    email: Option<String>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    in_app: Option<String>,
    /// An address on a channel of the embedding service's own (`sms`).
    custom_channel: Option<String>,
    custom_to: Option<String>,
    /// The components the customer follows, separated by `;` (in JSON
    /// also a list): none, all.
    #[serde(default, deserialize_with = "loose::text")]
    components: Option<String>,
    /// The lowest severity they want: minor, major or critical.
    min_severity: Option<String>,
    /// Whether they want planned maintenance: `yes` (the default) or `no`
    /// (in JSON also `true` or `false`).
    #[serde(default, deserialize_with = "loose::text")]
    maintenance: Option<String>,
    /// A team's chat channel: `slack:https://hooks.slack.com/…`, or
    /// `teams:`, `discord:`, `google-chat:` and the webhook URL.
    chat: Option<String>,
}

/// The audience columns as JSON Lines may also write them: a list of
/// components, a `true` or `false`.
mod loose {
    use std::fmt;

    use serde::Deserializer;
    use serde::de::{self, SeqAccess, Visitor};

    pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_option(Maybe)
    }

    struct Maybe;

    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text, a list of names, or true or false")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Text).map(Some)
        }
    }

    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text, a list of names, or true or false")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(if v { "yes" } else { "no" }.to_owned())
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            let mut names: Vec<String> = Vec::new();
            while let Some(name) = seq.next_element::<String>()? {
                if name.contains(';') {
                    return Err(de::Error::custom(format!(
                        "the component `{name}` contains `;`, which separates components"
                    )));
                }
                names.push(name);
            }
            Ok(names.join(";"))
        }
    }
}

fn text(value: Option<String>) -> String {
    value.map(|v| v.trim().to_owned()).unwrap_or_default()
}

impl Row {
    fn fields(&self) -> [Option<&String>; 14] {
        [
            self.id.as_ref(),
            self.name.as_ref(),
            self.languages.as_ref(),
            self.time_zone.as_ref(),
            self.email.as_ref(),
            self.webhook_url.as_ref(),
            self.webhook_secret.as_ref(),
            self.in_app.as_ref(),
            self.custom_channel.as_ref(),
            self.custom_to.as_ref(),
            self.components.as_ref(),
            self.min_severity.as_ref(),
            self.maintenance.as_ref(),
            self.chat.as_ref(),
        ]
    }

    fn recipient(self) -> Result<Recipient, (&'static str, String)> {
        for ((field, limit), value) in FIELD_LIMITS.iter().zip(self.fields()) {
            let length = value.map_or(0, String::len);
            if length > *limit {
                return Err((
                    field,
                    format!("is {length} bytes long; at most {limit} are accepted"),
                ));
            }
        }
        let id = text(self.id);
        if id.is_empty() {
            return Err(("id", "is empty".into()));
        }
        checks::check_name("id", &id, MAX_ID_BYTES).map_err(|e| ("id", e.to_string()))?;
        let name = text(self.name);
        checks::check_name("name", &name, MAX_NAME_BYTES).map_err(|e| ("name", e.to_string()))?;
        let languages = LanguagePreferences::from_tags(
            text(self.languages)
                .split([' ', ','])
                .filter(|t| !t.is_empty()),
        )
        .map_err(|e| ("languages", e.to_string()))?;
        let time_zone = match text(self.time_zone) {
            zone if zone.is_empty() => None,
            zone => {
                tidings::parse_time_zone(&zone).map_err(|e| ("time_zone", e.to_string()))?;
                Some(zone)
            }
        };
        let mut addresses = Vec::new();
        let email = text(self.email);
        if !email.is_empty() {
            email.parse::<lettre::Address>().map_err(|e| {
                (
                    "email",
                    format!("`{email}` is not a valid email address: {e}"),
                )
            })?;
            addresses.push(Address::Email { mailbox: email });
        }
        let (url, secret) = (text(self.webhook_url), text(self.webhook_secret));
        match (url.is_empty(), secret.is_empty()) {
            (true, true) => {}
            (true, false) => {
                return Err((
                    "webhook_url",
                    "is empty but a webhook secret is given".into(),
                ));
            }
            (false, true) => {
                return Err((
                    "webhook_secret",
                    "is empty; a webhook needs a whsec_ secret".into(),
                ));
            }
            (false, false) => {
                let parsed = url::Url::parse(&url)
                    .map_err(|e| ("webhook_url", format!("`{url}` is not a URL: {e}")))?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(("webhook_url", format!("`{url}` must be http or https")));
                }
                let secret = Secret::new(secret);
                check_secret(&secret).map_err(|e| ("webhook_secret", e.to_string()))?;
                addresses.push(Address::Webhook { url, secret });
            }
        }
        let chat = text(self.chat);
        if !chat.is_empty() {
            let address = Address::chat(&chat).map_err(|e| ("chat", e.to_string()))?;
            if let Address::Chat { service, url } = &address {
                let shown = tidings::redact::url(url);
                let parsed = url::Url::parse(url).map_err(|e| {
                    (
                        "chat",
                        format!("`{service}:{shown}` has no valid webhook URL: {e}"),
                    )
                })?;
                if !matches!(parsed.scheme(), "http" | "https") {
                    return Err(("chat", format!("`{shown}` must be an https URL")));
                }
            }
            addresses.push(address);
        }
        match text(self.in_app).to_ascii_lowercase().as_str() {
            "" | "no" => {}
            "yes" => addresses.push(Address::InApp {
                account: id.clone(),
            }),
            other => return Err(("in_app", format!("`{other}` must be `yes` or empty"))),
        }
        match (text(self.custom_channel), text(self.custom_to)) {
            (kind, to) if kind.is_empty() && to.is_empty() => {}
            (kind, _) if kind.is_empty() => {
                return Err((
                    "custom_channel",
                    "is empty but a custom address is given".into(),
                ));
            }
            (_, to) if to.is_empty() => {
                return Err(("custom_to", "is empty but a custom channel is given".into()));
            }
            (kind, to) => {
                let name_ok = kind
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if !name_ok || matches!(kind.as_str(), "email" | "webhook" | "in-app") {
                    return Err((
                        "custom_channel",
                        format!("`{kind}` must be a name of your own channel (a-z, 0-9, -)"),
                    ));
                }
                checks::check_name("custom address", &to, 512)
                    .map_err(|e| ("custom_to", e.to_string()))?;
                addresses.push(Address::Custom { kind, to });
            }
        }
        if addresses.is_empty() {
            return Err((
                "email",
                "the customer has no email, webhook, chat, in-app or custom address".into(),
            ));
        }
        let audience = audience(self.components, self.min_severity, self.maintenance)?;
        Ok(Recipient {
            id,
            name,
            languages,
            time_zone,
            addresses,
            audience,
        })
    }
}

/// What a customer follows, from the three optional columns.
fn audience(
    components: Option<String>,
    min_severity: Option<String>,
    maintenance: Option<String>,
) -> Result<Audience, (&'static str, String)> {
    let components = text(components);
    let components = components
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let mut audience = Audience::everything()
        .with_components(components)
        .map_err(|e| ("components", e.to_string()))?;
    match text(min_severity).to_ascii_lowercase().as_str() {
        "" => {}
        given => {
            let severity = match given {
                "minor" => Severity::Minor,
                "major" => Severity::Major,
                "critical" => Severity::Critical,
                _ => {
                    return Err((
                        "min_severity",
                        format!("`{given}` must be minor, major or critical"),
                    ));
                }
            };
            audience = audience
                .with_min_severity(severity)
                .map_err(|e| ("min_severity", e.to_string()))?;
        }
    }
    match text(maintenance).to_ascii_lowercase().as_str() {
        "" | "yes" => {}
        "no" => audience = audience.with_maintenance(false),
        other => return Err(("maintenance", format!("`{other}` must be `yes` or `no`"))),
    }
    Ok(audience)
}

/// Fails a read when one line is longer than [`MAX_LINE_BYTES`], so no
/// single field or row can fill memory. A line ends at a line break outside
/// double quotes: a quoted CSV field that runs over many short lines is one
/// line here, as it is one record to the CSV reader that holds it whole.
struct LineLimit<R> {
    inner: R,
    line: usize,
    /// CSV: double quotes open and close fields (JSON Lines escapes its
    /// quotes inside strings, and a record is always one line).
    csv: bool,
    /// Inside a double-quoted field (`""` inside one toggles twice).
    quoted: bool,
}

impl<R> LineLimit<R> {
    fn new(inner: R, csv: bool) -> Self {
        LineLimit {
            inner,
            line: 0,
            csv,
            quoted: false,
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if self.csv && b == b'"' {
                self.quoted = !self.quoted;
            }
            self.line = if b == b'\n' && !self.quoted {
                0
            } else {
                self.line + 1
            };
            if self.line > MAX_LINE_BYTES {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a line (or a quoted field running over lines) is longer than {MAX_LINE_BYTES} bytes"
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// A private copy of the recipients file, read by both passes: a file that
/// changes (or is cut short) after it was checked cannot change what is
/// sent. The copy has no name (the system removes it when the tool ends,
/// however it ends, SIGKILL included): it holds webhook secrets.
pub struct StableCopy {
    file: File,
}

impl StableCopy {
    /// The copy, from its start, for one pass.
    pub fn reader(&self) -> Result<File, String> {
        let mut file = self
            .file
            .try_clone()
            .map_err(|e| format!("cannot read the private copy of the recipients: {e}"))?;
        std::io::Seek::rewind(&mut file)
            .map_err(|e| format!("cannot read the private copy of the recipients: {e}"))?;
        Ok(file)
    }
}

pub fn stable_copy(path: &Path) -> Result<StableCopy, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?
        .len();
    if size > MAX_RECIPIENTS_BYTES {
        return Err(format!(
            "{}: the file is {size} bytes; at most {MAX_RECIPIENTS_BYTES} are accepted",
            path.display()
        ));
    }
    let mut copy = tempfile::tempfile()
        .map_err(|e| format!("cannot make a private copy of {}: {e}", path.display()))?;
    let mut source =
        File::open(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let copied = std::io::copy(&mut (&mut source).take(MAX_RECIPIENTS_BYTES + 1), &mut copy)
        .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
    if copied > MAX_RECIPIENTS_BYTES {
        return Err(format!(
            "{}: the file grew past {MAX_RECIPIENTS_BYTES} bytes while it was read",
            path.display()
        ));
    }
    Ok(StableCopy { file: copy })
}

/// Customer ids already seen, by a hash of the id: a few bytes per row.
#[derive(Default)]
pub struct SeenIds {
    hasher: RandomState,
    lines: HashMap<u64, u64>,
}

impl SeenIds {
    /// The line `id` was first seen on, if it was.
    pub fn first(&mut self, id: &str, line: u64) -> Option<u64> {
        let hash = self.hasher.hash_one(id);
        match self.lines.get(&hash) {
            Some(&first) => Some(first),
            None => {
                self.lines.insert(hash, line);
                None
            }
        }
    }
}

/// The columns every recipients file starts with, in this order.
const HEADER: [&str; 8] = [
    "id",
    "name",
    "languages",
    "time_zone",
    "email",
    "webhook_url",
    "webhook_secret",
    "in_app",
];

/// The columns that may follow, each once, in any order.
const OPTIONAL: [&str; 6] = [
    "chat",
    "custom_channel",
    "custom_to",
    "components",
    "min_severity",
    "maintenance",
];

/// Whether a CSV header is [`HEADER`], then some [`OPTIONAL`] columns (the
/// two custom ones together).
fn check_header(header: &csv::StringRecord) -> Result<(), String> {
    let columns: Vec<&str> = header.iter().collect();
    let expected = || {
        format!(
            "the header must be `{}`, then any of `{}`",
            HEADER.join(","),
            OPTIONAL.join("`, `")
        )
    };
    if columns.get(..HEADER.len()) != Some(&HEADER[..]) {
        return Err(expected());
    }
    let rest = &columns[HEADER.len()..];
    for (i, column) in rest.iter().enumerate() {
        if !OPTIONAL.contains(column) {
            return Err(format!("unknown column `{column}`; {}", expected()));
        }
        if rest[..i].contains(column) {
            return Err(format!("the column `{column}` is named twice"));
        }
    }
    if rest.contains(&"custom_channel") != rest.contains(&"custom_to") {
        return Err("`custom_channel` and `custom_to` come together".into());
    }
    Ok(())
}

/// Reads every recipient of `path` in order, handing each row's line and
/// recipient (or its problem) to `visit`. CSV unless the file ends in
/// `.jsonl` or `.ndjson`. Problems name the file `name`.
// The service example and the readers' test read files by path; the tool
// reads its private copy with `recipients_from`.
#[allow(dead_code)]
pub fn recipients(
    path: &Path,
    name: &Path,
    visit: impl FnMut(u64, Result<Recipient, Problem>),
) -> Result<(), String> {
    let file = File::open(path).map_err(|e| format!("{}: cannot read: {e}", name.display()))?;
    recipients_from(file, name, visit)
}

/// [`recipients`] from an open file (the private copy), its format told by
/// `name`'s extension (the file the user gave).
pub fn recipients_from(
    file: File,
    name: &Path,
    mut visit: impl FnMut(u64, Result<Recipient, Problem>),
) -> Result<(), String> {
    let file_name = name.display().to_string();
    let problem = |line: u64, field: Option<&'static str>, message: String| Problem {
        file: file_name.clone(),
        line,
        field,
        message,
    };
    let json = name
        .extension()
        .is_some_and(|e| e == "jsonl" || e == "ndjson");
    let file = LineLimit::new(file, !json);
    if json {
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let n = i as u64 + 1;
            let line = line.map_err(|e| format!("{file_name}:{n}: cannot read: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let row = serde_json::from_str::<Row>(&line).map_err(|e| {
                problem(
                    n,
                    None,
                    format!("not a JSON object of the recipient fields: {e}"),
                )
            });
            visit(
                n,
                row.and_then(|row| {
                    row.recipient()
                        .map_err(|(field, message)| problem(n, Some(field), message))
                }),
            );
        }
        return Ok(());
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(file);
    let header = reader
        .headers()
        .map_err(|e| format!("{file_name}:1: {e}"))?
        .clone();
    check_header(&header).map_err(|e| format!("{file_name}:1: {e}"))?;
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                let row = record
                    .deserialize::<Row>(Some(&header))
                    .map_err(|e| problem(line, None, e.to_string()));
                visit(
                    line,
                    row.and_then(|row| {
                        row.recipient()
                            .map_err(|(field, message)| problem(line, Some(field), message))
                    }),
                );
            }
            // A read that failed (a line too long, a disk error) ends the file.
            Err(e) if e.is_io_error() => {
                let line = e.position().map_or(line, |p| p.line());
                return Err(format!("{file_name}:{line}: cannot read: {e}"));
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                visit(line, Err(problem(line, None, e.to_string())));
            }
        }
    }
    Ok(())
}
