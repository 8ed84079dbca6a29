# revision-pinned: self-hosted weights should be pinned to a commit.
package modelgate.rules.revision_pinned

metadata := {
	"id": "revision-pinned",
	"title": "Model revision is not pinned",
	"severity": "warning",
	"description": "A model repository can change after you check it: new weights, a new model card, even a new license (SDXL-Turbo's repository moved from a non-commercial to a community license). Only a full commit hash identifies what you actually ship and what you checked. Services reached over an API (hosted models, open weights on an API host) have no weights to pin and are not judged: their pin is the snapshot name in `id`.",
	"remediation": "Set `revision:` to the 40-character commit hash of the model repository (shown on the Hub under \"Files and versions\", or by `huggingface_hub.model_info(id).sha`).",
	"summary": "self-hosted weights are not pinned to a full commit hash (services are not judged)",
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

# A proprietary service publishes no weights to pin: it has no `revision:`, and its name (a
# dated snapshot or an alias) is the only pin it has. Open weights served by an API host
# (`provider: together`) are named by their repo id and are not judged either.
service(m) if m.openness == "proprietary"
