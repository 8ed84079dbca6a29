package modelgate.rules.no_revenue_cap

import data.modelgate.testing as t

test_stability_cap_fires if {
	vs := violations with input as t.doc([t.model("stabilityai/stable-diffusion-3.5-large", [[t.stability]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "USD 1,000,000 in annual revenue")
	contains(v.msg, "declares no revenue")
	not v.level
}

test_revenue_over_cap_is_an_error if {
	d := t.doc_project([t.model("m", [[t.stability]])], {"annual_revenue_usd": 2500000})
	some v in violations with input as d
	contains(v.msg, "USD 2,500,000 a year: over the cap")
	v.level == "error"
}

test_revenue_under_cap_is_a_note if {
	d := t.doc_project([t.model("m", [[t.stability]])], {"annual_revenue_usd": 10})
	some v in violations with input as d
	endswith(v.msg, "this project reports USD 10 a year: under the cap")
	v.level == "note"
}

test_monthly_figure_against_annual_cap if {
	d := t.doc_project([t.model("m", [[t.stability]])], {"monthly_revenue_usd": 100000})
	some v in violations with input as d
	contains(v.msg, "USD 100,000 a month, USD 1,200,000 a year: over the cap")
	v.level == "error"
}

test_monthly_cap_with_monthly_revenue if {
	d := t.doc_project([t.model("m", [[t.mistral_mit]])], {"monthly_revenue_usd": 25000000})
	some v in violations with input as d
	contains(v.msg, "whose rights end above USD 20,000,000 in monthly revenue")
	contains(v.msg, "USD 25,000,000 a month: over the cap")
	v.level == "error"
}

test_monthly_cap_with_annual_revenue if {
	d := t.doc_project([t.model("m", [[t.mistral_mit]])], {"annual_revenue_usd": 120000000})
	some v in violations with input as d
	contains(v.msg, "USD 120,000,000 a year, about USD 10,000,000 a month: under the cap")
	v.level == "note"
}

test_effects_are_named if {
	effect_text("royalty-required") == "which requires a royalty"
	effect_text("license-required") == "which requires a separate license"
}

test_llama_has_no_revenue_cap if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31]])])
}
