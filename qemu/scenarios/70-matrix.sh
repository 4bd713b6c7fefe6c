# shellcheck shell=bash
# Cross-tree loads: the core built against every tree of this arch, loaded
# into this kernel.  What the kernel should do comes from kocheck, as for
# every load; the matrix shows what the kernel did.

add_scenario matrix "the core built against each tree of this arch, loaded here"
scn_matrix() {
	local peer ko
	for peer in $PEERS; do
		ko=/lab/$peer/kmdemo_core.ko
		# Where signatures are enforced, the copies signed with this
		# kernel's key (scripts/lab sign_for) show the next check.
		[ "$CFG_MODULE_SIG_FORCE" = y ] && ko=$M/peers/$peer/kmdemo_core.ko
		insmod_step "core built for $peer" "$ko"
		matrix_cell "$peer"
		if [ "$peer" = "$K" ]; then
			expect_verdict loads
		fi
		if predicted_loads; then
			core_loaded_line
			core_down
		fi
	done
}
