//! Progress while a send or a resume runs: a bar on a terminal, a line
//! every tenth otherwise.

use std::io::IsTerminal;
use std::sync::Arc;

use tidings::dispatch::EventKind;

/// A progress bar on a terminal; a plain line every 10 % otherwise.
#[derive(Clone)]
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: u64,
    done: Arc<std::sync::atomic::AtomicU64>,
    quiet: bool,
}

impl Progress {
    pub fn new(total: u64, quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} deliveries ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            total,
            done: Arc::default(),
            quiet,
        }
    }

    pub fn event(&self, kind: &EventKind) {
        let finished = matches!(
            kind,
            EventKind::Sent { .. }
                | EventKind::Outboxed { .. }
                | EventKind::Duplicate
                | EventKind::Stale { .. }
                | EventKind::HeldElsewhere
                | EventKind::Deferred { .. }
                | EventKind::Failed { .. }
                | EventKind::Unconfigured
                | EventKind::NotSubscribed
                | EventKind::Overtaken { .. }
                | EventKind::Suppressed { .. }
        );
        if !finished {
            return;
        }
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if !self.quiet && self.total >= 10 && done.is_multiple_of(self.total / 10) => {
                eprintln!("{done}/{} deliveries", self.total);
            }
            None => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
