#!/bin/bash
# shellcheck disable=SC2030,SC2031 # the unit scripts get their own k and tmp, in a subshell
# kocheck fit and kocheck explain (scripts/kocheck):
#   1. explain on known lines (timestamps, \xNN escapes, raw bytes, without
#      the module's name, JSON) and on an unknown one;
#   2. coverage: every say() format of lib/ is in explain's table
#      (lib/explain.c), and every line kocheck predicts on many inputs is
#      recognised: the crafted modules of tests/kocheck (crafted.sh,
#      state.sh, loader.sh, real.sh run once more, their output kept), the
#      lab's built modules and the forged ones of the last lab run
#      (out/results/latest/payload, read only) on every tree of their arch,
#      and a sample of a Debian image's modules alone, with their
#      dependencies (--modprobe), on the other ABI and on the strict tree;
#   3. fit of kmdemo_core on the lab's trees: it loads on its own tree
#      only, is refused by module_layout, vermagic or the signature check
#      on the others, each row as kocheck check says.
# Needs scripts/fetch-trees and scripts/build-modules (each missing tree
# or module build is a failed test).  KOCHECK_BIN: the kocheck to test
# (e.g. scripts/kocheck/kocheck-san).  Ends with "N passed, N failed".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
kc=$KMODLAB_ROOT/scripts/kocheck
passed=0 failed=0
pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() {
	echo "not ok - $1"
	failed=$((failed + 1))
	shift
	[ $# -eq 0 ] || printf '#   %s\n' "$@"
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}
if ! make -s -C "$kc" kocheck >&2; then
	fail "kocheck builds"
	finish
fi
k=${KOCHECK_BIN:-$kc/kocheck}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The last lab run's modules: this checkout's, or the main worktree's.
payload=$KMODLAB_OUT/results/latest/payload
if [ ! -d "$payload" ]; then
	common=$(git -C "$KMODLAB_ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	[ -z "$common" ] || payload=$(dirname "$common")/out/results/latest/payload
fi

# --- 1. explain on known and unknown lines ---------------------------------

# explains NAME CHECK DOC LINE: known, with that check and docs page
explains() {
	local out rc=0
	out=$("$k" explain "$4" 2>&1) || rc=$?
	if [ $rc = 0 ] && grep -qx "check: $2()" <<<"$out" && grep -qx "doc: $3" <<<"$out"; then
		pass "explain: $1"
	else
		fail "explain: $1" "exit $rc, wanted check $2 and $3; got:" "$out"
	fi
}
explains "module_layout CRC" check_modstruct_version docs/symbol-versions.md \
	"kmdemo_core: disagrees about version of symbol module_layout"
explains "module_layout CRC, with a timestamp, without the module's name" check_modstruct_version \
	docs/symbol-versions.md "[   12.345678] disagrees about version of symbol module_layout"
explains "another symbol's CRC" simplify_symbols docs/symbol-versions.md \
	"kmdemo_core: disagrees about version of symbol _printk"
explains "unsigned, enforced" module_sig_check docs/signatures.md "Loading of unsigned module is rejected"
explains "ELF magic as dmesg escapes it" elf_validity_check docs/elf-format.md \
	'Invalid ELF header magic: != \x7fELF'
explains "ELF magic, raw byte" elf_validity_check docs/elf-format.md \
	"$(printf 'Invalid ELF header magic: != \177ELF')"
explains "vermagic" check_modinfo docs/vermagic.md \
	"kmdemo_core: version magic '6.1.192-kmodlab-strict mod_unload ' should be '6.1.0-47-amd64 SMP preempt mod_unload modversions '"
explains "unknown symbol (err -2), syslog prefix" simplify_symbols docs/unknown-symbol.md \
	"<3>[    5.000001] kmdemo_client: Unknown symbol kmdemo_add (err -2)"
explains "journal line of a taint" check_modinfo docs/README.md \
	"Nov 25 13:56:00 guest kernel: kmdemo_core: loading out-of-tree module taints kernel."
out=$("$k" explain "kmdemo_core: disagrees about version of symbol module_layout")
if grep -qx "printed by: check_version() in kernel/module/version.c" <<<"$out" &&
	grep -q '^outcome: the load is refused: ENOEXEC (errno 8)$' <<<"$out" &&
	grep -q '^meaning: ' <<<"$out" && grep -q '^causes: ' <<<"$out" && grep -q '^fix: ' <<<"$out"; then
	pass "explain: function, file, outcome, meaning, causes, fix"
else
	fail "explain: function, file, outcome, meaning, causes, fix" "$out"
fi
rc=0
out=$("$k" explain "usb 1-1: new high-speed USB device number 2 using xhci_hcd") || rc=$?
same "explain: an unknown line: exit 1, said so" "1 not a line of the module loader that kocheck knows" \
	"$rc $(tail -n 1 <<<"$out")"
rc=0
out=$(printf '%s\n' "kmdemo_core: module_layout: kernel tainted." "" "hello" |
	"$k" explain --json -) || rc=$?
got=$(jq -rs 'map("\(.known) \(.check // "-") \(.function // "-") \(.values.module // "-") \(.values.symbol // "-")") | join("; ")' <<<"$out" 2>&1)
same "explain --json -: lines from the standard input, exit 1 for the unknown one" \
	"1 true check_version try_to_force_load kmdemo_core module_layout; false - - - -" "$rc $got"
check "explain: the table's self-test (a name per value, each example its own entry)" \
	"$k" explain --self-test

# --- 2. coverage ------------------------------------------------------------

"$k" explain --formats >"$tmp/formats"
# say() and say_open() formats as written in lib/ (each call has its
# format on its line)
calls=$(cat "$kc"/lib/*.c | grep -cE '\bsay(_open)?\(&?in,')
grep -hoE '\bsay(_open)?\(&?in, "([^"\\]|\\.)*"' "$kc"/lib/*.c | sed -E 's/^say(_open)?\(&?in, "//; s/"$//' >"$tmp/say"
nsay=$(wc -l <"$tmp/say")
# what module_sig_check() and pkcs7_verify() put into theirs
sed -nE 's/.*\breason = "(.*)";.*/Loading of \1 is rejected/p; s/.*\*why = "(.*)";.*/PKCS7: \1/p' \
	"$kc"/lib/signing.c >>"$tmp/say"
missing=$(sort -u "$tmp/say" | grep -vxFf "$tmp/formats" || true)
if [ "$calls" -gt 50 ] && [ "$nsay" = "$calls" ] && [ -z "$missing" ]; then
	pass "coverage: each of the $calls say() formats of lib/ (and the signature reasons) is in explain's table"
else
	fail "coverage: say() formats of lib/ not in explain's table (or a say() without its format on its line)" \
		"$calls calls, $(wc -l <"$tmp/say") formats" "$missing"
fi

# Every kocheck run below goes through this wrapper, which keeps its output.
cat >"$tmp/k" <<'EOF'
#!/bin/bash
out=$("$KOCHECK" "$@")
rc=$?
printf '%s\n' "$out" >>"$KOLOG"
[ -z "$out" ] || printf '%s\n' "$out"
exit $rc
EOF
chmod +x "$tmp/k"
export KOCHECK=$k KOLOG=$tmp/log
: >"$KOLOG"
kw=$tmp/k

# The unit tests' inputs: their scripts once more, their verdicts unchecked
# here (tests/kocheck/unit does that), their output kept.
amd=debian-6.1.0-47-amd64 amd50=debian-6.1.0-50-amd64 arm=debian-6.1.0-47-armmp
have_real=1
for t in $amd $amd50 $arm; do
	tree_ready "$t" && [ -f "$KMODLAB_OUT/build/$t/ko/kmdemo_core.ko" ] || have_real=0
done
mkdir -p "$tmp/unit"
(
	set +eu
	k=$kw tmp=$tmp/unit passed=0 failed=0
	# shellcheck disable=SC2317 # called by the sourced scripts
	expect() { shift 3; "$k" "$@"; }
	# shellcheck disable=SC2317
	crashed() { [ "$1" -gt 3 ]; }
	. "$here/crafted.sh"
	. "$here/state.sh"
	. "$here/loader.sh"
	[ $have_real = 0 ] || . "$here/real.sh"
	# and a symbol without a CRC in __versions (check_version())
	mk "$tmp/nocrc.ko" --name kotest --modinfo name=kotest --modinfo license=GPL \
		--modinfo retpoline=Y --modinfo "vermagic=$VM" --version module_layout:1234 --undef _printk
	"$k" "${X[@]}" "$tmp/nocrc.ko"
) >/dev/null 2>&1 || true
n=$(grep -c '^dmesg: ' "$KOLOG" || true)
if [ "$n" -gt 100 ] && [ $have_real = 1 ]; then
	pass "coverage: the unit tests' modules (crafted.sh, state.sh, loader.sh, real.sh) ran: $n kernel lines"
else
	fail "coverage: the unit tests' modules gave $n kernel lines (real.sh needs trees $amd $amd50 $arm and scripts/build-modules)"
fi

# kdir_args TREE: --kdir and the tree's certificates
kdir_args() {
	local c
	printf '%s\n' --kdir "$(tree_dir "$1")/kdir"
	for c in "$(tree_dir "$1")"/certs/*.der; do
		[ -f "$c" ] && printf '%s\n' --cert "$c"
	done
	return 0
}

# The lab's modules and the last run's forged ones, on every tree of their
# arch: each alone, and as kmod, busybox and modprobe load them.
mapfile -t all < <(trees all | awk '{ print $1, $2 }')
ready=()
for line in "${all[@]}"; do
	read -r t a <<<"$line"
	if tree_ready "$t" && [ -f "$KMODLAB_OUT/build/$t/ko/kmdemo_core.ko" ]; then
		ready+=("$t $a")
	else
		fail "coverage: tree $t and its modules (scripts/fetch-trees $t, scripts/build-modules $t)"
	fi
done
before=$(wc -l <"$KOLOG")
for line in "${ready[@]}"; do
	read -r mt ma <<<"$line"
	mods=("$KMODLAB_OUT/build/$mt/ko"/*.ko)
	forged=()
	[ ! -d "$payload/$ma/$mt" ] || mapfile -t forged < <(find "$payload/$ma/$mt" -type f -name '*.ko*' | sort)
	for l2 in "${ready[@]}"; do
		read -r t a <<<"$l2"
		[ "$a" = "$ma" ] || continue
		mapfile -t ka < <(kdir_args "$t")
		"$kw" check "${ka[@]}" --json "${mods[@]}" "${forged[@]}" >/dev/null 2>&1 || true
		"$kw" check "${ka[@]}" --insmod "${forged[@]}" >/dev/null 2>&1 || true
		"$kw" check "${ka[@]}" --sequence "$KMODLAB_OUT/build/$mt/ko/kmdemo_core.ko" \
			"$KMODLAB_OUT/build/$mt/ko/kmdemo_client.ko" >/dev/null 2>&1 || true
		"$kw" check "${ka[@]}" --modprobe "$KMODLAB_OUT/build/$mt/ko/kmdemo_client.ko" \
			"$KMODLAB_OUT/build/$mt/ko/kmdemo_core.ko" >/dev/null 2>&1 || true
	done
done
npay=$(find "$payload" -type f -name '*.ko*' 2>/dev/null | wc -l || true)
pass "coverage: the lab's modules and $npay of the last run ($payload, as much as it holds) on each tree of their arch: $(($(wc -l <"$KOLOG") - before)) lines of output"

# A sample of a Debian image's modules: alone (dependencies not loaded),
# with their dependencies (depends=, as modprobe), on the other ABI, and
# on the strict lab tree (another signing key).
before=$(wc -l <"$KOLOG")
nsample=0
for pair in "debian-6.1.0-47-amd64 debian-6.1.0-50-amd64 strict-x86_64" \
	"debian-6.1.0-47-armmp debian-6.1.0-50-armmp strict-arm"; do
	read -r t other strict <<<"$pair"
	tree_ready "$t" || continue
	find "$(tree_dir "$t")/root/lib/modules" -name '*.ko' | sort >"$tmp/list"
	awk 'NR % 25 == 1' "$tmp/list" >"$tmp/sample"
	nsample=$((nsample + $(wc -l <"$tmp/sample")))
	for target in "$t" "$other" "$strict"; do
		tree_ready "$target" || continue
		mapfile -t ka < <(kdir_args "$target")
		xargs "$kw" check "${ka[@]}" --json <"$tmp/sample" >/dev/null 2>&1 || true
	done
	# modprobe: the module and its dependencies, from their depends=
	awk -F/ '{ n = $NF; sub(/\.ko$/, "", n); gsub(/-/, "_", n); print n, $0 }' "$tmp/list" >"$tmp/names"
	mapfile -t ka < <(kdir_args "$t")
	i=0
	while read -r f && [ $i -lt 12 ]; do
		deps=$(modinfo -F depends "$f" 2>/dev/null || true)
		[ -n "$deps" ] || continue
		i=$((i + 1))
		files=("$f")
		todo=${deps//,/ }
		seen=" "
		while [ -n "${todo// /}" ]; do
			next=""
			for d in $todo; do
				case $seen in *" $d "*) continue ;; esac
				seen="$seen$d "
				p=$(awk -v n="$d" '$1 == n { print $2; exit }' "$tmp/names")
				[ -n "$p" ] || continue
				files+=("$p")
				next="$next $(modinfo -F depends "$p" 2>/dev/null | tr ',' ' ' || true)"
			done
			todo=$next
		done
		"$kw" check "${ka[@]}" --modprobe "${files[@]}" >/dev/null 2>&1 || true
		"$kw" check "${ka[@]}" --json "${files[@]:1}" >/dev/null 2>&1 || true
	done < <(awk 'NR % 7 == 3' "$tmp/list")
done
if [ $nsample -gt 0 ]; then
	pass "coverage: $nsample Debian modules alone, on the other ABI, on the strict tree, and 24 with their dependencies: $(($(wc -l <"$KOLOG") - before)) lines of output"
else
	fail "coverage: no Debian tree (scripts/fetch-trees)"
fi

# Every predicted line, text and JSON, through explain.
{
	sed -n 's/^dmesg: //p' "$KOLOG"
	grep '^{' "$KOLOG" | jq -r '.dmesg[]?' 2>/dev/null || true
} | sort -u >"$tmp/lines"
rc=0
"$k" explain --json - <"$tmp/lines" >"$tmp/explained" || rc=$?
unknown=$(jq -r 'select(.known | not) | .line' "$tmp/explained")
nlines=$(wc -l <"$tmp/lines")
nfmt=$(jq -r 'select(.known) | .format' "$tmp/explained" | sort -u | wc -l)
ntable=$(wc -l <"$tmp/formats")
if [ -z "$unknown" ] && [ "$rc" = 0 ] && [ "$nlines" -gt 150 ]; then
	pass "coverage: explain recognises all $nlines distinct lines kocheck predicted ($nfmt of the $ntable formats)"
else
	fail "coverage: explain does not recognise $(grep -c . <<<"$unknown") of the $nlines predicted lines (exit $rc)" \
		"$(head -n 20 <<<"$unknown")"
fi
# Formats no input reached: named, not failed.
jq -r 'select(.known) | .format' "$tmp/explained" | sort -u >"$tmp/reached"
"$k" explain --json - <"$tmp/formats" 2>/dev/null | jq -r '.format // empty' | sort -u >"$tmp/all" || true
comm -23 "$tmp/all" "$tmp/reached" | sed 's/^/# not reached by these inputs: /'

# --- 3. fit on the lab's trees -----------------------------------------------

# fit_ok NAME MODULE OWN-TREE: loads on OWN-TREE only; every other row
# refused by module_layout, vermagic or the signature check; each row
# what kocheck check says on that tree.
fit_ok() {
	local name=$1 m=$2 own=$3 json rc=0 got want row t
	json=$("$k" fit --json "$m" 2>&1) || rc=$?
	# (its own tree may be a 6.4+ one without BTF, 6.12 and 7.2 armmp:
	# unknown by sizeof(struct module) there, the lab gives a probe)
	got=$(jq -r --arg own "$own" '[.[] | select(.verdict == "loads" or (.tree == $own and .verdict == "unknown"
		and (.unevaluated | any(test("sizeof\\(struct module\\)"))))) | .tree] | join(" ")' <<<"$json" 2>&1)
	own_unknown=$(jq -r --arg own "$own" '[.[] | select(.tree == $own and .verdict == "unknown")] | length' <<<"$json" 2>&1)
	if { [ $rc = 0 ] || [ "$own_unknown" = 1 ]; } && [ "$got" = "$own" ]; then
		pass "fit $name: loads on $own only (exit 0)"
	else
		fail "fit $name: loads on '$got' (exit $rc), wanted $own only" "$json"
	fi
	got=$(jq -r '[.[] | select(.verdict != "loads") | select(.generation | IN("6.12", "7.2") | not) |
		select(.verdict != "refused" or
		(.refused_by | IN("check_modstruct_version", "check_modinfo", "module_sig_check") | not)
		or .line == "" or .doc == "") | .tree] | join(" ")' <<<"$json" 2>&1)
	same "fit $name: refused elsewhere by module_layout, vermagic or the signature, with a line and a page" "" "$got"
	# a 6.12 or 7.2 tree refuses a 6.1 module by the size of its struct
	# module first (elf_validity_cache_index_mod(), 6.4+); a tree without
	# BTF (no vmlinux) cannot say that size: unknown; a tree that enforces
	# signatures refuses it before (module_sig_check() is first from 6.4)
	# (not for a module built for 6.12 or 7.2 itself)
	got=$(jq -r --arg own "$own" '(.[] | select(.tree == $own) | .generation) as $g |
		[.[] | select($g | IN("6.12", "7.2") | not) | select(.generation | IN("6.12", "7.2")) |
		select((.verdict == "refused" and .refused_by == "elf_validity_cache_copy" and
			(.line | test("struct module size"))) or
		       (.verdict == "refused" and .refused_by == "module_sig_check") or
		       (.verdict == "unknown" and (.unevaluated | any(test("sizeof\\(struct module\\)"))))
		| not) | .tree] | join(" ")' <<<"$json" 2>&1)
	same "fit $name: refused by 6.12 and 7.2 trees for its struct module size (unknown without BTF)" "" "$got"
	want="" got=""
	while read -r row; do
		t=$(jq -r .tree <<<"$row")
		mapfile -t ka < <(kdir_args "$t")
		want+="$({ "$k" check "${ka[@]}" --json "$m" || true; } | jq -c --arg line "$(jq -r .line <<<"$row")" \
			'{verdict, errno, errno_name, refused_by, doc, unevaluated,
			  line: (if $line == "" or any(.dmesg[]; . == $line) then $line else "NOT IN DMESG" end)}')"$'\n'
		got+="$(jq -c '{verdict, errno, errno_name, refused_by, doc, unevaluated, line}' <<<"$row")"$'\n'
	done < <(jq -c '.[]' <<<"$json")
	same "fit $name: each row as kocheck check on that tree ($(jq length <<<"$json") trees)" "$want" "$got"
}
for line in "${ready[@]}"; do
	read -r t a <<<"$line"
	m=$KMODLAB_OUT/build/$t/ko/kmdemo_core.ko
	key=$(tree_dir "$t")/signing-key.pem
	if [ -f "$key" ]; then
		# a tree that enforces signatures: signed with its key, as scripts/lab does
		mkdir -p "$tmp/signed/$t"
		cp "$m" "$tmp/signed/$t/"
		m=$tmp/signed/$t/kmdemo_core.ko
		if ! "$(tree_dir "$t")/kdir/scripts/sign-file" sha256 "$key" "$key" "$m" 2>"$tmp/err"; then
			fail "fit $t: sign-file" "$(cat "$tmp/err")"
			continue
		fi
		fit_ok "$t's kmdemo_core, signed" "$m" "$t"
	else
		fit_ok "$t's kmdemo_core" "$m" "$t"
	fi
done

if [ ${#ready[@]} -gt 0 ]; then
	read -r t a <<<"${ready[0]}"
	m=$KMODLAB_OUT/build/$t/ko/kmdemo_core.ko
	rc=0
	out=$("$k" fit "$m") || rc=$?
	# every tree of the cache of that arch (fetch-trees may hold more
	# than the lab's list: other generations)
	n=$(grep -lx "$a" "$KMODLAB_CACHE"/trees/*/arch 2>/dev/null | while read -r f; do
		[ -f "$(dirname "$f")/kdir/.config" ] && echo; done | wc -l)
	if [ $rc = 0 ] && [ "$(head -n 1 <<<"$out" | awk '{ print $1, $2, $3, $4, $5, $6, $7 }')" = "TREE RELEASE LINUX VERDICT CHECK DOC LINE" ] &&
		[ "$(($(wc -l <<<"$out") - 1))" = "$n" ] &&
		grep -qE "^$t +[^ ]+ +[^ ]+ +loads " <<<"$out"; then
		pass "fit (text): a header and one row per $a tree ($n)"
	else
		fail "fit (text): a header and one row per $a tree ($n), exit $rc" "$out"
	fi
	rc=0
	out=$("$k" fit --kdir "$tmp/nowhere" --kdir "$(tree_dir "$t")/kdir" --json "$m") || rc=$?
	got=$(jq -r 'map("\(.tree) \(.verdict) \(.error | length > 0)") | join(", ")' <<<"$out" 2>&1)
	same "fit: an unusable tree is a row with its error; exit 0 when it loads on another" \
		"0 $tmp/nowhere error true, $t loads false" "$rc $got"
	cp "$m" "$tmp/bad.ko"
	printf '\002' | dd of="$tmp/bad.ko" bs=1 seek=16 conv=notrunc status=none
	rc=0
	out=$("$k" fit --json "$tmp/bad.ko") || rc=$?
	got=$(jq -r '[.[] | .verdict] | unique | join(" ")' <<<"$out" 2>&1)
	# 5.10's elf_validity_check() does not say which check failed
	got+=" $(jq -r '[.[] | select(.refused_by | IN("elf_validity_check", "elf_validity_cache_copy")) |
		"\(.generation): \(.line)"] | unique | join(", ")' <<<"$out" 2>&1)"
	want="1 refused $(jq -r '[.[] | .generation] | unique | map(if . == "5.10" then
		"5.10: Module has invalid ELF structures" else "\(.): Invalid ELF header type: 2 != 1" end) |
		sort | join(", ")' <<<"$out" 2>&1)"
	same "fit: a module that loads nowhere: exit 1, refused on each tree, by its ELF type where not by its signature" \
		"$want" "$rc $got"
	if tree_ready $amd50 && [ -f "$KMODLAB_OUT/build/$amd/ko/kmdemo_core.ko" ]; then
		# busybox: finit_module() of the .xz, then init_module() of what it unpacked
		xz -c "$KMODLAB_OUT/build/$amd/ko/kmdemo_core.ko" >"$tmp/core.ko.xz"
		out=$("$k" fit --insmod --json --kdir "$(tree_dir $amd50)/kdir" "$tmp/core.ko.xz" || true)
		same "fit --insmod of a .ko.xz: the refusal line is the one of the check that refused (the second system call's)" \
			"check_modstruct_version kmdemo_core: disagrees about version of symbol module_layout" \
			"$(jq -r '.[] | "\(.refused_by) \(.line)"' <<<"$out" 2>&1)"
	fi
	check_fails "fit: no trees given and none of the module's arch: an error (exit 2)" "no $a tree in" \
		env KMODLAB_CACHE="$tmp/empty" "$k" fit "$m"
fi
finish
