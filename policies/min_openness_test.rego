package modelgate.rules.min_openness

import data.modelgate.testing as t

with_openness(o) := t.with_model(t.model("m", [[t.apache]]), {"openness": o, "catalog": {"id": "m", "source": "card"}})

test_nothing_without_param if {
	count(violations) == 0 with input as t.doc([with_openness("proprietary")])
}

test_open_weights_below_open_source if {
	vs := violations with input as t.doc([with_openness("open-weights")])
		with data.modelgate.params as {"min_openness": "open-source"}
	count(vs) == 1
	some v in vs
	v.msg == "`m` is open-weights; the organization requires at least open-source"
	v.source == "card"
	v.path == "/models/0/id"
}

test_equal_class_passes if {
	count(violations) == 0 with input as t.doc([with_openness("open-weights")])
		with data.modelgate.params as {"min_openness": "open-weights"}
}

test_higher_class_passes if {
	count(violations) == 0 with input as t.doc([with_openness("open-source")])
		with data.modelgate.params as {"min_openness": "open-weights"}
}

test_unknown_openness_fails if {
	vs := violations with input as t.doc([t.model("m", [[t.apache]])])
		with data.modelgate.params as {"min_openness": "open-weights"}
	some v in vs
	contains(v.msg, "the openness of `m` is unknown")
	v.source == "organization config: params.min_openness"
}

test_proprietary_minimum_admits_unknown_only_if_classed if {
	count(violations) == 0 with input as t.doc([with_openness("proprietary")])
		with data.modelgate.params as {"min_openness": "proprietary"}
}
