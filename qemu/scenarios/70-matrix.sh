# shellcheck shell=bash
# Cross-tree loads: the core built against every tree of this arch, loaded
# into this kernel.  The expected outcome of each cell is derived from the
# two trees (their Module.symvers, vermagic and .config), following the
# order of load_module(); the matrix itself shows what the kernel did.

add_scenario matrix "the core built against each tree of this arch, loaded here"
scn_matrix() {
	local peer ko
	for peer in $PEERS; do
		ko=/lab/$peer/kmdemo_core.ko
		# Where signatures are enforced, the copies signed with this
		# kernel's key (scripts/lab sign_for) show the next check.
		[ "$CFG_MODULE_SIG_FORCE" = y ] && ko=$M/peers/$peer/kmdemo_core.ko
		derive_load "$ko"
		if [ "$DERIVED" = loads ]; then
			core_up "core built for $peer" "$ko"
			echo "$STEP $peer" >>"$PLAN/matrix"
			core_down
		else
			refused_with "${DERIVED_LINES[@]}"
			insmod_refused "core built for $peer" "$DERIVED_STAGE" "$DERIVED" "$ko"
			echo "$STEP $peer" >>"$PLAN/matrix"
		fi
	done
}

# derive_load KO: set DERIVED (loads or an errno name), DERIVED_STAGE and
# DERIVED_LINES for loading KO (a path under /lab) into this kernel.
derive_load() {
	local f mod vers kcrc mcrc mmagic sym crc
	f=$(host_path "$1")
	mod=$(ko_name "$1")
	DERIVED=loads DERIVED_STAGE=late DERIVED_LINES=()
	# module_sig_check()
	if [ "$CFG_MODULE_SIG_FORCE" = y ] && ! tail -c 28 "$f" | grep -q '~Module signature appended~'; then
		DERIVED=EKEYREJECTED DERIVED_STAGE=early
		DERIVED_LINES=("Loading of unsigned module is rejected")
		return
	fi
	vers=$(readelf -SW "$f" | grep -c ' __versions ' || true)
	# The module's CRCs, "crc symbol" a line, read once.
	local mcrcs=""
	[ "$vers" = 0 ] || mcrcs=$(/sbin/modprobe --dump-modversions "$f")
	# check_modstruct_version(): only kernels with CONFIG_MODVERSIONS.
	if [ "$CFG_MODVERSIONS" = y ] && [ "$vers" = 1 ]; then
		kcrc=$(awk '$2 == "module_layout" { print $1 }' "$KDIR/Module.symvers")
		mcrc=$(awk '$2 == "module_layout" { print $1 }' <<<"$mcrcs")
		if [ -z "$mcrc" ]; then
			DERIVED=ENOEXEC DERIVED_STAGE=early
			DERIVED_LINES=("$mod: no symbol version for module_layout")
			return
		elif [ $((mcrc)) != $((kcrc)) ]; then
			DERIVED=ENOEXEC DERIVED_STAGE=early
			DERIVED_LINES=("$mod: disagrees about version of symbol module_layout")
			return
		fi
	fi
	# check_modinfo(): same_magic() skips the release when the module has CRCs.
	mmagic=$(modinfo -F vermagic "$f")
	if { [ "$vers" = 1 ] && [ "${mmagic#* }" != "${VERMAGIC#* }" ]; } ||
		{ [ "$vers" = 0 ] && [ "$mmagic" != "$VERMAGIC" ]; }; then
		DERIVED=ENOEXEC DERIVED_STAGE=early
		DERIVED_LINES=("$mod: version magic '$mmagic' should be '$VERMAGIC'")
		return
	fi
	# simplify_symbols() -> check_version() for each symbol, symbol table order.
	if [ "$CFG_MODVERSIONS" = y ] && [ "$vers" = 1 ]; then
		while read -r sym; do
			crc=$(awk -v s="$sym" '$2 == s { print $1 }' <<<"$mcrcs")
			kcrc=$(awk -v s="$sym" '$2 == s { print $1 }' "$KDIR/Module.symvers")
			[ -n "$kcrc" ] || continue
			if [ -z "$crc" ]; then
				DERIVED_LINES+=("$mod: no symbol version for $sym" "$mod: Unknown symbol $sym (err -22)")
			elif [ $((crc)) != $((kcrc)) ]; then
				DERIVED_LINES+=("$mod: disagrees about version of symbol $sym" "$mod: Unknown symbol $sym (err -22)")
			fi
		done < <(readelf -sW "$f" | awk '$7 == "UND" && $8 != "" { print $8 }')
		if [ ${#DERIVED_LINES[@]} -gt 0 ]; then
			DERIVED=EINVAL DERIVED_STAGE=late
		fi
	fi
}
