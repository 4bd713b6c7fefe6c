# shellcheck shell=bash disable=SC2154
# kocheck's boot state, unload, --sequence, --modprobe, the ways of
# loading (kmod, busybox insmod, finit_module flags, init_module),
# compressed modules, init and setter results, and dmesg's escapes.
# Sourced by tests/kocheck/unit after crafted.sh (mk, $VM, $sv, base, X,
# $oot and the crafted modules in $tmp).

st=$tmp/state.json
jq_ok() { # NAME PYTHON-ASSERTION JSON
	if python3 -c "import json, sys; d = json.loads(sys.argv[1]); $2" "$3"; then
		echo "ok - kocheck: $1"; passed=$((passed + 1))
	else
		echo "not ok - kocheck: $1"; echo "#   got: $3"; failed=$((failed + 1))
	fi
}

# State: a saved boot, taints printed once, EEXIST
rm -f "$st"
expect "state: first load of a boot, saved" 0 "verdict: loads
$oot" "${X[@]}" --save-state "$st" "$tmp/good.ko"
jq_ok "state: the saved state" 'assert d["kocheck_state"] == 1 and d["taints"] == "O" and d["tainted"] == 4096 and d["once"] == {"signote": False, "livepatch": False, "lockdep": False, "extver": False} and [(m["name"], m["taints"], m["uses"]) for m in d["loaded"]] == [("kotest", "O", [])] and d["loaded"][0]["path"].startswith("/")' "$(cat "$st")"
expect "state: the same module again: EEXIST, no taint line" 1 "verdict: refused: EEXIST (errno 17)" \
	"${X[@]}" --state "$st" "$tmp/good.ko"
mk "$tmp/other.ko" --name other --modinfo name=other --modinfo license=Proprietary --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234
expect "state: another module: O already set, P is new" 0 "verdict: loads
dmesg: other: module license 'Proprietary' taints kernel.
dmesg: Disabling lock debugging due to kernel taint" "${X[@]}" --state "$st" --save-state "$st" "$tmp/other.ko"
jq_ok "state: taints and once-flags add up" 'assert d["taints"] == "PO" and d["once"]["lockdep"] and [m["taints"] for m in d["loaded"]] == ["O", "PO"]' "$(cat "$st")"
mk "$tmp/test.ko" --name tmod --modinfo name=tmod --modinfo license=GPL --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234 --modinfo test=Y
expect "state: --taints adds to a state" 0 "verdict: loads" \
	"${X[@]}" --state "$st" --taints test "$tmp/test.ko"

# unload: delete_module()
expect "unload: a live module" 0 "verdict: unloaded" unload "${X[@]:1}" --state "$st" --save-state "$st" other
jq_ok "unload: the state keeps the taints, loses the module" 'assert d["taints"] == "PO" and [m["name"] for m in d["loaded"]] == ["kotest"]' "$(cat "$st")"
expect "unload: not loaded: ENOENT" 1 "verdict: refused: ENOENT (errno 2)" unload "${X[@]:1}" --state "$st" other
expect "unload: a kernel without CONFIG_MODULE_UNLOAD: ENOSYS" 1 "verdict: refused: ENOSYS (errno 38)" \
	unload --vermagic "6.1.0-x SMP preempt modversions " --symvers "$sv" --state "$st" kotest
expect "state: a module loaded after an unload prints no taint line again" 0 "verdict: loads" \
	"${X[@]}" --state "$st" "$tmp/other.ko"
mk "$tmp/noexit.ko" --name noexit --modinfo name=noexit --modinfo license=GPL --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234 --define init_module
expect "unload: init without exit: EBUSY" 1 "verdict: refused: EBUSY (errno 16)" \
	unload "${X[@]:1}" --loaded "$tmp/noexit.ko" noexit

# Users: --sequence, EWOULDBLOCK
mk "$tmp/user3.ko" --name user --modinfo name=user --modinfo license=GPL --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --modinfo depends=provider --version module_layout:1234 --undef pfn --version pfn:abc
expect "sequence: each sees the ones before it" 0 "$tmp/prov.ko: verdict: loads
dmesg: provider: loading out-of-tree module taints kernel.
$tmp/user3.ko: verdict: loads" "${X[@]}" --sequence --save-state "$st" "$tmp/prov.ko" "$tmp/user3.ko"
jq_ok "sequence: the user is recorded" 'assert [(m["name"], m["uses"]) for m in d["loaded"]] == [("provider", []), ("user", ["provider"])]' "$(cat "$st")"
expect "without --sequence: each from the same state" 1 "$tmp/prov.ko: verdict: loads
dmesg: provider: loading out-of-tree module taints kernel.
$tmp/user3.ko: verdict: refused: ENOENT (errno 2)
dmesg: user: loading out-of-tree module taints kernel.
dmesg: user: Unknown symbol pfn (err -2)" "${X[@]}" "$tmp/prov.ko" "$tmp/user3.ko"
expect "unload: used by another module: EAGAIN (EWOULDBLOCK)" 1 "verdict: refused: EAGAIN (errno 11)" \
	unload "${X[@]:1}" --state "$st" provider
json=$("$k" unload "${X[@]:1}" --state "$st" --json user || true)
jq_ok "unload: JSON" 'assert d["verdict"] == "unloaded" and d["errno"] == 0 and [m["name"] for m in d["state"]["loaded"]] == ["provider"]' "$json"
expect "unload: the user, then the provider; names as rmmod takes them" 0 "/x/user.ko: verdict: unloaded
provider: verdict: unloaded" unload "${X[@]:1}" --state "$st" /x/user.ko provider
expect "--loaded: users found from the symbols" 1 "verdict: refused: EAGAIN (errno 11)" \
	unload "${X[@]:1}" --loaded "$tmp/prov.ko" --loaded "$tmp/user3.ko" provider

# --modprobe: dependencies first, loaded ones skipped, stop at the first failure
expect "modprobe: the dependency first" 0 "$tmp/prov.ko: verdict: loads
dmesg: provider: loading out-of-tree module taints kernel.
$tmp/user3.ko: verdict: loads" "${X[@]}" --modprobe "$tmp/user3.ko" "$tmp/prov.ko"
expect "modprobe: a loaded dependency is skipped" 0 "$tmp/prov.ko: verdict: loads
note: provider is loaded already: modprobe skips it
$tmp/user3.ko: verdict: loads
unevaluated: the module's init function (assumed to return 0)" \
	"${X[@]}" --verbose --modprobe --taints oot --loaded "$tmp/prov.ko" "$tmp/user3.ko" "$tmp/prov.ko"
mk "$tmp/badprov.ko" --name provider --modinfo name=provider --modinfo license=GPL --modinfo "vermagic=9 bad" \
	--version module_layout:1234 --export pfn:crc=abc
expect "modprobe: a failing dependency stops it (busybox insmod: two attempts)" 1 "$tmp/badprov.ko: verdict: refused: ENOEXEC (errno 8)
dmesg: provider: version magic '9 bad' should be '$VM'
dmesg: provider: version magic '9 bad' should be '$VM'" "${X[@]}" --modprobe "$tmp/user3.ko" "$tmp/badprov.ko"
expect "modprobe: a module that is not a dependency" 2 "kocheck: $tmp/good.ko: user does not need it (depends=)" \
	"${X[@]}" --modprobe "$tmp/user3.ko" "$tmp/good.ko"
expect "HOW options exclude each other" 2 "kocheck: --kmod, --insmod, --modprobe, --finit-module and --init-module exclude each other" \
	"${X[@]}" --insmod --modprobe "$tmp/good.ko"

# init and duplicate exports
expect "init returns -ENODEV: refused with its errno, no line" 1 "verdict: refused: ENODEV (errno 19)
$oot" "${X[@]}" --init-returns -19 "$tmp/good.ko"
expect "init returns 1: loads, with do_init_module()'s warning" 0 "verdict: loads
$oot
dmesg: do_init_module: 'kotest'->init suspiciously returned 1, it should follow 0/-E convention
dmesg: do_init_module: loading module anyway..." "${X[@]}" --init-returns 1 "$tmp/good.ko"
json=$("$k" "${X[@]}" --json --init-returns -19 --save-state "$st" "$tmp/good.ko" || true)
jq_ok "init fails: JSON fields; the taints stay, the module does not" 'assert d["verdict"] == "refused" and d["errno"] == 19 and d["errno_name"] == "ENODEV" and d["strerror"] == "No such device" and d["moderror"] == "No such device" and d["refused_by"] == "do_init_module" and d["doc"] == "docs/parameters.md" and d["state"]["taints"] == "O" and d["state"]["loaded"] == []' "$json"
mk "$tmp/dup.ko" --name dup --modinfo name=dup --modinfo license=GPL --modinfo retpoline=Y --modinfo intree=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234 --export pfn:crc=1
expect "complete_formation(): an export a live module has" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: dup: exports duplicate symbol pfn (owned by provider)" "${X[@]}" --taints oot --loaded "$tmp/prov.ko" "$tmp/dup.ko"
mk "$tmp/dup2.ko" --name dup --modinfo name=dup --modinfo license=GPL --modinfo retpoline=Y --modinfo intree=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234 --export _printk:crc=1
expect "complete_formation(): an export of vmlinux" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: dup: exports duplicate symbol _printk (owned by kernel)" "${X[@]}" "$tmp/dup2.ko"

# Compressed modules and the ways of loading them
gzip -c "$tmp/good.ko" >"$tmp/good.ko.gz"
xz -c --check=crc32 "$tmp/good.ko" >"$tmp/good.ko.xz"
xz -c "$tmp/good.ko" >"$tmp/crc64.ko.xz"
zstd -q -c "$tmp/good.ko" >"$tmp/good.ko.zst"
bzip2 -c "$tmp/good.ko" >"$tmp/good.ko.bz2"
magic="dmesg: Invalid ELF header magic: != \\x7fELF"
for z in gz xz zst bz2; do
	expect "compressed .$z: kmod unpacks it for init_module()" 0 "verdict: loads
$oot" "${X[@]}" "$tmp/good.ko.$z"
done
expect "compressed: finit_module() of the file itself" 1 "verdict: refused: ENOEXEC (errno 8)
$magic" "${X[@]}" --finit-module "$tmp/good.ko.xz"
expect "compressed: init_module() of the file itself" 1 "verdict: refused: ENOEXEC (errno 8)
$magic" "${X[@]}" --init-module "$tmp/good.ko.gz"
expect "busybox insmod .gz: finit_module() refuses, busybox unpacks" 0 "verdict: loads
$magic
$oot" "${X[@]}" --insmod "$tmp/good.ko.gz"
expect "busybox insmod .zst: busybox cannot unpack zstd" 1 "verdict: refused: ENOEXEC (errno 8)
$magic
$magic" "${X[@]}" --insmod "$tmp/good.ko.zst"
expect "MODULE_INIT_COMPRESSED_FILE without CONFIG_MODULE_DECOMPRESS" 1 "verdict: refused: EOPNOTSUPP (errno 95)" \
	"${X[@]}" --finit-module --compressed-file "$tmp/good.ko.xz"
expect "MODULE_INIT_COMPRESSED_FILE, xz kernel" 0 "verdict: loads
$oot" "${X[@]}" --module-decompress xz --finit-module --compressed-file "$tmp/good.ko.xz"
expect "MODULE_INIT_COMPRESSED_FILE, gzip kernel, xz file" 1 "verdict: refused: EINVAL (errno 22)
dmesg: not a gzip compressed module" "${X[@]}" --module-decompress gzip --finit-module --compressed-file "$tmp/good.ko.xz"
expect "MODULE_INIT_COMPRESSED_FILE, xz kernel, gzip file" 1 "verdict: refused: EINVAL (errno 22)
dmesg: not an xz compressed module" "${X[@]}" --module-decompress xz --finit-module --compressed-file "$tmp/good.ko.gz"
expect "MODULE_INIT_COMPRESSED_FILE, xz with CRC64: XZ_OPTIONS_ERROR" 1 "verdict: refused: EINVAL (errno 22)
dmesg: decompression failed with status 6" "${X[@]}" --module-decompress xz --finit-module --compressed-file "$tmp/crc64.ko.xz"
cp "$tmp/good.ko.xz" "$tmp/badcrc.ko.xz"
printf '\377' | dd of="$tmp/badcrc.ko.xz" bs=1 seek=9 conv=notrunc status=none
expect "MODULE_INIT_COMPRESSED_FILE, xz stream header CRC: XZ_DATA_ERROR" 1 "verdict: refused: EINVAL (errno 22)
dmesg: decompression failed with status 7" "${X[@]}" --arch x86_64 --module-decompress xz --finit-module --compressed-file "$tmp/badcrc.ko.xz"
expect "MODULE_INIT_COMPRESSED_FILE, gzip kernel" 0 "verdict: loads
$oot" "${X[@]}" --module-decompress gzip --finit-module --compressed-file "$tmp/good.ko.gz"
expect "--compressed-file is for --finit-module" 2 "kocheck: --compressed-file is a flag of --finit-module" \
	"${X[@]}" --compressed-file "$tmp/good.ko.gz"
expect "compressed --loaded and state path" 0 "verdict: loads" \
	"${X[@]}" --taints oot --loaded "$tmp/prov.ko" "$tmp/user.ko"
gzip -c "$tmp/prov.ko" >"$tmp/prov.ko.gz"
expect "compressed --loaded" 0 "verdict: loads" "${X[@]}" --taints oot --loaded "$tmp/prov.ko.gz" --save-state "$st" "$tmp/user.ko"
expect "compressed module in a saved state" 1 "verdict: refused: EAGAIN (errno 11)" unload "${X[@]:1}" --state "$st" provider
printf 'not compressed' | gzip -c | head -c 20 >"$tmp/broken.ko.gz"
expect "a compressed file that does not unpack" 2 "kocheck: $tmp/broken.ko.gz: not a valid gzip file (zlib status -5)" \
	"${X[@]}" --arch x86_64 "$tmp/broken.ko.gz"

# System calls on short and empty files
: >"$tmp/empty.ko"
expect "finit_module() of an empty file: kernel_read_file() EINVAL, no line" 1 "verdict: refused: EINVAL (errno 22)" \
	"${X[@]}" --arch x86_64 --finit-module "$tmp/empty.ko"
expect "busybox insmod of an empty file: 'short read' before init_module()" 1 "verdict: refused: EINVAL (errno 22)
note: busybox dies with 'short read' (exit status 1) before init_module(): $tmp/empty.ko" \
	"${X[@]}" --arch x86_64 --verbose --insmod "$tmp/empty.ko"
head -c 16 "$tmp/good.ko" >"$tmp/short.ko"
expect "busybox insmod of a short file: init_module() is silent" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header len 16" "${X[@]}" --arch x86_64 --insmod "$tmp/short.ko"

# dmesg's escapes: a non-printable byte in a kernel line
mk "$tmp/esc.ko" "${base[@]}" --modinfo "vermagic=$(printf '6.1\001\302\251 x')"
expect "escapes: bytes shown as util-linux dmesg shows them" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: version magic '6.1\\x01\\xc2\\xa9 x' should be '$VM'" "${X[@]}" "$tmp/esc.ko"
json=$("$k" "${X[@]}" --json "$tmp/esc.ko" || true)
jq_ok "escapes: the same in JSON" 'assert d["dmesg"][0].startswith("kotest: version magic \x276.1\\x01\\xc2\\xa9 x\x27 should be")' "$json"

# State files that are not
printf '{"kocheck_state": 2}' >"$tmp/bad.json"
expect "a state of another version" 2 "kocheck: --state $tmp/bad.json: not a kocheck state: \"kocheck_state\": 1 missing" \
	"${X[@]}" --state "$tmp/bad.json" "$tmp/good.ko"
printf '{"kocheck_state": 1, "taints": "Q"}' >"$tmp/bad.json"
expect "a state with a bad taint letter" 2 "kocheck: --state $tmp/bad.json: not a kocheck state: \"taints\" takes taint letters (PFSRMBUDAWCIOELKXTN) or a number" \
	"${X[@]}" --state "$tmp/bad.json" "$tmp/good.ko"
printf '{"kocheck_state": 1,' >"$tmp/bad.json"
expect "a state that is not JSON" 2 "kocheck: --state $tmp/bad.json: not JSON: expected a key" \
	"${X[@]}" --state "$tmp/bad.json" "$tmp/good.ko"
printf '{"kocheck_state": 1, "taints": 4096, "once": {"lockdep": true}, "loaded": []}' >"$tmp/num.json"
expect "a state with a numeric taint mask and lockdep off" 0 "verdict: loads
dmesg: other: module license 'Proprietary' taints kernel." "${X[@]}" --state "$tmp/num.json" "$tmp/other.ko"

# The kernel never reads e_ident[EI_CLASS]: a module with another class
# byte loads, and stays in the state (found by scripts/agree in QEMU).
cp "$tmp/good.ko" "$tmp/class3.ko"
printf '\003' | dd of="$tmp/class3.ko" bs=1 seek=4 conv=notrunc status=none
rm -f "$st"
expect "state: EI_CLASS 3 loads" 0 "verdict: loads
$oot" "${X[@]}" --save-state "$st" "$tmp/class3.ko"
jq_ok "state: a module with EI_CLASS 3 is in the state" 'assert [m["name"] for m in d["loaded"]] == ["kotest"]' "$(cat "$st")"
