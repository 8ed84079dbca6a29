package modelgate.rules.license_allowed

import data.modelgate.testing as t

allow_apache := {"allowed_licenses": ["apache-2.0", "MIT"]}

test_nothing_without_lists if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31]])])
}

test_allowlist_miss_fires if {
	vs := violations with input as t.doc([t.model("m", [[t.llama31]])])
		with data.modelgate.params as allow_apache
	count(vs) == 1
	some v in vs
	v.path == "/models/0/license"
	contains(v.msg, "is not on the organization's list of allowed licenses (apache-2.0, MIT)")
}

test_allowlist_is_case_insensitive if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])])
		with data.modelgate.params as allow_apache
}

test_one_allowed_alternative_is_enough if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31], [t.mit]])])
		with data.modelgate.params as allow_apache
}

test_and_needs_every_term_allowed if {
	count(violations) == 1 with input as t.doc([t.model("m", [[t.apache, t.llama31]])])
		with data.modelgate.params as allow_apache
}

test_denylist_hit_fires_and_names_it if {
	vs := violations with input as t.doc([t.model("m", [[t.stability]])])
		with data.modelgate.params as {"denied_licenses": ["stabilityai-ai-community"]}
	some v in vs
	contains(v.msg, "uses `stabilityai-ai-community`, on the organization's list of denied licenses")
}

test_deny_wins_over_allow if {
	count(violations) == 1 with input as t.doc([t.model("m", [[t.mit]])])
		with data.modelgate.params as {"allowed_licenses": ["MIT"], "denied_licenses": ["mit"]}
}

test_hosted_api_models_are_skipped if {
	m := t.with_model(t.model("gpt-4o", [[t.term({"id": "proprietary"})]]), {"openness": "proprietary", "hosted_api": true})
	count(violations) == 0 with input as t.doc([m]) with data.modelgate.params as allow_apache
}

test_missing_license_is_left_to_license_missing if {
	m := t.model("m", [])
	count(violations) == 0 with input as t.doc([m]) with data.modelgate.params as allow_apache
}
