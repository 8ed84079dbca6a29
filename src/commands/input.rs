//! `modelgate input [PATH]`: print the input document policies receive for a manifest.

use crate::catalog::Catalog;
use crate::cli::InputArgs;
use crate::diagnostics::Renderer;
use crate::exit::Exit;

pub fn run(args: InputArgs, settings: &crate::settings::Settings) -> Exit {
    let path = super::default_manifest(args.path);
    match crate::manifest::load(&path) {
        Ok(loaded) => {
            // The knowledge of the config chain that governs the manifest (its overlay, local
            // cards); the built-in catalog when that config has errors.
            let dir = crate::manifest::manifest_dir(&path);
            let (config, via) = settings.main_config(&dir);
            let catalog = match settings.builder().build(config.as_deref(), via) {
                Ok(setup) => setup.catalog,
                Err(_) => std::sync::Arc::new(Catalog::get().clone()),
            };
            let doc = crate::input::build(&catalog, &loaded.manifest, &loaded.display);
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
