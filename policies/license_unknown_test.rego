package modelgate.rules.license_unknown

import data.modelgate.testing as t

test_unrecognised_term_fires if {
	vs := violations with input as t.doc([t.model("a/b", [[t.unknown]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "`foo-license`")
	contains(v.msg, "not a license modelgate recognises")
}

test_custom_reference_is_named_custom if {
	ref := t.term({"id": "LicenseRef-acme", "written": "LicenseRef-acme", "kind": "custom", "known": false})
	some v in violations with input as t.doc([t.model("a/b", [[ref]])])
	contains(v.msg, "custom license")
}

test_syntax_error_fires if {
	m := t.with_model(t.model("a/b", [[t.unknown]]), {"license": {"declared_error": "unexpected `AND`", "declared": "MIT AND"}})
	some v in violations with input as t.doc([m])
	contains(v.msg, "not a valid license expression")
}

test_known_terms_pass if {
	count(violations) == 0 with input as t.doc([t.model("a/b", [[t.apache], [t.llama31]])])
}
