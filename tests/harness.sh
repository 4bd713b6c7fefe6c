#!/bin/bash
# The boot harness on its own: a hung guest and a panicking guest are
# detected and reported, keeping the steps that ran; and the users' own
# flow, make KDIR=<tree> on a clean copy, for each arch.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/payload"

for arch in x86_64 arm; do
	tree=$(trees "$arch" | awk '$3 == "debian" { print $1; exit }')
	if ! tree_ready "$tree"; then
		fail "harness on $arch" "tree $tree is not ready: run scripts/fetch-trees $tree"
		continue
	fi

	printf "step 1 'echo before'\nstep 2 'sleep 600'\n" >"$tmp/hang.steps"
	if KMODLAB_BOOT_TIMEOUT=40 scripts/boot "$tree" "$tmp/hang.steps" "$tmp/payload" "$tmp/hang-$arch" 2>/dev/null; then
		fail "a hung guest is reported ($tree)" "boot succeeded"
	else
		same "a hung guest is reported ($tree)" "hung: no end of the run after 40s (KMODLAB_BOOT_TIMEOUT)" \
			"$(cat "$tmp/hang-$arch/status")"
	fi
	same "the steps before the hang are kept ($tree)" "before" "$(cat "$tmp/hang-$arch/steps/1.out" 2>&1)"
	check "the console log of a hung guest is kept ($tree)" grep -q '@@step 2' "$tmp/hang-$arch/console.log"

	printf "step 1 'echo before'\nstep 2 'echo c > /proc/sysrq-trigger'\n" >"$tmp/panic.steps"
	if scripts/boot "$tree" "$tmp/panic.steps" "$tmp/payload" "$tmp/panic-$arch" 2>/dev/null; then
		fail "a panicking guest is reported ($tree)" "boot succeeded"
	else
		same "a panicking guest is reported ($tree)" "panic: Kernel panic - not syncing: sysrq triggered crash" \
			"$(cat "$tmp/panic-$arch/status")"
	fi
	same "the steps before the panic are kept ($tree)" "before" "$(cat "$tmp/panic-$arch/steps/1.out" 2>&1)"

	# What a user does: make KDIR=... in the source tree.
	src=$tmp/user-$arch
	git archive --format=tar HEAD | (mkdir -p "$src" && tar -xf - -C "$src")
	args=$(kbuild_arch_args "$arch")
	# shellcheck disable=SC2086
	check "make KDIR=<$tree> $args builds the modules" make -C "$src" KDIR="$(tree_dir "$tree")/kdir" $args
	same "the modules' vermagic names the tree's release ($tree)" "$(cat "$(tree_dir "$tree")/release")" \
		"$(modinfo -F vermagic "$src/module/kmdemo_core.ko" | cut -d' ' -f1)"
	same "modinfo shows the client's dependency ($tree)" "kmdemo_core" "$(modinfo -F depends "$src/module/kmdemo_client.ko")"
	# shellcheck disable=SC2086
	check "make clean removes what the build made ($tree)" sh -c \
		"make -C '$src' KDIR='$(tree_dir "$tree")/kdir' $args clean >/dev/null && ! find '$src' -name '*.ko' -o -name '*.o' | grep ."
done

# A tree that cannot be had fails on its own line; the others still run.
good=$(trees x86_64 | awk '$3 == "debian" { print $1; exit }')
printf 'debian-6.1.0-1-amd64 x86_64 debian 6.1.0-1-amd64\n%s\n' "$(trees "$good")" >"$tmp/mixed.list"
if TREES_LIST="$tmp/mixed.list" KMODLAB_OUT="$tmp/out" scripts/lab -s client-before-core >"$tmp/mixed.log" 2>&1; then
	fail "a missing tree fails the lab run" "scripts/lab exited 0"
else
	check "a missing tree is reported on its own TAP line" \
		grep -qx 'not ok 1 - debian-6.1.0-1-amd64: the tree could not be fetched or built (see the messages above)' "$tmp/mixed.log"
	check "the other trees still boot and pass" grep -q "^ok 2 - $good x86_64 client-before-core" "$tmp/mixed.log"
	check "the run ends with its count" grep -qx '2 passed, 1 failed, 0 skipped' "$tmp/mixed.log"
fi
