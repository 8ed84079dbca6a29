package modelgate.rules.copyleft

import data.modelgate.testing as t

test_agpl_in_saas_is_reported if {
	d := t.doc_project([t.model("Ultralytics/YOLO11", [[t.agpl]])], {"distribution": "saas"})
	vs := violations with input as d
	count(vs) == 1
	some v in vs
	not v.level
	contains(v.msg, "network copyleft")
	contains(v.msg, "`saas`")
}

test_agpl_internal_is_a_note if {
	d := t.doc_project([t.model("m", [[t.agpl]])], {"distribution": "internal"})
	some v in violations with input as d
	v.level == "note"
}

test_gpl_in_mobile_app_is_reported if {
	d := t.doc_project([t.model("m", [[t.gpl]])], {"distribution": "mobile"})
	some v in violations with input as d
	not v.level
	contains(v.msg, "strong copyleft")
}

test_gpl_in_saas_is_a_note if {
	d := t.doc_project([t.model("m", [[t.gpl]])], {"distribution": "saas"})
	some v in violations with input as d
	v.level == "note"
	contains(v.msg, "not distributed")
}

test_strong_without_distribution_is_reported if {
	some v in violations with input as t.doc([t.model("m", [[t.gpl]])])
	not v.level
	contains(v.msg, "set `project.distribution`")
}

test_network_without_distribution_is_reported if {
	some v in violations with input as t.doc([t.model("m", [[t.agpl]])])
	not v.level
}

test_weak_is_a_note if {
	d := t.doc_project([t.model("m", [[t.lgpl]])], {"distribution": "mobile"})
	some v in violations with input as d
	v.level == "note"
	contains(v.msg, "weak copyleft")
}

test_or_with_permissive_branch_passes if {
	d := t.doc_project([t.model("m", [[t.agpl], [t.mit]])], {"distribution": "saas"})
	count(violations) == 0 with input as d
}

test_and_takes_the_strongest if {
	d := t.doc_project([t.model("m", [[t.lgpl, t.agpl]])], {"distribution": "api"})
	some v in violations with input as d
	contains(v.msg, "network copyleft")
}
