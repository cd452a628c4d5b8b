//! Senders on one machine: who is alive, told by locks the operating system
//! holds for them.
//!
//! Each sender that enters a state file holds an exclusive lock on a file of
//! its own in a directory beside it (`tidings.db.senders/`), for as long as
//! it lives. The operating system drops the lock when the process ends, however
//! it ends (SIGKILL included), so another sender can tell at once that a
//! claim's owner is gone: the owner's lock file exists and can be locked.
//! An owner with no lock file is unknown (a sender from another machine, or
//! one that entered no ledger): only its lease tells.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// What is known of an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Liveness {
    /// Its lock is held: it is running.
    Alive,
    /// Its lock file exists and nobody holds it: it is gone.
    Gone,
    /// No lock file: only its lease tells.
    Unknown,
}

/// The lock files of the senders of one state file.
#[derive(Debug)]
pub(crate) struct Senders {
    dir: PathBuf,
    /// The locks this process holds, by owner. (What is found of others is
    /// not cached: a service may restart under the same owner name.)
    held: Mutex<HashMap<String, File>>,
}

impl Senders {
    /// The senders of the state file at `state`.
    pub(crate) fn beside(state: &Path) -> Senders {
        let mut dir = state.as_os_str().to_owned();
        dir.push(".senders");
        Senders {
            dir: PathBuf::from(dir),
            held: Mutex::default(),
        }
    }

    fn path(&self, owner: &str) -> PathBuf {
        // Owner names are free text; file names are their digest.
        let digest = Sha256::digest(owner.as_bytes());
        let name = crate::redact::hex(&digest[..16]);
        self.dir.join(format!("{name}.lock"))
    }

    /// Takes `owner`'s lock for as long as this process lives (or until
    /// [`leave`](Senders::leave)). Entering twice is one lock.
    pub(crate) fn enter(&self, owner: &str) -> std::io::Result<()> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if held.contains_key(owner) {
            return Ok(());
        }
        create_private_dir(&self.dir)?;
        // Locked under a temporary name, then renamed into place, so nobody
        // ever sees the file unlocked and takes its owner for gone.
        let path = self.path(owner);
        let temporary = path.with_extension(format!("{}.new", std::process::id()));
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temporary)?;
        file.lock()?;
        file.write_all(owner.as_bytes())?;
        std::fs::rename(&temporary, &path)?;
        held.insert(owner.to_owned(), file);
        Ok(())
    }

    /// Lets go of `owner`'s lock: from now on it counts as gone. The file
    /// stays until [`forget`](Senders::forget), so others can tell.
    pub(crate) fn leave(&self, owner: &str) {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        held.remove(owner);
    }

    /// Whether `owner` is running.
    pub(crate) fn liveness(&self, owner: &str) -> Liveness {
        if self
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(owner)
        {
            return Liveness::Alive;
        }
        probe(&self.path(owner))
    }

    /// Every owner whose lock file is there and free: gone senders whose
    /// claims can be taken over.
    pub(crate) fn gone(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut gone = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "lock") {
                continue;
            }
            let Ok(mut file) = File::open(&path) else {
                continue;
            };
            if !matches!(file.try_lock(), Ok(())) {
                continue;
            }
            let mut owner = String::new();
            // A file is believed only about the owner it is named after: one
            // planted under another name cannot make a live sender gone.
            if file.read_to_string(&mut owner).is_ok()
                && !owner.is_empty()
                && self.path(&owner) == path
            {
                gone.push(owner);
            }
        }
        gone
    }

    /// Removes the lock file of a gone owner once nothing of it is left to
    /// take over.
    pub(crate) fn forget(&self, owner: &str) {
        let path = self.path(owner);
        if probe(&path) == Liveness::Gone {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn probe(path: &Path) -> Liveness {
    match File::open(path) {
        Err(_) => Liveness::Unknown,
        Ok(file) => match file.try_lock() {
            Ok(()) => Liveness::Gone,
            Err(TryLockError::WouldBlock) => Liveness::Alive,
            // Cannot tell: trust the lease.
            Err(TryLockError::Error(_)) => Liveness::Unknown,
        },
    }
}

/// The directory of lock files, made owner-only; one that is already there
/// is used only if nobody else may write to it (anyone who can could plant
/// lock files).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o022 != 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{} may be written by others (mode {:o}): make it the owner's alone (chmod 700)",
                    dir.display(),
                    mode & 0o777
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_is_alive_until_it_leaves_and_unknown_without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("tidings.db");
        let mine = Senders::beside(&state);
        let theirs = Senders::beside(&state);
        assert_eq!(theirs.liveness("a"), Liveness::Unknown);
        mine.enter("a").unwrap();
        mine.enter("a").unwrap();
        assert_eq!(mine.liveness("a"), Liveness::Alive);
        assert_eq!(
            theirs.liveness("a"),
            Liveness::Alive,
            "another handle sees the lock"
        );
        assert!(theirs.gone().is_empty());
        mine.leave("a");
        assert_eq!(theirs.liveness("a"), Liveness::Gone);
        assert_eq!(theirs.gone(), vec!["a".to_owned()]);
        theirs.forget("a");
        assert!(theirs.gone().is_empty());
    }

    #[test]
    fn a_lock_file_speaks_only_for_the_owner_it_is_named_after() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("tidings.db");
        let live = Senders::beside(&state);
        live.enter("victim").unwrap();
        // Someone who can write to the directory plants a free file that
        // names the live sender.
        let planted = live.path("someone-else");
        std::fs::write(&planted, "victim").unwrap();
        let theirs = Senders::beside(&state);
        assert!(theirs.gone().is_empty(), "{:?}", theirs.gone());
        assert_eq!(theirs.liveness("victim"), Liveness::Alive);
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_directory_others_may_write_to_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("tidings.db");
        let senders = Senders::beside(&state);
        std::fs::create_dir(&senders.dir).unwrap();
        std::fs::set_permissions(&senders.dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = senders.enter("a").unwrap_err();
        assert!(
            err.to_string().contains("may be written by others"),
            "{err}"
        );
        std::fs::set_permissions(&senders.dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        senders.enter("a").unwrap();
    }
}
