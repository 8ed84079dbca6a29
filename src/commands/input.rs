//! `modelgate input [PATH]`: print the input document policies receive for a manifest.

use crate::catalog::Catalog;
use crate::cli::InputArgs;
use crate::diagnostics::Renderer;
use crate::exit::Exit;

pub fn run(args: InputArgs) -> Exit {
    let path = super::default_manifest(args.path);
    match crate::manifest::load(&path) {
        Ok(loaded) => {
            let doc = crate::input::build(Catalog::get(), &loaded.manifest, &loaded.display);
            let mut s = serde_json::to_string_pretty(&doc).expect("input serializes");
            s.push('\n');
            super::out_json(&s)
        }
        Err((errors, text)) => {
            let r = Renderer::new(false);
            for e in &errors {
                super::err(&r.error(e, text.as_ref()));
            }
            Exit::Error
        }
    }
}
