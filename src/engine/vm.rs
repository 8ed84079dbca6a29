//! The built-in pack on regorus's virtual machine: the bytecode `build.rs` compiled, the rule
//! metadata it evaluated, and a pool of idle machines.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::{rego_error, PolicyError};
use crate::rule::{parse_meta, RuleMeta};

/// The built-in pack compiled to regorus's bytecode by `build.rs`.
const BUILTIN_PROGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin.rvm"));

/// Every built-in rule's `metadata`, evaluated by `build.rs`, and the files it compiled.
const BUILTIN_META: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-meta.json"));

/// The bytecode program, the data document it runs with, and idle machines to reuse (a
/// machine keeps its register file and caches between runs).
pub(super) struct Vm {
    pub(super) program: Arc<regorus::rvm::Program>,
    pub(super) data: regorus::Value,
    pub(super) idle: Mutex<Vec<regorus::rvm::RegoVM>>,
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
    pub(super) fn builtin(data: &[Value]) -> Option<Result<Vm, PolicyError>> {
        let program = match regorus::rvm::Program::deserialize_binary(BUILTIN_PROGRAM) {
            Ok(regorus::rvm::program::DeserializationResult::Complete(p)) => Arc::new(p),
            _ => return None,
        };
        // The interpreter merges data documents one by one; an empty engine does the same
        // merge (and reports the same conflicts) without any policy loaded.
        let mut merger = regorus::Engine::new();
        for d in data {
            if let Err(e) = merger.add_data(regorus::Value::from(d.clone())) {
                return Some(Err(PolicyError::Data {
                    message: rego_error(e),
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
    pub(super) fn machine(&self) -> Result<regorus::rvm::RegoVM, PolicyError> {
        if let Some(m) = self.idle.lock().expect("not poisoned").pop() {
            return Ok(m);
        }
        let mut m = regorus::rvm::RegoVM::new();
        m.load_program(self.program.clone());
        // The time limit bounds a run, not an instruction count.
        m.set_max_instructions(usize::MAX);
        m.set_data(self.data.clone())
            .map_err(|e| PolicyError::Data {
                message: rego_error(e),
            })?;
        Ok(m)
    }
}

/// What `build.rs` wrote beside the program: `{files, rules: [{package, file, metadata}]}`.
fn builtin_meta() -> Value {
    serde_json::from_str(BUILTIN_META).expect("build.rs writes valid JSON")
}

/// Every rule's metadata, as `build.rs` evaluated it.
pub(super) fn builtin_rules() -> Vec<RuleMeta> {
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
