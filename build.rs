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

mod catalog {
    // Paths are relative to `catalog/` here (an inline module of the build script's root).
    #[path = "../src/catalog/compile.rs"]
    #[allow(dead_code)]
    pub mod compile;
    #[path = "../src/catalog/glob.rs"]
    #[allow(dead_code)]
    pub mod glob;
    #[path = "../src/catalog/names.rs"]
    #[allow(dead_code)]
    pub mod names;
    #[path = "../src/catalog/schema.rs"]
    #[allow(dead_code)]
    pub mod schema;
}

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    embed_catalog(Path::new(&out));
    println!("cargo:rerun-if-changed=src/yaml.rs");
    compile_pack(Path::new(&out));
    link_position_dependent();
    build_info();
}

/// What `modelgate --version --verbose` prints beyond the version line: the commit the binary
/// was built from (`MODELGATE_COMMIT` when set, as a release build may set it; else git's HEAD
/// when building in a checkout; else `unknown`), the regorus version from `Cargo.lock`, the
/// SPDX License List version and the target.
fn build_info() {
    println!(
        "cargo:rustc-env=MODELGATE_SPDX_VERSION={}",
        spdx::identifiers::VERSION
    );
    println!(
        "cargo:rustc-env=MODELGATE_TARGET={}",
        env::var("TARGET").unwrap_or_else(|_| "unknown".into())
    );
    println!("cargo:rerun-if-changed=Cargo.lock");
    let regorus = fs::read_to_string("Cargo.lock")
        .ok()
        .and_then(|lock| {
            let at = lock.find("name = \"regorus\"\nversion = \"")?;
            let rest = &lock[at + "name = \"regorus\"\nversion = \"".len()..];
            Some(rest[..rest.find('"')?].to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=MODELGATE_REGORUS_VERSION={regorus}");
    println!("cargo:rerun-if-env-changed=MODELGATE_COMMIT");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let commit = match env::var("MODELGATE_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => match git(&["rev-parse", "HEAD"]) {
            Some(c) => {
                // Rebuild the line when HEAD moves: HEAD itself and the branch it points to.
                for name in
                    ["HEAD".to_string()]
                        .into_iter()
                        .chain(git(&["symbolic-ref", "-q", "HEAD"]))
                {
                    if let Some(p) = git(&["rev-parse", "--git-path", name.as_str()]) {
                        if Path::new(&p).exists() {
                            println!("cargo:rerun-if-changed={p}");
                        }
                    }
                }
                c
            }
            None => "unknown".into(),
        },
    };
    println!("cargo:rustc-env=MODELGATE_COMMIT={commit}");
}

/// Check the knowledge base and write the tables the binary embeds (`catalog_tables.rs`).
fn embed_catalog(out: &Path) {
    for f in [
        "catalog/DATE",
        "catalog/licenses.yaml",
        "catalog/models",
        "src/catalog/compile.rs",
        "src/catalog/glob.rs",
        "src/catalog/names.rs",
        "src/catalog/schema.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let date = fs::read_to_string("catalog/DATE").expect("catalog/DATE");
    let date = date.trim();
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "catalog/DATE: `{date}` is not YYYY-MM-DD"
    );
    println!("cargo:rustc-env=MODELGATE_CATALOG_DATE={date}");
    let read = |path: &str| {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        yaml::parse(&text)
            .unwrap_or_else(|e| panic!("{path}:{}:{}: {}", e.span.line, e.span.column, e.message))
    };
    let licenses = vec![(
        "catalog/licenses.yaml".to_string(),
        read("catalog/licenses.yaml"),
    )];
    let mut model_files: Vec<String> = fs::read_dir("catalog/models")
        .expect("catalog/models/")
        .map(|e| e.expect("catalog/models/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    model_files.sort();
    let models: Vec<(String, yaml::Document)> = model_files
        .into_iter()
        .map(|p| {
            let d = read(&p);
            (p, d)
        })
        .collect();
    match catalog::compile::compile(&sources(&licenses), &sources(&models)) {
        Ok((tables, stats)) => {
            fs::write(out.join("catalog_tables.rs"), tables).expect("write catalog_tables.rs");
            // `modelgate --version` names the knowledge base it carries.
            println!(
                "cargo:rustc-env=MODELGATE_VERSION={} (knowledge base {date}: {} families, {} repo ids, {} services, {} licenses; SPDX License List {})",
                env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION"),
                stats.families,
                stats.repo_ids,
                stats.services,
                stats.licenses,
                spdx::identifiers::VERSION
            );
        }
        Err(errors) => panic!(
            "the knowledge base has {} problem(s):\n{}",
            errors.len(),
            errors.join("\n")
        ),
    }
}

/// Compile the built-in pack to bytecode and evaluate each rule's metadata.
fn compile_pack(out: &Path) {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=src/engine/query.rs");
    let mut names: Vec<String> = rego_files(Path::new("policies"))
        .into_iter()
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
    let mut names = rego_files(&dir);
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

fn sources(list: &[(String, yaml::Document)]) -> Vec<catalog::compile::Source<'_>> {
    list.iter()
        .map(|(file, doc)| catalog::compile::Source {
            file: file.clone(),
            doc,
        })
        .collect()
}

/// The names of the `.rego` files in `dir` (the built-in pack and its tests).
fn rego_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("policies/")
        .map(|e| {
            e.expect("policies/ entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".rego"))
        .collect()
}
