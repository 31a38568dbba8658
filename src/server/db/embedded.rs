//! Our own PostgreSQL cluster, for when no `DATABASE_URL` is given.
//!
//! We drive the machine's `initdb` and `pg_ctl` directly instead of using
//! `postgresql_embedded`: that crate's job is downloading PostgreSQL builds
//! (impossible on a closed network), and it cannot switch to the `postgres`
//! user when we run as root, which PostgreSQL insists on. What is left is
//! three commands, so we run them ourselves.
//!
//! The cluster listens only on a Unix socket inside its own data directory,
//! so it never collides with another server's TCP port.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PORT: u16 = 5432;
const SUPERUSER: &str = "souk";
const DATABASE: &str = "souk";

pub struct EmbeddedPostgres {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    as_postgres_user: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL is not installed: install it (e.g. `apt-get install postgresql`) or set DATABASE_URL"
    )]
    NotInstalled,
    #[error("{step} failed: {detail}")]
    Command { step: &'static str, detail: String },
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl EmbeddedPostgres {
    /// Finds the binaries and prepares (once) a cluster in `data_dir`.
    pub fn init(data_dir: &Path) -> Result<Self, EmbeddedError> {
        let bin_dir = find_bin_dir().ok_or(EmbeddedError::NotInstalled)?;
        std::fs::create_dir_all(data_dir)?;
        let data_dir = data_dir.canonicalize()?;
        let cluster = Self {
            bin_dir,
            data_dir,
            as_postgres_user: running_as_root(),
        };
        if cluster.as_postgres_user {
            cluster.give_to_postgres_user()?;
        }
        if !cluster.data_dir.join("PG_VERSION").exists() {
            cluster.run(
                "initdb",
                &[
                    "-D",
                    path_str(&cluster.data_dir),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                ],
            )?;
        }
        Ok(cluster)
    }

    /// Starts the server unless it is already running (e.g. left over from
    /// a crash), and returns the URL of the `souk` database.
    pub fn start(&self) -> Result<String, EmbeddedError> {
        let data = path_str(&self.data_dir);
        if !self.is_running() {
            // A stale pid file from a killed server would stop pg_ctl.
            let _ = std::fs::remove_file(self.data_dir.join("postmaster.pid"));
            let server_opts = format!("-k {data} -p {PORT} -c listen_addresses=''");
            let log = format!("{data}/server.log");
            self.run(
                "pg_ctl start",
                &["start", "-w", "-D", data, "-l", &log, "-o", &server_opts],
            )?;
        }
        Ok(self.url())
    }

    /// Fast shutdown: open connections are closed, nothing is lost.
    pub fn stop(&self) -> Result<(), EmbeddedError> {
        self.run(
            "pg_ctl stop",
            &["stop", "-m", "fast", "-w", "-D", path_str(&self.data_dir)],
        )
        .map(drop)
    }

    /// The `souk` database (which `db::create_database_if_missing` makes).
    pub fn url(&self) -> String {
        format!(
            "postgres://{SUPERUSER}@localhost:{PORT}/{DATABASE}?host={}",
            path_str(&self.data_dir)
        )
    }

    fn is_running(&self) -> bool {
        self.run("pg_ctl status", &["status", "-D", path_str(&self.data_dir)])
            .is_ok()
    }

    fn give_to_postgres_user(&self) -> Result<(), EmbeddedError> {
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres", path_str(&self.data_dir)])
            .status()?;
        if !status.success() {
            return Err(EmbeddedError::Command {
                step: "chown",
                detail: "could not give the data directory to the postgres user".into(),
            });
        }
        // PostgreSQL wants its data directory private to its owner.
        Command::new("chmod")
            .args(["700", path_str(&self.data_dir)])
            .status()?;
        Ok(())
    }

    /// Runs one of PostgreSQL's programs, as the `postgres` user when we are
    /// root (initdb and postgres refuse to run as root).
    fn run(&self, step: &'static str, args: &[&str]) -> Result<Output, EmbeddedError> {
        let program = self.bin_dir.join(step.split(' ').next().unwrap_or(step));
        let output = if self.as_postgres_user {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .current_dir("/")
                .output()?
        } else {
            Command::new(&program).args(args).output()?
        };
        if output.status.success() {
            Ok(output)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(EmbeddedError::Command {
                step,
                detail: stderr.trim().to_owned(),
            })
        }
    }
}

/// `initdb` on PATH, else the newest `/usr/lib/postgresql/<version>/bin`.
fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let version = entry.file_name().to_str()?.parse().ok()?;
                let bin = entry.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

#[allow(unsafe_code)]
fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("data directory path is valid UTF-8")
}
