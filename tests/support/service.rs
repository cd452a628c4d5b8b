//! The service example, started as a process on a free port, with a
//! recipients file of a Dutch, an Arabic and an email-only customer.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const INCIDENT: &str = "creator-2022-03-14";

/// The operator's token the service is started with.
pub const TOKEN: &str = "test-operator-token-0123456789abcdef";

pub const CUSTOMERS: &str = "\
id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app
c-nl,Jansen Bloemen B.V.,nl-NL nl en,Europe/Amsterdam,,,,yes
c-ar,شركة النور,ar,Asia/Riyadh,,,,yes
c-us,Emma Johnson,en-US,America/New_York,emma@example.com,,,
";

pub struct Service {
    child: Child,
    pub base: String,
}

impl Service {
    /// Starts the service in `dir` (state file, outbox and recipients there).
    pub fn start(dir: &Path) -> Service {
        Service::start_with(dir, &["--grace", "5"])
    }

    /// [`start`](Service::start) with more arguments.
    pub fn start_with(dir: &Path, args: &[&str]) -> Service {
        Service::start_with_env(dir, args, &[])
    }

    /// [`start_with`](Service::start_with) and environment variables.
    pub fn start_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Service {
        let recipients = dir.join("customers.csv");
        if !recipients.exists() {
            std::fs::write(&recipients, CUSTOMERS).unwrap();
        }
        let mut child = Command::new(binary())
            .env("TIDINGS_SERVICE_TOKEN", TOKEN)
            .envs(env.iter().copied())
            .current_dir(dir)
            .args(["--recipients", "customers.csv", "--listen", "127.0.0.1:0"])
            .args(["--resume-every", "1"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the service said {line:?}"))
            .to_owned();
        Service { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM and waits for the exit; its code.
    pub fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the service did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The service example's executable, built by `cargo test`.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("service{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is built by `cargo test`", bin.display());
    bin
}

/// A revision of the example incident as the JSON the service takes.
pub fn notice(revision: u32) -> String {
    let file = match revision {
        1 => "1-investigating.toml",
        2 => "2-identified.toml",
        3 => "3-monitoring.toml",
        _ => "4-resolved.toml",
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data/creator-outage")
        .join(file);
    let document: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json(document).to_string()
}

/// TOML as JSON, dates as the strings they were written as.
fn json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, json(v))).collect()),
    }
}

/// Posts a notice as the operator does: the token, and JSON.
pub fn post_notice(
    http: &reqwest::Client,
    service: &Service,
    body: String,
) -> reqwest::RequestBuilder {
    http.post(service.url(&format!("/incidents/{INCIDENT}/notices")))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(body)
}

/// How the send of `revision` stands, asked as the operator.
pub async fn report(http: &reqwest::Client, service: &Service, revision: u32) -> Value {
    let url = service.url(&format!("/incidents/{INCIDENT}/notices/{revision}"));
    json_body(http.get(url).bearer_auth(TOKEN).send().await.unwrap()).await
}

/// Publishes `revision`, then waits until its send is done; the report.
pub async fn publish(http: &reqwest::Client, service: &Service, revision: u32) -> Value {
    let posted = post_notice(http, service, notice(revision))
        .send()
        .await
        .unwrap();
    assert_eq!(
        posted.status(),
        202,
        "{}",
        posted.text().await.unwrap_or_default()
    );
    let location = posted.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/incidents/{INCIDENT}/notices/{revision}")
    );
    let body = json_body(posted).await;
    assert_eq!(body["report"], location.as_str());
    let started = Instant::now();
    loop {
        let report = json_body(
            http.get(service.url(&location))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap(),
        )
        .await;
        if report["state"] != "sending" {
            assert_eq!(report["state"], "done", "{report}");
            return report;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{report}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A link for `customer` made by the operator: its URL.
pub async fn link(http: &reqwest::Client, service: &Service, customer: &str) -> String {
    let made = http
        .post(service.url(&format!("/customers/{customer}/link")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 200);
    json_body(made).await["url"].as_str().unwrap().to_owned()
}

/// Opens `customer`'s link as their browser would; the session cookie
/// (`name=value`) it set.
pub async fn session(http: &reqwest::Client, service: &Service, customer: &str) -> String {
    let opened = http
        .get(link(http, service, customer).await)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    let cookie = opened.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// The body of `response` as JSON.
pub async fn json_body(response: reqwest::Response) -> Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
