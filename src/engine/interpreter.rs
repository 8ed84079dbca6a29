//! Policies on regorus's interpreter: load and check the sources (static checks, the rule
//! contract), compile them with the generated query, and evaluate every rule's metadata.

use std::time::Duration;

use serde_json::Value;

use super::query::{main_module, rule_packages, MAIN_FILE, RULES_PREFIX};
use super::{pack, rego_error, static_checks, timer, Interp, ModuleInfo, PolicyError};
use crate::rule::{parse_meta, RuleMeta};

/// The file of a regorus error located as `--> FILE:LINE:COL`.
fn located_file(message: &str) -> Option<String> {
    let at = message.split("--> ").nth(1)?.lines().next()?;
    let mut parts = at.rsplitn(3, ':');
    let (_col, _line, file) = (parts.next()?, parts.next()?, parts.next()?);
    Some(file.to_string())
}

/// Load, check and compile the policies on the interpreter; evaluate every rule's metadata.
pub(super) fn interpret(
    builtin: bool,
    extra: &[(String, String)],
    data: &[Value],
    timeout: Duration,
) -> Result<(Interp, Vec<RuleMeta>), PolicyError> {
    let mut engine = regorus::Engine::new();
    engine.set_strict_builtin_errors(true);
    engine.set_gather_prints(true);
    let mut files = Vec::new();
    let sources = pack::BUILTIN
        .iter()
        .filter(|_| builtin)
        .map(|(n, s)| (format!("builtin:{n}"), s.to_string()))
        .chain(extra.iter().cloned());
    for (name, text) in sources {
        let package = engine
            .add_policy(name.clone(), text)
            .map_err(|e| PolicyError::Load {
                file: Some(name.clone()),
                message: rego_error(e),
            })?;
        files.push((package, name));
    }
    for d in data {
        engine
            .add_data(regorus::Value::from(d.clone()))
            .map_err(|e| PolicyError::Data {
                message: rego_error(e),
            })?;
    }
    engine.set_execution_timer_config(timer(timeout));

    let parsed = engine.get_modules().clone();
    // Recursion overflows regorus's stack: reject it before evaluating anything. The
    // built-in pack alone is known to be free of it (tested), so only user files are checked.
    let cycle = if extra.is_empty() {
        None
    } else {
        static_checks::find_cycle(&parsed)
    };
    if let Some(cycle) = cycle {
        let first = &cycle.steps[0];
        return Err(PolicyError::Load {
            file: Some(format!("{}:{}", first.file, first.line)),
            message: format!(
                "recursion is not allowed in Rego: {cycle} (a rule or function must not depend on itself)"
            ),
        });
    }
    let modules: Vec<ModuleInfo> = parsed
        .iter()
        .map(|m| ModuleInfo {
            file: static_checks::file_of(m),
            package: static_checks::package_of(m),
            rules: static_checks::rules_of(m),
            module: m.clone(),
        })
        .collect();
    drop(parsed);
    let packages = rule_packages(&files);
    let file_of = |package: &str| {
        files
            .iter()
            .find(|(p, _)| p == package)
            .map(|(_, f)| f.clone())
            .unwrap_or_default()
    };
    for package in &packages {
        let err = |m: String| PolicyError::Load {
            file: Some(file_of(package)),
            message: m,
        };
        let name = &package[RULES_PREFIX.len()..];
        if name.contains('.') {
            return Err(err(format!(
                "package `{}` is nested below `modelgate.rules.<name>`; a rule is a package one level below `modelgate.rules` (put helpers in a package outside `modelgate.rules`)",
                package.trim_start_matches("data.")
            )));
        }
        let violations = format!("{package}.violations");
        if !modules
            .iter()
            .any(|m| m.rules.iter().any(|(r, _)| *r == violations))
        {
            return Err(err(format!(
                "rule package `{}` defines no `violations` set",
                package.trim_start_matches("data.")
            )));
        }
    }
    // One query evaluates every rule's violations (see `evaluate`). It is added before
    // the engine is compiled, so the compiled engine is what every evaluation clones.
    let main = main_module(&packages);
    engine
        .add_policy(MAIN_FILE.into(), main)
        .map_err(|e| PolicyError::Load {
            file: None,
            message: format!("generated query: {}", rego_error(e)),
        })?;
    // regorus compiles on first use: do it now, so an error names the file it is in.
    engine.eval_query("true".into(), false).map_err(|e| {
        let message = rego_error(e);
        PolicyError::Load {
            file: located_file(&message),
            message,
        }
    })?;

    let mut rules: Vec<RuleMeta> = Vec::new();
    for package in &packages {
        let file = file_of(package);
        let err = |m: String| PolicyError::Load {
            file: Some(file.clone()),
            message: m,
        };
        let meta = engine
            .eval_rule(format!("{package}.metadata"))
            .map_err(|e| {
                err(format!(
                    "evaluating `metadata` of `{package}`: {}",
                    rego_error(e)
                ))
            })?;
        let meta: Value =
            serde_json::from_str(&meta.to_json_str().map_err(|e| err(e.to_string()))?)
                .map_err(|e| err(e.to_string()))?;
        let rule = parse_meta(&meta, package, &file).map_err(err)?;
        if let Some(prev) = rules.iter().find(|r| r.id == rule.id) {
            return Err(err(format!(
                "rule id `{}` is already defined by {}",
                rule.id,
                prev.origin.file()
            )));
        }
        rules.push(rule);
    }
    Ok((Interp { engine, modules }, rules))
}
