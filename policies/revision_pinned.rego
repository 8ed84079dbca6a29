# revision-pinned: self-hosted weights should be pinned to a commit.
package modelgate.rules.revision_pinned

metadata := {
	"id": "revision-pinned",
	"title": "Model revision is not pinned",
	"severity": "warning",
	"description": "A model repository can change after you check it: new weights, a new model card, even a new license (SDXL-Turbo's repository moved from a non-commercial to a community license). Only a full commit hash identifies what you actually ship and what you checked. A hosted service has no `revision:`: its pin is a dated snapshot name (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`, `gemini-2.5-flash-preview-05-20`, `gemini-1.5-pro-002`); an undated alias (`gpt-4o`, `claude-sonnet-4-5`, `...-latest`) moves to new snapshots without notice.",
	"remediation": "Set `revision:` to the 40-character commit hash of the model repository (shown on the Hub under \"Files and versions\", or by `huggingface_hub.model_info(id).sha`). For a hosted service, name a dated snapshot in `id` instead of an alias.",
	"summary": "self-hosted weights are not pinned to a full commit hash; a service is named by an undated alias",
	"rationale": "A license check is only valid for the files that were checked. Without a pinned revision the next download can bring different weights or different terms, and nobody will know.",
	"examples": {
		"fail": `models:
  - id: mistralai/Mistral-7B-v0.1
`,
		"pass": `models:
  - id: mistralai/Mistral-7B-v0.1
    revision: 0e9e39f249a16976918f6564b8830bc894c89659
`,
	},
}

violations contains v if {
	some m in input.models
	not m.hosted_api
	not service(m)
	m.declared.revision == null
	v := {
		"path": sprintf("%s/id", [m.pointer]),
		"msg": sprintf("`%s` is not pinned to a revision", [m.id]),
	}
}

violations contains v if {
	some m in input.models
	not m.hosted_api
	not service(m)
	m.declared.revision != null
	not regex.match(`^[0-9a-f]{40}$`, m.declared.revision)
	v := {
		"path": sprintf("%s/revision", [m.pointer]),
		"msg": sprintf("`%s` is pinned to `%s`, which is not a full commit hash (a branch or tag can move)", [m.id, m.declared.revision]),
	}
}

# A proprietary service: judged by its snapshot name, not a `revision:`. Open weights served by
# an API host (`provider: together`) are named by their repo id and are not judged.
service(m) if m.openness == "proprietary"

# A dated or numbered snapshot: a date (`20250929`, `2024-08-06`, Vertex's `@20240620`), a
# month-day (`preview-05-20`, `gpt-4-0613`, `mistral-large-2411`), a version suffix (`-001`,
# Vertex's `@002`) or a Bedrock model version (`-v1:0`).
snapshot_pattern := `(^|[-@_/.:])([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}|[0-9]{3,4}|v[0-9]+:[0-9]+)($|[-@_.:])`

pinned_name(id) if regex.match(snapshot_pattern, lower(id))

violations contains v if {
	some m in input.models
	service(m)
	not pinned_name(m.id)
	v := {
		"path": sprintf("%s/id", [m.pointer]),
		"msg": sprintf("`%s` is an undated alias of a hosted model: the provider can move it to a new snapshot; name a dated snapshot%s", [m.id, example(m)]),
	}
}

# A dated snapshot of the same model the catalog knows, as an example.
example(m) := sprintf(" (for example `%s`)", [names[0]]) if {
	m.catalog != null
	names := [n |
		some n in object.get(m.catalog, "api_names", [])
		pinned_name(n)
	]
	count(names) > 0
} else := ""
