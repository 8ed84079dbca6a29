//! Policies on regorus's interpreter: load and check the sources (static checks, the rule
//! contract), compile them with the generated query, and evaluate every rule's metadata.

use std::time::Duration;

use serde_json::Value;

use super::query::{main_module, rule_packages, MAIN_FILE, RULES_PREFIX};
use super::{calls, pack, rego_error, static_checks, timer, Interp, ModuleInfo, PolicyError};
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
    if !extra.is_empty() {
        let is_user = |f: &str| !f.starts_with("builtin:");
        if let Some(bad) = calls::check(&parsed, is_user) {
            return Err(PolicyError::Load {
                file: Some(format!("{}:{}:{}", bad.file, bad.line, bad.column)),
                message: bad.message,
            });
        }
        if builtin {
            reserved_packages(&parsed, &files)?;
        }
        same_rule_twice(&parsed)?;
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
    // Beside it, the built-in rules alone (same keys), so user rules can run one by one.
    let mut main = main_module(&packages);
    main.push_str("\nbuiltin_results := {\n");
    for (i, package) in packages.iter().enumerate() {
        if files
            .iter()
            .any(|(p, f)| p == package && f.starts_with("builtin:"))
        {
            main.push_str(&format!("  {i}: {package}.violations,\n"));
        }
    }
    main.push_str("}\n");
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
    // What `print()` wrote while `metadata` was evaluated is not any manifest's output.
    let _ = engine.take_prints();
    Ok((Interp { engine, modules }, rules))
}

/// Packages of the built-in pack's own that a user file may not use: the pack's helpers and
/// fixtures, the generated query, `modelgate` and `modelgate.rules` themselves (where a rule
/// would collide with whole packages), and each built-in rule's package. Defining one would
/// change or break the built-in rules, with errors blamed on the built-in files.
fn reserved_packages(
    parsed: &[regorus::unstable::Ref<regorus::unstable::Module>],
    files: &[(String, String)],
) -> Result<(), PolicyError> {
    let builtin_rules: Vec<&str> = files
        .iter()
        .filter(|(p, f)| f.starts_with("builtin:") && p.starts_with(RULES_PREFIX))
        .map(|(p, _)| p.as_str())
        .collect();
    for m in parsed {
        let file = static_checks::file_of(m);
        if file.starts_with("builtin:") {
            continue;
        }
        let package = static_checks::package_of(m);
        let shown = package.trim_start_matches("data.");
        let under = |root: &str| package == root || package.starts_with(&format!("{root}."));
        let why = if package == "data.modelgate" || package == "data.modelgate.rules" {
            Some("it holds the built-in pack".to_string())
        } else if ["lib", "testing", "main", "params"]
            .iter()
            .any(|n| under(&format!("data.modelgate.{n}")))
        {
            Some("the built-in pack uses it".to_string())
        } else if builtin_rules.contains(&package.as_str()) {
            Some("a built-in rule uses it; give your rule a package name of its own".to_string())
        } else {
            None
        };
        if let Some(why) = why {
            return Err(PolicyError::Load {
                file: Some(format!("{file}:{}", m.package.span.line)),
                message: format!(
                    "package `{shown}` is reserved: {why} (write rules as `package modelgate.rules.<name>`, helpers in a package outside `modelgate`)"
                ),
            });
        }
    }
    Ok(())
}

/// A rule package whose `metadata` is written in two files: two `--policy` locations (or a
/// copy of a file) defining the same rule would otherwise be merged silently.
fn same_rule_twice(
    parsed: &[regorus::unstable::Ref<regorus::unstable::Module>],
) -> Result<(), PolicyError> {
    let mut first: std::collections::BTreeMap<String, (String, u32)> = Default::default();
    for m in parsed {
        let package = static_checks::package_of(m);
        if !package.starts_with(RULES_PREFIX) {
            continue;
        }
        let file = static_checks::file_of(m);
        let metadata = format!("{package}.metadata");
        let Some((_, line)) = static_checks::rules_of(m)
            .into_iter()
            .find(|(r, _)| *r == metadata)
        else {
            continue;
        };
        match first.get(&package) {
            Some((other, other_line)) if *other != file => {
                return Err(PolicyError::Load {
                    file: Some(format!("{file}:{line}")),
                    message: format!(
                        "rule package `{}` is already defined by {other}:{other_line}; two files may not both define a rule's `metadata`",
                        package.trim_start_matches("data.")
                    ),
                });
            }
            Some(_) => {}
            None => {
                first.insert(package, (file, line));
            }
        }
    }
    Ok(())
}
