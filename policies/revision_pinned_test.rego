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

test_api_models_need_no_revision if {
	m := t.with_model(pinned(null), {"hosted_api": true})
	count(violations) == 0 with input as t.doc([m])
}
