//! What the build script and the engine must agree on: the query that evaluates every rule at
//! once, and where the built-in pack's files are. `build.rs` includes this file, so it uses
//! nothing outside `std`.

/// Packages below this prefix are rules.
pub const RULES_PREFIX: &str = "data.modelgate.rules.";

/// The generated rule whose value holds every rule's violations, keyed by the rule's index in
/// package order.
pub const MAIN: &str = "data.modelgate.main.results";

/// The name the generated module is loaded under.
pub const MAIN_FILE: &str = "builtin:modelgate-main.rego";

/// The rule packages among the loaded `(package, file)` pairs, sorted and without repeats:
/// the order the generated query numbers them in. A package written only in `_test.rego`
/// files holds tests, not a rule (OPA's layout: `modelgate.rules.foo_test` in `foo_test.rego`).
pub fn rule_packages(files: &[(String, String)]) -> Vec<String> {
    let mut packages: Vec<String> = files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p.starts_with(RULES_PREFIX))
        .filter(|p| {
            files
                .iter()
                .any(|(q, f)| q == p && !f.ends_with("_test.rego"))
        })
        .collect();
    packages.sort();
    packages.dedup();
    packages
}

/// The generated module for `packages` (sorted, each `data.modelgate.rules.<name>`).
pub fn main_module(packages: &[String]) -> String {
    let mut main = String::from("package modelgate.main\n\nresults := {\n");
    for (i, package) in packages.iter().enumerate() {
        main.push_str(&format!("  {i}: {package}.violations,\n"));
    }
    main.push_str("}\n");
    main
}

/// Whether a file in `policies/` belongs to the built-in pack proper (not its tests).
pub fn is_pack_file(name: &str) -> bool {
    name.ends_with(".rego") && !name.ends_with("_test.rego") && name != "testing.rego"
}
