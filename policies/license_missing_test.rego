package modelgate.rules.license_missing

import data.modelgate.testing as t

no_license := t.with_model(t.model("acme/tuned", []), {"license": {"effective": null, "pointer": "/models/0/id", "alternatives": [], "declared_alternatives": [], "declared_ids": [], "error": null, "declared": null}})

test_unknown_model_without_license_fires if {
	vs := violations with input as t.doc([no_license])
	count(vs) == 1
	some v in vs
	v.path == "/models/0/id"
	contains(v.msg, "acme/tuned")
}

test_declared_license_passes if {
	count(violations) == 0 with input as t.doc([t.model("acme/tuned", [[t.apache]])])
}

test_hosted_api_models_are_exempt if {
	m := t.with_model(no_license, {"openness": "proprietary", "hosted_api": true})
	count(violations) == 0 with input as t.doc([m])
}
