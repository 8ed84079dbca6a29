//! The functions user policies call, checked when they are loaded.
//!
//! regorus reports a call to a function it does not provide (`http.send`, `opa.runtime`) only
//! when evaluation reaches it, once per manifest. Here every call in a user file is checked
//! against the functions the file's packages and imports define and the built-ins regorus
//! provides, before anything runs. Built-ins whose value changes from run to run would make
//! findings and baselines unstable: they are refused in rules and allowed in `_test.rego`
//! files.

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{Module, Ref, BUILTINS};

use super::static_checks::{file_of, head_path, package_of, static_path, Walker};

/// Built-ins whose value depends on when or where they run, not on the input.
pub const NON_DETERMINISTIC: &[&str] = &[
    "time.now_ns",
    "rand.intn",
    "uuid.rfc4122",
    "uuid.parse",
    "opa.runtime",
    "http.send",
    "net.lookup_ip_addr",
];

/// A call that may not stay in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCall {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Whether regorus provides `name` as a built-in function (`print` is handled by the
/// interpreter itself).
pub fn is_builtin(name: &str) -> bool {
    name == "print" || BUILTINS.get(name).is_some()
}

/// The first bad call in the user files of `modules` (load order, then source order).
/// `is_user` tells user files from the built-in pack's; `_test.rego` files may call
/// non-deterministic built-ins.
pub fn check(modules: &[Ref<Module>], is_user: impl Fn(&str) -> bool) -> Option<BadCall> {
    // Functions and rules each package defines (first segment of each head).
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in modules {
        let names = defined.entry(package_of(m)).or_default();
        for r in &m.policy {
            if let Some(first) = head_path(r).into_iter().next() {
                names.insert(first);
            }
        }
    }
    let empty = BTreeSet::new();
    for m in modules {
        let file = file_of(m);
        if !is_user(&file) {
            continue;
        }
        let test_file = file.ends_with("_test.rego");
        let local = defined.get(&package_of(m)).unwrap_or(&empty);
        let aliases: BTreeSet<String> = m
            .imports
            .iter()
            .filter_map(|i| {
                let path = static_path(&i.refr);
                if path.first().map(String::as_str) != Some("data") {
                    return None;
                }
                match &i.r#as {
                    Some(s) => Some(s.text().to_string()),
                    None => path.last().cloned(),
                }
            })
            .collect();
        for rule in &m.policy {
            let mut w = Walker::default();
            w.rule(rule);
            for (path, span) in w.calls {
                let Some(root) = path.first() else { continue };
                // Columns count characters (regorus counts a tab as four).
                let text = span.source.contents();
                let start = (span.start as usize).min(text.len());
                let before = text.get(..start).unwrap_or("");
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let column =
                    u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX);
                let line = span.line;
                if root == "data" || aliases.contains(root) || local.contains(root) {
                    continue;
                }
                let name = path.join(".");
                let bad = |message: String| BadCall {
                    file: file.clone(),
                    line,
                    column,
                    message,
                };
                if !is_builtin(&name) {
                    return Some(bad(format!(
                        "`{name}` is not a function this policy defines or imports, nor a \
                         built-in modelgate supports (policies run offline: no `http.send`, \
                         `opa.runtime` or other outside calls)"
                    )));
                }
                if NON_DETERMINISTIC.contains(&name.as_str()) && !test_file {
                    return Some(bad(format!(
                        "`{name}` gives a different value on each run, so findings and \
                         baselines would not be stable; it may be used in `_test.rego` files \
                         only"
                    )));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::engine::{Engine, DEFAULT_TIMEOUT};

    fn load(file: &str, src: &str) -> Result<(), String> {
        Engine::new(true, &[(file.into(), src.into())], &[], DEFAULT_TIMEOUT)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn unknown_and_unstable_builtins_are_refused_in_rules() {
        let e = load("p.rego", "package acme\n\nx := http.send({})\n").unwrap_err();
        assert!(
            e.starts_with("p.rego:3:6: `http.send` is not a function"),
            "{e}"
        );
        let e = load("p.rego", "package acme\n\nx := time.now_ns()\n").unwrap_err();
        assert!(
            e.contains("p.rego:3:6: `time.now_ns` gives a different value"),
            "{e}"
        );
        load("p_test.rego", "package acme\n\nx := time.now_ns()\n").unwrap();
    }

    #[test]
    fn own_imported_and_builtin_functions_pass() {
        let src = "package acme\n\nimport data.modelgate.lib\n\nf(x) := upper(x)\n\ny := f(lib.thousands(1000))\n\nz := data.modelgate.lib.thousands(1)\n\nw if print(y)\n";
        load("p.rego", src).unwrap();
    }
}
