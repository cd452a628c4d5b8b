//! Loading message files: the shipped locales stay complete, and every kind
//! of problem is reported with its file and line, all at once.

mod support;

use support::*;
use tidings::{Catalog, CatalogError, ProblemKind};

fn problems(builder: tidings::CatalogBuilder) -> Vec<tidings::Problem> {
    match builder.build() {
        Err(CatalogError::Invalid(problems)) => problems,
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("expected problems, the catalog loaded"),
    }
}

#[test]
fn shipped_locales_are_complete_against_en_us() {
    // Loading checks every message, attribute and variable of every locale
    // against en-US; any gap fails here with its file and line.
    let catalog = shipped();
    assert!(catalog.warnings().is_empty());
    let mut locales: Vec<String> = catalog.locales().iter().map(|l| l.to_string()).collect();
    locales.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("locales"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        locales, on_disk,
        "every directory in locales/ is shipped, and only those"
    );
}

#[test]
fn shipped_files_are_valid_for_an_independent_fluent_parser() {
    // python-fluent's reference parser (fluent.syntax), not fluent-rs: the files
    // must be Fluent, not what one implementation happens to accept.
    let script = r#"
import sys, pathlib
from fluent.syntax import parse, ast
bad = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob('*/*.ftl')):
    for entry in parse(path.read_text(encoding='utf-8')).body:
        if isinstance(entry, ast.Junk):
            bad += 1
            notes = '; '.join(a.message for a in entry.annotations)
            print(f'{path}: {notes}: {entry.content[:60]!r}')
print(f'checked, {bad} junk entries')
sys.exit(1 if bad else 0)
"#;
    let out = python::python()
        .args(["-c", script])
        .arg(root().join("locales"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("checked, 0 junk entries"),
        "{stdout}{stderr}"
    );
}

#[test]
fn every_problem_is_reported_at_once_with_file_and_line() {
    let en = "\
hello = Hello { $name }
    .title = Greeting
bye = Bye
when = { DATETIME($at, dateStyle: \"full\") }
";
    let nl = "\
hello = Hallo { $naam }
bye = Dag
    .extra = Hoi
when = { DATETIME($at, dateStyle: \"huge\") } { SHOUT($at) }
hello = Nog eens
typo = Oeps
broken = { $x
";
    let found = problems(
        Catalog::builder()
            .without_shipped()
            .source("en-US", "en-US/app.ftl", en)
            .source("nl-NL", "nl-NL/app.ftl", nl),
    );
    let shown: Vec<String> = found.iter().map(|p| p.to_string()).collect();
    let expect = [
        "nl-NL/app.ftl:7: nl-NL: syntax error:",
        "nl-NL/app.ftl:5: nl-NL: message `hello` is defined twice",
        "nl-NL/app.ftl:4: nl-NL: `when`: DATETIME option `dateStyle` takes one of: full, long, medium, short, none",
        "nl-NL/app.ftl:4: nl-NL: `when`: there is no function `SHOUT` (tidings provides DATETIME and NUMBER)",
        "nl-NL/app.ftl:1: nl-NL: `hello` uses `$naam`, which the default locale does not use there",
        "nl-NL/app.ftl:1: nl-NL: attribute `hello.title` is not translated",
        "nl-NL/app.ftl:6: nl-NL: message `typo` does not exist in the default locale",
    ];
    for want in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(want)),
            "missing {want:?} in:\n{}",
            shown.join("\n")
        );
    }
    assert_eq!(found.len(), expect.len(), "{}", shown.join("\n"));
    // The error as a whole lists them all, one per line.
    let err = Catalog::builder()
        .without_shipped()
        .source("en-US", "en-US/app.ftl", en)
        .source("nl-NL", "nl-NL/app.ftl", nl)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the locales have 7 problem(s):\n  nl-NL/app.ftl:"),
        "{err}"
    );
}

#[test]
fn a_missing_message_points_at_its_en_us_definition() {
    let found = problems(
        Catalog::builder()
            .without_shipped()
            .source("en-US", "en-US/app.ftl", "a = A\n\nb = B\n")
            .source("de-DE", "de-DE/app.ftl", "a = A\n"),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, ProblemKind::MissingMessage("b".into()));
    assert_eq!(
        (found[0].file.as_str(), found[0].line),
        ("en-US/app.ftl", 3)
    );
    assert_eq!(found[0].locale, "de-DE");
}

#[test]
fn a_directory_overrides_shipped_messages_and_adds_languages() {
    let dir = tempfile::tempdir().unwrap();
    // Override one shipped sentence in German.
    std::fs::create_dir(dir.path().join("de-DE")).unwrap();
    std::fs::write(
        dir.path().join("de-DE/company.ftl"),
        "details-heading = Was unser Team sagt\n",
    )
    .unwrap();
    // A whole new language, copied from en-US to start from.
    std::fs::create_dir(dir.path().join("en-GB")).unwrap();
    let en = std::fs::read_to_string(root().join("locales/en-US/tidings.ftl")).unwrap();
    let gb = en.replace("Started:", "Began:");
    std::fs::write(dir.path().join("en-GB/tidings.ftl"), gb).unwrap();

    let catalog = Catalog::builder()
        .directory(dir.path())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let notice = &creator_outage()[0];
    let de = render(&catalog, notice, "de-DE", "Europe/Berlin");
    assert!(de.text.contains("\nWas unser Team sagt\n"), "{}", de.text);
    assert!(de.text.contains("Beginn: Montag"), "the rest stays shipped");
    let gb = render(&catalog, notice, "en-GB", "Europe/London");
    assert_eq!(gb.locale, "en-GB");
    // en-GB's own CLDR patterns: day before month, 24-hour clock.
    assert!(
        gb.text
            .contains("Began: Monday, 14 March 2022 at 07:30 GMT"),
        "{}",
        gb.text
    );
}

#[test]
fn a_broken_file_in_a_directory_is_named_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("fr-FR")).unwrap();
    let file = dir.path().join("fr-FR/extra.ftl");
    std::fs::write(
        &file,
        "details-heading = Ce que nous savons\n\nfooter-reason = { $product\n",
    )
    .unwrap();
    let found = problems(Catalog::builder().directory(dir.path()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].file, file.display().to_string());
    assert_eq!(found[0].line, 3);
    assert!(matches!(found[0].kind, ProblemKind::Syntax(_)));
}

#[test]
fn unreadable_inputs_are_clear_errors() {
    let missing = Catalog::builder()
        .directory("/nonexistent/locales")
        .build()
        .unwrap_err();
    assert!(matches!(missing, CatalogError::Io { .. }));
    assert!(
        missing
            .to_string()
            .starts_with("cannot read `/nonexistent/locales`"),
        "{missing}"
    );

    let empty = Catalog::builder().without_shipped().build().unwrap_err();
    assert_eq!(
        empty.to_string(),
        "the default locale `en-US` has no message files"
    );

    let found = problems(Catalog::builder().source("not a tag", "x.ftl", "a = b\n"));
    assert_eq!(
        found[0].to_string(),
        "x.ftl:1: not a tag: syntax error: `not a tag` is not a language tag"
    );
}

/// Mozilla's compare-locales over `base` (laid out as `<base>/<locale>/`),
/// against the shipped en-US: its JSON summary per locale.
fn compare_locales(base: &std::path::Path, locales: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("l10n.toml");
    let quoted: Vec<String> = locales.iter().map(|l| format!("\"{l}\"")).collect();
    std::fs::write(
        &config,
        format!(
            "basepath = \".\"\nlocales = [{}]\n[env]\n    l = \"{{l10n_base}}/{{locale}}/\"\n[[paths]]\n    reference = \"{}/*.ftl\"\n    l10n = \"{{l}}*.ftl\"\n",
            quoted.join(", "),
            root().join("locales/en-US").display()
        ),
    )
    .unwrap();
    let out_json = dir.path().join("out.json");
    let out = python::python()
        .args(["-c", "import sys; from compare_locales.commands import CompareLocales; sys.argv[0] = 'compare-locales'; CompareLocales.call()"])
        .arg("--json")
        .arg(&out_json)
        .arg("--return-zero")
        .arg(&config)
        .arg(base)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_json).unwrap()).unwrap();
    report[0]["summary"].clone()
}

#[test]
fn shipped_files_pass_mozillas_compare_locales() {
    let shipped = [
        "nl-NL", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP", "ar", "pt-BR", "pl-PL", "zh-CN",
        "ko-KR",
    ];
    let summary = compare_locales(&root().join("locales"), &shipped);
    for locale in shipped {
        let s = &summary[locale];
        assert_eq!(
            (
                s["errors"].as_u64(),
                s["warnings"].as_u64(),
                s["missing"].as_u64(),
                s["obsolete"].as_u64()
            ),
            (Some(0), Some(0), Some(0), Some(0)),
            "{locale}: {s}"
        );
    }
    // And it does see a broken file.
    let broken = tempfile::tempdir().unwrap();
    std::fs::create_dir(broken.path().join("pt-BR")).unwrap();
    let en = std::fs::read_to_string(root().join("locales/en-US/tidings.ftl")).unwrap();
    std::fs::write(
        broken.path().join("pt-BR/tidings.ftl"),
        en.replace("details-heading = What we know\n", ""),
    )
    .unwrap();
    let summary = compare_locales(broken.path(), &["pt-BR"]);
    assert_eq!(summary["pt-BR"]["missing"], 1, "{summary}");
}
