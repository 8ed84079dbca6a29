package modelgate.rules.osi_approved

import data.modelgate.testing as t

test_llama_is_not_osi if {
	vs := violations with input as t.doc([t.model("meta-llama/Llama-3.1-8B", [[t.llama31]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "`llama3.1` (Llama 3.1 Community License Agreement)")
}

test_apache_passes if {
	count(violations) == 0 with input as t.doc([t.model("a/b", [[t.apache]])])
}

test_or_passes_when_one_branch_is_osi if {
	count(violations) == 0 with input as t.doc([t.model("a/b", [[t.llama31], [t.mit]])])
}

test_and_fails_when_one_part_is_not_osi if {
	count(violations) == 1 with input as t.doc([t.model("a/b", [[t.mit, t.llama31]])])
}

test_proprietary_models_fail_too if {
	m := t.with_model(t.model("gpt-4o", [[t.term({"id": "proprietary", "osi_approved": false})]]), {"openness": "proprietary"})
	vs := violations with input as t.doc([m])
	count(vs) == 1
	some v in vs
	contains(v.msg, "proprietary model under its provider's terms")
	v.source == null
}

test_proprietary_source_is_the_catalog_entry if {
	some v in violations with input as t.doc([t.api_model("gpt-4o", {"catalog": {"id": "openai/gpt-4o", "source": "OpenAI models page"}})])
	v.source == "OpenAI models page"
}

test_unknown_terms_are_not_judged if {
	count(violations) == 0 with input as t.doc([t.model("a/b", [[t.unknown]])])
}
