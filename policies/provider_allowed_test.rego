package modelgate.rules.provider_allowed

import data.modelgate.testing as t

api(id, provider, catalog) := t.with_model(t.model(id, [[t.term({"id": "proprietary"})]]), {
	"hosted_api": true, "openness": "proprietary", "catalog": catalog,
	"declared": {"id": id, "license": "proprietary", "revision": null, "provider": provider, "base_model": null},
})

approved := {"allowed_providers": ["azure-openai", "Anthropic"]}

test_nothing_without_list if {
	count(violations) == 0 with input as t.doc([api("gpt-4o", "openai", null)])
}

test_declared_provider_not_approved if {
	vs := violations with input as t.doc([api("gpt-4o", "OpenAI", null)]) with data.modelgate.params as approved
	count(vs) == 1
	some v in vs
	v.path == "/models/0/provider"
	contains(v.msg, "served by `openai`, which is not an approved API provider (approved: azure-openai, Anthropic)")
}

test_approved_provider_passes_ignoring_case if {
	count(violations) == 0 with input as t.doc([api("claude-3-5-sonnet", "anthropic", null)])
		with data.modelgate.params as approved
}

test_provider_from_catalog_id if {
	vs := violations with input as t.doc([api("gpt-4o", null, {"id": "openai/gpt-4o", "source": "s"})])
		with data.modelgate.params as approved
	some v in vs
	v.path == "/models/0/id"
	contains(v.msg, "`openai`")
}

test_unknown_provider if {
	vs := violations with input as t.doc([api("some-api-model", null, null)]) with data.modelgate.params as approved
	some v in vs
	contains(v.msg, "served by `unknown`")
}

test_self_hosted_models_are_not_judged if {
	count(violations) == 0 with input as t.doc([t.model("m", [[t.apache]])]) with data.modelgate.params as approved
}
