# Fixtures for the built-in rules' unit tests: license terms and model entries shaped like the
# input document `modelgate input` prints. Loaded only by `policy test`.
package modelgate.testing

term(over) := object.union({
	"id": "Apache-2.0", "written": "Apache-2.0", "name": "Apache License 2.0",
	"kind": "spdx", "known": true, "spdx_id": "Apache-2.0", "osi_approved": true,
	"deprecated": false, "or_later": false, "exception": null,
	"user_cap_mau": null, "revenue_cap_usd": null, "field_of_use_restrictions": false,
	"commercial_use": "allowed", "attribution": null, "naming_rule": null,
	"output_restrictions": null, "geographic_restriction": null, "aup_url": null,
	"note": null, "source": "SPDX License List", "confidence": "high",
}, over)

apache := term({})

mit := term({"id": "MIT", "written": "MIT", "name": "MIT License", "spdx_id": "MIT"})

llama31 := term({
	"id": "llama3.1", "written": "llama3.1", "name": "Llama 3.1 Community License Agreement",
	"kind": "catalog", "spdx_id": null, "osi_approved": false, "user_cap_mau": 700000000,
	"field_of_use_restrictions": true, "commercial_use": "restricted",
	"attribution": "Built with Llama", "aup_url": "https://llama.meta.com/llama3_1/use-policy",
	"source": "meta-llama/llama-models models/llama3_1/LICENSE",
})

flux_dev := term({
	"id": "flux-1-dev-non-commercial-license", "written": "flux-1-dev-non-commercial-license",
	"name": "FLUX.1 [dev] Non-Commercial License", "kind": "catalog", "spdx_id": null,
	"osi_approved": false, "field_of_use_restrictions": true, "commercial_use": "non-commercial",
	"source": "black-forest-labs/flux model_licenses/LICENSE-FLUX1-dev",
})

stability := term({
	"id": "stabilityai-ai-community", "written": "stabilityai-ai-community",
	"name": "Stability AI Community License Agreement", "kind": "catalog", "spdx_id": null,
	"osi_approved": false, "revenue_cap_usd": 1000000, "field_of_use_restrictions": true,
	"commercial_use": "restricted", "attribution": "Powered by Stability AI",
})

unknown := term({
	"id": "foo-license", "written": "foo-license", "name": null, "kind": "unknown",
	"known": false, "spdx_id": null, "osi_approved": false, "commercial_use": null, "source": null,
})

# A self-hosted model whose declared license is the expression `alts` (a list of lists).
model(id, alts) := {
	"index": 0, "pointer": "/models/0", "id": id,
	"declared": {"id": id, "license": "x", "revision": null, "provider": null, "base_model": null},
	"known": false, "catalog": null, "hosted_api": false, "openness": "unknown",
	"environment": "production", "usage": [],
	"license": {
		"declared": "x", "declared_ids": ids(alts), "known": null, "known_ids": [],
		"known_name": null, "effective": "x", "from": "declared",
		"pointer": "/models/0/license", "error": null, "alternatives": alts,
		"declared_error": null, "declared_alternatives": alts,
	},
}

ids(alts) := sort({t.id | some alt in alts; some t in alt})

with_model(m, over) := object.union(m, over)

doc(models) := {
	"input_version": 1,
	"manifest": {"path": "ai-models.yaml"},
	"project": {"commercial": true, "monthly_active_users": null, "annual_revenue_usd": null},
	"models": models,
}

doc_project(models, project) := object.union(doc(models), {"project": project})
