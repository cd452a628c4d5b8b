//! Reading notices (TOML) and recipients (CSV or JSON Lines), with every
//! problem named by file, line and field.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;
use tidings::channel::webhook::check_secret;
use tidings::{Address, LanguagePreferences, Notice, Recipient, Secret};

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

/// Reads a notice document, or says where it is wrong.
pub fn notice(path: &Path) -> Result<Notice, String> {
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
}

fn text(value: Option<String>) -> String {
    value.map(|v| v.trim().to_owned()).unwrap_or_default()
}

impl Row {
    fn recipient(self) -> Result<Recipient, (&'static str, String)> {
        let id = text(self.id);
        if id.is_empty() {
            return Err(("id", "is empty".into()));
        }
        if id.chars().any(char::is_control) {
            return Err(("id", "contains a control character".into()));
        }
        let name = text(self.name);
        if name.chars().any(char::is_control) {
            return Err(("name", "contains a line break or control character".into()));
        }
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
        match text(self.in_app).to_ascii_lowercase().as_str() {
            "" | "no" => {}
            "yes" => addresses.push(Address::InApp {
                account: id.clone(),
            }),
            other => return Err(("in_app", format!("`{other}` must be `yes` or empty"))),
        }
        if addresses.is_empty() {
            return Err((
                "email",
                "the customer has no email, webhook or in-app address".into(),
            ));
        }
        Ok(Recipient {
            id,
            name,
            languages,
            time_zone,
            addresses,
        })
    }
}

/// Reads every recipient of `path` in order, handing each row (or its
/// problem) to `visit`. CSV unless the file ends in `.jsonl` or `.ndjson`.
pub fn recipients(
    path: &Path,
    mut visit: impl FnMut(Result<Recipient, Problem>),
) -> Result<(), String> {
    let file_name = path.display().to_string();
    let problem = |line: u64, field: Option<&'static str>, message: String| Problem {
        file: file_name.clone(),
        line,
        field,
        message,
    };
    let file = File::open(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let json = path
        .extension()
        .is_some_and(|e| e == "jsonl" || e == "ndjson");
    if json {
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let n = i as u64 + 1;
            let line = line.map_err(|e| format!("{}:{n}: cannot read: {e}", path.display()))?;
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
            visit(row.and_then(|row| {
                row.recipient()
                    .map_err(|(field, message)| problem(n, Some(field), message))
            }));
        }
        return Ok(());
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(file);
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
    let header = reader
        .headers()
        .map_err(|e| format!("{}:1: {e}", path.display()))?
        .clone();
    if header.iter().collect::<Vec<_>>() != HEADER {
        return Err(format!(
            "{}:1: the header must be `{}`",
            path.display(),
            HEADER.join(",")
        ));
    }
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
                visit(row.and_then(|row| {
                    row.recipient()
                        .map_err(|(field, message)| problem(line, Some(field), message))
                }));
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                visit(Err(problem(line, None, e.to_string())));
            }
        }
    }
    Ok(())
}
