#!/bin/bash
# usage: tests/agree.sh
# kocheck agrees with the real kernel on inputs nobody here chose:
#   - scripts/ko-mutate.c builds with -Wall -Wextra -Werror, is clean under
#     ASan and UBSan, is deterministic per seed and changes exactly one
#     field (cmp: every changed byte is in the field it names);
#   - scripts/agree on the newest Debian tree of each arch: Debian's own
#     modules loaded in QEMU with and without their dependencies, with
#     parameters, compressed and mutated, each load compared with kocheck.
#     No disagreement (but those listed in tests/agree/known.txt), and at
#     least AGREE_MIN (8) loads of each class on which kocheck and the
#     kernel agree, so the test cannot pass on loads that were never
#     compared.
# Sizes: AGREE_COUNT modules per class (8), AGREE_MUTATIONS changed
# modules (40), AGREE_SEED (1); the logs and everything of each run are
# kept in out/tests/agree/.  AGREE_TREES (comma-separated) replaces the
# trees, e.g. the 5.10, 6.12 and 7.2 ones of another TREES_LIST.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
need_pkgs gcc binutils diffutils jq python3 kmod xz-utils

count=${AGREE_COUNT:-8}
mutations=${AGREE_MUTATIONS:-40}
seed=${AGREE_SEED:-1}
min=${AGREE_MIN:-8}
logs=$KMODLAB_OUT/tests/agree
mkdir -p "$logs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The trees: per arch, each generation's (suite's) newest generic Debian
# ABI ("SUITE/FLAVOUR" is the newest, "SUITE/ABI-FLAVOUR" a pinned one).
if [ -n "${AGREE_TREES:-}" ]; then
	IFS=, read -r -a debs <<<"$AGREE_TREES"
else
	mapfile -t debs < <(trees all | awk '$3 == "debian" && $4 !~ /\/rt-/ {
			split($4, s, "/"); print $2 "/" s[1], (s[2] ~ /^[0-9]/ ? s[2] : "999"), $1 }' |
		sort -k1,1 -k2,2V | awk '{ last[$1] = $3 } END { for (k in last) print last[k] }' | sort)
fi
for t in "${debs[@]}"; do
	tree_ready "$t" || scripts/fetch-trees "$t" >"$logs/fetch-$t.log" 2>&1 ||
		fail "fetch $t" "see $logs/fetch-$t.log"
done
# Each tree's sizeof(struct module), from scripts/build-modules' probe
# module (cached): 6.4 and later compare it, and kocheck cannot read it
# from a tree without a vmlinux with BTF (Debian's armmp).
scripts/build-modules "$(IFS=,; echo "${debs[*]}")" >"$logs/build-modules.log" 2>&1 ||
	fail "build the modules against ${debs[*]}" "see $logs/build-modules.log"
# Class x, modules of other trees alone (across ABIs and generations):
# on each tree, its suite's other Debian trees of its arch (older ABIs,
# the -rt flavour); on the newest generation of each arch, also the
# other generations' trees above.
declare -A others arch_of newest
for t in "${debs[@]}"; do
	arch_of[$t]=$(tree_field "$t" arch)
done
for a in $(printf '%s\n' "${arch_of[@]}" | sort -u); do
	newest[$a]=$(for u in "${debs[@]}"; do
		[ "${arch_of[$u]}" != "$a" ] || ! tree_ready "$u" || echo "$(cat "$(tree_dir "$u")/release") $u"
	done | sort -V | tail -n 1 | cut -d' ' -f2)
done
for t in "${debs[@]}"; do
	a=${arch_of[$t]} suite=$(tree_field "$t" source)
	suite=${suite%%/*}
	o=()
	mapfile -t o < <(trees "$a" | awk -v t="$t" -v s="$suite" '$3 == "debian" && $1 != t && index($4, s "/") == 1 { print $1 }')
	if [ "$t" = "${newest[$a]}" ]; then
		for u in "${debs[@]}"; do
			[ "$u" = "$t" ] || [ "${arch_of[$u]}" != "$a" ] || ! tree_ready "$u" || o+=("$u")
		done
	fi
	others[$t]=$(IFS=,; echo "${o[*]}")
done

# --- ko-mutate ---------------------------------------------------------
src=scripts/ko-mutate.c
check "ko-mutate builds with gcc -Wall -Wextra -Werror" \
	gcc -O2 -Wall -Wextra -Werror -o "$tmp/ko-mutate" "$src"
check "ko-mutate builds with ASan and UBSan" \
	gcc -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -o "$tmp/ko-mutate-san" "$src"

# one_field ORIG MUTANT LINE: the files have the same size and differ only
# inside the field LINE names ("... (offset 0xOFF, N bytes)"), at least in
# one byte.
one_field() {
	local orig=$1 mut=$2 line=$3 off size
	off=$(sed -n 's/.*(offset \(0x[0-9a-f]*\), [0-9]* bytes\{0,1\})$/\1/p' <<<"$line")
	size=$(sed -n 's/.*(offset 0x[0-9a-f]*, \([0-9]*\) bytes\{0,1\})$/\1/p' <<<"$line")
	if [ -z "$off" ] || [ -z "$size" ]; then
		echo "no field in: $line"
		return 1
	fi
	[ "$(stat -c %s "$orig")" = "$(stat -c %s "$mut")" ] || { echo "sizes differ: $line"; return 1; }
	# (cmp exits 1 when the files differ: that is expected here)
	{ cmp -l "$orig" "$mut" || true; } | awk -v o=$((off)) -v n="$size" -v line="$line" '
		{ p = $1 - 1; if (p < o || p >= o + n) { printf "byte %d changed, outside the field of: %s\n", p, line; bad = 1 } c++ }
		END { if (!c) { printf "nothing changed: %s\n", line; bad = 1 } exit bad }'
}

if [ -x "$tmp/ko-mutate-san" ]; then
	mapfile -t kos < <(for t in "${debs[@]}"; do
		d=$(tree_dir "$t")/root/lib/modules/$(cat "$(tree_dir "$t")/release")/kernel
		# (6.12 and later: usr/lib/modules, .ko.xz; ko-mutate takes .ko)
		[ -d "$d" ] || continue
		find "$d/lib" "$d/crypto" "$d/fs/nls" "$d/net/ipv4" -name '*.ko' | sort | awk 'NR % 4 == 1' | head -n 25
	done)
	errs=$tmp/errs
	: >"$errs"
	n=0
	kinds=(ehdr shdr sym modinfo versions rel)
	for ko in "${kos[@]}"; do
		for s in 1 2 3 4 5 6 7 8; do
			n=$((n + 1))
			if [ "$s" -le 6 ]; then opt=(-k "${kinds[s - 1]}"); else opt=(); fi
			line=$("$tmp/ko-mutate-san" "${opt[@]}" "$ko" "$tmp/m.ko" "$((s * 7919 + n))" 2>"$tmp/err") || {
				echo "$ko seed $s: exit status $?: $(head -c 300 "$tmp/err")" >>"$errs"
				continue
			}
			[ ! -s "$tmp/err" ] || echo "$ko: stderr: $(head -c 300 "$tmp/err")" >>"$errs"
			one_field "$ko" "$tmp/m.ko" "$line" >>"$errs" || true
			case $line in "${opt[1]:-}"*) ;; *) echo "asked for ${opt[1]}, got: $line" >>"$errs" ;; esac
		done
	done
	if [ ! -s "$errs" ] && [ "$n" -ge 200 ]; then
		pass "ko-mutate changes exactly one field, of each kind, ASan/UBSan clean ($n mutations of ${#kos[@]} Debian modules of $(printf '%s\n' "${arch_of[@]}" | sort -u | paste -sd, -))"
	else
		fail "ko-mutate changes exactly one field ($n mutations)" "$(head -n 5 "$errs")"
	fi
	# Deterministic: the same seed, the same change; another seed, another.
	ko=${kos[0]}
	a=$("$tmp/ko-mutate" "$ko" "$tmp/a.ko" 12345 || true)
	b=$("$tmp/ko-mutate" "$ko" "$tmp/b.ko" 12345 || true)
	c=$("$tmp/ko-mutate" "$ko" "$tmp/c.ko" 12346 || true)
	if [ -n "$a" ] && [ "$a" = "$b" ] && cmp -s "$tmp/a.ko" "$tmp/b.ko" && ! cmp -s "$tmp/a.ko" "$tmp/c.ko"; then
		pass "ko-mutate is deterministic per seed"
	else
		fail "ko-mutate is deterministic per seed" "seed 12345: '$a' then '$b'; seed 12346: '$c'"
	fi
	# Malformed input is refused with a message, never a crash.
	head -c 200 "$ko" >"$tmp/short.ko"
	check_fails "ko-mutate refuses a cut module" 'not in the file' "$tmp/ko-mutate-san" "$tmp/short.ko" "$tmp/x.ko" 1
	check_fails "ko-mutate refuses a file that is not ELF" 'not an ELF file' "$tmp/ko-mutate-san" "$src" "$tmp/x.ko" 1
	check_fails "ko-mutate refuses a bad seed" 'usage' "$tmp/ko-mutate-san" "$ko" "$tmp/x.ko" 12x
fi

# --- kocheck and the kernel ----------------------------------------------
for t in "${debs[@]}"; do
	if ! tree_ready "$t"; then
		fail "agree $t" "the tree is not ready"
		continue
	fi
	log=$logs/$t.log
	rc=0
	other=()
	[ -z "${others[$t]:-}" ] || other=(--other "${others[$t]}")
	scripts/agree "$t" --count "$count" --mutations "$mutations" --seed "$seed" "${other[@]}" \
		--known tests/agree/known.txt --keep "$logs/$t" >"$log" 2>"$logs/$t.err" || rc=$?
	sum=$(sed -n 's/^summary-json: //p' "$log")
	if [ -z "$sum" ]; then
		fail "agree $t ran" "exit status $rc, no summary (see $log, $logs/$t.err)" "$(tail -n 3 "$logs/$t.err")"
		continue
	fi
	# The counts, as the tool printed them.
	grep '^# ' "$log" | grep -v '^#   ' || true
	if [ "$rc" = 0 ] && [ "$(jq .disagreements <<<"$sum")" = 0 ] && [ "$(jq '.state_checks.DISAGREE' <<<"$sum")" = 0 ]; then
		pass "agree $t: no disagreement between kocheck and the kernel ($(jq '[.counts[][]] | add' <<<"$sum") loads, $(jq .known <<<"$sum") known)"
	else
		fail "agree $t: kocheck and the kernel disagree (exit status $rc; see $log)"
		grep -A12 '^not ok' "$log" | head -n 40 | sed 's/^/#   /'
	fi
	classes=(a b c d e)
	[ ${#other[@]} -eq 0 ] || classes+=(x)
	for c in "${classes[@]}"; do
		n=$(jq ".counts.$c.exact + .counts.$c.prefix" <<<"$sum")
		if [ "$n" -ge "$min" ]; then
			pass "agree $t: class $c, $n loads on which kocheck and the kernel agree (at least $min)"
		else
			fail "agree $t: class $c, only $n loads compared and agreeing (at least $min)"
		fi
	done
	# The batches' /proc/modules and taint were compared too.
	nb=$(jq '.state_checks.exact' <<<"$sum")
	if [ "$nb" -ge 3 ]; then
		pass "agree $t: /proc/modules and the taint are kocheck's state after $nb batches"
	else
		fail "agree $t: /proc/modules compared after only $nb batches"
	fi
done
