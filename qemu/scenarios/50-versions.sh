# shellcheck shell=bash
# Symbol CRCs (CONFIG_MODVERSIONS) and vermagic, forged one at a time.

add_scenario crc-mismatch "a wrong module_layout CRC: check_modstruct_version() refuses first"
scn_crc_mismatch() {
	if [ "$CFG_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_MODVERSIONS: no CRCs to mismatch"
		return 0
	fi
	refused_with "kmdemo_core: disagrees about version of symbol module_layout"
	insmod_refused "insmod core with a forged module_layout CRC" early ENOEXEC "$F/crc-layout.ko"
	refused_with "kmdemo_core: disagrees about version of symbol _printk" \
		"kmdemo_core: Unknown symbol _printk (err -22)"
	insmod_refused "insmod core with a forged _printk CRC" late EINVAL "$F/crc-printk.ko"
}

add_scenario no-versions "a module without __versions on a MODVERSIONS kernel"
scn_no_versions() {
	if [ "$CFG_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_MODVERSIONS: modules have no __versions"
		return 0
	fi
	if [ "$CFG_MODULE_FORCE_LOAD" = y ]; then
		# check_version() finds no CRC table: "modprobe --force does
		# this", so try_to_force_load() lets it in and taints (F).
		step "insmod core without __versions" "insmod $F/no-versions.ko"
		record_load insmod "" "$F/no-versions.ko" ""
		model_force kmdemo_core module_layout
		model_load late kmdemo_core
		loaded_add "$F/no-versions.ko"
		core_loaded_line
		step "it is marked forced (F)" "cat /sys/module/kmdemo_core/taint"
		expect_out "$(module_taints F)"
		core_down
	else
		insmod_refused "insmod core without __versions" early ENOEXEC "$F/no-versions.ko"
	fi
}

# module_taints [F]: the taint letters of one of our modules, as
# /sys/module/<mod>/taint shows them: in taint bit order, F (forced, bit 1)
# O (out of tree, 12), E (unsigned on a CONFIG_MODULE_SIG kernel, 13).
module_taints() {
	local t=${1:-}
	t+=O
	[ "$CFG_MODULE_SIG" = y ] && [ "${SIGNED:-0}" = 0 ] && t+=E
	echo "$t"
}

add_scenario vermagic-release "another release in vermagic: ignored when the module has CRCs"
scn_vermagic_release() {
	local forged
	forged=$(ko_vermagic "$F/vermagic-release.ko")
	if [ "$CFG_MODVERSIONS" = y ]; then
		core_up "insmod core claiming release ${forged%% *}" "$F/vermagic-release.ko"
		core_down
	else
		refused_with "kmdemo_core: version magic '$forged' should be '$VERMAGIC'"
		insmod_refused "insmod core claiming release ${forged%% *}" early ENOEXEC "$F/vermagic-release.ko"
	fi
}

add_scenario vermagic-flags "a vermagic whose flags differ (preempt)"
scn_vermagic_flags() {
	local forged
	forged=$(ko_vermagic "$F/vermagic-flags.ko")
	refused_with "kmdemo_core: version magic '$forged' should be '$VERMAGIC'"
	insmod_refused "insmod core with vermagic '$forged'" early ENOEXEC "$F/vermagic-flags.ko"
}

add_scenario force-load "finit_module flags of modprobe --force-vermagic / --force-modversion"
scn_force_load() {
	if [ "$CFG_MODULE_SIG_FORCE" = y ]; then
		# With MODULE_INIT_IGNORE_* flags module_sig_check() does not
		# even look for a signature: the module counts as unsigned.
		refused_with "Loading of unsigned module is rejected"
		kmload_refused "force vermagic on a signature-enforcing kernel" early EKEYREJECTED "$F/vermagic-flags.ko" -V
		return 0
	fi
	if [ "$CFG_MODULE_FORCE_LOAD" != y ]; then
		# try_to_force_load() refuses silently without the option.
		kmload_refused "force vermagic (no CONFIG_MODULE_FORCE_LOAD)" early ENOEXEC "$F/vermagic-flags.ko" -V
		return 0
	fi
	kmload_ok "force vermagic: kmload -V" "$F/vermagic-flags.ko" -V
	model_force kmdemo_core "bad vermagic"
	model_load late kmdemo_core
	core_loaded_line
	step "forced: (F) in /proc/modules and bit 1 of tainted" \
		"grep kmdemo_core /proc/modules | grep -o '(.*)'; awk '{ print int(\$1 / 2) % 2 }' /proc/sys/kernel/tainted"
	expect_out "($(module_taints F))" 1
	core_down
	if [ "$CFG_MODVERSIONS" = y ]; then
		kmload_ok "force modversions: kmload -M on a forged _printk CRC" "$F/crc-printk.ko" -M
		model_force kmdemo_core module_layout
		model_load late kmdemo_core
		core_loaded_line
		core_down
	fi
}
