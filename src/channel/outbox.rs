//! The file outbox: one file per delivery (an `.eml` for email), for dry runs
//! and as the embedded default. A delivery written twice overwrites its own
//! file.

use std::path::{Path, PathBuf};

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
/// sees half a message.
pub(crate) async fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, DeliveryError> {
    let failed = |e: std::io::Error| {
        DeliveryError::transient(format!("cannot write to outbox {}: {e}", dir.display()))
    };
    tokio::fs::create_dir_all(dir).await.map_err(failed)?;
    let path = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    tokio::fs::write(&partial, bytes).await.map_err(failed)?;
    tokio::fs::rename(&partial, &path).await.map_err(failed)?;
    Ok(path)
}
