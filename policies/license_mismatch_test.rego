package modelgate.rules.license_mismatch

import data.modelgate.testing as t

mistral_as_llama := t.with_model(t.model("mistralai/Mistral-7B-v0.1", [[t.term({"id": "llama3", "kind": "catalog"})]]), {
	"catalog": {"source": "mistral card", "matched_by": "id"},
	"license": {"declared": "llama3", "declared_ids": ["llama3"], "known": "Apache-2.0", "known_ids": ["Apache-2.0"], "known_name": "Apache License 2.0"},
})

test_declared_differs_from_known if {
	vs := violations with input as t.doc([mistral_as_llama])
	count(vs) == 1
	some v in vs
	v.msg == "`mistralai/Mistral-7B-v0.1` is declared as `llama3`, but it is published under `Apache-2.0` (Apache License 2.0)"
	v.source == "mistral card"
}

test_same_license_other_spelling_passes if {
	m := t.with_model(mistral_as_llama, {"license": {"declared": "apache-2.0", "declared_ids": ["Apache-2.0"], "declared_alternatives": [[t.apache]]}})
	count(violations) == 0 with input as t.doc([m])
}

test_unknown_model_has_nothing_to_compare if {
	count(violations) == 0 with input as t.doc([t.model("acme/x", [[t.llama31]])])
}

test_unrecognised_declaration_left_to_license_unknown if {
	m := t.with_model(mistral_as_llama, {"license": {"declared": "apache2", "declared_ids": ["apache2"], "declared_alternatives": [[t.unknown]]}})
	count(violations) == 0 with input as t.doc([m])
}

test_derivatives_may_have_their_own_license if {
	m := t.with_model(mistral_as_llama, {"catalog": {"matched_by": "base-model"}})
	count(violations) == 0 with input as t.doc([m])
}
