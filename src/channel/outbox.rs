//! The file outbox: one file per delivery (an `.eml` for email), for dry runs
//! and as the embedded default. A delivery written twice overwrites its own
//! file. Files are the owner's alone: they hold what a delivery carries.

use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

use crate::delivery::{DeliveryError, DeliveryKey};

/// The file a delivery is written to: readable for a person browsing the
/// outbox, unique by the key's id.
pub(crate) fn file_name(key: &DeliveryKey, extension: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(48)
            .collect()
    };
    format!(
        "{}-r{}-{}-{}.{extension}",
        safe(&key.incident),
        key.revision,
        safe(&key.recipient),
        &key.id()[..12]
    )
}

/// Writes `bytes` to `dir/name` through a temporary file, so a reader never
/// sees half a message. The file is readable by its owner only (it holds a
/// capability URL and its signature, or a customer's address), and the
/// temporary one is made afresh under a name nobody can guess, so a link
/// planted in the outbox is never followed.
pub(crate) async fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, DeliveryError> {
    let failed = |e: std::io::Error| {
        DeliveryError::transient(format!("cannot write to outbox {}: {e}", dir.display()))
    };
    tokio::fs::create_dir_all(dir).await.map_err(failed)?;
    let path = dir.join(name);
    let partial = dir.join(format!(".{name}.{:016x}.partial", fastrand::u64(..)));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let written = async {
        let mut file = options.open(&partial).await?;
        file.write_all(bytes).await?;
        file.flush().await?;
        drop(file);
        tokio::fs::rename(&partial, &path).await
    }
    .await;
    if let Err(err) = written {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(failed(err));
    }
    Ok(path)
}
