package modelgate.rules.attribution_required

import data.modelgate.testing as t

test_llama_attribution if {
	some v in violations with input as t.doc([t.model("m", [[t.llama31]])])
	endswith(v.msg, "requires attribution: Built with Llama")
}

test_choice_of_licenses_is_not_reported if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31], [t.apache]])])
}

test_no_attribution_no_note if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])])
}

test_threshold_crossed_by_users if {
	d := t.doc_project([t.model("moonshotai/Kimi-K2-Instruct", [[t.kimi]])], {"monthly_active_users": 150000000})
	some v in violations with input as d
	contains(v.msg, "displaying \"Kimi K2\"")
	contains(v.msg, "more than 100,000,000 monthly active users or more than USD 20,000,000 in monthly revenue")
	contains(v.msg, "over the threshold, the duty applies")
}

test_threshold_below if {
	d := t.doc_project([t.model("m", [[t.kimi]])], {"monthly_active_users": 2000000, "annual_revenue_usd": 12000000})
	some v in violations with input as d
	contains(v.msg, "2,000,000 monthly active users, 1,000,000 USD monthly revenue: under the threshold")
}

test_threshold_crossed_by_revenue if {
	d := t.doc_project([t.model("m", [[t.kimi]])], {"monthly_revenue_usd": 30000000})
	some v in violations with input as d
	contains(v.msg, "over the threshold")
}

test_threshold_nothing_declared if {
	some v in violations with input as t.doc([t.model("m", [[t.kimi]])])
	contains(v.msg, "declares no users or revenue")
}

test_annual_threshold_and_other_duties if {
	th := {"metric": "annual_revenue_usd", "value": 30000000, "duty": "attribution", "display": null, "text": null, "source": "s", "confidence": "high"}
	term := object.union(t.kimi, {"thresholds": [th]})
	d := t.doc_project([t.model("m", [[term]])], {"monthly_revenue_usd": 3000000})
	some v in violations with input as d
	contains(v.msg, "a `attribution` duty")
	contains(v.msg, "36,000,000 USD annual revenue: over the threshold")
}

test_threshold_users_from_params if {
	some v in violations with input as t.doc([t.model("m", [[t.kimi]])])
		with data.modelgate.params as {"monthly_active_users": 200000000}
	contains(v.msg, "200,000,000 monthly active users: over the threshold")
}
