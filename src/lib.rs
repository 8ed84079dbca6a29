//! modelgate checks the AI models a project declares in `ai-models.yaml`.
//!
//! The pipeline: [`yaml`] parses a manifest keeping a span for every node; [`manifest`]
//! validates it; [`input`] resolves each model and license against the embedded
//! [`catalog`] and builds the Rego input document; [`engine`] evaluates the built-in and
//! user policies (regorus); [`check`] maps each violation's JSON pointer back to a line and
//! column; [`report`] renders the sorted [`finding::Report`]; [`exit`] picks the exit code.
#![forbid(unsafe_code)]

pub mod baseline;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod engine;
pub mod exit;
pub mod finding;
pub mod input;
pub mod manifest;
pub mod pack;
pub mod policy_test;
pub mod rego_ast;
pub mod report;
pub mod ruledoc;
pub mod sbom;
pub mod scan;
pub mod setup;
pub mod why;
pub mod yaml;
