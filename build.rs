//! Turns the knowledge base (`catalog/*.yaml`, edited by people) into compact JSON that the
//! binary embeds, so start-up pays for a JSON parse instead of a YAML parse. The YAML goes
//! through the same span-keeping loader the manifests use, and a parse error fails the build
//! with the file, line and column.

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
}
