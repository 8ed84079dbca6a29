package modelgate.rules.no_user_cap

import data.modelgate.testing as t

test_llama_cap_fires if {
	vs := violations with input as t.doc([t.model("meta-llama/Llama-3.1-8B", [[t.llama31]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "700,000,000 monthly active users")
	v.path == "/models/0/license"
}

test_project_over_cap_is_said if {
	d := t.doc_project([t.model("m", [[t.llama31]])], {"commercial": true, "monthly_active_users": 800000000})
	some v in violations with input as d
	contains(v.msg, "this project expects 800,000,000: over the cap")
	v.level == "error"
}

test_project_under_cap_is_said if {
	d := t.doc_project([t.model("m", [[t.llama31]])], {"commercial": true, "monthly_active_users": 5000})
	some v in violations with input as d
	endswith(v.msg, "(this project expects 5,000: under the cap)")
	v.level == "note"
}

test_nothing_declared_keeps_the_default_level if {
	some v in violations with input as t.doc([t.model("m", [[t.llama31]])])
	not v.level
	contains(v.msg, "700,000,000 monthly active users (this project declares no monthly active users)")
}

test_other_metrics_are_named if {
	cap := object.union(t.llama31.user_cap, {"metric": "daily_active_users", "value": 1000})
	term := object.union(t.llama31, {"user_cap": cap})
	some v in violations with input as t.doc([t.model("m", [[term]])])
	contains(v.msg, "1,000 daily active users")
	not v.level
}

test_a_display_threshold_is_not_a_cap if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.kimi]])])
}

test_or_with_uncapped_branch_passes if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31], [t.apache]])])
}

test_apache_passes if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])])
}

test_config_param_fills_in_users if {
	some v in violations with input as t.doc([t.model("m", [[t.llama31]])])
		with data.modelgate.params as {"monthly_active_users": 900000000}
	contains(v.msg, "this project expects 900,000,000: over the cap")
}

test_manifest_users_win_over_param if {
	d := t.doc_project([t.model("m", [[t.llama31]])], {"commercial": true, "monthly_active_users": 5000})
	some v in violations with input as d with data.modelgate.params as {"monthly_active_users": 900000000}
	endswith(v.msg, "(this project expects 5,000: under the cap)")
}
