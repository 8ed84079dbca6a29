package modelgate.rules.no_territory_restrictions

import data.modelgate.testing as t

multimodal_llama4 := t.with_model(t.model("meta-llama/Llama-4-Scout-17B-16E-Instruct", [[t.llama4]]), {"catalog": {"id": "meta-llama/Llama-4-Scout-17B-16E", "modality": "text+image", "source": "s"}})

test_declared_market_excluded_is_an_error if {
	d := t.doc_project([t.model("tencent/Hunyuan-A13B-Instruct", [[t.hunyuan]])], {"markets": ["KR", "US"]})
	vs := violations with input as d
	count(vs) == 1
	some v in vs
	v.level == "error"
	contains(v.msg, "does not apply in EU, GB, KR")
	contains(v.msg, "declares the market(s) KR")
}

test_member_state_falls_in_eu if {
	d := t.doc_project([t.model("m", [[t.hunyuan]])], {"markets": ["DE"]})
	some v in violations with input as d
	v.level == "error"
}

test_no_markets_is_a_warning if {
	vs := violations with input as t.doc([t.model("m", [[t.hunyuan]])])
	some v in vs
	not v.level
	contains(v.msg, "declares no markets")
}

test_other_markets_pass if {
	d := t.doc_project([t.model("m", [[t.hunyuan]])], {"markets": ["US", "JP"]})
	count(violations) == 0 with input as d
}

test_multimodal_scope_reaches_multimodal_models if {
	d := t.doc_project([multimodal_llama4], {"markets": ["EU"]})
	some v in violations with input as d
	v.level == "error"
	contains(v.msg, "multimodal models")
}

test_multimodal_scope_spares_text_models if {
	m := t.with_model(t.model("m", [[t.llama4]]), {"catalog": {"id": "x", "modality": "text", "source": "s"}})
	d := t.doc_project([m], {"markets": ["FR"]})
	count(violations) == 0 with input as d
}

test_eea_market_overlaps_eu if {
	d := t.doc_project([t.model("m", [[t.hunyuan]])], {"markets": ["EEA"]})
	some v in violations with input as d
	v.level == "error"
}

test_apache_has_no_territories if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])])
}
