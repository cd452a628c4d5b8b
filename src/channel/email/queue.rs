//! Messages waiting for an SMTP connection, and the envelope each sends
//! ahead.
//!
//! Where the server offers PIPELINING, RFC 2920 lets a message's content be
//! the first "command" of a group: the next message's MAIL, RCPT and DATA
//! may follow its final `.` in the same write. A message about to be sent
//! takes the first message waiting for a connection as its follower, writes
//! that one's envelope after its own content, and hands the connection (and
//! its place in the pool) to it once its own reply is read. In a steady
//! stream each message then costs one round trip instead of two.
//!
//! A follower never loses a message to its leader's troubles: if the
//! leader fails, times out or is dropped before the handoff, the follower
//! hears nothing, its envelope dies with the connection (a transaction
//! without content delivers nothing), and it waits for a connection again.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::ServerInfo;
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use super::message::Email;

/// A message's envelope as the commands that open its transaction.
#[derive(Clone)]
pub(super) struct Envelope {
    /// MAIL, every RCPT and DATA, as one pipelined group writes them.
    pub(super) commands: Arc<str>,
    /// How many replies the group gets: MAIL's, one per RCPT, DATA's.
    pub(super) replies: usize,
    /// An address is not ASCII: the server must offer SMTPUTF8.
    pub(super) international: bool,
    /// The message is not ASCII: the server must offer 8BITMIME.
    pub(super) eight_bit: bool,
}

impl Envelope {
    /// The envelope of `message`, with the MAIL parameters it needs.
    pub(super) fn of(message: &Email) -> Envelope {
        let envelope = message.envelope();
        let international = envelope
            .from()
            .into_iter()
            .chain(envelope.to())
            .any(|a| !AsRef::<str>::as_ref(a).is_ascii());
        let eight_bit = !message.is_ascii();
        // Each command written straight into one string with room for
        // them all.
        let mut commands = String::with_capacity(64 + 48 * envelope.to().len());
        let mail = Mail::new(
            envelope.from().cloned(),
            Self::options(international, eight_bit),
        );
        // Writing to a String cannot fail.
        let _ = write!(commands, "{mail}");
        for to in envelope.to() {
            let _ = write!(commands, "{}", Rcpt::new(to.clone(), Vec::new()));
        }
        let _ = write!(commands, "{Data}");
        Envelope {
            commands: commands.into(),
            replies: envelope.to().len() + 2,
            international,
            eight_bit,
        }
    }

    /// The MAIL parameters a message needs.
    pub(super) fn options(international: bool, eight_bit: bool) -> Vec<MailParameter> {
        let mut options = Vec::new();
        if international {
            options.push(MailParameter::SmtpUtfEight);
        }
        if eight_bit {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        options
    }

    /// Why a server cannot take it, if it cannot.
    pub(super) fn refused_by(&self, server: &ServerInfo) -> Option<&'static str> {
        if self.international && !server.supports_feature(Extension::SmtpUtfEight) {
            return Some(
                "the address is not ASCII and the mail server does not take international addresses (SMTPUTF8)",
            );
        }
        if self.eight_bit && !server.supports_feature(Extension::EightBitMime) {
            return Some(
                "the message is not ASCII and the mail server does not take 8-bit data (8BITMIME)",
            );
        }
        None
    }
}

/// A connection handed to a follower, its envelope already written.
pub(super) struct Handoff<C> {
    pub(super) conn: C,
    /// The pool place that comes with the connection.
    pub(super) permit: OwnedSemaphorePermit,
}

/// How a send gets its connection.
pub(super) enum Turn<C> {
    /// A place in the pool: an idle connection or a new one.
    Own(OwnedSemaphorePermit),
    /// A connection whose server has its envelope and owes the replies.
    Handed(Handoff<C>),
}

/// A send waiting for a connection.
struct Waiting<C> {
    id: u64,
    follower: Follower<C>,
}

/// A follower taken by a leader: its envelope to write, and where the
/// connection goes once the leader's reply is read.
pub(super) struct Follower<C> {
    pub(super) envelope: Envelope,
    pub(super) hand: oneshot::Sender<Handoff<C>>,
}

/// The pool's places and the sends waiting for one.
pub(super) struct Queue<C> {
    places: Arc<Semaphore>,
    waiting: Mutex<(u64, VecDeque<Waiting<C>>)>,
}

impl<C> Queue<C> {
    pub(super) fn new(places: usize) -> Self {
        Queue {
            places: Arc::new(Semaphore::new(places)),
            waiting: Mutex::default(),
        }
    }

    /// Waits for a place or a handed connection, whichever comes first.
    /// `None` when the pool is closed.
    pub(super) async fn turn(&self, envelope: &Envelope) -> Option<Turn<C>> {
        loop {
            if let Ok(permit) = Arc::clone(&self.places).try_acquire_owned() {
                return Some(Turn::Own(permit));
            }
            let (hand, mut handed) = oneshot::channel();
            let id = self.wait(envelope, hand);
            tokio::select! {
                biased;
                handoff = &mut handed => match handoff {
                    Ok(handoff) => return Some(Turn::Handed(handoff)),
                    // The leader failed before the handoff: wait again.
                    Err(_) => continue,
                },
                permit = Arc::clone(&self.places).acquire_owned() => {
                    let permit = permit.ok()?;
                    if self.leave(id) {
                        return Some(Turn::Own(permit));
                    }
                    // A leader took this send as the place came: its
                    // handoff decides, and the place is kept if it fails.
                    return Some(match handed.await {
                        Ok(handoff) => Turn::Handed(handoff),
                        Err(_) => Turn::Own(permit),
                    });
                }
            }
        }
    }

    /// The first waiting send that `server` can take, as a follower. A
    /// send no longer listening (timed out, dropped) is passed over.
    pub(super) fn follower(&self, server: &ServerInfo) -> Option<Follower<C>> {
        let mut waiting = self.lock();
        while let Some(next) = waiting.1.front() {
            if next.follower.hand.is_closed() {
                waiting.1.pop_front();
                continue;
            }
            // A send the server cannot take finds that out on its own turn.
            if next.follower.envelope.refused_by(server).is_some() {
                return None;
            }
            return waiting.1.pop_front().map(|next| next.follower);
        }
        None
    }

    fn wait(&self, envelope: &Envelope, hand: oneshot::Sender<Handoff<C>>) -> u64 {
        let mut waiting = self.lock();
        waiting.1.retain(|w| !w.follower.hand.is_closed());
        waiting.0 += 1;
        let id = waiting.0;
        let follower = Follower {
            envelope: envelope.clone(),
            hand,
        };
        waiting.1.push_back(Waiting { id, follower });
        id
    }

    /// Takes send `id` off the list; `false` if a leader took it first.
    fn leave(&self, id: u64) -> bool {
        let mut waiting = self.lock();
        let before = waiting.1.len();
        waiting.1.retain(|w| w.id != id);
        waiting.1.len() != before
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u64, VecDeque<Waiting<C>>)> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}
