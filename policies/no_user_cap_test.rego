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
}

test_project_under_cap_is_said if {
	d := t.doc_project([t.model("m", [[t.llama31]])], {"commercial": true, "monthly_active_users": 5000})
	some v in violations with input as d
	endswith(v.msg, "(this project expects 5,000)")
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
	endswith(v.msg, "(this project expects 5,000)")
}
