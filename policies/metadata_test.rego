# The built-in rules' metadata: default levels are a documented contract (README, "Why these
# defaults"), and every rule carries the documentation `policy doc` and `explain` print.
package modelgate.metadata_test

import data.modelgate.rules

metas := [
	rules.license_missing.metadata,
	rules.license_unknown.metadata,
	rules.license_mismatch.metadata,
	rules.no_non_commercial.metadata,
	rules.osi_approved.metadata,
	rules.no_user_cap.metadata,
	rules.no_field_of_use_restrictions.metadata,
	rules.no_revenue_cap.metadata,
	rules.revision_pinned.metadata,
	rules.no_proprietary.metadata,
	rules.attribution_required.metadata,
	rules.license_allowed.metadata,
	rules.provider_allowed.metadata,
	rules.min_openness.metadata,
]

test_default_levels_are_the_documented_ones if {
	{m.id: m.severity | some m in metas} == {
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
	every name, pkg in {
		"license_missing": rules.license_missing,
		"no_user_cap": rules.no_user_cap,
	} {
		pkg.metadata.id == replace(name, "_", "-")
	}
}
