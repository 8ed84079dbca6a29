//! Prepares what the binary embeds, so that start-up does not redo work that never changes:
//!
//! - the knowledge base (`catalog/*.yaml`, edited by people) becomes compact JSON, so start-up
//!   pays for a JSON parse instead of a YAML parse. The YAML goes through the same
//!   span-keeping loader the manifests use, and a parse error fails the build with the file,
//!   line and column;
//! - the built-in Rego pack (`policies/`, without its tests) is compiled to regorus's bytecode
//!   (`builtin.rvm`), and every rule's `metadata` is evaluated (`builtin-meta.json`). A run
//!   that uses only the built-in pack then neither parses nor compiles Rego. A Rego error in
//!   the pack fails the build;
//! - the list of the pack's files (`pack_files.rs`, `include!`d by `src/engine/pack.rs`): every
//!   `policies/*.rego`, the rules and their tests, so a rule is added by adding its two files.

#[path = "src/engine/query.rs"]
#[allow(dead_code)]
mod query;

#[path = "src/yaml.rs"]
#[allow(dead_code)]
mod yaml;

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    for name in ["licenses", "models"] {
        let src = format!("catalog/{name}.yaml");
        println!("cargo:rerun-if-changed={src}");
        let text = fs::read_to_string(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let doc = yaml::parse(&text)
            .unwrap_or_else(|e| panic!("{src}:{}:{}: {}", e.span.line, e.span.column, e.message));
        let json = serde_json::to_string(&doc.value).expect("serialize catalog");
        fs::write(Path::new(&out).join(format!("{name}.json")), json).expect("write catalog");
    }
    println!("cargo:rerun-if-changed=src/yaml.rs");
    compile_pack(Path::new(&out));
    link_position_dependent();
}

/// Compile the built-in pack to bytecode and evaluate each rule's metadata.
fn compile_pack(out: &Path) {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=src/engine/query.rs");
    let mut names: Vec<String> = fs::read_dir("policies")
        .expect("policies/")
        .map(|e| {
            e.expect("policies/ entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| query::is_pack_file(n))
        .collect();
    names.sort();
    write_pack_list(out);
    let mut engine = regorus::Engine::new();
    let mut files = Vec::new();
    for name in &names {
        let path = format!("policies/{name}");
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let package = engine
            .add_policy(format!("builtin:{name}"), text)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        files.push((package, format!("builtin:{name}")));
    }
    let packages = query::rule_packages(&files);
    engine
        .add_policy(query::MAIN_FILE.into(), query::main_module(&packages))
        .expect("generated query");
    // The parameters the rules read are data, set at run time; compile against the empty set.
    engine
        .add_data(regorus::Value::from_json_str(r#"{"modelgate": {"params": {}}}"#).unwrap())
        .expect("data");
    let mut meta = Vec::new();
    for package in &packages {
        let file = &files.iter().find(|(p, _)| p == package).unwrap().1;
        let value = engine
            .eval_rule(format!("{package}.metadata"))
            .unwrap_or_else(|e| panic!("{file}: metadata: {e}"));
        meta.push(format!(
            r#"{{"package":{},"file":{},"metadata":{}}}"#,
            serde_json::Value::from(package.as_str()),
            serde_json::Value::from(file.as_str()),
            value.to_json_str().expect("metadata as JSON")
        ));
    }
    let policy = engine
        .compile_with_entrypoint(&query::MAIN.into())
        .unwrap_or_else(|e| panic!("compiling the built-in pack: {e}"));
    let program =
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, &[query::MAIN])
            .unwrap_or_else(|e| panic!("compiling the built-in pack to bytecode: {e}"));
    let bytes = program.serialize_binary().expect("serialize the bytecode");
    fs::write(out.join("builtin.rvm"), bytes).expect("write builtin.rvm");
    let list: Vec<String> = names
        .iter()
        .map(|n| serde_json::Value::from(format!("builtin:{n}")).to_string())
        .collect();
    fs::write(
        out.join("builtin-meta.json"),
        format!(
            r#"{{"files":[{}],"rules":[{}]}}"#,
            list.join(","),
            meta.join(",")
        ),
    )
    .expect("write builtin-meta.json");
}

/// `pack_files.rs`: `BUILTIN` (the pack) and `BUILTIN_TESTS` (its Rego unit tests and their
/// helpers), each `(file name, text)`, sorted by name, embedded with `include_str!`.
fn write_pack_list(out: &Path) {
    let dir =
        Path::new(&env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("policies");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("policies/")
        .map(|e| {
            e.expect("policies/ entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".rego"))
        .collect();
    names.sort();
    let list = |wanted: &dyn Fn(&str) -> bool| -> String {
        names
            .iter()
            .filter(|n| wanted(n))
            .map(|n| {
                let path = dir.join(n);
                format!(
                    "    ({n:?}, include_str!({:?})),\n",
                    path.to_str().expect("UTF-8 path")
                )
            })
            .collect()
    };
    let code = format!(
        "/// The built-in pack: every `policies/*.rego` but the tests.\n\
         pub const BUILTIN: &[(&str, &str)] = &[\n{}];\n\n\
         /// The pack's Rego unit tests (loaded only by tests and `policy test`).\n\
         pub const BUILTIN_TESTS: &[(&str, &str)] = &[\n{}];\n",
        list(&|n| query::is_pack_file(n)),
        list(&|n| !query::is_pack_file(n)),
    );
    fs::write(out.join("pack_files.rs"), code).expect("write pack_files.rs");
}

/// Link the binary as a position-dependent executable on Linux with glibc. A position-
/// independent one is relocated by the dynamic loader at every start: about 48,000 pointers in
/// 1.4 MB of tables (format strings, panic locations, vtables), which copies some 350 pages.
/// That was half of the start-up time: `modelgate --version` took 2.5 ms as PIE and 1.2 ms
/// without (hyperfine, this machine). The price is that the executable's own code and data are
/// not placed at random addresses (shared libraries, heap and stack still are).
/// `MODELGATE_BUILD_PIE=1` keeps the toolchain's default.
fn link_position_dependent() {
    println!("cargo:rerun-if-env-changed=MODELGATE_BUILD_PIE");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && target_env == "gnu" && env::var_os("MODELGATE_BUILD_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
