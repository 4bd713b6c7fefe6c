# shellcheck shell=bash
# The scenario language (sourced by scripts/lab).  A scenario is a bash
# function in qemu/scenarios/ that says what the guest runs, step by step,
# and what must happen.  It runs once per kernel, on a freshly booted
# kernel of its own.
#
# Two kinds of steps:
#   step TITLE COMMAND      anything; its exit status, output and kernel
#                           lines are stated by hand (expect_rc,
#                           expect_out, expect_dmesg; default: 0, nothing,
#                           nothing)
#   insmod_step, kmload_step, modprobe_step, rmmod_step
#                           a module load or unload: what the kernel does
#                           is predicted by kocheck, the one model of the
#                           kernel's loader, from the boot's state (which
#                           kocheck carries from step to step).  The
#                           scenario adds by hand, independently of
#                           kocheck, what it knows for sure:
#     key_lines LINE...     kernel lines the load must print (the ones the
#                           docs quote), in this order
#     module_lines LINE...  what the module's own code prints (its init,
#                           its parameter setters): kocheck cannot run it
#     expect_verdict V      loads, or the errno name of the refusal
#     init_returns N, setter_returns NAME=N
#                           what the module's own code returns, for kocheck
# Nothing here knows what the kernel prints: scripts/verify compares the
# guest's real lines with kocheck's prediction and the hand-stated lines.
#
# Runtime faults (module/faulty/kmdemo_runtime.c, qemu/scenarios/60-runtime.sh):
#   requires_config OPTION...   the kernel must have CONFIG_OPTION=y (its
#                               .config in KDIR), else not_applicable
#   trigger_step TITLE FAULT [THEN]
#                               write FAULT's name to the module's debugfs
#                               trigger, from a child shell (an oops kills
#                               the writer, not the step); the step prints
#                               how the writer ended and the taint flags
#                               the fault added, then runs THEN
#   expect_writer killed SIG    the fault kills the writer (default: the
#                               write returns)
#   expect_taint LETTERS        the taint flags the fault added (default none)
#   expect_report REGEX         the step prints a kernel report whose first
#                               line matches REGEX (all of it); once per
#                               report, in order: the step may print these
#                               reports and no other
#   expect_report_out REGEX     the same, for a report that the command
#                               prints (kmemleak's)
#   expect_decoded FUNCTION FAULT
#                               the first report's stack, decoded on the
#                               host with the kernel's faddr2line against
#                               the module's DWARF, has FUNCTION at the
#                               statement marked "FAULT: <FAULT>" in
#                               kmdemo_runtime.c (skipped, with the reason,
#                               for a tree without debug info)

KOCHECK=$KMODLAB_ROOT/scripts/kocheck/kocheck

# plan_begin DIR: start the plan of one scenario on one kernel.
plan_begin() {
	PLAN=$1
	rm -rf "$PLAN"
	mkdir -p "$PLAN/exp"
	: >"$PLAN/steps"
	STEP=0
	# kocheck's state of this boot; none yet: a freshly booted kernel.
	STATE=$PLAN/kocheck-state.json
	LOAD_PENDING=0
}

# plan_end: finish the last step of the scenario.
plan_end() {
	plan_flush
}

# not_applicable REASON: the scenario does not apply to this kernel; it
# is reported as a TAP skip with the reason, never passed over silently.
not_applicable() {
	printf '%s\n' "$1" >"$PLAN/skip"
}

# step TITLE COMMAND: run COMMAND (sh -c) in the guest.
step() {
	plan_flush
	STEP=$((STEP + 1))
	E=$PLAN/exp/$STEP
	printf '%s\n' "$1" >"$E.title"
	printf '%s\n' "$2" >"$E.cmd"
	echo 0 >"$E.rc"
	: >"$E.out"
	: >"$E.dmesg"
	# The command goes to the guest inside single quotes.
	printf "step %d '%s'\n" "$STEP" "${2//\'/\'\\\'\'}" >>"$PLAN/steps"
}

expect_rc() { echo "$1" >"$E.rc"; }
expect_out() { printf '%s\n' "$@" >>"$E.out"; }
expect_dmesg() { printf '%s\n' "$@" >>"$E.dmesg"; }
# expect_ktap SUITE:CASE...: the step's kernel lines hold KUnit's KTAP;
# exactly these cases must be reported, each passing.
expect_ktap() { printf '%s\n' "$@" >"$E.ktap"; }
# matrix_cell BUILD: this load is the matrix cell of BUILD's module.
matrix_cell() { printf '%s\n' "$1" >"$E.matrix"; }

key_lines() { printf '%s\n' "$@" >>"$E.keys"; }
module_lines() { printf '%s\n' "$@" >>"$E.module"; }
expect_verdict() { echo "$1" >"$E.verdict"; }
init_returns() { LOAD_ARGS+=(--init-returns "$1"); }
setter_returns() { LOAD_ARGS+=(--setter-returns "$1"); }

# Facts about a guest path (/lab/...): the host copy of the file.
host_path() { echo "$PAYLOAD/${1#/lab/}"; }

# insmod_step TITLE KO [PARAM...]: busybox insmod.
insmod_step() {
	local title=$1 ko=$2
	shift 2
	step "$title" "insmod $ko${*:+ $*}"
	load_begin insmod "$ko" --insmod
	local p
	for p in "$@"; do
		LOAD_ARGS+=(--param "$p")
	done
}

# kmload_step TITLE KO [-i] [-V] [-M] [-c]: exactly one system call
# (rootfs/kmload.c): -i init_module(2), else finit_module(2) with
# MODULE_INIT_IGNORE_VERMAGIC (-V), _IGNORE_MODVERSIONS (-M),
# _COMPRESSED_FILE (-c).
kmload_step() {
	local title=$1 ko=$2 o
	shift 2
	step "$title" "kmload $*${*:+ }$ko"
	load_begin kmload "$ko"
	case " $* " in
	*" -i "*) LOAD_ARGS+=(--init-module) LOAD_CALL=init_module ;;
	*) LOAD_ARGS+=(--finit-module) LOAD_CALL=finit_module ;;
	esac
	for o in "$@"; do
		case $o in
		-i) ;;
		-V) LOAD_ARGS+=(--ignore-vermagic) ;;
		-M) LOAD_ARGS+=(--ignore-modversions) ;;
		-c) LOAD_ARGS+=(--compressed-file) ;;
		*) die "kmload_step: unknown option '$o' (-i -V -M -c)" ;;
		esac
	done
}

# modprobe_step TITLE MODULE KO...: busybox modprobe MODULE; the KO files
# are the module and its dependencies, as depmod found them (kocheck
# orders them as modprobe does).
modprobe_step() {
	local title=$1 mod=$2
	shift 2
	step "$title" "modprobe $mod"
	load_begin modprobe "$1" --modprobe
	LOAD_KOS=("$@")
}

load_begin() {
	LOAD_PENDING=1 LOAD_TOOL=$1 LOAD_KO=$2 LOAD_CALL=""
	LOAD_KOS=("$2")
	LOAD_ARGS=("${@:3}")
}

# rmmod_step MODULE: busybox rmmod; kocheck's state loses the module.  The
# module's exit lines are stated with module_lines.
rmmod_step() {
	step "rmmod $1" "rmmod $1"
	kocheck_unload "$1"
	UNLOAD_PENDING=1
}

# kocheck_unload MODULE...: the modules are gone from the boot (a step
# removed them, e.g. modprobe -r).
kocheck_unload() {
	local mod out
	plan_flush
	for mod in "$@"; do
		[ -f "$STATE" ] || die "$K $SCENARIO: unloading $mod, but nothing was loaded in this scenario"
		out=$("$KOCHECK" unload --kdir "$KDIR" --state "$STATE" --save-state "$STATE" "$mod" 2>&1) ||
			die "$K $SCENARIO: kocheck unload $mod: $out"
	done
}

# predicted_loads: whether kocheck predicts that the current load step
# loads (for the steps that follow only a successful load).
predicted_loads() {
	plan_flush
	[ "$(cat "$E.rc")" = 0 ]
}

# plan_flush: the expectations of a pending load, from kocheck.
plan_flush() {
	if [ "${UNLOAD_PENDING:-0}" = 1 ]; then
		# The module's exit lines are its own.
		[ ! -f "$E.module" ] || cat "$E.module" >>"$E.dmesg"
		UNLOAD_PENDING=0
	fi
	[ "$LOAD_PENDING" = 1 ] || return 0
	LOAD_PENDING=0
	local args=(check --kdir "$KDIR" "${TREE_KOCHECK_ARGS[@]}" --json --save-state "$STATE.new")
	[ ! -f "$STATE" ] || args+=(--state "$STATE")
	local ko files=()
	for ko in "${LOAD_KOS[@]}"; do
		files+=("$(host_path "$ko")")
	done
	printf '%s\n' "${args[*]} ${LOAD_ARGS[*]} ${files[*]}" >"$E.kocheck.cmd"
	local rc=0
	"$KOCHECK" "${args[@]}" "${LOAD_ARGS[@]}" "${files[@]}" >"$E.kocheck.json" 2>"$E.kocheck.err" || rc=$?
	# 0 loads, 1 refused, 3 unknown (scripts/verify fails the step and
	# says what kocheck could not evaluate); 2 is an error.
	[ $rc != 2 ] || die "$K $SCENARIO step $STEP: kocheck failed: $(cat "$E.kocheck.err") (command in $E.kocheck.cmd)"
	mv "$STATE.new" "$STATE"
	# The tool's exit status and message for what kocheck predicts: the
	# errno of the last system call (jq -s: one object per module).
	local errno moderror strerror
	IFS=$'\t' read -r errno moderror strerror < <(jq -rs '.[-1] | [.errno, .moderror, .strerror] | @tsv' "$E.kocheck.json")
	echo "$errno" >"$E.rc"
	: >"$E.out"
	case $LOAD_TOOL in
	insmod)
		# busybox insmod_main(): bb_error_msg("can't insert '%s': %s").
		[ "$errno" = 0 ] || echo "insmod: can't insert '$LOAD_KO': $moderror" >"$E.out"
		;;
	kmload)
		if [ "$errno" = 0 ]; then
			echo "kmload: ok" >"$E.out"
		else
			echo "kmload: $LOAD_CALL: $strerror (errno $errno)" >"$E.out"
		fi
		;;
	modprobe)
		# busybox modprobe exits 1 on any failure; its message is the
		# scenario's to state (expect_out) when it expects one.
		[ "$errno" = 0 ] || echo 1 >"$E.rc"
		;;
	esac
}

# linux_before X.Y: the kernel is of a generation before Linux X.Y (GEN,
# MAJOR.MINOR of its release): for the facts a scenario states by hand
# that changed between generations.
linux_before() {
	[ "$GEN" != "$1" ] && [ "$(printf '%s\n' "$GEN" "$1" | sort -V | head -n 1)" = "$GEN" ]
}

# --- runtime faults -------------------------------------------------------

RUNTIME_SRC=module/faulty/kmdemo_runtime.c
RUNTIME_TRIGGER=/sys/kernel/debug/kmdemo_runtime/trigger

# requires_config OPTION...: the scenario needs CONFIG_OPTION=y in this
# kernel; without one it is not applicable (returns 1: the scenario stops).
requires_config() {
	local o
	for o in "$@"; do
		if ! grep -qx "CONFIG_$o=y" "$KDIR/.config"; then
			not_applicable "needs CONFIG_$o, which $K does not have"
			return 1
		fi
	done
}

# fault_lines FAULT: "FIRST LAST", the lines of kmdemo_runtime.c's
# statement marked "FAULT: FAULT": from the marked line to the one that
# ends the statement (";").
fault_lines() {
	awk -v tag="/* FAULT: $1 */" '
		index($0, tag) { first = NR }
		first && NR >= first && /;/ { print first, NR; found = 1; exit }
		END { if (!found) exit 1 }
	' "$KMODLAB_ROOT/$RUNTIME_SRC" || die "$RUNTIME_SRC has no statement marked 'FAULT: $1'"
}

# trigger_step TITLE FAULT [THEN]
trigger_step() {
	[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: trigger_step TITLE FAULT [THEN]"
	local title=$1 fault=$2 then=${3:+; $3}
	fault_lines "$fault" >/dev/null
	# The writer's end: 0, or killed by a signal (128 + N).  The taint
	# flags are /proc/sys/kernel/tainted's bits, in kernel/panic.c's
	# taint_flags order.
	step "$title" "t0=\$(cat /proc/sys/kernel/tainted); { sh -c \"echo $fault > $RUNTIME_TRIGGER\"; } 2>/dev/null; s=\$?; \
t1=\$(cat /proc/sys/kernel/tainted); \
if [ \$s = 0 ]; then echo \"the write returned\"; elif [ \$s -gt 128 ]; then echo \"the writer was killed by SIG\$(kill -l \$((s - 128)))\"; \
else echo \"the write failed: exit status \$s\"; fi; \
n=\$((t1 & ~t0)); l=; i=0; for c in P F S R M B U D A W C I O E L K X T; do [ \$((n >> i & 1)) = 0 ] || l=\$l\$c; i=\$((i + 1)); done; \
echo \"new taint: \${l:-none}\"$then"
	echo "the write returned" >"$E.writer"
	echo "new taint: none" >"$E.taint"
	trigger_out
	# What the module prints before it commits the fault.
	expect_dmesg "kmdemo_runtime: triggering $fault"
}

# The trigger step's output: how the writer ended, the new taint.
trigger_out() { cat "$E.writer" "$E.taint" >"$E.out"; }
expect_writer() {
	case $1 in
	killed) echo "the writer was killed by $2" >"$E.writer" ;;
	returned) echo "the write returned" >"$E.writer" ;;
	*) die "expect_writer: killed SIGNAL or returned, not '$*'" ;;
	esac
	trigger_out
}
expect_taint() { echo "new taint: ${1:-none}" >"$E.taint"; trigger_out; }

expect_report() { printf '%s\n' "$1" >>"$E.reports"; echo dmesg >"$E.reports_in"; }
expect_report_out() { printf '%s\n' "$1" >>"$E.reports"; echo out >"$E.reports_in"; }

# expect_decoded FUNCTION FAULT: what scripts/verify needs to decode the
# first report on the host (scripts/decode-report): the module as the
# guest loaded it (DWARF and all), the tree's vmlinux when it has one,
# and where the faulty statement is.
expect_decoded() {
	local first last ko vmlinux=""
	read -r first last < <(fault_lines "$2")
	if ! grep -qx 'CONFIG_DEBUG_INFO=y' "$KDIR/.config"; then
		echo "no CONFIG_DEBUG_INFO in $K: its modules have no DWARF to decode with" >"$E.decode_skip"
		return 0
	fi
	ko=$(host_path "$M/kmdemo_runtime.ko")
	[ ! -f "$KDIR/vmlinux" ] || vmlinux=$KDIR/vmlinux
	printf '%s\n' "tree=$K" "function=$1" "file=$RUNTIME_SRC" "first=$first" "last=$last" \
		"ko=$ko" "vmlinux=$vmlinux" >"$E.decode"
}
