//! The input document as regorus's value, with the parts that repeat (license terms, catalog
//! entries) built once per thread and shared.

use std::collections::HashMap;

use serde_json::Value;

use super::to_rego;

/// An input document built straight as regorus's value (`input::build_as`), for evaluation.
///
/// License terms and catalog entries are the bulk of an input document (about 90 % of a
/// ten-model one) and repeat across models and documents: the same term for every model under
/// `Apache-2.0`, the same catalog entry for every use of a model. Each is built once per
/// thread and shared afterwards (regorus values are reference-counted), which saves building,
/// allocating and freeing them again. Debug builds check every reuse against a fresh build.
pub struct RegoDoc(pub(super) regorus::Value);

impl RegoDoc {
    /// Whether this is the JSON document, value for value.
    pub fn same_as(&self, json: &Value) -> bool {
        self.0 == to_rego(json)
    }
}

thread_local! {
    static SHARED: std::cell::RefCell<HashMap<SharedKey, regorus::Value>> =
        std::cell::RefCell::new(HashMap::new());
}

/// What identifies a shared part: a term is a function of the text as written, its exception
/// and `+` (`catalog::expr::resolve_term`); a catalog entry of the model id and how it matched.
#[derive(Hash, PartialEq, Eq)]
enum SharedKey {
    Term(String, Option<String>, bool),
    Catalog(String, crate::catalog::MatchKind),
}

/// Entries kept per thread at most (a monorepo has a few hundred distinct ones).
const SHARED_MAX: usize = 4096;

fn shared(key: SharedKey, make: impl Fn() -> regorus::Value) -> regorus::Value {
    SHARED.with(|cache| {
        if let Some(hit) = cache.borrow().get(&key) {
            #[cfg(debug_assertions)]
            assert_eq!(*hit, make(), "a shared part of an input document changed");
            return hit.clone();
        }
        let value = make();
        let mut cache = cache.borrow_mut();
        if cache.len() < SHARED_MAX {
            cache.insert(key, value.clone());
        }
        value
    })
}

impl crate::input::Doc for RegoDoc {
    fn null() -> Self {
        RegoDoc(regorus::Value::Null)
    }
    fn bool(b: bool) -> Self {
        RegoDoc(regorus::Value::Bool(b))
    }
    fn uint(n: u64) -> Self {
        RegoDoc(regorus::Value::from(n))
    }
    fn str(s: &str) -> Self {
        RegoDoc(regorus::Value::from(s))
    }
    fn list(items: Vec<Self>) -> Self {
        RegoDoc(regorus::Value::from(
            items.into_iter().map(|d| d.0).collect::<Vec<_>>(),
        ))
    }
    fn object(fields: Vec<(&'static str, Self)>) -> Self {
        RegoDoc(regorus::Value::from(
            fields
                .into_iter()
                .map(|(k, v)| (regorus::Value::from(k), v.0))
                .collect::<std::collections::BTreeMap<_, _>>(),
        ))
    }
    fn serialized<T: serde::Serialize>(v: &T) -> Self {
        RegoDoc(to_rego(
            &serde_json::to_value(v).expect("input parts serialize"),
        ))
    }
    fn term(t: &crate::catalog::Term) -> Self {
        let key = SharedKey::Term(t.written.clone(), t.exception.clone(), t.or_later);
        RegoDoc(shared(key, || Self::serialized(t).0))
    }
    fn catalog(k: &crate::input::CatalogMatch<'_>) -> Self {
        let key = SharedKey::Catalog(k.facts.id.clone(), k.matched_by);
        RegoDoc(shared(key, || Self::serialized(k).0))
    }
}
