package modelgate.rules.no_output_use_restrictions

import data.modelgate.testing as t

test_distillation_is_an_error if {
	m := t.with_model(t.model("meta-llama/Llama-3.1-70B-Instruct", [[t.llama31]]), {"usage": ["distillation"], "declared": {"usage": ["distillation"]}})
	vs := violations with input as t.doc([m])
	count(vs) == 1
	some v in vs
	not v.level
	contains(v.msg, "usage includes distillation")
	v.path == "/models/0/usage"
}

test_inference_is_a_note if {
	m := t.with_model(t.model("m", [[t.llama31]]), {"usage": ["inference"]})
	some v in violations with input as t.doc([m])
	v.level == "note"
	v.path == "/models/0/license"
}

test_service_terms_count if {
	m := t.with_model(t.api_model("gpt-4o", {}), {"usage": ["synthetic-data"]})
	some v in violations with input as t.doc([m])
	not v.level
	contains(v.msg, "develop-competing-models")
}

test_scope_less_restriction_is_named if {
	describe({"restriction": "train-other-models", "scope": null}) == "train-other-models"
}

test_apache_passes if {
	m := t.with_model(t.model("m", [[t.apache]]), {"usage": ["distillation"]})
	count(violations) == 0 with input as t.doc([m])
}
