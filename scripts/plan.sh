# shellcheck shell=bash
# The scenario engine (sourced).  A scenario is a bash function in
# qemu/scenarios/ that calls step/expect_* to say what the guest runs and
# what must happen; the engine writes the guest's /lab/steps and, per step,
# the expected exit status, output and kernel lines in $PLAN/exp/.
#
# The expected kernel lines come from a small model of load_module() in
# kernel/module/main.c (6.1): which lines a load prints depends on how far
# it got and on the taints earlier loads of the same boot left, because
# the kernel prints each taint message only once per boot.

# errno numbers (asm-generic, the same on x86_64 and arm).
declare -A ERRNO=([EPERM]=1 [ENOENT]=2 [EAGAIN]=11 [EEXIST]=17 [EINVAL]=22
	[ENOEXEC]=8 [ERANGE]=34 [EKEYREJECTED]=129 [ENOKEY]=126 [EBADMSG]=74)
# What busybox insmod prints for an errno: its moderror() for a few, the C
# library's strerror() for the rest.
declare -A INSMOD_MSG=([ENOEXEC]="invalid module format"
	[ENOENT]="unknown symbol in module, or unknown parameter"
	[EINVAL]="Invalid argument" [EEXIST]="File exists" [EPERM]="Operation not permitted"
	[ERANGE]="Numerical result out of range" [EKEYREJECTED]="Key was rejected by service"
	[EBADMSG]="Bad message" [ENOKEY]="Required key not available")

# plan_begin DIR: start a plan for one boot, with a fresh kernel state.
plan_begin() {
	PLAN=$1
	rm -rf "$PLAN"
	mkdir -p "$PLAN/exp"
	: >"$PLAN/steps"
	: >"$PLAN/index"
	STEP=0
	SCENARIO=none
	# Taints already reported in this boot (see kernel/module/main.c).
	T_OOT=0 T_PROP=0 T_FORCED=0 T_SIGNOTE=0 T_LOCKDEP=0
	# The modules loaded at this point, "name=/lab/path" each.
	LOADED=()
	: >"$PLAN/loads"
}

# record_load TOOL FLAGS KO PARAMS: note, for the checker's agreement test
# (tests/kocheck.sh), a step that loads KO: how, with which modules already
# loaded and which taint messages the boot has already printed.
record_load() {
	local loaded
	loaded=$(printf '%s\n' "${LOADED[@]}" | sed -n 's/^[^=]*=//p' | paste -sd, -)
	printf '%s|%s|%s|%s|%s|%s|oot=%s,prop=%s,forced=%s,signote=%s,lockdep=%s\n' \
		"$STEP" "$1" "$2" "$3" "$4" "$loaded" \
		"$T_OOT" "$T_PROP" "$T_FORCED" "$T_SIGNOTE" "$T_LOCKDEP" >>"$PLAN/loads"
}

loaded_add() { LOADED+=("$(ko_name "$1")=$1"); }
loaded_del() {
	local i
	for i in "${!LOADED[@]}"; do
		[ "${LOADED[$i]%%=*}" = "$1" ] && unset "LOADED[$i]"
	done
	LOADED=("${LOADED[@]}")
}

# rmmod_ok MOD: rmmod succeeds; the caller adds the module's exit lines.
rmmod_ok() {
	step "rmmod $1" "rmmod $1"
	loaded_del "$1"
}

# scenario NAME: the steps that follow belong to NAME.
scenario() {
	SCENARIO=$1
}

# not_applicable REASON: the scenario does not apply to this kernel; it
# is reported as a TAP skip with the reason, never passed over silently.
not_applicable() {
	printf 'skip\t%s\t%s\n' "$SCENARIO" "$1" >>"$PLAN/index"
}

# step TITLE COMMAND: run COMMAND (sh -c) in the guest.  Unless an
# expect_* says otherwise it must exit 0, print nothing and cause no
# kernel line.
step() {
	STEP=$((STEP + 1))
	E=$PLAN/exp/$STEP
	printf '%s\n' "$1" >"$E.title"
	echo 0 >"$E.rc"
	: >"$E.out"
	: >"$E.dmesg"
	# The command goes to the guest inside single quotes.
	printf "step %d '%s'\n" "$STEP" "${2//\'/\'\\\'\'}" >>"$PLAN/steps"
	printf '%s\t%s\t%s\n' "$STEP" "$SCENARIO" "$1" >>"$PLAN/index"
}

expect_rc() { echo "$1" >"$E.rc"; }
# expect_ktap: the step's kernel lines hold KUnit's KTAP output; each test
# case becomes a result of its own (scripts/kunit-parse), and the other
# kernel lines are compared as usual.
expect_ktap() { : >"$E.ktap"; }
KTAP_RE='^(KTAP version|[0-9]+\.\.[0-9]+$|(not )?ok [0-9]|# |    )'

expect_out() { printf '%s\n' "$@" >>"$E.out"; }
expect_dmesg() { printf '%s\n' "$@" >>"$E.dmesg"; }

# model_load STAGE MOD [LICENSE]: the kernel lines a load attempt of module
# MOD prints on its way to STAGE, before the lines of the check that
# stops it (or of the module's init):
#   early   refused before check_modinfo() taints (signature, ELF,
#           module_layout, vermagic): nothing
#   exists  refused by add_unformed_module(): the taints of check_modinfo()
#   late    refused later (symbols, parameters, init) or loaded: also the
#           unsigned-module notice of CONFIG_MODULE_SIG kernels
model_load() {
	local stage=$1 mod=$2 license=${3:-GPL}
	[ "$stage" = early ] && return 0
	if [ "$T_OOT" = 0 ]; then
		expect_dmesg "$mod: loading out-of-tree module taints kernel."
		T_OOT=1
	fi
	case $license in
	GPL | "GPL v2" | "GPL and additional rights" | "Dual BSD/GPL" | "Dual MIT/GPL" | "Dual MPL/GPL") ;;
	*)
		if [ "$T_PROP" = 0 ]; then
			expect_dmesg "$mod: module license '$license' taints kernel."
			T_PROP=1
		fi
		model_lockdep_taint
		;;
	esac
	[ "$stage" = exists ] && return 0
	if [ "$CFG_MODULE_SIG" = y ] && [ "$T_SIGNOTE" = 0 ] && [ "${SIGNED:-0}" = 0 ]; then
		expect_dmesg "$mod: module verification failed: signature and/or required key missing - tainting kernel"
		T_SIGNOTE=1
	fi
}

# A taint with LOCKDEP_NOW_UNRELIABLE turns lock debugging off, once.
model_lockdep_taint() {
	if [ "$T_LOCKDEP" = 0 ]; then
		expect_dmesg "Disabling lock debugging due to kernel taint"
		T_LOCKDEP=1
	fi
}

# model_force MOD REASON: try_to_force_load() on a CONFIG_MODULE_FORCE_LOAD
# kernel: taints (F), saying so the first time.
model_force() {
	if [ "$T_FORCED" = 0 ]; then
		expect_dmesg "$1: $2: kernel tainted."
		T_FORCED=1
	fi
	model_lockdep_taint
}

# insmod_ok TITLE KO [PARAMS]: busybox insmod succeeds; the caller adds the
# module's own kernel lines.
insmod_ok() {
	local title=$1 ko=$2
	shift 2
	step "$title" "insmod $ko${*:+ $*}"
	record_load insmod "" "$ko" "$*"
	model_load late "$(ko_name "$ko")" "$(ko_license "$ko")"
	loaded_add "$ko"
}

# kmload_ok TITLE KO [KMLOAD-OPTIONS]: one finit_module call succeeds.
kmload_ok() {
	local title=$1 ko=$2
	shift 2
	step "$title" "kmload $*${*:+ }$ko"
	record_load kmload "$*" "$ko" ""
	expect_out "kmload: ok"
	loaded_add "$ko"
}

# refused_with LINE...: the lines the refusing check prints, for the next
# insmod_refused or kmload_refused.
refused_with() {
	REFUSED_LINES=("$@")
}

# insmod_refused TITLE STAGE ERRNO KO [PARAMS]: busybox insmod fails.  It
# calls finit_module(2) and, when that fails, init_module(2) with a copy
# of the file, so the kernel runs its checks (and logs) twice; insmod
# reports the second errno.  init_module refuses a copy shorter than an
# ELF header before load_module() runs, silently.
insmod_refused() {
	local title=$1 stage=$2 errno=$3 ko=$4 attempts=2
	shift 4
	step "$title" "insmod $ko${*:+ $*}"
	record_load insmod "" "$ko" "$*"
	# insmod reports the errno of its last call: for a file shorter than
	# an ELF header, init_module's silent ENOEXEC.
	local last=$errno
	[ "$stage" = short ] && attempts=1 last=ENOEXEC
	expect_rc "${ERRNO[$last]}"
	expect_out "insmod: can't insert '$ko': ${INSMOD_MSG[$last]}"
	# The one call a short file gets is refused before check_modinfo().
	[ "$stage" = short ] && stage=early
	while [ $attempts -gt 0 ]; do
		model_load "$stage" "$(ko_name "$ko")" "$(ko_license "$ko")"
		[ ${#REFUSED_LINES[@]} -eq 0 ] || expect_dmesg "${REFUSED_LINES[@]}"
		attempts=$((attempts - 1))
	done
	REFUSED_LINES=()
}

# kmload_refused TITLE STAGE ERRNO KO [KMLOAD-OPTIONS]: one system call.
kmload_refused() {
	local title=$1 stage=$2 errno=$3 ko=$4 call=finit_module
	shift 4
	case " $* " in *" -i "*) call=init_module ;; esac
	step "$title" "kmload $*${*:+ }$ko"
	record_load kmload "$*" "$ko" ""
	expect_rc "${ERRNO[$errno]}"
	expect_out "kmload: $call: $errno (${ERRNO[$errno]})"
	[ "$stage" = short ] || model_load "$stage" "$(ko_name "$ko")" "$(ko_license "$ko")"
	[ ${#REFUSED_LINES[@]} -eq 0 ] || expect_dmesg "${REFUSED_LINES[@]}"
	REFUSED_LINES=()
}
REFUSED_LINES=()

# Facts about a guest module path (/lab/...), read from the host copy.
host_path() { echo "$PAYLOAD/${1#/lab/}"; }
ko_name() {
	local f
	f=$(host_path "$1")
	modinfo -F name "$f" 2>/dev/null || echo ""
}
ko_license() {
	local f
	f=$(host_path "$1")
	modinfo -F license "$f" 2>/dev/null | head -n1 || true
}
ko_vermagic() { modinfo -F vermagic "$(host_path "$1")"; }

# unknown_symbols KO REGEX ERR: the "Unknown symbol" lines simplify_symbols()
# prints for the undefined symbols matching REGEX, in symbol table order.
unknown_symbols() {
	local ko=$1 re=$2 err=$3 mod
	mod=$(ko_name "$ko")
	readelf -sW "$(host_path "$ko")" |
		awk -v re="$re" -v mod="$mod" -v err="$err" \
			'$7 == "UND" && $8 ~ re { print mod ": Unknown symbol " $8 " (err " err ")" }'
}

# Kernel lines that have nothing to do with module loading but can land
# in the middle of a step on a slow TCG guest (timer calibration, entropy).
NOISE_RE='^(clocksource|tsc|TSC|timekeeping|hpet|random|hrtimer|sched_clock|rcu|workqueue|input|Refined TSC|sched: RT throttling)[: ]'

# ktap_results FILE PREFIX: one TAP line per KUnit case of FILE.
ktap_results() {
	local line out rc=0 failed=0
	out=$("$KMODLAB_ROOT/scripts/kunit-parse" "$1" 2>&1) || rc=$?
	while read -r line; do
		case $line in
		"ok "*) TAP_N=$((TAP_N + 1)) && echo "ok $TAP_N - $2: ${line#ok }" ;;
		"not ok "*) TAP_N=$((TAP_N + 1)) failed=1 && echo "not ok $TAP_N - $2: ${line#not ok }" ;;
		esac
	done <<<"$out"
	# kunit-parse failed without naming a failing case: no usable KTAP.
	if [ $rc -ne 0 ] && [ $failed = 0 ]; then
		TAP_N=$((TAP_N + 1))
		echo "not ok $TAP_N - $2: $(tail -n 1 <<<"$out")"
	fi
}

# plan_verify BOOT-DIR TAP-PREFIX: compare each step the guest reported
# with the plan, print one TAP line per step (TAP numbers continue from
# $TAP_N), and count into PASSED/FAILED.
plan_verify() {
	local boot=$1 prefix=$2 id scen title g e ok why
	while IFS=$'\t' read -r id scen title; do
		if [ "$id" = skip ]; then
			TAP_N=$((TAP_N + 1))
			echo "ok $TAP_N - $prefix $scen # SKIP $title"
			continue
		fi
		e=$PLAN/exp/$id
		g=$boot/steps/$id
		ok=1 why=""
		if [ ! -f "$g.rc" ]; then
			ok=0 why="the guest never finished this step ($(cat "$boot/status" 2>/dev/null || echo "no status"))"
		else
			grep -Ev "$NOISE_RE" "$g.dmesg" >"$g.dmesg.cmp" || true
			if [ -f "$e.ktap" ]; then
				grep -E "$KTAP_RE" "$g.dmesg" >"$g.ktap" || true
				grep -Ev "$KTAP_RE" "$g.dmesg.cmp" >"$g.dmesg.rest" || true
				mv "$g.dmesg.rest" "$g.dmesg.cmp"
				ktap_results "$g.ktap" "$prefix $scen"
			fi
			cmp -s "$e.rc" "$g.rc" || { ok=0 why+=" exit status"; }
			cmp -s "$e.out" "$g.out" || { ok=0 why+=" output"; }
			cmp -s "$e.dmesg" "$g.dmesg.cmp" || { ok=0 why+=" kernel lines"; }
		fi
		TAP_N=$((TAP_N + 1))
		if [ $ok = 1 ]; then
			PASSED=$((PASSED + 1))
			echo "ok $TAP_N - $prefix $scen: $title"
		else
			FAILED=$((FAILED + 1))
			echo "not ok $TAP_N - $prefix $scen: $title"
			echo "#   differs in:${why}"
			if [ -f "$g.rc" ]; then
				for part in rc out dmesg; do
					local got=$g.$part
					[ $part = dmesg ] && got=$g.dmesg.cmp
					diff -u --label "expected $part" --label "got $part" "$e.$part" "$got" | sed 's/^/#   /' || true
				done
			fi
		fi
	done <"$PLAN/index"
}
