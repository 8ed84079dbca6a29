//! Lookups of a catalog with a knowledge overlay: the overlay's entries first, built-in
//! entries it replaces swapped for the replacement wherever a lookup lands on them.

use super::overlay::Overlay;
use super::{glob, names, Catalog, LicenseFacts, MatchKind, ModelFacts, Resolution};

/// Lookups that see the overlay first.
impl Catalog {
    /// The overlay of this catalog's config chain, if it has one.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_deref()
    }

    /// Whether an entry comes from this catalog's overlay.
    pub fn is_overlay(&self, facts: &ModelFacts) -> bool {
        self.overlay
            .as_ref()
            .is_some_and(|o| o.models.as_ptr_range().contains(&std::ptr::from_ref(facts)))
    }

    /// A built-in entry, or the overlay entry that replaces it.
    fn replaced<'a>(&'a self, facts: &'a ModelFacts) -> &'a ModelFacts {
        match &self.overlay {
            Some(o) if !o.replaced_models.is_empty() => o
                .replaced_models
                .get(&names::normalize(&facts.id))
                .map_or(facts, |&i| &o.models[i]),
            _ => facts,
        }
    }

    /// A license by id, alias or SPDX id: the overlay's, else the built-in one.
    pub fn license(&self, name: &str) -> Option<&LicenseFacts> {
        if let Some(o) = &self.overlay {
            if let Some(&i) = o.license_keys.get(&name.to_lowercase()) {
                return Some(&o.licenses[i]);
            }
        }
        self.builtin_license(name)
    }

    /// A model by exact key only (canonical id, variant or service name).
    pub fn exact(&self, id: &str) -> Option<(&ModelFacts, MatchKind)> {
        let key = names::normalize(id);
        if let Some(o) = &self.overlay {
            if let Some(&(i, kind)) = o.model_keys.get(&key) {
                return Some((&o.models[i], kind));
            }
        }
        self.exact_key(&key).map(|(f, k)| (self.replaced(f), k))
    }

    /// Resolve a model name as a manifest, a router or a cloud writes it (see the module
    /// doc): the overlay's exact names and patterns first, then the built-in tables, whose
    /// result is swapped for the overlay entry that replaces it.
    pub fn resolve(&self, id: &str) -> Option<Resolution<'_>> {
        if let Some(o) = &self.overlay {
            let key = names::normalize(id);
            if !key.is_empty() && key.len() <= 512 {
                let hit = o.model_keys.get(&key).copied().or_else(|| {
                    o.patterns
                        .iter()
                        .find(|(p, _)| key.contains('/') && glob::matches(p, &key))
                        .map(|&(_, i)| (i, MatchKind::Pattern))
                });
                if let Some((i, kind)) = hit {
                    return Some(Resolution {
                        facts: &o.models[i],
                        kind,
                        inference: None,
                    });
                }
            }
        }
        let mut r = self.resolve_builtin(id)?;
        r.facts = self.replaced(r.facts);
        Some(r)
    }

    /// Every model entry: the built-in ones (replaced ones swapped), then the overlay's own.
    pub fn models(&self) -> impl Iterator<Item = &ModelFacts> {
        let mut out: Vec<&ModelFacts> = self.builtin_models().map(|m| self.replaced(m)).collect();
        if let Some(o) = &self.overlay {
            let replacing: std::collections::HashSet<usize> =
                o.replaced_models.values().copied().collect();
            out.extend(
                o.models
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !replacing.contains(i))
                    .map(|(_, m)| m),
            );
        }
        out.into_iter()
    }

    /// Every license entry: the built-in ones (replaced ones swapped), then the overlay's own.
    pub fn licenses(&self) -> impl Iterator<Item = &LicenseFacts> {
        let Some(o) = &self.overlay else {
            return self.builtin_licenses().collect::<Vec<_>>().into_iter();
        };
        let mut out: Vec<&LicenseFacts> = self
            .builtin_licenses()
            .map(|l| {
                o.replaced_licenses
                    .get(&l.id.to_lowercase())
                    .map_or(l, |&i| &o.licenses[i])
            })
            .collect();
        let replacing: std::collections::HashSet<usize> =
            o.replaced_licenses.values().copied().collect();
        out.extend(
            o.licenses
                .iter()
                .enumerate()
                .filter(|(i, _)| !replacing.contains(i))
                .map(|(_, l)| l),
        );
        out.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::overlay::{Overlay, OverlayFile};
    use super::*;

    fn catalog(text: &str) -> Catalog {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.yaml");
        std::fs::write(&path, text).unwrap();
        let files = [OverlayFile {
            path,
            named_at: "c.yaml:1:1".into(),
        }];
        let overlay = Overlay::load(&files).unwrap_or_else(|(e, _)| panic!("{e:?}"));
        Catalog::with(Some(Arc::new(overlay)), None)
    }

    const ENTRY: &str = "    family: F\n    developer: D\n    modality: text\n    license_name: L\n    weights_available: true\n    training_data_open: false\n    training_code_open: false\n    openness: open-weights\n    mof_class: null\n    source: s\n    confidence: high\n";

    #[test]
    fn a_replacement_is_found_by_every_route_to_the_built_in_entry() {
        let c = catalog(&format!(
            "models:\n  - id: meta-llama/Llama-3.1-8B\n    license: MIT\n{ENTRY}  - id: acme/chat\n    license: Apache-2.0\n    patterns: [acme/chat-*]\n    base_model: meta-llama/Llama-3.1-8B\n{ENTRY}"
        ));
        for name in [
            "meta-llama/Llama-3.1-8B",
            "meta-llama/Llama-3.1-8B-Instruct",
            "bartowski/Llama-3.1-8B-Instruct-GGUF",
        ] {
            let r = c.resolve(name).unwrap();
            assert_eq!(r.facts.license, "MIT", "{name}");
            assert!(c.is_overlay(r.facts));
        }
        let r = c.resolve("acme/chat-v2-large").unwrap();
        assert_eq!(
            (r.facts.id.as_str(), r.kind),
            ("acme/chat", MatchKind::Pattern)
        );
        assert_eq!(r.facts.binding_license(), "(Apache-2.0) AND (MIT)");
        // The built-in catalog itself is untouched.
        assert_ne!(
            Catalog::get()
                .resolve("meta-llama/Llama-3.1-8B")
                .unwrap()
                .facts
                .license,
            "MIT"
        );
        assert!(c.models().any(|m| m.id == "acme/chat"));
        assert_eq!(c.models().count(), Catalog::get().models().count() + 1);
    }
}
