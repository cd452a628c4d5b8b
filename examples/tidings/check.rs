//! `tidings check-locales`: every problem of a locales directory, at once.

use std::path::Path;

use tidings::{Catalog, CatalogError};

use crate::Outcome;

pub fn run(dir: Option<&Path>) -> Outcome {
    // A directory is checked as it would be used: over the shipped locales,
    // so a translator can bring just the language they add.
    let builder = Catalog::builder();
    let builder = match dir {
        Some(dir) => builder.directory(dir),
        None => builder,
    };
    match builder.build() {
        Ok(catalog) => {
            let locales: Vec<String> = catalog.locales().iter().map(|l| l.to_string()).collect();
            println!(
                "{} locales, all complete against en-US: {}",
                locales.len(),
                locales.join(", ")
            );
            Outcome::Done
        }
        Err(CatalogError::Invalid(problems)) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{} problem(s)", problems.len());
            Outcome::Failed
        }
        Err(err) => {
            eprintln!("error: {err}");
            Outcome::BadInput
        }
    }
}
