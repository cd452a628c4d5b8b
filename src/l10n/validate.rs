//! Checks every locale against the default one, all at once, so a translator
//! sees every problem of a change in one run.

use std::collections::{BTreeSet, HashMap};

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use crate::error::{Problem, ProblemKind};
use crate::l10n::datetime;

/// One loaded message file.
pub(crate) struct Source {
    /// Where it came from, as shown in problems (`locales/nl-NL/tidings.ftl`).
    pub(crate) name: String,
    pub(crate) resource: FluentResource,
    /// Later layers (a directory over the shipped files) override earlier ones.
    pub(crate) layer: usize,
}

/// Where one message is defined, with what it uses.
struct Defined<'r> {
    file: &'r str,
    source: &'r str,
    layer: usize,
    message: &'r ast::Message<&'r str>,
}

/// Messages of one locale after layering: the last definition wins.
struct Messages<'r> {
    locale: &'r str,
    by_id: HashMap<&'r str, Defined<'r>>,
    /// Ids in the order they were first defined, so problems come out in
    /// file order.
    order: Vec<&'r str>,
}

impl<'r> Messages<'r> {
    fn collect(locale: &'r str, sources: &'r [Source], problems: &mut Vec<Problem>) -> Self {
        let mut messages = Messages {
            locale,
            by_id: HashMap::new(),
            order: Vec::new(),
        };
        for src in sources {
            for entry in src.resource.entries() {
                let ast::Entry::Message(message) = entry else {
                    continue;
                };
                let id = message.id.name;
                let defined = Defined {
                    file: &src.name,
                    source: src.resource.source(),
                    layer: src.layer,
                    message,
                };
                match messages.by_id.insert(id, defined) {
                    Some(earlier) if earlier.layer == src.layer => {
                        problems.push(Problem {
                            locale: locale.to_owned(),
                            file: src.name.clone(),
                            line: line_of_duplicate(src.resource.source(), id),
                            kind: ProblemKind::DuplicateMessage(id.to_owned()),
                        });
                        // Check the first definition: it is where the line
                        // numbers of the other problems point.
                        messages.by_id.insert(id, earlier);
                    }
                    Some(_) => {}
                    None => messages.order.push(id),
                }
            }
        }
        messages
    }

    fn problem(&self, defined: &Defined, line: usize, kind: ProblemKind) -> Problem {
        Problem {
            locale: self.locale.to_owned(),
            file: defined.file.to_owned(),
            line,
            kind,
        }
    }
}

/// Reports the syntax errors of one file. The resource keeps what parsed.
pub(crate) fn syntax_problems(
    locale: &str,
    name: &str,
    source: &str,
    errors: &[fluent_syntax::parser::ParserError],
) -> Vec<Problem> {
    errors
        .iter()
        .map(|err| Problem {
            locale: locale.to_owned(),
            file: name.to_owned(),
            line: line_at(source, last_text_before(source, err.pos.start)),
            kind: ProblemKind::Syntax(err.kind.to_string()),
        })
        .collect()
}

/// Checks `locales` (each with its sources) against `default`.
pub(crate) fn check(
    default: (&str, &[Source]),
    locales: &[(String, &[Source])],
    problems: &mut Vec<Problem>,
) {
    let reference = Messages::collect(default.0, default.1, problems);
    check_functions(&reference, problems);
    for (locale, sources) in locales {
        let messages = Messages::collect(locale, sources, problems);
        check_functions(&messages, problems);
        check_against(&reference, &messages, problems);
    }
}

fn check_against(reference: &Messages, messages: &Messages, problems: &mut Vec<Problem>) {
    for id in &reference.order {
        let want = &reference.by_id[id];
        let Some(have) = messages.by_id.get(id) else {
            problems.push(Problem {
                locale: messages.locale.to_owned(),
                file: want.file.to_owned(),
                line: line_of_message(want.source, id),
                kind: ProblemKind::MissingMessage((*id).to_owned()),
            });
            continue;
        };
        let message_line = line_of_message(have.source, id);
        if want.message.value.is_some() && have.message.value.is_none() {
            problems.push(messages.problem(
                have,
                message_line,
                ProblemKind::MissingMessage((*id).to_owned()),
            ));
        }
        if let (Some(want_value), Some(have_value)) = (&want.message.value, &have.message.value) {
            unknown_variables(
                messages,
                have,
                id,
                None,
                want_value,
                have_value,
                message_line,
                problems,
            );
        }
        for want_attr in &want.message.attributes {
            let name = want_attr.id.name;
            match have.message.attributes.iter().find(|a| a.id.name == name) {
                None => problems.push(messages.problem(
                    have,
                    message_line,
                    ProblemKind::MissingAttribute {
                        message: (*id).to_owned(),
                        attribute: name.to_owned(),
                    },
                )),
                Some(have_attr) => {
                    let line = line_of_attribute(have.source, message_line, name);
                    unknown_variables(
                        messages,
                        have,
                        id,
                        Some(name),
                        &want_attr.value,
                        &have_attr.value,
                        line,
                        problems,
                    );
                }
            }
        }
    }
    for id in &messages.order {
        if !reference.by_id.contains_key(id) {
            let have = &messages.by_id[id];
            let line = line_of_message(have.source, id);
            problems.push(messages.problem(
                have,
                line,
                ProblemKind::UnknownMessage((*id).to_owned()),
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn unknown_variables(
    messages: &Messages,
    have: &Defined,
    id: &str,
    attribute: Option<&str>,
    want: &ast::Pattern<&str>,
    got: &ast::Pattern<&str>,
    line: usize,
    problems: &mut Vec<Problem>,
) {
    let mut allowed = variables(want);
    allowed.extend(super::SELECTORS.iter().copied());
    for variable in variables(got).difference(&allowed) {
        let entry = match attribute {
            Some(attr) => format!("{id}.{attr}"),
            None => id.to_owned(),
        };
        let line = line_of_variable(have.source, line, variable);
        problems.push(messages.problem(
            have,
            line,
            ProblemKind::UnknownVariable {
                entry,
                variable: (*variable).to_owned(),
            },
        ));
    }
}

/// The functions a message may call, and `DATETIME`'s options.
fn check_functions(messages: &Messages, problems: &mut Vec<Problem>) {
    for id in &messages.order {
        let defined = &messages.by_id[id];
        let message_line = line_of_message(defined.source, id);
        let patterns = defined
            .message
            .value
            .iter()
            .map(|p| (None, p, message_line))
            .chain(defined.message.attributes.iter().map(|a| {
                let line = line_of_attribute(defined.source, message_line, a.id.name);
                (Some(a.id.name), &a.value, line)
            }));
        for (attribute, pattern, line) in patterns {
            let mut reasons = Vec::new();
            visit_pattern(pattern, &mut |expr| {
                if let ast::InlineExpression::FunctionReference { id, arguments } = expr
                    && let Some(reason) = call_problem(id.name, arguments)
                {
                    reasons.push(reason);
                }
            });
            for reason in reasons {
                let entry = match attribute {
                    Some(attr) => format!("{id}.{attr}"),
                    None => (*id).to_owned(),
                };
                problems.push(messages.problem(
                    defined,
                    line,
                    ProblemKind::Function { entry, reason },
                ));
            }
        }
    }
}

fn call_problem(function: &str, arguments: &ast::CallArguments<&str>) -> Option<String> {
    match function {
        "NUMBER" => None,
        "DATETIME" => arguments.named.iter().find_map(|arg| {
            let name = arg.name.name;
            let Some((_, values)) = datetime::OPTIONS.iter().find(|(n, _)| *n == name) else {
                return Some(format!("DATETIME has no option `{name}`"));
            };
            match &arg.value {
                ast::InlineExpression::StringLiteral { value } if values.contains(value) => None,
                _ => Some(format!(
                    "DATETIME option `{name}` takes one of: {}",
                    values.join(", ")
                )),
            }
        }),
        other => Some(format!(
            "there is no function `{other}` (tidings provides DATETIME and NUMBER)"
        )),
    }
}

/// The names of the variables a pattern uses, anywhere inside it.
fn variables<'s>(pattern: &ast::Pattern<&'s str>) -> BTreeSet<&'s str> {
    let mut found = BTreeSet::new();
    visit_pattern(pattern, &mut |expr| {
        if let ast::InlineExpression::VariableReference { id } = expr {
            found.insert(id.name);
        }
    });
    found
}

fn visit_pattern<'s>(
    pattern: &ast::Pattern<&'s str>,
    f: &mut impl FnMut(&ast::InlineExpression<&'s str>),
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            visit_expression(expression, f);
        }
    }
}

fn visit_expression<'s>(
    expression: &ast::Expression<&'s str>,
    f: &mut impl FnMut(&ast::InlineExpression<&'s str>),
) {
    match expression {
        ast::Expression::Inline(inline) => visit_inline(inline, f),
        ast::Expression::Select { selector, variants } => {
            visit_inline(selector, f);
            for variant in variants {
                visit_pattern(&variant.value, f);
            }
        }
    }
}

fn visit_inline<'s>(
    inline: &ast::InlineExpression<&'s str>,
    f: &mut impl FnMut(&ast::InlineExpression<&'s str>),
) {
    f(inline);
    match inline {
        ast::InlineExpression::FunctionReference { arguments, .. } => visit_arguments(arguments, f),
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => visit_arguments(arguments, f),
        ast::InlineExpression::Placeable { expression } => visit_expression(expression, f),
        _ => {}
    }
}

fn visit_arguments<'s>(
    arguments: &ast::CallArguments<&'s str>,
    f: &mut impl FnMut(&ast::InlineExpression<&'s str>),
) {
    for arg in &arguments.positional {
        visit_inline(arg, f);
    }
    for arg in &arguments.named {
        visit_inline(&arg.value, f);
    }
}

// The parsed messages carry no positions, so lines are found in the text:
// a message starts at the beginning of a line with `id =`, its attributes
// follow indented as `.name =`.

/// The 1-based line of a byte offset.
pub(crate) fn line_at(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The parser points just past what it could read, which is often the next
/// line (or the end of the file) when a closing `}` is missing: step back
/// over whitespace to the text the writer has to fix.
fn last_text_before(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    source.as_bytes()[..offset]
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .unwrap_or(offset)
}

fn defines(line: &str, id: &str) -> bool {
    line.strip_prefix(id)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

fn line_of_message(source: &str, id: &str) -> usize {
    source
        .lines()
        .position(|l| defines(l, id))
        .map_or(1, |i| i + 1)
}

fn line_of_duplicate(source: &str, id: &str) -> usize {
    let mut lines = source.lines().enumerate().filter(|(_, l)| defines(l, id));
    lines.nth(1).map_or(1, |(i, _)| i + 1)
}

fn line_of_attribute(source: &str, message_line: usize, name: &str) -> usize {
    source
        .lines()
        .enumerate()
        .skip(message_line)
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix('.')
                .is_some_and(|rest| defines(rest, name))
        })
        .map_or(message_line, |(i, _)| i + 1)
}

fn line_of_variable(source: &str, from_line: usize, variable: &str) -> usize {
    let needle = format!("${variable}");
    source
        .lines()
        .enumerate()
        .skip(from_line - 1)
        .find(|(_, l)| l.contains(&needle))
        .map_or(from_line, |(i, _)| i + 1)
}
