# shellcheck shell=bash
# Symbol CRCs (CONFIG_MODVERSIONS) and vermagic, forged one at a time.
# VERMAGIC is the tree's own (scripts/lab), not read from a module.

add_scenario crc-mismatch "a wrong module_layout CRC: check_modstruct_version() refuses first"
scn_crc_mismatch() {
	if [ "$CFG_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_MODVERSIONS: no CRCs to mismatch"
		return 0
	fi
	insmod_step "insmod core with a forged module_layout CRC" "$F/crc-layout.ko"
	expect_verdict ENOEXEC
	key_lines "kmdemo_core: disagrees about version of symbol module_layout"
	# PRINTK: _printk, or printk before 5.15.
	insmod_step "insmod core with a forged $PRINTK CRC" "$F/crc-printk.ko"
	expect_verdict EINVAL
	key_lines "kmdemo_core: disagrees about version of symbol $PRINTK" \
		"kmdemo_core: Unknown symbol $PRINTK (err -22)"
}

add_scenario no-versions "a module without __versions on a MODVERSIONS kernel"
scn_no_versions() {
	if [ "$CFG_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_MODVERSIONS: modules have no __versions"
		return 0
	fi
	insmod_step "insmod core without __versions" "$F/no-versions.ko"
	if [ "$CFG_MODULE_FORCE_LOAD" = y ]; then
		# check_version() finds no CRC table: "modprobe --force does
		# this", so try_to_force_load() lets it in and taints (F).
		expect_verdict loads
		key_lines "kmdemo_core: module_layout: kernel tainted."
		core_loaded_line
		step "it is marked forced (F)" "cat /sys/module/kmdemo_core/taint"
		expect_out "$(module_taints F)"
		core_down
	else
		expect_verdict ENOEXEC
	fi
}

# Extended modversions (CONFIG_EXTENDED_MODVERSIONS, 6.15): modpost also
# writes every CRC into __version_ext_crcs, with the names, of any length,
# in __version_ext_names.  check_version() then relies on those alone.
ext_versions_apply() {
	if [ "$CFG_EXTENDED_MODVERSIONS" != y ]; then
		not_applicable "no CONFIG_EXTENDED_MODVERSIONS (6.15 and later): the modules have no extended CRC tables"
		return 1
	fi
}

add_scenario ext-versions-relied "a module_layout CRC forged in __versions only: a kernel that finds the extended tables reads only them"
scn_ext_versions_relied() {
	ext_versions_apply || return 0
	insmod_step "insmod core with module_layout forged in __versions, not in __version_ext_crcs" "$F/crc-basic-layout.ko"
	expect_verdict loads
	core_loaded_line
	core_down
}

add_scenario ext-versions-unnamed "extended CRCs without their names: elf_validity_cache_index_versions() refuses the module"
scn_ext_versions_unnamed() {
	ext_versions_apply || return 0
	insmod_step "insmod core with __version_ext_names hidden" "$F/no-ext-names.ko"
	expect_verdict ENOEXEC
	key_lines "extended version crc+name presence does not match"
}

# module_taints [F]: the taint letters of one of our modules, as
# /sys/module/<mod>/taint shows them: in taint bit order, F (forced, bit 1)
# O (out of tree, 12), E (unsigned on a CONFIG_MODULE_SIG kernel, 13).
module_taints() {
	local t=${1:-}
	t+=O
	[ "$CFG_MODULE_SIG" = y ] && [ "$CFG_MODULE_SIG_FORCE" != y ] && t+=E
	echo "$t"
}

add_scenario vermagic-release "another release in vermagic: ignored when the module has CRCs"
scn_vermagic_release() {
	local forged
	forged=$(modinfo -F vermagic "$(host_path "$F/vermagic-release.ko")")
	insmod_step "insmod core claiming release ${forged%% *}" "$F/vermagic-release.ko"
	if [ "$CFG_MODVERSIONS" = y ]; then
		expect_verdict loads
		core_loaded_line
		core_down
	else
		expect_verdict ENOEXEC
		key_lines "kmdemo_core: version magic '$forged' should be '$VERMAGIC'"
	fi
}

add_scenario vermagic-flags "a vermagic whose flags differ (preempt)"
scn_vermagic_flags() {
	local forged
	forged=$(modinfo -F vermagic "$(host_path "$F/vermagic-flags.ko")")
	insmod_step "insmod core with vermagic '$forged'" "$F/vermagic-flags.ko"
	expect_verdict ENOEXEC
	key_lines "kmdemo_core: version magic '$forged' should be '$VERMAGIC'"
}

add_scenario force-load "finit_module flags of modprobe --force-vermagic / --force-modversion"
scn_force_load() {
	kmload_step "force vermagic: kmload -V" "$F/vermagic-flags.ko" -V
	if [ "$CFG_MODULE_SIG_FORCE" = y ]; then
		# With MODULE_INIT_IGNORE_* flags module_sig_check() does not
		# even look for a signature: the module counts as unsigned.
		expect_verdict EKEYREJECTED
		key_lines "Loading of unsigned module is rejected"
		return 0
	fi
	if [ "$CFG_MODULE_FORCE_LOAD" != y ]; then
		# try_to_force_load() refuses silently without the option.
		expect_verdict ENOEXEC
		return 0
	fi
	expect_verdict loads
	key_lines "kmdemo_core: bad vermagic: kernel tainted."
	core_loaded_line
	step "forced: (F) in /proc/modules and bit 1 of tainted" \
		"grep kmdemo_core /proc/modules | grep -o '(.*)'; awk '{ print int(\$1 / 2) % 2 }' /proc/sys/kernel/tainted"
	expect_out "($(module_taints F))" 1
	core_down
	if [ "$CFG_MODVERSIONS" = y ]; then
		kmload_step "force modversions: kmload -M on a forged $PRINTK CRC" "$F/crc-printk.ko" -M
		expect_verdict loads
		core_loaded_line
		core_down
	fi
}
