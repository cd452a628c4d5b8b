//! `tidings check-locales`: every problem of a locales directory, at once,
//! as text or as JSON in the terms of Mozilla's compare-locales.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;
use tidings::{Catalog, CatalogError, Problem, ProblemKind};

use crate::Outcome;

pub fn run(dir: Option<&Path>, as_json: bool) -> Outcome {
    // A directory is checked as it would be used: over the shipped locales,
    // so a translator can bring just the language they add. Every problem
    // is listed; missing strings count as warnings, as compare-locales
    // counts them.
    let builder = Catalog::builder();
    let builder = match dir {
        Some(dir) => builder.directory(dir),
        None => builder,
    };
    let (problems, locales) = match builder.build() {
        Ok(catalog) => (
            Vec::new(),
            catalog
                .locales()
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>(),
        ),
        Err(CatalogError::Invalid(problems)) => (problems, Vec::new()),
        Err(err) => {
            eprintln!("error: {err}");
            return Outcome::BadInput;
        }
    };
    let errors = problems.iter().filter(|p| severity(p) == "error").count();
    if as_json {
        println!("{}", report(&problems));
    } else if problems.is_empty() {
        println!(
            "{} locales, all complete against en-US: {}",
            locales.len(),
            locales.join(", ")
        );
    } else {
        for problem in &problems {
            println!("{}: {problem}", severity(problem));
        }
        eprintln!("{} problem(s), {errors} error(s)", problems.len());
    }
    if problems.is_empty() {
        Outcome::Done
    } else {
        Outcome::Failed
    }
}

/// compare-locales' categories: a missing string is a warning (the reader
/// gets the fallback), anything that breaks a message is an error.
fn severity(problem: &Problem) -> &'static str {
    match problem.kind {
        ProblemKind::MissingMessage(_) | ProblemKind::MissingAttribute { .. } => "warning",
        _ => "error",
    }
}

fn category(problem: &Problem) -> &'static str {
    match problem.kind {
        ProblemKind::MissingMessage(_) | ProblemKind::MissingAttribute { .. } => "missing",
        ProblemKind::UnknownMessage(_) => "obsolete",
        ProblemKind::UnknownVariable { .. } => "variables",
        ProblemKind::Syntax(_) => "syntax",
        _ => "errors",
    }
}

fn report(problems: &[Problem]) -> serde_json::Value {
    let mut summary: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut details: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for p in problems {
        let counts = summary.entry(p.locale.as_str()).or_default();
        let total = if severity(p) == "error" {
            "errors"
        } else {
            "warnings"
        };
        *counts.entry(total).or_default() += 1;
        if matches!(category(p), "missing" | "obsolete") {
            *counts.entry(category(p)).or_default() += 1;
        }
        details.entry(p.file.clone()).or_default().push(json!({
            severity(p): p.to_string(),
            "category": category(p),
            "line": p.line,
        }));
    }
    json!({"summary": summary, "details": details})
}
