//! The built-in pack's Rego files, embedded. `build.rs` lists `policies/` into `OUT_DIR`, so
//! a rule is added by adding `policies/<rule>.rego` and `policies/<rule>_test.rego`.

include!(concat!(env!("OUT_DIR"), "/pack_files.rs"));
#[cfg(test)]
mod tests {
    /// `Engine::new` skips the recursion check when only the built-in pack is loaded.
    #[test]
    fn builtin_pack_has_no_recursion() {
        let mut engine = regorus::Engine::new();
        for (name, text) in super::BUILTIN {
            engine
                .add_policy(format!("builtin:{name}"), text.to_string())
                .unwrap();
        }
        let cycle = super::super::static_checks::find_cycle(engine.get_modules());
        assert!(cycle.is_none(), "{}", cycle.unwrap());
    }
}
