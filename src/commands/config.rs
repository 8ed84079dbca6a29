//! `modelgate config show`: the merged configuration with provenance.

use std::path::PathBuf;

use crate::cli::ConfigShowArgs;
use crate::exit::Exit;
use crate::report::Format;
use crate::settings::Settings;

pub fn show(args: ConfigShowArgs, settings: &Settings) -> Exit {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    let dir = if path.is_file() {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    } else if path.is_dir() {
        path.clone()
    } else {
        return super::fail(format!("`{}` does not exist", path.display()));
    };
    let (main, via) = settings.main_config(&dir);
    let mut builder = settings.builder();
    match builder.build(main.as_deref(), via) {
        Ok(setup) => {
            let text = match args.format {
                Format::Human => crate::config::show::human(
                    &setup.config,
                    &setup.levels,
                    setup.catalog.overlay(),
                ),
                Format::Json => {
                    crate::config::show::json(&setup.config, &setup.levels, setup.catalog.overlay())
                }
            };
            super::out_as(&text, args.format)
        }
        Err(e) => super::fail_with(&e),
    }
}
