# The built-in rules' metadata: default levels are a documented contract (README, "Why these
# defaults"), and every rule carries the documentation `policy doc` and `explain` print.
package modelgate.metadata_test

import data.modelgate.rules

# Every rule package of the pack (a rule is added by adding its two files; no list here).
metas := [pkg.metadata | some pkg in rules]

test_every_rule_is_loaded if {
	count(metas) >= 14
}

# The documented rules keep their levels (a new rule documents its own in the README).
test_default_levels_are_the_documented_ones if {
	levels := {m.id: m.severity | some m in metas}
	every id, level in documented_levels {
		levels[id] == level
	}
}

documented_levels := {
	"license-missing": "error",
	"license-unknown": "error",
	"license-mismatch": "error",
	"no-non-commercial": "error",
	"osi-approved": "warning",
	"no-user-cap": "warning",
	"no-field-of-use-restrictions": "warning",
	"no-revenue-cap": "warning",
	"revision-pinned": "warning",
	"no-proprietary": "note",
	"attribution-required": "note",
	"license-allowed": "error",
	"provider-allowed": "error",
	"min-openness": "error",
}

test_every_rule_is_documented if {
	every m in metas {
		count(m.title) > 0
		count(m.summary) > 0
		count(m.description) > 0
		count(m.rationale) > 0
		count(m.remediation) > 0
		contains(m.examples.fail, "models:")
		contains(m.examples.pass, "models:")
		m.examples.fail != m.examples.pass
	}
}

test_rule_ids_follow_package_names if {
	every name, pkg in rules {
		pkg.metadata.id == replace(name, "_", "-")
	}
}
