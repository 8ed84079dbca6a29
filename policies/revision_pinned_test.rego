package modelgate.rules.revision_pinned

import data.modelgate.testing as t

sha := "0e9e39f249a16976918f6564b8830bc894c89659"

pinned(rev) := t.with_model(t.model("m", [[t.apache]]), {"declared": {"revision": rev}})

test_missing_revision_fires_at_id if {
	some v in violations with input as t.doc([pinned(null)])
	v.path == "/models/0/id"
}

test_branch_fires_at_revision if {
	some v in violations with input as t.doc([pinned("main")])
	v.path == "/models/0/revision"
	contains(v.msg, "`main`")
}

test_full_hash_passes if {
	count(violations) == 0 with input as t.doc([pinned(sha)])
}

test_open_weights_on_an_api_host_are_not_judged if {
	m := t.with_model(pinned(null), {"hosted_api": true, "openness": "open-weights"})
	count(violations) == 0 with input as t.doc([m])
}

test_api_models_need_no_revision if {
	m := t.with_model(t.api_model("gpt-4o-2024-08-06", {}), {"hosted_api": true})
	count(violations) == 0 with input as t.doc([m])
}

test_services_are_not_judged_by_name if {
	every id in ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "mistral-large-latest", "gpt-4o-2024-08-06"] {
		count(violations) == 0 with input as t.doc([t.api_model(id, {"catalog": {"id": "openai/gpt-4o", "source": "s", "api_names": ["gpt-4o", "gpt-4o-2024-08-06"]}})])
	}
}

test_proprietary_weights_without_api_flag_are_not_judged if {
	m := t.with_model(pinned(null), {"openness": "proprietary"})
	count(violations) == 0 with input as t.doc([m])
}

test_unknown_self_hosted_model_is_judged if {
	m := t.with_model(pinned(null), {"openness": "unknown", "hosted_api": false})
	count(violations) == 1 with input as t.doc([m])
}
