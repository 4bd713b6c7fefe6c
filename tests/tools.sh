#!/bin/bash
# Host tools: ko-forge changes exactly one thing; the scripts reject bad
# input with a message that names the problem and the fix.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
need_pkgs kmod binutils

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# sections_except A B SECTION...: every section of A but the named ones
# has the same contents in B.
sections_except() {
	local a=$1 b=$2 name
	shift 2
	for name in $(readelf -SW "$a" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		case " $* " in *" $name "*) continue ;; esac
		if ! cmp -s <(readelf -x "$name" "$a" 2>&1 | tail -n +2) <(readelf -x "$name" "$b" 2>&1 | tail -n +2); then
			echo "section $name differs"
			return 1
		fi
	done
}

for tree in $(trees all | awk '$3 == "debian" { print $1 }' | sort -u -t- -k4,4 | head -n 2); do
	ko=$KMODLAB_OUT/build/$tree/ko/kmdemo_core.ko
	if [ ! -f "$ko" ]; then
		fail "ko-forge on $tree" "no module build: run scripts/build-modules $tree"
		continue
	fi
	f=$tmp/$tree
	mkdir -p "$f"
	forge() { scripts/ko-forge "$ko" "$f/$1.ko" "${@:2}"; }

	forge crc crc module_layout
	same "ko-forge crc ($tree): only the module_layout CRC changed" \
		"$(/sbin/modprobe --dump-modversions "$ko" | grep -v module_layout)" \
		"$(/sbin/modprobe --dump-modversions "$f/crc.ko" | grep -v module_layout)"
	check "ko-forge crc ($tree): the CRC is inverted, 4 bytes differ" \
		test "$(cmp -l "$ko" "$f/crc.ko" | wc -l)" -le 4 -a \
		"$(/sbin/modprobe --dump-modversions "$ko" | awk '$2 == "module_layout" { print $1 }')" != \
		"$(/sbin/modprobe --dump-modversions "$f/crc.ko" | awk '$2 == "module_layout" { print $1 }')"
	sym=$(printk_symbol "$(tree_dir "$tree")/kdir")
	forge crcv crc "$sym" 0x12345678
	same "ko-forge crc SYMBOL HEX ($tree)" "0x12345678" \
		"$(/sbin/modprobe --dump-modversions "$f/crcv.ko" | awk -v s="$sym" '$2 == s { print $1 }')"

	forge vm vermagic "9.9.9 SMP mod_unload modversions "
	same "ko-forge vermagic ($tree): the new vermagic" "9.9.9 SMP mod_unload modversions " \
		"$(modinfo -F vermagic "$f/vm.ko")"
	same "ko-forge vermagic ($tree): the other modinfo fields are kept" \
		"$(modinfo "$ko" | grep -v '^vermagic\|^filename')" \
		"$(modinfo "$f/vm.ko" | grep -v '^vermagic\|^filename')"
	check "ko-forge vermagic ($tree): every other section is unchanged" \
		sections_except "$ko" "$f/vm.ko" .modinfo .shstrtab

	forge nv no-versions
	check "ko-forge no-versions ($tree): the kernel finds no __versions" \
		sh -c "! readelf -SW '$f/nv.ko' | grep -q ' __versions '"
	check "ko-forge no-versions ($tree): 8 bytes of a section name changed" \
		test "$(cmp -l "$ko" "$f/nv.ko" | wc -l)" -eq 8

	forge ex elf-type 2
	same "ko-forge elf-type ($tree)" "EXEC" "$(readelf -h "$f/ex.ko" | awk '/Type:/ { print $2 }')"
	forge cut cut-shdrs
	check "ko-forge cut-shdrs ($tree): the section table runs past the end" \
		sh -c "readelf -h '$f/cut.ko' 2>&1 >/dev/null | grep -q . || ! readelf -S '$f/cut.ko' >/dev/null 2>&1"
	forge short short 16
	same "ko-forge short ($tree)" 16 "$(stat -c %s "$f/short.ko")"
done

# The extended tables (CONFIG_EXTENDED_MODVERSIONS): the first lab tree
# whose modules have them.
ext_tree=$(for t in $(trees all | awk '$3 == "lab" { print $1 }'); do
	grep -qx CONFIG_EXTENDED_MODVERSIONS=y "$(tree_dir "$t")/kdir/.config" 2>/dev/null && { echo "$t"; break; }
done)
if [ -z "$ext_tree" ]; then
	fail "ko-forge on extended modversions" "no lab tree with CONFIG_EXTENDED_MODVERSIONS is built (scripts/fetch-trees lab-7.2-x86_64)"
elif [ ! -f "$KMODLAB_OUT/build/$ext_tree/ko/kmdemo_core.ko" ]; then
	fail "ko-forge on $ext_tree" "no module build: run scripts/build-modules $ext_tree"
else
	ko=$KMODLAB_OUT/build/$ext_tree/ko/kmdemo_core.ko f=$tmp/$ext_tree
	mkdir -p "$f"
	# "CRC NAME" of one table of kocheck inspect --modversions
	basic() { scripts/kocheck/kocheck inspect --modversions "$1" | sed '/^#/,$d'; }
	ext() { scripts/kocheck/kocheck inspect --modversions "$1" | sed '1,/^# __version_ext_crcs/d'; }
	make -s -C scripts/kocheck kocheck >/dev/null
	scripts/ko-forge "$ko" "$f/crc.ko" crc module_layout 0x12345678
	same "ko-forge crc ($ext_tree): module_layout's CRC in both tables" "0x12345678 0x12345678" \
		"$(basic "$f/crc.ko" | awk '$2 == "module_layout" { printf "%s ", $1 }')$(ext "$f/crc.ko" | awk '$2 == "module_layout" { print $1 }')"
	check "ko-forge crc ($ext_tree): nothing else changed, 8 bytes at most" \
		test "$(cmp -l "$ko" "$f/crc.ko" | wc -l)" -le 8 -a "$(basic "$ko" | grep -vc module_layout)" = "$(basic "$f/crc.ko" | grep -vc module_layout)"
	scripts/ko-forge "$ko" "$f/basic.ko" crc-basic module_layout 0x12345678
	same "ko-forge crc-basic ($ext_tree): __versions changed, __version_ext_crcs not" \
		"0x12345678 $(ext "$ko" | awk '$2 == "module_layout" { print $1 }')" \
		"$(basic "$f/basic.ko" | awk '$2 == "module_layout" { printf "%s ", $1 }')$(ext "$f/basic.ko" | awk '$2 == "module_layout" { print $1 }')"
	scripts/ko-forge "$ko" "$f/nv.ko" no-versions
	same "ko-forge no-versions ($ext_tree): all three tables hidden" \
		"__VERSIONS __VERSION_EXT_CRCS __VERSION_EXT_NAMES" \
		"$(readelf -SW "$f/nv.ko" | grep -oi ' __version[a-z_]* ' | tr -d " " | LC_ALL=C sort | paste -sd' ')"
	scripts/ko-forge "$ko" "$f/nn.ko" no-ext-names
	same "ko-forge no-ext-names ($ext_tree): only __version_ext_names hidden" \
		"__VERSION_EXT_NAMES __version_ext_crcs __versions" \
		"$(readelf -SW "$f/nn.ko" | grep -oi ' __version[a-z_]* ' | tr -d " " | LC_ALL=C sort | paste -sd' ')"
fi

echo "not a module" >"$tmp/text.ko"
check_fails "ko-forge rejects a non-ELF file" "text.ko: not an ELF file" \
	scripts/ko-forge "$tmp/text.ko" "$tmp/o.ko" magic
check_fails "ko-forge rejects a missing file" "no such module" \
	scripts/ko-forge "$tmp/none.ko" "$tmp/o.ko" magic
check_fails "ko-forge rejects an unknown edit" "usage: ko-forge" \
	scripts/ko-forge /bin/true "$tmp/o.ko" frobnicate
some_ko=$(find "$KMODLAB_OUT/build" -name kmdemo_core.ko -print -quit)
if [ -n "$some_ko" ]; then
	check_fails "ko-forge crc names a symbol that is not there" "symbol no_such_symbol is in no CRC table of the module" \
		scripts/ko-forge "$some_ko" "$tmp/o.ko" crc no_such_symbol
fi

# The tree list and the scripts reading it.
printf 'only three fields\n' >"$tmp/bad.list"
check_fails "a malformed tree list is reported with file and line" "bad.list:1: expected 4 fields" \
	env TREES_LIST="$tmp/bad.list" scripts/fetch-trees
check_fails "an unknown tree name is reported" 'no tree matches "no-such-tree"' \
	scripts/fetch-trees no-such-tree
printf 'debian-6.1.0-1-amd64 x86_64 debian bookworm/6.1.0-1-amd64\n' >"$tmp/gone.list"
check_fails "an ABI gone from the archive names the ABIs available" \
	"no linux-image/linux-headers-6.1.0-1-amd64 .*ABIs available now: .*6\.1\.0-[0-9]+-amd64" \
	env TREES_LIST="$tmp/gone.list" KMODLAB_CACHE="$tmp/cache" scripts/fetch-trees
check_fails "building against a tree not fetched says how to fetch it" \
	"is not ready: run scripts/fetch-trees" \
	env KMODLAB_CACHE="$tmp/empty" KMODLAB_OUT="$tmp/out" scripts/build-modules "$(trees all | head -n1 | cut -d' ' -f1)"
check_fails "make with a KDIR that is not a kernel tree says so" "KDIR=/nonexistent is not a kernel tree" \
	make -s KDIR=/nonexistent
check_fails "lab rejects an unknown scenario and lists the known ones" "unknown scenario 'nope'; the scenarios are: client-before-core" \
	scripts/lab -s nope
check_fails "repro without a scenario explains its usage" "usage: make repro SCENARIO=" \
	scripts/repro "" ""

# kunit-parse: the kernel's kunit.py reads the KTAP; a failing case fails.
cat >"$tmp/ktap.txt" <<'END_OF_KTAP'
kmdemo_core: an unrelated line
KTAP version 1
1..1
    KTAP version 1
    # Subtest: demo
    1..2
    ok 1 passing_case
    not ok 2 failing_case
# demo: pass:1 fail:1 skip:0 total:2
not ok 1 demo
END_OF_KTAP
if out=$(scripts/kunit-parse "$tmp/ktap.txt" 2>&1); then
	fail "kunit-parse fails when a KUnit case fails" "it exited 0: $out"
else
	same "kunit-parse reports each case" "ok demo.passing_case
not ok demo.failing_case (FAIL)
cases: 1 passed, 1 failed" "$out"
fi
echo "no ktap here" >"$tmp/none.txt"
check_fails "kunit-parse says so when there is no KTAP" "found no KUnit results" scripts/kunit-parse "$tmp/none.txt"
