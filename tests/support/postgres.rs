//! A database of its own for each test, on the PostgreSQL server named by
//! `TIDINGS_POSTGRES_URL` (a URL any database of which the user may create
//! databases in; `.ci/run` starts a throwaway cluster and sets it).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// The sealing key the tests' ledgers share.
pub const KEY: [u8; 32] = [42; 32];

fn server() -> url::Url {
    let url = std::env::var("TIDINGS_POSTGRES_URL").expect(
        "TIDINGS_POSTGRES_URL names the PostgreSQL server for the `postgres` tests \
         (see README, Testing)",
    );
    url::Url::parse(&url).expect("TIDINGS_POSTGRES_URL is a postgres:// URL")
}

/// A new, empty database; its URL.
pub async fn fresh_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "tidings_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        jiff::Timestamp::now().as_microsecond()
    );
    let admin = server();
    let (client, connection) = tokio_postgres::connect(admin.as_str(), tokio_postgres::NoTls)
        .await
        .expect("the test PostgreSQL server answers");
    tokio::spawn(connection);
    static SWEPT: AtomicBool = AtomicBool::new(false);
    if !SWEPT.swap(true, Ordering::Relaxed) {
        sweep(&client).await;
    }
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut url = admin;
    url.set_path(&name);
    url.to_string()
}

/// Drops the databases earlier test runs made on this server, once their
/// process has ended (a developer's server would otherwise keep one per
/// test run after run). A database still in use is left alone.
async fn sweep(client: &tokio_postgres::Client) {
    // Whether a process runs is asked of /proc: elsewhere, nothing is swept.
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let Ok(rows) = client
        .query(
            "SELECT datname FROM pg_database WHERE datname LIKE 'tidings\\_test\\_%'",
            &[],
        )
        .await
    else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let Some(pid) = name.split('_').nth(2) else {
            continue;
        };
        let running = std::path::Path::new("/proc").join(pid).exists();
        if !running && pid.chars().all(|c| c.is_ascii_digit()) {
            let _ = client
                .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .await;
        }
    }
}

/// A plain connection to `url`, to look at or change the database behind
/// tidings' back.
#[allow(dead_code)]
pub async fn client(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

/// A connected state on a new database.
pub async fn fresh_state() -> tidings::store::postgres::PostgresState {
    fresh_state_at(&fresh_database().await).await
}

/// A connected state on the database at `url`.
#[allow(dead_code)]
pub async fn fresh_state_at(url: &str) -> tidings::store::postgres::PostgresState {
    tidings::store::postgres::PostgresState::connect(url, KEY)
        .await
        .unwrap()
}

/// A PostgreSQL cluster of the test's own, on a free loopback port in a
/// temporary directory, for tests that stop and start the server. Started
/// as the `postgres` user when the tests run as root (initdb refuses root).
#[allow(dead_code)]
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    pub port: u16,
    /// Server settings beyond the defaults (TLS).
    settings: String,
}

#[allow(dead_code)]
impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(None)
    }

    /// A cluster that offers TLS with this certificate and key (PEM files).
    pub fn start_with_tls(cert: &str, key: &str) -> Cluster {
        Cluster::start_with(Some((cert, key)))
    }

    fn start_with(tls: Option<(&str, &str)>) -> Cluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("Debian's postgresql is installed (see README, Testing)")
            .filter_map(|e| Some(e.ok()?.path().join("bin")))
            .filter(|bin| bin.join("initdb").exists())
            .max()
            .expect("initdb is installed");
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut settings = String::new();
        if let Some((cert, key)) = tls {
            // The server reads its key only if no one else may.
            let (to_cert, to_key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
            std::fs::copy(cert, &to_cert).unwrap();
            std::fs::copy(key, &to_key).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&to_key, std::fs::Permissions::from_mode(0o600)).unwrap();
            settings = format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                to_cert.display(),
                to_key.display()
            );
        }
        let cluster = Cluster {
            dir,
            bin,
            port,
            settings,
        };
        if is_root() {
            let owned = std::process::Command::new("chown")
                .args(["-R", "postgres"])
                .arg(cluster.dir.path())
                .status()
                .unwrap();
            assert!(owned.success());
        }
        let data = cluster.dir.path().join("data");
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "tidings",
                "--no-sync",
            ],
        );
        cluster.start_again();
        cluster
    }

    fn command(&self, tool: &str) -> std::process::Command {
        if is_root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(tool));
            c
        } else {
            std::process::Command::new(self.bin.join(tool))
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self.command(tool).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{tool}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts the server (again), waiting until it takes connections.
    pub fn start_again(&self) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200{}",
            self.port,
            self.dir.path().display(),
            self.settings
        );
        self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-o",
                &options,
                "start",
            ],
        );
    }

    /// Stops the server at once, as a crash or a failover would.
    pub fn stop(&self) {
        let data = self.dir.path().join("data");
        self.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    /// Freezes every process of the server, as a host that stops answering
    /// would: connections stay open, and nothing comes back on them.
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Lets a frozen server go on.
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    /// Sends `signal` to the server and every process it started. The
    /// server itself is signalled first, so that a stopped server starts no
    /// process the scan of its children would miss (a connection it was
    /// accepting just then would otherwise stay served while it is frozen).
    fn signal(&self, signal: &str) {
        let pid_file = self.dir.path().join("data").join("postmaster.pid");
        let Ok(text) = std::fs::read_to_string(pid_file) else {
            return;
        };
        let Some(postmaster) = text.lines().next().map(str::to_owned) else {
            return;
        };
        let kill = |pids: &[String]| {
            let _ = std::process::Command::new("kill")
                .arg(signal)
                .args(pids)
                .status();
        };
        kill(std::slice::from_ref(&postmaster));
        // Twice: a child forked while the signal was on its way is found
        // by the second look.
        let mut signalled = Vec::new();
        for _ in 0..2 {
            let mut children = Vec::new();
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let pid = entry.file_name().to_string_lossy().into_owned();
                let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                    continue;
                };
                // pid (comm) state ppid …
                let parent = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1));
                if parent == Some(postmaster.as_str()) && !signalled.contains(&pid) {
                    children.push(pid);
                }
            }
            if !children.is_empty() {
                kill(&children);
            }
            signalled.extend(children);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn url(&self) -> String {
        format!("postgres://tidings@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.thaw();
        let data = self.dir.path().join("data");
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
