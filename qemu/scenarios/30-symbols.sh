# shellcheck shell=bash
# Symbol resolution: GPL-only exports, namespaces, an ABI change.

add_scenario gpl-only "a non-GPL module cannot see EXPORT_SYMBOL_GPL symbols"
scn_gpl_only() {
	core_up
	mapfile -t L < <(unknown_symbols "$M/kmdemo_nogpl.ko" '^kmdemo_' -2)
	refused_with "${L[@]}"
	insmod_refused "insmod kmdemo_nogpl (license Proprietary)" late ENOENT "$M/kmdemo_nogpl.ko"
	# Bit 0 of the taint mask is P (proprietary module), and it stays.
	step "the license taint stays (P)" "awk '{ print (\$1 % 2) ? \"P\" : \"-\" }' /proc/sys/kernel/tainted"
	expect_out P
	core_down
}

add_scenario namespace "a namespaced symbol needs MODULE_IMPORT_NS"
scn_namespace() {
	core_up
	refused_with "kmdemo_nons: module uses symbol (kmdemo_checksum) from namespace KMDEMO, but does not import it." \
		"kmdemo_nons: Unknown symbol kmdemo_checksum (err -22)"
	insmod_refused "insmod kmdemo_nons (no MODULE_IMPORT_NS)" late EINVAL "$M/kmdemo_nons.ko"
	core_down
}

add_scenario abi-change "a client built against ABI 2 of kmdemo.h is refused by an ABI 1 core"
scn_abi_change() {
	if [ "$CFG_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_MODVERSIONS: symbols have no CRCs"
		return 0
	fi
	core_up "insmod core (ABI 1)"
	refused_with "kmdemo_client: disagrees about version of symbol kmdemo_add" \
		"kmdemo_client: Unknown symbol kmdemo_add (err -22)"
	insmod_refused "insmod client (ABI 2)" late EINVAL "$M/abi2/kmdemo_client.ko"
	core_down
}
