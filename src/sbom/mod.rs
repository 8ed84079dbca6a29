//! sbom
