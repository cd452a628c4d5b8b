//! The crate's modules depend on each other one way: no module imports a
//! module that imports it back, however far round, at any depth (between
//! the top-level modules, and between the files of one folder). A circle
//! is a sign that a concept lives in the wrong place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Per folder (a module path; the crate root is empty), the imports
/// between its children: child -> the children it names.
type Graphs = BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>>;

/// The module path of a file under `src/`: `dispatch/claim.rs` is
/// `dispatch::claim`, `dispatch/mod.rs` is `dispatch`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut path: Vec<String> = relative
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod") {
        path.pop();
    }
    path
}

/// The modules a file's code names, as absolute module paths (items that
/// start with a capital letter are types, and end the path).
fn named(code: &str, module: &[String], is_mod_rs: bool) -> Vec<Vec<String>> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let path_at = |mut rest: &str, mut base: Vec<String>| -> Vec<String> {
        loop {
            let w = word(rest);
            if w.is_empty() || !w.starts_with(|c: char| c.is_ascii_lowercase()) {
                return base;
            }
            base.push(w.clone());
            rest = &rest[w.len()..];
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => return base,
            }
        }
    };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        found.push(path_at(&code[at + "crate::".len()..], Vec::new()));
    }
    // `super::` from `a::b::c` (a file) is `a::b`; from `a::b` (a mod.rs) `a`.
    let parent: Vec<String> = if is_mod_rs || module.is_empty() {
        module[..module.len().saturating_sub(1)].to_vec()
    } else {
        module[..module.len() - 1].to_vec()
    };
    for (at, _) in code.match_indices("super::") {
        // `super::super::` is left to the `crate::` form.
        if at >= 7 && &code[at - 7..at] == "super::" {
            continue;
        }
        let rest = &code[at + "super::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let list = &list[..list.find('}').unwrap_or(list.len())];
            for item in list.split(',') {
                found.push(path_at(item.trim(), parent.clone()));
            }
        } else {
            found.push(path_at(rest, parent.clone()));
        }
    }
    found
}

fn graphs() -> Graphs {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .map(|p| module_of(p.strip_prefix(&src).unwrap()))
        .collect();
    let mut graphs = Graphs::new();
    for path in &files {
        let relative = path.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        // The root is the map, and tests may reach anywhere.
        if module == ["lib"] || module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let is_mod_rs = relative.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for target in named(code, &module, is_mod_rs) {
            // The folder where the two part: an edge between its children.
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            let (Some(from), Some(to)) = (module.get(common), target.get(common)) else {
                continue; // a module naming its own parent or child
            };
            let folder = module[..common].to_vec();
            let mut child = folder.clone();
            child.push(to.clone());
            if !modules.contains(&child) {
                continue; // an item of the folder's mod.rs, not a module
            }
            graphs
                .entry(folder)
                .or_default()
                .entry(from.clone())
                .or_default()
                .insert(to.clone());
        }
    }
    graphs
}

/// A circle through `start`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let graphs = graphs();
    let root = &graphs[&Vec::new()];
    assert!(root.contains_key("dispatch") && root.contains_key("recipient"));
    assert!(
        root["dispatch"].contains("ledger"),
        "the scan sees imports: {root:?}"
    );
    let dispatch = &graphs[&vec!["dispatch".to_owned()]];
    assert!(
        dispatch.values().flatten().any(|m| m == "breaker"),
        "the scan sees imports inside a folder: {dispatch:?}"
    );
    let circles: Vec<String> = graphs
        .iter()
        .flat_map(|(folder, graph)| {
            graph.keys().filter_map(move |module| {
                let found = circle(graph, module)?;
                let at = if folder.is_empty() {
                    "crate".to_owned()
                } else {
                    folder.join("::")
                };
                Some(format!("{at}: {}", found.join(" -> ")))
            })
        })
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

/// ARCHITECTURE.md is the map: it names every file under `src/`, each once,
/// and no file that is gone.
#[test]
fn the_map_names_every_file_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut files = Vec::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap();
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let named = |file: &str| map.matches(&format!("`{file}`")).count();
    let missing: Vec<&String> = files.iter().filter(|f| named(f) == 0).collect();
    let twice: Vec<&String> = files.iter().filter(|f| named(f) > 1).collect();
    assert!(missing.is_empty(), "not in ARCHITECTURE.md: {missing:?}");
    assert!(twice.is_empty(), "named more than once: {twice:?}");
    let gone: Vec<&str> = map
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("src/") && s.ends_with(".rs"))
        .filter(|s| !root.join(s).is_file())
        .collect();
    assert!(
        gone.is_empty(),
        "ARCHITECTURE.md names files that are gone: {gone:?}"
    );
}
