package modelgate.rules.no_proprietary

import data.modelgate.testing as t

test_api_model_fires_with_catalog_source if {
	m := t.with_model(t.model("gpt-4o", [[t.term({"id": "proprietary"})]]), {"openness": "proprietary", "catalog": {"source": "OpenAI"}})
	some v in violations with input as t.doc([m])
	v.path == "/models/0/id"
	v.source == "OpenAI"
}

test_unknown_api_model_fires if {
	m := t.with_model(t.model("acme-llm", []), {"openness": "proprietary"})
	some v in violations with input as t.doc([m])
	v.source == "manifest: provider or license"
}

test_open_weights_pass if {
	m := t.with_model(t.model("m", [[t.llama31]]), {"openness": "open-weights"})
	count(violations) == 0 with input as t.doc([m])
}
