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
