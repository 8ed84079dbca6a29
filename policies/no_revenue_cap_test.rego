package modelgate.rules.no_revenue_cap

import data.modelgate.testing as t

test_stability_cap_fires if {
	vs := violations with input as t.doc([t.model("stabilityai/stable-diffusion-3.5-large", [[t.stability]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "USD 1,000,000 annual revenue")
}

test_revenue_over_cap_is_said if {
	d := t.doc_project([t.model("m", [[t.stability]])], {"commercial": true, "annual_revenue_usd": 2500000})
	some v in violations with input as d
	contains(v.msg, "USD 2,500,000: over the cap")
}

test_revenue_under_cap_is_said if {
	d := t.doc_project([t.model("m", [[t.stability]])], {"commercial": true, "annual_revenue_usd": 10})
	some v in violations with input as d
	endswith(v.msg, "(this project reports USD 10)")
}

test_llama_has_no_revenue_cap if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31]])])
}
