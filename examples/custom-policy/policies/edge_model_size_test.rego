package modelgate.rules.edge_model_size

import data.modelgate.testing as t

sized(id, size) := t.with_model(t.model(id, [[t.apache]]), {
	"declared": {"metadata": {"parameters_b": size}},
})

mobile(models) := t.doc_project(models, {"distribution": "mobile", "metadata": {}})

test_large_model_in_mobile_app_fires if {
	vs := violations with input as mobile([sized("big", 70)])
	count(vs) == 1
	some v in vs
	v.path == ["models", 0, "metadata", "parameters_b"]
	contains(v.msg, "`big` has 70B parameters; on-device models may have at most 8B")
}

test_small_model_passes if {
	count(violations) == 0 with input as mobile([sized("small", 3.8)])
}

test_model_at_the_limit_passes if {
	count(violations) == 0 with input as mobile([sized("exact", 8)])
}

test_undeclared_size_fires_at_the_id if {
	vs := violations with input as mobile([t.model("mystery", [[t.apache]])])
	some v in vs
	v.path == ["models", 0, "id"]
	contains(v.msg, "does not declare `metadata.parameters_b`")
}

test_project_can_raise_the_limit if {
	d := t.doc_project([sized("mid", 13)], {"distribution": "desktop", "metadata": {"max_parameters_b": 14}})
	count(violations) == 0 with input as d
}

test_hosted_api_models_are_not_shipped if {
	api := t.with_model(t.model("gpt-4o", []), {"hosted_api": true})
	count(violations) == 0 with input as mobile([api])
}

test_server_products_are_not_checked if {
	d := t.doc_project([sized("big", 405)], {"distribution": "saas", "metadata": {}})
	count(violations) == 0 with input as d
}
