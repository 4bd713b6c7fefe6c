# shellcheck shell=bash
# Symbol resolution: GPL-only exports, namespaces, an ABI change.

add_scenario gpl-only "a non-GPL module cannot see EXPORT_SYMBOL_GPL symbols"
scn_gpl_only() {
	core_up
	insmod_step "insmod kmdemo_nogpl (license Proprietary)" "$M/kmdemo_nogpl.ko"
	expect_verdict ENOENT
	key_lines "kmdemo_nogpl: module license 'Proprietary' taints kernel." \
		"kmdemo_nogpl: Unknown symbol kmdemo_register_client (err -2)"
	# Bit 0 of the taint mask is P (proprietary module), and it stays.
	step "the license taint stays (P)" "awk '{ print (\$1 % 2) ? \"P\" : \"-\" }' /proc/sys/kernel/tainted"
	expect_out P
	core_down
}

add_scenario namespace "a namespaced symbol needs MODULE_IMPORT_NS"
scn_namespace() {
	core_up
	insmod_step "insmod kmdemo_nons (no MODULE_IMPORT_NS)" "$M/kmdemo_nons.ko"
	expect_verdict EINVAL
	key_lines "kmdemo_nons: module uses symbol (kmdemo_checksum) from namespace KMDEMO, but does not import it."
	core_down
}

add_scenario abi-change "a client built against ABI 2 of kmdemo.h, loaded with an ABI 1 core"
scn_abi_change() {
	core_up "insmod core (ABI 1)"
	insmod_step "insmod client (ABI 2)" "$M/abi2/kmdemo_client.ko"
	if [ "$CFG_MODVERSIONS" = y ]; then
		expect_verdict EINVAL
		key_lines "kmdemo_client: disagrees about version of symbol kmdemo_add"
	else
		# The dangerous case: without CRCs nothing notices that
		# kmdemo_add() now takes an s64.  It happens to work here (the
		# low word is where an int would be, on both arches).
		expect_verdict loads
		module_lines "kmdemo_client: registered: total=1 checksum=254d055c"
		rmmod_step kmdemo_client
		module_lines "kmdemo_client: unregistered: total=0"
	fi
	core_down
}
