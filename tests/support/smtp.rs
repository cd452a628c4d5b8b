//! aiosmtpd, a real SMTP server, started on loopback for a test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use super::root;

/// aiosmtpd on a free loopback port, storing what it accepts in a maildir.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        SmtpServer::start_with(&[])
    }

    /// With aiosmtpd's options: `--starttls CERT KEY`, `--implicit-tls CERT
    /// KEY`, `--auth USER:PASS`.
    pub fn start_with(options: &[&str]) -> SmtpServer {
        let maildir = tempfile::tempdir().unwrap();
        let mut child = super::python::python()
            .arg(root().join("tests/email/smtpd.py"))
            .arg(maildir.path())
            .args(options)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("aiosmtpd did not start: {line:?}"));
        SmtpServer {
            child,
            port,
            maildir,
        }
    }

    /// Where it keeps what it accepted, and its logs.
    #[allow(dead_code)]
    pub fn dir(&self) -> &std::path::Path {
        self.maildir.path()
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Whether anyone sent this server an AUTH command.
    pub fn saw_auth(&self) -> bool {
        self.maildir.path().join("auth.log").exists()
    }

    /// Each accepted message's envelope sender (MAIL FROM), in the order
    /// of [`messages`](SmtpServer::messages).
    pub fn envelope_senders(&self) -> Vec<String> {
        read_dir_sorted(self.maildir.path(), "eml")
            .iter()
            .map(|p| std::fs::read_to_string(p.with_extension("from")).unwrap_or_default())
            .collect()
    }

    /// Each accepted message's envelope recipients (RCPT), in the order
    /// of [`messages`](SmtpServer::messages).
    pub fn envelope_recipients(&self) -> Vec<Vec<String>> {
        read_dir_sorted(self.maildir.path(), "eml")
            .iter()
            .map(|p| {
                let rcpt = std::fs::read_to_string(p.with_extension("rcpt")).unwrap_or_default();
                rcpt.lines().map(str::to_owned).collect()
            })
            .collect()
    }

    pub fn messages(&self) -> Vec<Vec<u8>> {
        read_dir_sorted(self.maildir.path(), "eml")
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn read_dir_sorted(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
