#!/bin/bash
# The checker (scripts/kocheck): its unit tests and a bounded fuzz run;
# agreement with what the real kernels did in the last lab run; and kmod's
# own tools on every module of a Debian image package.
set -eu
. "$(dirname "$0")/lib.sh"
. "$KMODLAB_ROOT/scripts/plan.sh"
cd "$KMODLAB_ROOT"
need_pkgs libkmod-dev libssl-dev pkg-config clang kmod

kc=scripts/kocheck
check "kocheck builds with -Wall -Wextra -Werror (and ASan/UBSan, libFuzzer)" \
	make -s -C $kc kocheck kocheck-san fuzz-replay
bash $kc/tests.sh | grep -E '^(not )?ok ' || true

# A bounded fuzz run from our own modules; a crash fails here and leaves
# its input in scripts/kocheck/regress/ for tests.sh.
mkdir -p $kc/fuzz-corpus
n=0
for f in $(find "$KMODLAB_OUT/build" -path '*/ko/*.ko' | sort | head -n 8); do
	n=$((n + 1))
	cp "$f" "$kc/fuzz-corpus/seed-$n.ko"
done
secs=${KOCHECK_FUZZ_SECONDS:-60}
mkdir -p "$KMODLAB_OUT/tests"
if (cd $kc && ./fuzz-replay -max_total_time="$secs" -max_len=65536 -timeout=10 \
	-artifact_prefix=regress/ fuzz-corpus regress) >"$KMODLAB_OUT/tests/fuzz.log" 2>&1; then
	pass "fuzzing the parser and replay for ${secs}s: $(grep -o 'Done [0-9]* runs' "$KMODLAB_OUT/tests/fuzz.log"), no crash"
else
	fail "fuzzing found a crash" "$(grep -m3 'ERROR\|Test unit written' "$KMODLAB_OUT/tests/fuzz.log")"
fi

# Every module of a Debian image package: inspect identical to kmod's tools,
# and verdict counts against its own and the other ABI's tree.
for arch in x86_64 arm; do
	mapfile -t debs < <(trees "$arch" | awk '$3 == "debian" { print $1 }')
	[ ${#debs[@]} -ge 1 ] || continue
	scripts/kocheck/debian-modules "${debs[0]}" "${debs[1]:-}" 2>&1 || fail "debian-modules ${debs[0]}"
done

# Agreement with the kernels: every load step of the last lab run whose
# outcome load_module() decides is predicted, lines and errno.  Not
# comparable: param-out-of-range (the module's own parameter code and init
# decide) and kunit (the KUnit output).  The module's init lines are not
# the checker's to predict and are left out of the kernel's side.
run=$(readlink -f "$KMODLAB_OUT/results/latest" 2>/dev/null || true)
if [ -z "$run" ] || [ ! -f "$run/results.tap" ]; then
	fail "agreement with QEMU" "no lab run in $KMODLAB_OUT/results: run scripts/lab first"
	exit 0
fi
INIT_RE='^kmdemo_[a-z]+: (loaded|registered): '
agree=0
for kdir_plan in "$run"/*/plan; do
	name=$(basename "$(dirname "$kdir_plan")")
	arch=$(tree_field "$name" arch)
	payload=$run/payload/$arch
	kdir=$(tree_dir "$name")/kdir
	while IFS='|' read -r id tool flags ko params loaded state; do
		scen=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$kdir_plan/index")
		case $scen in param-out-of-range | kunit) continue ;; esac
		got=$run/$name/boot/steps/$id
		[ -f "$got.rc" ] || { fail "kocheck vs $name step $id" "the guest did not run it"; continue; }
		args=(check --kdir "$kdir" --taints "$state")
		[ "$tool" = insmod ] && args+=(--insmod)
		case " $flags " in *" -V "*) args+=(--ignore-vermagic) ;; esac
		case " $flags " in *" -M "*) args+=(--ignore-modversions) ;; esac
		case " $flags " in *" -i "*) args+=(--init-module) ;; esac
		for p in $params; do args+=(--param "$p"); done
		for l in ${loaded//,/ }; do args+=(--loaded "$payload/${l#/lab/}"); done
		set +e
		predicted=$($kc/kocheck "${args[@]}" "$payload/${ko#/lab/}" 2>&1)
		set -e
		rc=$(cat "$got.rc")
		if [ "$rc" = 0 ]; then verdict="verdict: loads"; else
			verdict=$(sed -n 's/^verdict: refused: .* (errno \([0-9]*\))$/verdict: refused: errno \1/p' <<<"$predicted" | head -n1)
			[ "$verdict" = "verdict: refused: errno $rc" ] || verdict="verdict: refused: errno $rc (kernel) vs: $(head -n1 <<<"$predicted")"
		fi
		want=$(printf '%s\n' "$verdict"; grep -Ev "$NOISE_RE" "$got.dmesg" | grep -Ev "$INIT_RE" | sed 's/^/dmesg: /' || true)
		have=$(printf '%s\n' "$predicted" | sed 's/^verdict: refused: .* (errno \([0-9]*\))$/verdict: refused: errno \1/')
		if [ "$want" = "$have" ]; then
			agree=$((agree + 1))
			pass "kocheck agrees with $name step $id ($scen): $(head -n1 <<<"$have")"
		else
			fail "kocheck disagrees with $name step $id ($scen)" "kocheck ${args[*]} ${ko}"
			diff <(echo "$want") <(echo "$have") | sed 's/^/#   /' || true
		fi
	done <"$kdir_plan/loads"
done
[ $agree -gt 0 ] || fail "agreement with QEMU" "no comparable load step in $run"
