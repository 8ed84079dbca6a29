package modelgate.rules.no_non_commercial

import data.modelgate.testing as t

test_flux_dev_in_commercial_project_fires if {
	vs := violations with input as t.doc([t.model("black-forest-labs/FLUX.1-dev", [[t.flux_dev]])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "forbids commercial use")
}

test_non_commercial_project_passes if {
	d := t.doc_project([t.model("m", [[t.flux_dev]])], {"commercial": false})
	count(violations) == 0 with input as d
}

test_research_environment_passes if {
	m := t.with_model(t.model("m", [[t.flux_dev]]), {"environment": "research"})
	count(violations) == 0 with input as t.doc([m])
}

test_commercial_alternative_passes if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.flux_dev], [t.apache]])])
}

test_restricted_is_not_non_commercial if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.llama31]])])
}
