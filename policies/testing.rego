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
	"revenue_cap": null, "user_cap": null, "thresholds": [], "excluded_territories": null,
	"output_use": [], "copyleft": "none", "flow_down": false,
}, over)

apache := term({})

mit := term({"id": "MIT", "written": "MIT", "name": "MIT License", "spdx_id": "MIT"})

llama31 := term({
	"id": "llama3.1", "written": "llama3.1", "name": "Llama 3.1 Community License Agreement",
	"kind": "catalog", "spdx_id": null, "osi_approved": false, "user_cap_mau": 700000000,
	"field_of_use_restrictions": true, "commercial_use": "restricted",
	"attribution": "Built with Llama", "aup_url": "https://llama.meta.com/llama3_1/use-policy",
	"source": "meta-llama/llama-models models/llama3_1/LICENSE",
	"user_cap": {
		"mau": 700000000, "metric": "monthly_active_users", "value": 700000000,
		"whose": "licensee and affiliates", "effect": "license-required", "text": null,
		"source": "llama3_1/LICENSE §2", "confidence": "high",
	},
	"output_use": [{
		"restriction": "naming-duty-on-trained-models", "scope": "models trained on outputs",
		"text": null, "source": "llama3_1/LICENSE §1.b.i", "confidence": "high",
	}],
	"flow_down": true,
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
	"revenue_cap": {
		"amount_usd": 1000000, "period": "annual", "whose": "you and your affiliates",
		"effect": "rights-end", "scope": "all rights", "text": null,
		"source": "Stability AI Community License §III", "confidence": "high",
	},
})

# Mistral's modified MIT (Devstral 2): rights end above USD 20M monthly revenue.
mistral_mit := term({
	"id": "mistral-modified-mit", "written": "mistral-modified-mit",
	"name": "Modified MIT License (Mistral AI)", "kind": "catalog", "spdx_id": null,
	"osi_approved": false, "revenue_cap_usd": 20000000, "commercial_use": "restricted",
	"revenue_cap": {
		"amount_usd": 20000000, "period": "monthly", "whose": "your company",
		"effect": "rights-end", "scope": "all rights", "text": null,
		"source": "Devstral 2 LICENSE", "confidence": "high",
	},
})

# Kimi K2's modified MIT: display "Kimi K2" above 100M MAU or USD 20M monthly revenue.
kimi := term({
	"id": "kimi-k2-modified-mit", "written": "kimi-k2-modified-mit",
	"name": "Modified MIT License (Moonshot AI)", "kind": "catalog", "spdx_id": null,
	"osi_approved": false, "commercial_use": "allowed",
	"thresholds": [
		{"metric": "monthly_active_users", "value": 100000000, "duty": "display-name", "display": "Kimi K2", "text": null, "source": "Kimi-K2 LICENSE", "confidence": "high"},
		{"metric": "monthly_revenue_usd", "value": 20000000, "duty": "display-name", "display": "Kimi K2", "text": null, "source": "Kimi-K2 LICENSE", "confidence": "high"},
	],
})

# Tencent Hunyuan community license: not in the EU, the UK or South Korea.
hunyuan := term({
	"id": "tencent-hunyuan-community", "written": "tencent-hunyuan-community",
	"name": "Tencent Hunyuan Community License Agreement", "kind": "catalog", "spdx_id": null,
	"osi_approved": false, "commercial_use": "restricted",
	"excluded_territories": {
		"codes": ["EU", "GB", "KR"], "basis": "use-location", "model_scope": "all",
		"scope": "the Territory", "text": null, "source": "Hunyuan LICENSE", "confidence": "high",
	},
})

# Llama 4: multimodal models' rights withheld from EU-established licensees.
llama4 := term({
	"id": "llama4", "written": "llama4", "name": "Llama 4 Community License Agreement",
	"kind": "catalog", "spdx_id": null, "osi_approved": false, "commercial_use": "restricted",
	"excluded_territories": {
		"codes": ["EU"], "basis": "licensee-establishment", "model_scope": "multimodal",
		"scope": "multimodal models", "text": null, "source": "Llama 4 AUP", "confidence": "high",
	},
})

agpl := term({
	"id": "AGPL-3.0-only", "written": "AGPL-3.0-only", "name": "GNU Affero General Public License v3.0 only",
	"spdx_id": "AGPL-3.0-only", "copyleft": "network",
})

gpl := term({
	"id": "GPL-3.0-only", "written": "GPL-3.0-only", "name": "GNU General Public License v3.0 only",
	"spdx_id": "GPL-3.0-only", "copyleft": "strong",
})

lgpl := term({
	"id": "LGPL-3.0-only", "written": "LGPL-3.0-only", "name": "GNU Lesser General Public License v3.0 only",
	"spdx_id": "LGPL-3.0-only", "copyleft": "weak",
})

proprietary := term({
	"id": "proprietary", "written": "proprietary", "name": "Proprietary API / service terms",
	"kind": "catalog", "spdx_id": null, "osi_approved": false, "commercial_use": "restricted",
	"source": "provider terms",
	"output_use": [{
		"restriction": "develop-competing-models", "scope": null, "text": null,
		"source": "OpenAI Terms of Use", "confidence": "medium",
	}],
})

# A hosted API model (`provider: openai`) with the catalog's proprietary terms.
api_model(id, over) := object.union(model(id, [[proprietary]]), object.union({
	"hosted_api": true, "openness": "proprietary",
	"declared": {"id": id, "license": null, "revision": null, "provider": "openai", "base_model": null},
}, over))

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
	"project": {
		"commercial": true, "monthly_active_users": null, "annual_revenue_usd": null,
		"monthly_revenue_usd": null, "distribution": null, "markets": [],
	},
	"models": models,
}

doc_project(models, project) := object.union(doc(models), {"project": project})
