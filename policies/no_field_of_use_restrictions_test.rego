package modelgate.rules.no_field_of_use_restrictions

import data.modelgate.testing as t

test_llama_aup_fires_with_url if {
	some v in violations with input as t.doc([t.model("m", [[t.llama31]])])
	contains(v.msg, "acceptable-use policy (https://llama.meta.com/llama3_1/use-policy)")
}

test_without_url if {
	some v in violations with input as t.doc([t.model("m", [[t.flux_dev]])])
	endswith(v.msg, "acceptable-use policy")
}

test_apache_passes if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])])
}
