//! The only module that uses regorus at run time (`build.rs` uses it to compile the built-in
//! pack): built-in and user policies + an input document it is handed → violations.
//!
//! The built-in pack alone runs as bytecode on regorus's VM ([`vm`]); anything else on its
//! interpreter ([`interpreter`]), compiled once, each evaluation on a clone (see [`Engine`]).
//! Evaluations of one manifest share one time budget: the built-in rules run as one query
//! ([`query`]), each user rule as its own query in what is left, so the user rule that runs
//! out of time is named; after a run-time error the rules run one by one to name it. Before anything is evaluated user sources are checked statically
//! ([`static_checks`]): recursion, rule packages nested too deep, rule packages without
//! `violations`. [`document`] builds the input document as regorus's value. The rule contract
//! itself (metadata, violations) is plain data in [`crate::rule`].

pub mod calls;
mod coverage_lines;
mod document;
mod interpreter;
pub mod pack;
pub mod query;
pub mod static_checks;
mod vm;

use std::collections::BTreeSet;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value;

pub use document::RegoDoc;
pub use pack::{BUILTIN, BUILTIN_TESTS};
pub use vm::compiled_builtin_files;

use crate::rule::{to_violation, RuleMeta, Violation};
use interpreter::interpret;
use query::{MAIN, MAIN_FILE};

/// The generated rule holding the built-in rules' violations only (interpreter).
const BUILTIN_MAIN: &str = "data.modelgate.main.builtin_results";

/// Whether a rule comes from the built-in pack.
fn is_builtin_rule(rule: &RuleMeta) -> bool {
    rule.origin.file().starts_with("builtin:")
}
use vm::{builtin_rules, Vm};

/// Default limit on one evaluation.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

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
    pub(super) module: regorus::unstable::Ref<regorus::unstable::Module>,
}

impl ModuleInfo {
    /// Lines the coverage report counts.
    pub fn coverable(&self) -> BTreeSet<u32> {
        coverage_lines::coverable_lines(&self.module)
    }

    /// Lines of the `metadata` rule (not counted in coverage).
    pub fn metadata_lines(&self) -> BTreeSet<u32> {
        coverage_lines::metadata_lines(&self.module)
    }
}

/// Line coverage of one file.
#[derive(Debug, Clone, Default)]
pub struct FileCoverage {
    pub file: String,
    pub covered: BTreeSet<u32>,
    pub not_covered: BTreeSet<u32>,
}

/// A policy could not be loaded or evaluated. The commands word these for the user (the
/// engine does not know the command line); `Display` is a neutral wording.
#[derive(Debug, Clone)]
pub enum PolicyError {
    /// A policy file cannot be read, parsed or compiled, or breaks the rule contract.
    Load {
        /// The file (display path, `builtin:<file>`), when known.
        file: Option<String>,
        message: String,
    },
    /// The data documents cannot be merged (two define the same key differently).
    Data { message: String },
    /// Evaluation did not finish within the time limit; `rule` (in `file`) was running.
    Timeout {
        file: String,
        rule: String,
        limit: Duration,
    },
    /// The built-in rules did not finish within the time limit: the manifest is too large
    /// for it (the built-in pack terminates on any input).
    BudgetSpent { limit: Duration },
    /// A rule failed at run time.
    Evaluation {
        file: String,
        rule: String,
        message: String,
    },
}

impl PolicyError {
    /// The policy file the error is in, when known.
    pub fn file(&self) -> Option<&str> {
        match self {
            PolicyError::Load { file, .. } => file.as_deref(),
            PolicyError::Data { .. } | PolicyError::BudgetSpent { .. } => None,
            PolicyError::Timeout { file, .. } | PolicyError::Evaluation { file, .. } => Some(file),
        }
    }

    pub(super) fn load(file: Option<String>, message: String) -> PolicyError {
        PolicyError::Load { file, message }
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyError::Load {
                file: Some(file),
                message,
            } => write!(f, "{file}: {message}"),
            PolicyError::Load {
                file: None,
                message,
            } => f.write_str(message),
            PolicyError::Data { message } => write!(f, "data: {message}"),
            PolicyError::Timeout { file, rule, limit } => write!(
                f,
                "{file}: rule `{rule}`: evaluation did not finish within the time limit of {} s; the policy may not terminate",
                limit.as_secs_f64()
            ),
            PolicyError::BudgetSpent { limit } => write!(
                f,
                "the built-in rules did not finish within the time limit of {} s on this manifest; a manifest this large needs a higher limit",
                limit.as_secs_f64()
            ),
            PolicyError::Evaluation {
                file,
                rule,
                message,
            } => write!(f, "{file}: rule `{rule}`: {message}"),
        }
    }
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

pub(super) fn timer(limit: Duration) -> ExecutionTimerConfig {
    ExecutionTimerConfig {
        limit,
        check_interval: NonZeroU32::new(64).expect("non-zero"),
    }
}

pub(super) fn rego_error(e: impl std::fmt::Display) -> String {
    e.to_string().trim_end().to_string()
}

/// Collect `.rego` files (not `_test.rego`) from a file or directory, sorted.
pub fn rego_files(path: &Path) -> Result<Vec<PathBuf>, PolicyError> {
    rego_files_with(path, false)
}

/// Collect `.rego` files from a file or directory, sorted; `_test.rego` files only when
/// `tests` is set.
pub fn rego_files_with(path: &Path, tests: bool) -> Result<Vec<PathBuf>, PolicyError> {
    let err = |m: String| PolicyError::load(Some(path.display().to_string()), m);
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
        // One time budget for the manifest, whatever path the evaluation takes.
        let started = Instant::now();
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
            if started.elapsed() >= self.timeout {
                return Err(PolicyError::BudgetSpent {
                    limit: self.timeout,
                });
            }
            // A machine that failed is not reused. The interpreter reruns the rules one by
            // one in what is left of the budget, so the error names the rule it comes from.
            let mut engine = self.interp()?.engine.clone();
            engine.set_input(input);
            let all: Vec<usize> = (0..self.rules.len()).collect();
            return self.evaluate_each(&mut engine, &all, started);
        }
        self.evaluate_interpreted(input, started)
    }

    /// Evaluate on the interpreter, whatever is loaded (for the equivalence test).
    #[doc(hidden)]
    pub fn evaluate_on_interpreter(&self, input: &Value) -> Result<Vec<Violation>, PolicyError> {
        self.evaluate_interpreted(to_rego(input), Instant::now())
    }

    /// Whether evaluation runs the built-in pack's bytecode.
    pub fn uses_bytecode(&self) -> bool {
        self.vm.is_some()
    }

    /// The built-in pack's rules in one query (helper rules evaluated once and shared), then
    /// each user rule as its own query, all in one budget: the user rule running when the
    /// budget runs out is the one named.
    fn evaluate_interpreted(
        &self,
        input: regorus::Value,
        started: Instant,
    ) -> Result<Vec<Violation>, PolicyError> {
        let mut engine = self.interp()?.engine.clone();
        engine.set_input(input);
        let (builtin, user): (Vec<usize>, Vec<usize>) =
            (0..self.rules.len()).partition(|&i| is_builtin_rule(&self.rules[i]));
        let query = if user.is_empty() { MAIN } else { BUILTIN_MAIN };
        let mut out = Vec::new();
        if !builtin.is_empty() {
            engine.set_execution_timer_config(timer(self.timeout));
            let fast = engine.eval_rule(query.into());
            show_prints(&mut engine);
            match fast.ok().and_then(|r| self.collect(&r)) {
                Some(v) => out = v,
                None if started.elapsed() >= self.timeout => {
                    return Err(PolicyError::BudgetSpent {
                        limit: self.timeout,
                    })
                }
                // A run-time error: rule by rule in what is left, to name the rule.
                None => {
                    return self.evaluate_each(
                        &mut engine,
                        &(0..self.rules.len()).collect::<Vec<_>>(),
                        started,
                    )
                }
            }
        }
        let rest = self.evaluate_each(&mut engine, &user, started);
        show_prints(&mut engine);
        out.extend(rest?);
        Ok(out)
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

    /// Evaluate the rules at `indexes` one query each, in what is left of the budget that
    /// started at `started`. Running out of it names the rule that was running (a built-in
    /// rule only runs out on a manifest too large for the limit, which the error says).
    fn evaluate_each(
        &self,
        engine: &mut regorus::Engine,
        indexes: &[usize],
        started: Instant,
    ) -> Result<Vec<Violation>, PolicyError> {
        let mut out = Vec::new();
        for &i in indexes {
            let rule = &self.rules[i];
            let file = rule.origin.file().to_string();
            let timeout = || {
                if is_builtin_rule(rule) {
                    PolicyError::BudgetSpent {
                        limit: self.timeout,
                    }
                } else {
                    PolicyError::Timeout {
                        file: file.clone(),
                        rule: rule.id.clone(),
                        limit: self.timeout,
                    }
                }
            };
            let remaining = self.timeout.saturating_sub(started.elapsed());
            if remaining.is_zero() {
                return Err(timeout());
            }
            engine.set_execution_timer_config(timer(remaining));
            let set = engine
                .eval_rule(format!("{}.violations", rule.origin.package()))
                .map_err(|e| {
                    // The timer stops a rule once the time is up: an error then is the limit.
                    if started.elapsed() >= self.timeout {
                        timeout()
                    } else {
                        PolicyError::Evaluation {
                            file: file.clone(),
                            rule: rule.id.clone(),
                            message: rego_error(e),
                        }
                    }
                })?;
            push_violations(&mut out, &rule.id, &set);
        }
        Ok(out)
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
            .map_err(|e| PolicyError::load(None, format!("coverage: {}", rego_error(e))))?;
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

    /// What `print()` wrote since the last call (`file:line: text`), for `policy test`.
    pub fn take_prints(&mut self) -> Vec<String> {
        match self.interp_mut() {
            Ok(i) => i.engine.take_prints().unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// Evaluate an arbitrary rule path (used by `policy test`).
    pub fn eval_path(&mut self, path: &str, input: Option<&Value>) -> Result<Value, PathError> {
        let limit = self.timeout;
        let engine = &mut self
            .interp_mut()
            .map_err(|e| PathError::Failed(e.to_string()))?
            .engine;
        if let Some(i) = input {
            engine.set_input(regorus::Value::from(i.clone()));
        }
        let started = Instant::now();
        let v = engine.eval_rule(path.into()).map_err(|e| {
            // The timer stops an evaluation once the time is up: an error then is the limit.
            if started.elapsed() >= limit {
                PathError::Timeout
            } else {
                PathError::Failed(rego_error(e))
            }
        })?;
        let json = v
            .to_json_str()
            .map_err(|e| PathError::Failed(rego_error(e)))?;
        serde_json::from_str(&json).map_err(|e| PathError::Failed(e.to_string()))
    }
}

/// Why [`Engine::eval_path`] gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The evaluation did not finish within the time limit.
    Timeout,
    /// Any other error, as text.
    Failed(String),
}

/// Write what `print()` calls in user policies gathered to standard error, one line each,
/// control and bidirectional-override characters escaped (policies are untrusted text).
fn show_prints(engine: &mut regorus::Engine) {
    let prints = engine.take_prints().unwrap_or_default();
    if prints.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    for p in prints {
        let _ = std::io::Write::write_fmt(&mut err, format_args!("print: {}\n", printable(&p)));
    }
}

/// `s` with control and bidirectional-override characters escaped (`\n`, `\u{202e}`).
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
            {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A JSON value as regorus's value (no text round trip).
pub(super) fn to_rego(v: &Value) -> regorus::Value {
    <regorus::Value as serde::Deserialize>::deserialize(v).unwrap_or(regorus::Value::Undefined)
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
