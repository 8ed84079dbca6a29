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

test_dated_snapshots_are_pins if {
	every id in ["claude-sonnet-4-5-20250929", "gpt-4o-2024-08-06", "gemini-2.5-flash-preview-05-20", "gemini-1.5-pro-001", "gpt-4-0613", "claude-3-5-sonnet@20240620", "anthropic.claude-3-5-sonnet-20240620-v1:0", "meta.llama3-70b-instruct-v1:0", "command-r-08-2024", "gemini-1.5-pro@002"] {
		pinned_name(id)
	}
}

test_undated_aliases_are_not if {
	every id in ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "mistral-large-latest", "openai/gpt-4.1"] {
		not pinned_name(id)
	}
}

test_undated_alias_fires_with_an_example if {
	m := t.api_model("gpt-4o", {"catalog": {"id": "openai/gpt-4o", "source": "s", "api_names": ["gpt-4o", "gpt-4o-2024-08-06"]}})
	some v in violations with input as t.doc([m])
	v.path == "/models/0/id"
	contains(v.msg, "undated alias")
	contains(v.msg, "`gpt-4o-2024-08-06`")
}

test_undated_alias_without_catalog if {
	some v in violations with input as t.doc([t.api_model("gpt-4o", {})])
	endswith(v.msg, "name a dated snapshot")
}
