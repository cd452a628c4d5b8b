//! The public error types of tidings, one per concern.
//!
//! Each error says what went wrong in words a support person understands and
//! keeps the value that caused it (never a secret), so the message can be read
//! in a log without the code at hand.

use std::fmt;
use std::path::PathBuf;

/// A value given to tidings (a language tag, a time zone, a notice field)
/// that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A language tag that is not well-formed BCP 47.
    #[error("`{tag}` is not a valid language tag (expected BCP 47, such as `nl-NL` or `en`)")]
    LanguageTag {
        /// The tag as it was given.
        tag: String,
    },
    /// A time zone name that the time zone database does not know.
    #[error("`{name}` is not a known time zone (expected an IANA name such as `Europe/Amsterdam`)")]
    TimeZone {
        /// The name as it was given.
        name: String,
    },
    /// A value that must not be empty.
    #[error("the {field} must not be empty")]
    Empty {
        /// Which field.
        field: &'static str,
    },
    /// A notice revision of 0: revisions count from 1.
    #[error("notice revision must be 1 or more")]
    Revision,
    /// A status page link that is not an absolute http(s) URL.
    #[error("status page `{url}` must be an absolute http:// or https:// URL")]
    StatusPage {
        /// The link as it was given.
        url: String,
    },
    /// A name or id with a control character (a line break, NUL…), which
    /// could break out of an email header or a log line.
    #[error("the {field} `{value}` contains a control character")]
    ControlCharacter {
        /// Which field.
        field: &'static str,
        /// The value, with control characters escaped.
        value: String,
    },
    /// Details with a control character other than a line break or a tab:
    /// an escape sequence in them would reach terminals and logs.
    #[error(
        "the {field} contain {character}, a control character (only line breaks and tabs may be written)"
    )]
    DetailsControl {
        /// Which details (`details in nl-NL`).
        field: String,
        /// The character, as `U+001B`.
        character: String,
    },
    /// A name or id with an invisible or direction-changing character
    /// (U+202E and its kind), which could reorder what a customer reads.
    #[error(
        "the {field} `{value}` contains {character}, an invisible or direction-changing character that could reorder what customers read"
    )]
    InvisibleCharacter {
        /// Which field.
        field: String,
        /// The character, as `U+202E`.
        character: String,
        /// The value, with such characters escaped.
        value: String,
    },
    /// A value longer than tidings accepts.
    #[error("the {field} is {length} bytes long; at most {limit} are accepted")]
    TooLong {
        /// Which field.
        field: String,
        /// Its length in bytes.
        length: usize,
        /// The most accepted.
        limit: usize,
    },
    /// Details whose fallback language has no text.
    #[error("the details fall back to `{fallback}`, but there is no text in that language")]
    DetailsFallback {
        /// The fallback language tag.
        fallback: String,
    },
    /// A component named twice in one incident or audience (names are compared without
    /// regard to case, as customers choose them).
    #[error("the component `{name}` is named twice")]
    DuplicateComponent {
        /// The name, as given the second time.
        name: String,
    },
    /// More components than one incident may name or one customer follow.
    #[error("{count} components are named; at most {limit} are accepted")]
    TooManyComponents {
        /// How many were named.
        count: usize,
        /// The most accepted.
        limit: usize,
    },
    /// A planned window that cannot be: an end before the start, on work
    /// that is not planned, a move told by a notice that does not schedule.
    #[error("the planned window is wrong: {reason}")]
    Window {
        /// What is wrong.
        reason: &'static str,
    },
    /// Reminders of planned work that cannot be kept: on a notice that does
    /// not schedule work, or at a lead time out of range.
    #[error("the reminders are wrong: {reason}")]
    Reminders {
        /// What is wrong.
        reason: &'static str,
    },
    /// A lowest severity a customer cannot choose (planned work is chosen
    /// apart, with the audience's `maintenance`).
    #[error("`{given}` is not a severity to choose; use minor, major or critical")]
    MinSeverity {
        /// What was given.
        given: String,
    },
}

/// Why a [`Catalog`](crate::Catalog) could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The message files have problems; every one found is listed.
    #[error("the locales have {} problem(s):\n{}", .0.len(), Problems(.0))]
    Invalid(Vec<Problem>),
    /// A locales directory or file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The default locale, which every other locale is checked against and
    /// which ends every locale chain, has no messages.
    #[error("the default locale `{locale}` has no message files")]
    MissingDefaultLocale {
        /// The default locale's tag.
        locale: String,
    },
}

/// One problem in the message files, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The locale whose files have the problem.
    pub locale: String,
    /// The file where the problem is, or for a missing message the file of
    /// the default locale that defines it.
    pub file: String,
    /// The 1-based line in `file`.
    pub line: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with a message file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file is not valid Fluent syntax.
    Syntax(String),
    /// A message of the default locale has no translation.
    MissingMessage(String),
    /// A message is translated but one of its attributes is not.
    MissingAttribute {
        /// The message id.
        message: String,
        /// The attribute name.
        attribute: String,
    },
    /// A message or attribute uses a variable that the default locale does
    /// not use there, so tidings may not pass it.
    UnknownVariable {
        /// `message` or `message.attribute`.
        entry: String,
        /// The variable name, without `$`.
        variable: String,
    },
    /// A message that the default locale does not have (a typo, or one that
    /// was removed).
    UnknownMessage(String),
    /// A message defined twice for the same locale.
    DuplicateMessage(String),
    /// A call of a function tidings does not provide, or with options it does
    /// not understand.
    Function {
        /// `message` or `message.attribute`.
        entry: String,
        /// What is wrong with the call.
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: ", self.file, self.line, self.locale)?;
        match &self.kind {
            ProblemKind::Syntax(reason) => write!(f, "syntax error: {reason}"),
            ProblemKind::MissingMessage(id) => write!(f, "message `{id}` is not translated"),
            ProblemKind::MissingAttribute { message, attribute } => {
                write!(f, "attribute `{message}.{attribute}` is not translated")
            }
            ProblemKind::UnknownVariable { entry, variable } => write!(
                f,
                "`{entry}` uses `${variable}`, which the default locale does not use there"
            ),
            ProblemKind::UnknownMessage(id) => {
                write!(f, "message `{id}` does not exist in the default locale")
            }
            ProblemKind::DuplicateMessage(id) => write!(f, "message `{id}` is defined twice"),
            ProblemKind::Function { entry, reason } => write!(f, "`{entry}`: {reason}"),
        }
    }
}

/// Displays problems one per line.
struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {problem}")?;
        }
        Ok(())
    }
}

/// A storage backend (the inbox, the ledger) failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The state database cannot be used, for the reason given.
    #[error("the state database failed: {0}")]
    Database(String),
    /// The database engine failed; its own error is kept as the source, so
    /// a service can inspect it (a lock held by another process, a full
    /// disk) without parsing the message.
    #[error("the state database failed: {source}")]
    Engine {
        /// The engine's error.
        #[source]
        source: std::sync::Arc<dyn std::error::Error + Send + Sync>,
    },
    /// The database file was written by a newer tidings.
    #[error("the state database has schema version {found}; this tidings knows up to {supported}")]
    NewerSchema {
        /// The version in the file.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// The file was written by an older tidings and was opened read-only,
    /// so it cannot be migrated; opening it for writing once migrates it.
    #[error(
        "the state database has schema version {found}, older than this tidings' {supported}; open it once for writing (send or resume) to bring it up to date"
    )]
    OlderSchema {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// There is no state file where one was to be read.
    #[error("there is no state file at `{}`", path.display())]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A write was asked of a state file opened for questions only.
    #[error("`{}` was opened read-only; nothing can be written to it", path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The work could not be run (the runtime is shutting down).
    #[error("the storage task did not finish: {0}")]
    Task(String),
    /// The file is a SQLite database of some other program: tidings will
    /// not write its tables into it.
    #[error(
        "`{}` is not a tidings state file (it is a SQLite database of another program); give tidings a file of its own",
        path.display()
    )]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// A revision of a notice was given again with another text. What a
    /// revision says is fixed once it is kept: some customers were told the
    /// first text, and every later delivery of the revision must tell them
    /// the same. A change is a new revision.
    #[error(
        "notice {incident}#{revision} was already kept with another text; publish the change as a new revision"
    )]
    RevisionChanged {
        /// The incident.
        incident: String,
        /// The revision given twice.
        revision: u32,
    },
}
