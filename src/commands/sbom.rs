//! `modelgate sbom [PATH]`: export the declared models as a CycloneDX 1.6 ML-BOM.

use crate::catalog::Catalog;
use crate::cli::{SbomArgs, SbomFormat};
use crate::diagnostics::Renderer;
use crate::exit::Exit;

pub fn run(args: SbomArgs) -> Exit {
    let path = match args.path {
        Some(p) if p.is_dir() => {
            let found = crate::manifest::FILE_NAMES
                .iter()
                .map(|n| p.join(n))
                .find(|f| f.is_file());
            match found {
                Some(f) => f,
                None => {
                    return super::fail(format!(
                        "{}: no ai-models.yaml or ai-models.yml here",
                        crate::source::display_path(&p)
                    ))
                }
            }
        }
        other => super::default_manifest(other),
    };
    let loaded = match crate::manifest::load(&path) {
        Ok(l) => l,
        Err((errors, text)) => {
            let r = Renderer::new(false);
            for e in &errors {
                super::err(&r.error(e, text.as_ref()));
            }
            return Exit::Error;
        }
    };
    let doc = match args.format {
        SbomFormat::Cyclonedx => {
            crate::sbom::cyclonedx(&loaded, Catalog::get(), crate::sbom::source_date())
        }
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("BOM serializes");
    text.push('\n');
    let text = crate::safe_text::json(&text);
    match args.output {
        Some(file) if !super::output::is_stdout(&file) => {
            match super::output::write_file(&file, &text) {
                Ok(()) => Exit::Clean,
                Err(e) => super::fail(e),
            }
        }
        _ => super::out(&text),
    }
}
