//! modelgate checks the AI models a project declares in `ai-models.yaml`.
//!
//! The modules below are the pipeline, in order; each uses only the ones above it
//! (`.ci/check-layers.py` checks this). A manifest is read ([`source`]) and parsed keeping a
//! span for every node ([`yaml`]), validated ([`manifest`]) and turned, with the knowledge
//! base ([`catalog`]), into the Rego input document ([`input`]); the rules of the
//! configuration that governs it ([`config`], [`ruleset`]) run on it ([`engine`], native rules
//! in [`waiver`] and [`scan`]) and each [`rule::Violation`] is located as a
//! [`finding::Finding`]; the [`runner`] does this for every manifest the [`walk`] finds, and
//! [`report`] renders the sorted [`finding::Report`]; [`exit`] picks the exit code.
#![forbid(unsafe_code)]

pub mod safe_text; // user text made safe to print on a terminal
pub mod yaml; // the one YAML parser: values with spans
pub mod rule; // the rule contract as plain data: Level, RuleMeta, Violation
pub mod finding; // findings, file errors and the report: plain data
pub mod source; // reading files for everyone: display paths, limits, read YAML
pub mod validation; // one validation context for manifests and configs: did you mean, spans
pub mod catalog; // the knowledge base: models, licenses, expressions
pub mod manifest; // ai-models.yaml: validation and loading
pub mod input; // manifest + knowledge base -> the Rego input document
pub mod waiver; // waivers: matching, application, their findings and rules
pub mod config; // .modelgate.yaml chains: extends, presets, merge, levels
pub mod engine; // the only user of regorus: policies + input document -> violations
pub mod scan; // model references in code; drift rules (check --scan)
pub mod ruleset; // one config chain -> engine, rules and levels
pub mod walk; // discovery: the parallel walker
pub mod explanation; // check --explain: the facts behind each finding
pub mod runner; // the check pipeline over every manifest found
pub mod baseline; // baseline files
pub mod diagnostics; // the only user of miette
pub mod report; // one module per output format
pub mod exit; // the exit-code table
pub mod sbom; // CycloneDX ML-BOM export
pub mod ruledoc; // rule docs from metadata
pub mod rego_testing; // policy test: Rego unit tests and coverage
pub mod cli; // clap types: the raw arguments
pub mod settings; // one resolved settings value from the arguments, for every command
pub mod commands; // one file per subcommand
