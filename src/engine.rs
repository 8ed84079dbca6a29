//! The only module that uses regorus at run time (`build.rs` uses it to compile the built-in
//! pack): built-in and user policies + an input document → violations.
//!
//! Every package under `modelgate.rules` is a rule: it defines a `metadata` object
//! (`id`, `title`, `severity`, `description`, `remediation`, optional `url`) and a set
//! `violations` of `{msg, path}` objects. The built-in pack alone runs as bytecode on regorus's
//! VM; anything else on its interpreter, compiled once, each evaluation on a clone (see
//! [`Engine`]). Evaluations run under an execution time limit shared by the rules; when the
//! one query over every rule fails, each rule is its own query on the interpreter, so a rule
//! that runs out of time is named. Before anything is evaluated user sources are checked
//! statically (`rego_ast`): recursion, rule packages nested too deep, rule packages without
//! `violations`.

use std::collections::{BTreeSet, HashMap};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value;

use crate::finding::Level;

/// The built-in policy pack, embedded at compile time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("lib.rego", include_str!("../policies/lib.rego")),
    (
        "license_missing.rego",
        include_str!("../policies/license_missing.rego"),
    ),
    (
        "license_unknown.rego",
        include_str!("../policies/license_unknown.rego"),
    ),
    (
        "license_mismatch.rego",
        include_str!("../policies/license_mismatch.rego"),
    ),
    (
        "osi_approved.rego",
        include_str!("../policies/osi_approved.rego"),
    ),
    (
        "no_user_cap.rego",
        include_str!("../policies/no_user_cap.rego"),
    ),
    (
        "no_field_of_use_restrictions.rego",
        include_str!("../policies/no_field_of_use_restrictions.rego"),
    ),
    (
        "no_non_commercial.rego",
        include_str!("../policies/no_non_commercial.rego"),
    ),
    (
        "no_revenue_cap.rego",
        include_str!("../policies/no_revenue_cap.rego"),
    ),
    (
        "no_proprietary.rego",
        include_str!("../policies/no_proprietary.rego"),
    ),
    (
        "attribution_required.rego",
        include_str!("../policies/attribution_required.rego"),
    ),
    (
        "revision_pinned.rego",
        include_str!("../policies/revision_pinned.rego"),
    ),
    (
        "license_allowed.rego",
        include_str!("../policies/license_allowed.rego"),
    ),
    (
        "provider_allowed.rego",
        include_str!("../policies/provider_allowed.rego"),
    ),
    (
        "min_openness.rego",
        include_str!("../policies/min_openness.rego"),
    ),
    (
        "no_territory_restrictions.rego",
        include_str!("../policies/no_territory_restrictions.rego"),
    ),
    (
        "no_output_use_restrictions.rego",
        include_str!("../policies/no_output_use_restrictions.rego"),
    ),
    ("copyleft.rego", include_str!("../policies/copyleft.rego")),
];

/// Built-in Rego unit tests (loaded only by tests and `policy test`).
pub const BUILTIN_TESTS: &[(&str, &str)] = &[
    ("testing.rego", include_str!("../policies/testing.rego")),
    (
        "metadata_test.rego",
        include_str!("../policies/metadata_test.rego"),
    ),
    (
        "license_missing_test.rego",
        include_str!("../policies/license_missing_test.rego"),
    ),
    (
        "license_unknown_test.rego",
        include_str!("../policies/license_unknown_test.rego"),
    ),
    (
        "license_mismatch_test.rego",
        include_str!("../policies/license_mismatch_test.rego"),
    ),
    (
        "osi_approved_test.rego",
        include_str!("../policies/osi_approved_test.rego"),
    ),
    (
        "no_user_cap_test.rego",
        include_str!("../policies/no_user_cap_test.rego"),
    ),
    (
        "no_field_of_use_restrictions_test.rego",
        include_str!("../policies/no_field_of_use_restrictions_test.rego"),
    ),
    (
        "no_non_commercial_test.rego",
        include_str!("../policies/no_non_commercial_test.rego"),
    ),
    (
        "no_revenue_cap_test.rego",
        include_str!("../policies/no_revenue_cap_test.rego"),
    ),
    (
        "no_proprietary_test.rego",
        include_str!("../policies/no_proprietary_test.rego"),
    ),
    (
        "attribution_required_test.rego",
        include_str!("../policies/attribution_required_test.rego"),
    ),
    (
        "revision_pinned_test.rego",
        include_str!("../policies/revision_pinned_test.rego"),
    ),
    (
        "license_allowed_test.rego",
        include_str!("../policies/license_allowed_test.rego"),
    ),
    (
        "provider_allowed_test.rego",
        include_str!("../policies/provider_allowed_test.rego"),
    ),
    (
        "min_openness_test.rego",
        include_str!("../policies/min_openness_test.rego"),
    ),
    (
        "no_territory_restrictions_test.rego",
        include_str!("../policies/no_territory_restrictions_test.rego"),
    ),
    (
        "no_output_use_restrictions_test.rego",
        include_str!("../policies/no_output_use_restrictions_test.rego"),
    ),
    (
        "copyleft_test.rego",
        include_str!("../policies/copyleft_test.rego"),
    ),
];

use crate::pack::{main_module, rule_packages, MAIN, MAIN_FILE, RULES_PREFIX};

/// The built-in pack compiled to regorus's bytecode by `build.rs`.
const BUILTIN_PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.rvm"));

/// Every built-in rule's `metadata`, evaluated by `build.rs`, and the files it compiled.
const BUILTIN_META: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-meta.json"));

/// Default limit on one evaluation.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// A rule's metadata, as its package declares it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub title: Arc<str>,
    pub severity: Level,
    pub description: String,
    pub remediation: Arc<str>,
    pub url: Option<String>,
    /// One line: when the rule fires (the README's rule table). Defaults to the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Why it matters, when `description` says only what the rule checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// A manifest the rule reports and one it accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<RuleExamples>,
    /// `data.modelgate.rules.<name>`
    pub package: String,
    /// `builtin:<file>` or the path of the user's file.
    pub file: String,
}

/// `metadata.examples`: two small manifests.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleExamples {
    /// A manifest the rule reports.
    pub fail: String,
    /// A manifest it accepts.
    pub pass: String,
    /// The `.modelgate.yaml` both examples are checked under, for rules driven by `params`.
    pub config: Option<String>,
}

/// What `policy test` needs to know about one loaded Rego file.
#[derive(Debug, Clone)]
pub struct ModuleInfo {
    /// The name it was loaded under (`builtin:<file>` or a display path).
    pub file: String,
    /// `data.<package>`
    pub package: String,
    /// Rules it defines: full path and line, one entry per definition.
    pub rules: Vec<(String, u32)>,
    /// The parsed module, for the coverage line sets (computed only when asked for).
    module: regorus::unstable::Ref<regorus::unstable::Module>,
}

impl ModuleInfo {
    /// Lines the coverage report counts.
    pub fn coverable(&self) -> BTreeSet<u32> {
        crate::rego_ast::coverable_lines(&self.module)
    }

    /// Lines of the `metadata` rule (not counted in coverage).
    pub fn metadata_lines(&self) -> BTreeSet<u32> {
        crate::rego_ast::metadata_lines(&self.module)
    }
}

/// Line coverage of one file.
#[derive(Debug, Clone, Default)]
pub struct FileCoverage {
    pub file: String,
    pub covered: BTreeSet<u32>,
    pub not_covered: BTreeSet<u32>,
}

/// A policy could not be loaded or evaluated.
#[derive(Debug, Clone)]
pub struct PolicyError {
    pub file: Option<String>,
    pub message: String,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One violation as a policy returned it, checked against the result contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: String,
    pub message: String,
    /// RFC 6901 pointer into the manifest ("" when the policy gave none).
    pub pointer: String,
    pub source: Option<String>,
    /// A level the policy set for this one finding (`level` in the violation object), which
    /// replaces the rule's default or preset level (see `check::finding_level`).
    pub level: Option<Level>,
}

/// The loaded policies, ready to evaluate input documents.
///
/// Two evaluators run the same Rego. When only the built-in pack is loaded, evaluation runs
/// its bytecode (compiled by `build.rs`) on regorus's virtual machine, about twice as fast as
/// the tree-walking interpreter, and nothing is parsed or compiled at start-up. User policies
/// run on the interpreter. The interpreter is also what `policy test`, coverage and the
/// rule-by-rule fallback use; for the built-in pack alone it is built only when one of those
/// needs it. `tests/engine_equivalence.rs` checks that both give the same violations.
pub struct Engine {
    /// The interpreter: built in `new` when user policies are loaded (they must be checked
    /// before anything runs), on first use otherwise.
    interp: OnceLock<Result<Interp, PolicyError>>,
    /// The built-in pack's bytecode, when only the built-in pack is loaded.
    vm: Option<Vm>,
    /// In package order.
    rules: Vec<RuleMeta>,
    timeout: Duration,
    /// What the interpreter is built from.
    builtin: bool,
    extra: Vec<(String, String)>,
    data: Vec<Value>,
}

impl Clone for Engine {
    fn clone(&self) -> Engine {
        let interp = OnceLock::new();
        if let Some(i) = self.interp.get() {
            let _ = interp.set(i.clone());
        }
        Engine {
            interp,
            vm: self.vm.clone(),
            rules: self.rules.clone(),
            timeout: self.timeout,
            builtin: self.builtin,
            extra: self.extra.clone(),
            data: self.data.clone(),
        }
    }
}

/// The interpreter with every loaded file compiled.
#[derive(Clone)]
struct Interp {
    engine: regorus::Engine,
    modules: Vec<ModuleInfo>,
}

/// The bytecode program, the data document it runs with, and idle machines to reuse (a
/// machine keeps its register file and caches between runs).
struct Vm {
    program: Arc<regorus::rvm::Program>,
    data: regorus::Value,
    idle: Mutex<Vec<regorus::rvm::RegoVM>>,
}

impl Clone for Vm {
    fn clone(&self) -> Vm {
        Vm {
            program: self.program.clone(),
            data: self.data.clone(),
            idle: Mutex::new(Vec::new()),
        }
    }
}

impl Vm {
    /// Load the embedded program and check `data` against it (a data key that collides with
    /// a rule is an error, as in the interpreter). `None` when the program does not load: the
    /// interpreter then does the work.
    fn builtin(data: &[Value]) -> Option<Result<Vm, PolicyError>> {
        let program = match regorus::rvm::Program::deserialize_binary(BUILTIN_PROGRAM) {
            Ok(regorus::rvm::program::DeserializationResult::Complete(p)) => Arc::new(p),
            _ => return None,
        };
        // The interpreter merges data documents one by one; an empty engine does the same
        // merge (and reports the same conflicts) without any policy loaded.
        let mut merger = regorus::Engine::new();
        for d in data {
            if let Err(e) = merger.add_data(regorus::Value::from(d.clone())) {
                return Some(Err(PolicyError {
                    file: None,
                    message: format!("data: {}", rego_error(e)),
                }));
            }
        }
        let vm = Vm {
            program,
            data: merger.get_data(),
            idle: Mutex::new(Vec::new()),
        };
        Some(vm.machine().map(|m| {
            vm.idle.lock().expect("not poisoned").push(m);
            vm
        }))
    }

    /// An idle machine, or a new one.
    fn machine(&self) -> Result<regorus::rvm::RegoVM, PolicyError> {
        if let Some(m) = self.idle.lock().expect("not poisoned").pop() {
            return Ok(m);
        }
        let mut m = regorus::rvm::RegoVM::new();
        m.load_program(self.program.clone());
        // The time limit bounds a run, not an instruction count.
        m.set_max_instructions(usize::MAX);
        m.set_data(self.data.clone()).map_err(|e| PolicyError {
            file: None,
            message: format!("data: {}", rego_error(e)),
        })?;
        Ok(m)
    }
}

fn timer(limit: Duration) -> ExecutionTimerConfig {
    ExecutionTimerConfig {
        limit,
        check_interval: NonZeroU32::new(64).expect("non-zero"),
    }
}

/// The file of a regorus error located as `--> FILE:LINE:COL`.
fn located_file(message: &str) -> Option<String> {
    let at = message.split("--> ").nth(1)?.lines().next()?;
    let mut parts = at.rsplitn(3, ':');
    let (_col, _line, file) = (parts.next()?, parts.next()?, parts.next()?);
    Some(file.to_string())
}

fn rego_error(e: impl std::fmt::Display) -> String {
    e.to_string().trim_end().to_string()
}

/// Collect `.rego` files (not `_test.rego`) from a file or directory, sorted.
pub fn rego_files(path: &Path) -> Result<Vec<PathBuf>, PolicyError> {
    rego_files_with(path, false)
}

/// Collect `.rego` files from a file or directory, sorted; `_test.rego` files only when
/// `tests` is set.
pub fn rego_files_with(path: &Path, tests: bool) -> Result<Vec<PathBuf>, PolicyError> {
    let err = |m: String| PolicyError {
        file: Some(path.display().to_string()),
        message: m,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(path)
        .hidden(false)
        .require_git(false)
        .build()
    {
        let entry = entry.map_err(|e| err(e.to_string()))?;
        let p = entry.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_file() && name.ends_with(".rego") && (tests || !name.ends_with("_test.rego")) {
            out.push(p.to_path_buf());
        }
    }
    out.sort();
    Ok(out)
}

impl Engine {
    /// Build the engine from the built-in pack (unless `builtin` is false) and the user's files.
    /// `extra` holds (display name, source) pairs already read.
    pub fn new(
        builtin: bool,
        extra: &[(String, String)],
        data: &[Value],
        timeout: Duration,
    ) -> Result<Engine, PolicyError> {
        let mut engine = Engine {
            interp: OnceLock::new(),
            vm: None,
            rules: Vec::new(),
            timeout,
            builtin,
            extra: extra.to_vec(),
            data: data.to_vec(),
        };
        if builtin && extra.is_empty() {
            if let Some(vm) = Vm::builtin(data) {
                engine.vm = Some(vm?);
                engine.rules = builtin_rules();
                return Ok(engine);
            }
        }
        let (interp, rules) = interpret(builtin, extra, data, timeout)?;
        engine.rules = rules;
        let _ = engine.interp.set(Ok(interp));
        Ok(engine)
    }

    /// The interpreter, built on first use.
    fn interp(&self) -> Result<&Interp, PolicyError> {
        self.interp
            .get_or_init(|| {
                interpret(self.builtin, &self.extra, &self.data, self.timeout).map(|(i, _)| i)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn interp_mut(&mut self) -> Result<&mut Interp, PolicyError> {
        self.interp()?;
        match self.interp.get_mut() {
            Some(Ok(i)) => Ok(i),
            Some(Err(e)) => Err(e.clone()),
            None => unreachable!("initialized above"),
        }
    }
}

/// What `build.rs` wrote beside the program: `{files, rules: [{package, file, metadata}]}`.
fn builtin_meta() -> Value {
    serde_json::from_str(BUILTIN_META).expect("build.rs writes valid JSON")
}

/// Every rule's metadata, as `build.rs` evaluated it.
fn builtin_rules() -> Vec<RuleMeta> {
    builtin_meta()["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            let package = r["package"].as_str().expect("package");
            let file = r["file"].as_str().expect("file");
            parse_meta(&r["metadata"], package, file).expect("built-in metadata is valid")
        })
        .collect()
}

/// The files `build.rs` compiled into the embedded program.
pub fn compiled_builtin_files() -> Vec<String> {
    builtin_meta()["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect()
}

/// Load, check and compile the policies on the interpreter; evaluate every rule's metadata.
fn interpret(
    builtin: bool,
    extra: &[(String, String)],
    data: &[Value],
    timeout: Duration,
) -> Result<(Interp, Vec<RuleMeta>), PolicyError> {
    let mut engine = regorus::Engine::new();
    engine.set_strict_builtin_errors(true);
    engine.set_gather_prints(true);
    let mut files = Vec::new();
    let sources = BUILTIN
        .iter()
        .filter(|_| builtin)
        .map(|(n, s)| (format!("builtin:{n}"), s.to_string()))
        .chain(extra.iter().cloned());
    for (name, text) in sources {
        let package = engine
            .add_policy(name.clone(), text)
            .map_err(|e| PolicyError {
                file: Some(name.clone()),
                message: rego_error(e),
            })?;
        files.push((package, name));
    }
    for d in data {
        engine
            .add_data(regorus::Value::from(d.clone()))
            .map_err(|e| PolicyError {
                file: None,
                message: format!("data: {}", rego_error(e)),
            })?;
    }
    engine.set_execution_timer_config(timer(timeout));

    let parsed = engine.get_modules().clone();
    // Recursion overflows regorus's stack: reject it before evaluating anything. The
    // built-in pack alone is known to be free of it (tested), so only user files are checked.
    let cycle = if extra.is_empty() {
        None
    } else {
        crate::rego_ast::find_cycle(&parsed)
    };
    if let Some(cycle) = cycle {
        let first = &cycle.steps[0];
        return Err(PolicyError {
            file: Some(format!("{}:{}", first.file, first.line)),
            message: format!(
                "recursion is not allowed in Rego: {cycle} (a rule or function must not depend on itself)"
            ),
        });
    }
    let modules: Vec<ModuleInfo> = parsed
        .iter()
        .map(|m| ModuleInfo {
            file: crate::rego_ast::file_of(m),
            package: crate::rego_ast::package_of(m),
            rules: crate::rego_ast::rules_of(m),
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
        let err = |m: String| PolicyError {
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
        .map_err(|e| PolicyError {
            file: None,
            message: format!("generated query: {}", rego_error(e)),
        })?;
    // regorus compiles on first use: do it now, so an error names the file it is in.
    engine.eval_query("true".into(), false).map_err(|e| {
        let message = rego_error(e);
        PolicyError {
            file: located_file(&message),
            message,
        }
    })?;

    let mut rules: Vec<RuleMeta> = Vec::new();
    for package in &packages {
        let file = file_of(package);
        let err = |m: String| PolicyError {
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
                rule.id, prev.file
            )));
        }
        rules.push(rule);
    }
    Ok((Interp { engine, modules }, rules))
}

impl Engine {
    pub fn rules(&self) -> &[RuleMeta] {
        &self.rules
    }

    /// The loaded Rego files (built-in and user), in load order.
    pub fn modules(&self) -> Result<&[ModuleInfo], PolicyError> {
        Ok(&self.interp()?.modules)
    }

    /// Evaluate every rule on one input document. The rules share the time limit; the one
    /// running when it runs out is named in the error.
    pub fn evaluate(&self, input: &Value) -> Result<Vec<Violation>, PolicyError> {
        self.evaluate_value(to_rego(input))
    }

    /// [`Engine::evaluate`] on a document built as regorus's value.
    pub fn evaluate_doc(&self, input: &RegoDoc) -> Result<Vec<Violation>, PolicyError> {
        self.evaluate_value(input.0.clone())
    }

    fn evaluate_value(&self, input: regorus::Value) -> Result<Vec<Violation>, PolicyError> {
        if let Some(vm) = &self.vm {
            let mut machine = vm.machine()?;
            machine.set_input(input.clone());
            machine.set_execution_timer_config(Some(timer(self.timeout)));
            if let Ok(results) = machine.execute() {
                if let Some(out) = self.collect(&results) {
                    vm.idle.lock().expect("not poisoned").push(machine);
                    return Ok(out);
                }
            }
            // A machine that failed is not reused. The interpreter reruns the rules one by
            // one, so the error names the rule it comes from.
            let mut engine = self.interp()?.engine.clone();
            engine.set_input(input);
            return self.evaluate_each(engine);
        }
        self.evaluate_interpreted(input)
    }

    /// Evaluate on the interpreter, whatever is loaded (for the equivalence test).
    #[doc(hidden)]
    pub fn evaluate_on_interpreter(&self, input: &Value) -> Result<Vec<Violation>, PolicyError> {
        self.evaluate_interpreted(to_rego(input))
    }

    /// Whether evaluation runs the built-in pack's bytecode.
    pub fn uses_bytecode(&self) -> bool {
        self.vm.is_some()
    }

    fn evaluate_interpreted(&self, input: regorus::Value) -> Result<Vec<Violation>, PolicyError> {
        let mut engine = self.interp()?.engine.clone();
        engine.set_input(input);
        // Fast path: every rule in one query, so helper rules are evaluated once and shared.
        if let Ok(results) = engine.eval_rule(MAIN.into()) {
            if let Some(out) = self.collect(&results) {
                return Ok(out);
            }
        }
        // Something failed (an error at run time, the time limit): evaluate rule by rule with
        // a fresh time limit, so the error names the rule it comes from.
        self.evaluate_each(engine)
    }

    /// The violations in the value of the generated query: `{rule index: violations}`.
    fn collect(&self, results: &regorus::Value) -> Option<Vec<Violation>> {
        let map = results.as_object().ok()?;
        let mut out = Vec::new();
        for (key, set) in map.iter() {
            let Some(rule) = key
                .as_u64()
                .ok()
                .and_then(|i| self.rules.get(usize::try_from(i).ok()?))
            else {
                continue;
            };
            push_violations(&mut out, &rule.id, set);
        }
        Some(out)
    }

    /// Evaluate the rules one query each, sharing the time limit.
    fn evaluate_each(&self, mut engine: regorus::Engine) -> Result<Vec<Violation>, PolicyError> {
        let started = Instant::now();
        let mut out = Vec::new();
        for rule in &self.rules {
            let err = |m: String| PolicyError {
                file: Some(rule.file.clone()),
                message: format!("rule `{}`: {m}", rule.id),
            };
            let remaining = self.timeout.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(err(self.timeout_message()));
            }
            engine.set_execution_timer_config(timer(remaining));
            let set = engine
                .eval_rule(format!("{}.violations", rule.package))
                .map_err(|e| {
                    let m = rego_error(e);
                    err(if m.contains("exceeded time limit") {
                        self.timeout_message()
                    } else {
                        m
                    })
                })?;
            push_violations(&mut out, &rule.id, &set);
        }
        Ok(out)
    }

    fn timeout_message(&self) -> String {
        format!(
            "evaluation did not finish within the time limit of {} s (--policy-timeout); the policy may not terminate",
            self.timeout.as_secs_f64()
        )
    }

    /// Turn line coverage on or off (for `policy test --coverage`).
    pub fn set_coverage(&mut self, on: bool) -> Result<(), PolicyError> {
        self.interp_mut()?.engine.set_enable_coverage(on);
        Ok(())
    }

    /// Line coverage gathered since coverage was turned on, per loaded file.
    pub fn coverage(&self) -> Result<Vec<FileCoverage>, PolicyError> {
        let report = self
            .interp()?
            .engine
            .get_coverage_report()
            .map_err(|e| PolicyError {
                file: None,
                message: format!("coverage: {}", rego_error(e)),
            })?;
        Ok(report
            .files
            .into_iter()
            .filter(|f| f.path != MAIN_FILE)
            .map(|f| FileCoverage {
                file: f.path,
                covered: f.covered,
                not_covered: f.not_covered,
            })
            .collect())
    }

    /// Evaluate an arbitrary rule path (used by `policy test`).
    pub fn eval_path(&mut self, path: &str, input: Option<&Value>) -> Result<Value, String> {
        let engine = &mut self.interp_mut().map_err(|e| e.to_string())?.engine;
        if let Some(i) = input {
            engine.set_input(regorus::Value::from(i.clone()));
        }
        let v = engine.eval_rule(path.into()).map_err(rego_error)?;
        serde_json::from_str(&v.to_json_str().map_err(rego_error)?).map_err(|e| e.to_string())
    }
}

/// A JSON value as regorus's value (no text round trip).
fn to_rego(v: &Value) -> regorus::Value {
    <regorus::Value as serde::Deserialize>::deserialize(v).unwrap_or(regorus::Value::Undefined)
}

/// An input document built straight as regorus's value (`input::build_as`), for evaluation.
///
/// License terms and catalog entries are the bulk of an input document (about 90 % of a
/// ten-model one) and repeat across models and documents: the same term for every model under
/// `Apache-2.0`, the same catalog entry for every use of a model. Each is built once per
/// thread and shared afterwards (regorus values are reference-counted), which saves building,
/// allocating and freeing them again. Debug builds check every reuse against a fresh build.
pub struct RegoDoc(regorus::Value);

impl RegoDoc {
    /// The document for one manifest.
    pub fn build(
        catalog: &crate::catalog::Catalog,
        manifest: &crate::manifest::Manifest,
        path: &str,
    ) -> RegoDoc {
        crate::input::build_as(catalog, manifest, path)
    }

    /// Whether this is the JSON document, value for value.
    pub fn same_as(&self, json: &Value) -> bool {
        self.0 == to_rego(json)
    }
}

thread_local! {
    static SHARED: std::cell::RefCell<HashMap<SharedKey, regorus::Value>> =
        std::cell::RefCell::new(HashMap::new());
}

/// What identifies a shared part: a term is a function of the text as written, its exception
/// and `+` (`catalog::expr::resolve_term`); a catalog entry of the model id and how it matched.
#[derive(Hash, PartialEq, Eq)]
enum SharedKey {
    Term(String, Option<String>, bool),
    Catalog(String, crate::catalog::MatchKind),
}

/// Entries kept per thread at most (a monorepo has a few hundred distinct ones).
const SHARED_MAX: usize = 4096;

fn shared(key: SharedKey, make: impl Fn() -> regorus::Value) -> regorus::Value {
    SHARED.with(|cache| {
        if let Some(hit) = cache.borrow().get(&key) {
            #[cfg(debug_assertions)]
            assert_eq!(*hit, make(), "a shared part of an input document changed");
            return hit.clone();
        }
        let value = make();
        let mut cache = cache.borrow_mut();
        if cache.len() < SHARED_MAX {
            cache.insert(key, value.clone());
        }
        value
    })
}

impl crate::input::Doc for RegoDoc {
    fn null() -> Self {
        RegoDoc(regorus::Value::Null)
    }
    fn bool(b: bool) -> Self {
        RegoDoc(regorus::Value::Bool(b))
    }
    fn uint(n: u64) -> Self {
        RegoDoc(regorus::Value::from(n))
    }
    fn str(s: &str) -> Self {
        RegoDoc(regorus::Value::from(s))
    }
    fn list(items: Vec<Self>) -> Self {
        RegoDoc(regorus::Value::from(
            items.into_iter().map(|d| d.0).collect::<Vec<_>>(),
        ))
    }
    fn object(fields: Vec<(&'static str, Self)>) -> Self {
        RegoDoc(regorus::Value::from(
            fields
                .into_iter()
                .map(|(k, v)| (regorus::Value::from(k), v.0))
                .collect::<std::collections::BTreeMap<_, _>>(),
        ))
    }
    fn serialized<T: serde::Serialize>(v: &T) -> Self {
        RegoDoc(to_rego(
            &serde_json::to_value(v).expect("input parts serialize"),
        ))
    }
    fn term(t: &crate::catalog::Term) -> Self {
        let key = SharedKey::Term(t.written.clone(), t.exception.clone(), t.or_later);
        RegoDoc(shared(key, || Self::serialized(t).0))
    }
    fn catalog(k: &crate::input::CatalogMatch<'_>) -> Self {
        let key = SharedKey::Catalog(k.facts.id.clone(), k.matched_by);
        RegoDoc(shared(key, || Self::serialized(k).0))
    }
}

/// A regorus value as JSON (no text round trip). Undefined becomes null.
fn from_rego(v: &regorus::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The items of one rule's `violations` set, each checked against the result contract.
fn push_violations(out: &mut Vec<Violation>, rule: &str, set: &regorus::Value) {
    match set {
        regorus::Value::Undefined | regorus::Value::Null => {}
        regorus::Value::Set(items) => {
            out.extend(items.iter().map(|i| to_violation(rule, from_rego(i))));
        }
        regorus::Value::Array(items) => {
            out.extend(items.iter().map(|i| to_violation(rule, from_rego(i))));
        }
        other => out.push(to_violation(rule, from_rego(other))),
    }
}

fn parse_meta(meta: &Value, package: &str, file: &str) -> Result<RuleMeta, String> {
    let field = |k: &str| -> Result<String, String> {
        meta.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("`metadata.{k}` of `{package}` must be a string"))
    };
    let optional = |k: &str| -> Result<Option<String>, String> {
        match meta.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`metadata.{k}` of `{package}` must be a string")),
        }
    };
    let id = field("id")?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!(
            "rule id `{id}` must be lower-case letters, digits and dashes"
        ));
    }
    let severity = field("severity")?;
    let severity = Level::parse(&severity).ok_or_else(|| {
        format!(
            "`metadata.severity` of `{package}` is `{severity}`; use error, warning, note or off"
        )
    })?;
    Ok(RuleMeta {
        id,
        title: field("title")?.into(),
        severity,
        description: field("description")?,
        remediation: field("remediation")?.into(),
        url: meta.get("url").and_then(Value::as_str).map(str::to_string),
        summary: optional("summary")?,
        rationale: optional("rationale")?,
        examples: match meta.get("examples") {
            None | Some(Value::Null) => None,
            Some(Value::Object(e)) => {
                let text = |k: &str| {
                    e.get(k).and_then(Value::as_str).map(str::to_string).ok_or_else(|| {
                        format!("`metadata.examples.{k}` of `{package}` must be a string (a manifest)")
                    })
                };
                Some(RuleExamples {
                    fail: text("fail")?,
                    pass: text("pass")?,
                    config: match e.get("config") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(c)) => Some(c.clone()),
                        Some(_) => {
                            return Err(format!(
                                "`metadata.examples.config` of `{package}` must be a string (a .modelgate.yaml)"
                            ))
                        }
                    },
                })
            }
            Some(_) => {
                return Err(format!(
                    "`metadata.examples` of `{package}` must be an object with `fail` and `pass` manifests"
                ))
            }
        },
        package: package.to_string(),
        file: file.to_string(),
    })
}

/// Apply the result contract to one item of a `violations` set. Malformed items still become
/// violations (with the problem in the message) rather than being dropped.
/// The `level` a violation object sets for itself: `error`, `warning` or `note` (anything
/// else, `off` included, is ignored: a policy may not silence its own finding).
fn violation_level(map: &serde_json::Map<String, Value>) -> Option<Level> {
    map.get("level")
        .and_then(Value::as_str)
        .and_then(Level::parse)
        .filter(|l| *l != Level::Off)
}

fn to_violation(rule: &str, item: Value) -> Violation {
    match item {
        Value::String(msg) => Violation {
            rule: rule.to_string(),
            message: msg,
            pointer: String::new(),
            source: None,
            level: None,
        },
        Value::Object(map) => {
            let message = match map.get("msg") {
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                _ => format!(
                    "(rule returned a violation without a `msg` string: {})",
                    Value::Object(map.clone())
                ),
            };
            let pointer = match map.get("path") {
                Some(Value::String(s)) if s.is_empty() || s.starts_with('/') => s.clone(),
                Some(Value::String(s)) => format!("/{s}"),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .map(|p| match p {
                        Value::String(s) => format!("/{}", crate::yaml::escape_token(s)),
                        other => format!("/{other}"),
                    })
                    .collect(),
                _ => String::new(),
            };
            Violation {
                rule: rule.to_string(),
                message,
                pointer,
                source: map
                    .get("source")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                level: violation_level(&map),
            }
        }
        other => Violation {
            rule: rule.to_string(),
            message: format!("(rule returned a violation that is not an object: {other})"),
            pointer: String::new(),
            source: None,
            level: None,
        },
    }
}

#[cfg(test)]
mod tests {
    /// `Engine::new` skips the recursion check when only the built-in pack is loaded.
    #[test]
    fn builtin_pack_has_no_recursion() {
        let mut engine = regorus::Engine::new();
        for (name, text) in super::BUILTIN {
            engine
                .add_policy(format!("builtin:{name}"), text.to_string())
                .unwrap();
        }
        let cycle = crate::rego_ast::find_cycle(engine.get_modules());
        assert!(cycle.is_none(), "{}", cycle.unwrap());
    }
}
