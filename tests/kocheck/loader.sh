# shellcheck shell=bash disable=SC2154
# The rest of 6.1's loader path on crafted modules: parameter arrays and
# strings, signatures, sections, relocations, sysfs.  Sourced by
# tests/kocheck/unit after crafted.sh and state.sh.

# parse_args(): param_array_ops and param_ops_string, both classes
sva=$tmp/Module.symvers.params
cp "$sv" "$sva"
for s in param_array_ops param_ops_string param_ops_bool; do
	printf '0x00000001\t%s\tvmlinux\tEXPORT_SYMBOL\t\n' "$s" >>"$sva"
done
for c in 64 32; do
	if [ $c = 64 ]; then m=62 v=$VM; else m=40 v=$VMA; fi
	mk "$tmp/arr$c.ko" --class $c --machine $m --name kotest --modinfo name=kotest --modinfo license=GPL \
		--modinfo intree=Y --modinfo retpoline=Y --modinfo "vermagic=$v" --version module_layout:1234 \
		--param seed:param_array_ops:param_ops_int:2 --param s:param_ops_string:4 \
		--param b:param_array_ops:param_ops_bool:3
	P=(check --vermagic "$v" --symvers "$sva" --sig off --modversions off)
	expect "arrays ($c): too many elements: param_array()'s line, the value cut at the first comma" 1 \
		"verdict: refused: EINVAL (errno 22)
dmesg: seed: can only take 2 arguments
dmesg: kotest: \`1' invalid for parameter \`seed'" "${P[@]}" --param seed=1,2,3 "$tmp/arr$c.ko"
	expect "arrays ($c): a bad element" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`1' invalid for parameter \`seed'" "${P[@]}" --param seed=1,x "$tmp/arr$c.ko"
	expect "arrays ($c): no value" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`' invalid for parameter \`seed'" "${P[@]}" --param seed "$tmp/arr$c.ko"
	expect "arrays ($c): good values, bool elements" 0 "verdict: loads" \
		"${P[@]}" --param seed=7,-8 --param b=y,n,on "$tmp/arr$c.ko"
	expect "strings ($c): one too long" 1 "verdict: refused: ENOSPC (errno 28)
dmesg: s: string doesn't fit in 3 chars.
dmesg: kotest: \`abcd' too large for parameter \`s'" "${P[@]}" --param s=abcd "$tmp/arr$c.ko"
	expect "strings ($c): fits" 0 "verdict: loads" "${P[@]}" --param s=abc "$tmp/arr$c.ko"
done

# layout_and_allocate(): module_frob_arch_sections(), module_enforce_rwx_sections()
mk "$tmp/noplt.ko" --class 32 --machine 40 "${base[@]}" --modinfo "vermagic=$VMA" --no-plt
expect "arm: no .plt/.init.plt with CONFIG_ARM_MODULE_PLTS" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: module PLT section(s) missing" "${XA[@]}" "$tmp/noplt.ko"
expect "arm: no .plt without CONFIG_ARM_MODULE_PLTS" 0 "verdict: loads
$oot" "${XA[@]}" --module-plts off "$tmp/noplt.ko"
mk "$tmp/wx.ko" "${base[@]}" --modinfo "vermagic=$VM" --section .wxdata:awx:16
expect "CONFIG_STRICT_MODULE_RWX: a writable and executable section" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: section .wxdata (index 19) has invalid WRITE|EXEC flags" "${X[@]}" "$tmp/wx.ko"
expect "... without CONFIG_STRICT_MODULE_RWX" 0 "verdict: loads
$oot" "${X[@]}" --strict-rwx off "$tmp/wx.ko"

# percpu_modalloc(), find_module_sections()
mk "$tmp/pcpu.ko" "${base[@]}" --modinfo "vermagic=$VM" --section .data..percpu:aw:16384:8:nobits
expect "per-CPU data larger than the module reserve" 1 "verdict: refused: ENOMEM (errno 12)
$oot
dmesg: kotest: Could not allocate 16384 bytes percpu data" "${X[@]}" "$tmp/pcpu.ko"
mk "$tmp/pcpua.ko" "${base[@]}" --modinfo "vermagic=$VM" --section .data..percpu:aw:64:8192:nobits
expect "per-CPU alignment above a page: a warning" 0 "verdict: loads
$oot
dmesg: kotest: per-cpu alignment 8192 > 4096" "${X[@]}" "$tmp/pcpua.ko"
mk "$tmp/ctors.ko" "${base[@]}" --modinfo "vermagic=$VM" --section .ctors:a:8 --section .init_array:a:8 \
	--section __obsparm:a:8
expect "CONFIG_CONSTRUCTORS: .ctors and .init_array" 1 "verdict: refused: EINVAL (errno 22)
$oot
dmesg: kotest: has both .ctors and .init_array." "${X[@]}" --constructors on "$tmp/ctors.ko"
expect "without CONFIG_CONSTRUCTORS; __obsparm's warning" 0 "verdict: loads
$oot
dmesg: kotest: Ignoring obsolete parameters" "${X[@]}" "$tmp/ctors.ko"

# apply_relocations(): x86_64
svr=$tmp/Module.symvers.reloc
cp "$sv" "$svr"
printf '0x00000001\tkfunc\tvmlinux\tEXPORT_SYMBOL\t\n' >>"$svr"
R=(check --vermagic "$VM" --symvers "$svr" --sig off --modversions off)
rel() { mk "$tmp/rel.ko" "${base[@]}" --modinfo "vermagic=$VM" "$@"; }
rel --reloc 0:99:.
expect "x86_64: an unknown relocation type" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module: kotest: Unknown rela relocation: 99" "${R[@]}" "$tmp/rel.ko"
rel --reloc 0:10:kfunc
expect "x86_64: R_X86_64_32 against a kernel symbol: overflow" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module: overflow in relocation type 10 val ?
dmesg: module: \`kotest' likely not compiled with -mcmodel=kernel
unevaluated: the val in 'overflow in relocation type' is a runtime address, shown as ?" \
	"${R[@]}" --verbose "$tmp/rel.ko"
rel --abs big=0x100000000 --reloc 0:10:big:4
expect "x86_64: R_X86_64_32 of a number that does not fit" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module: overflow in relocation type 10 val 100000004
dmesg: module: \`kotest' likely not compiled with -mcmodel=kernel" "${R[@]}" "$tmp/rel.ko"
rel --abs small=0x1000 --reloc 0:10:small --reloc 8:11:kfunc:-4 --reloc 16:2:kfunc:-4 --reloc 24:1:.
expect "x86_64: relocations that fit" 0 "verdict: loads
$oot" "${R[@]}" "$tmp/rel.ko"
rel --reloc 0:2:kfunc:-4 --rodata-byte 2=1
expect "x86_64: a place that is not zero" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module: x86/modules: Skipping invalid relocation target, existing value is nonzero for type 2, loc ?, val ?" \
	"${R[@]}" "$tmp/rel.ko"
rel --reloc 0:2:kfunc:-4 --reloc 0:2:kfunc:-4
expect "x86_64: the same place twice" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module: x86/modules: Skipping invalid relocation target, existing value is nonzero for type 2, loc ?, val ?" \
	"${R[@]}" "$tmp/rel.ko"
rel --reloc 0:1:. --rodata-rel
expect "x86_64: a REL section" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module kotest: REL relocation unsupported" "${R[@]}" "$tmp/rel.ko"

# apply_relocations(): arm
RA=(check --vermagic "$VMA" --symvers "$svr" --sig off --modversions off)
arel() { mk "$tmp/arel.ko" --class 32 --machine 40 "${base[@]}" --modinfo "vermagic=$VMA" "$@"; }
arel --reloc 0:200:.
expect "arm: an unknown relocation type" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: unknown relocation: 200" "${RA[@]}" "$tmp/arel.ko"
arel --reloc 0:10:kfunc
expect "arm: R_ARM_THM_CALL without CONFIG_THUMB2_KERNEL" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: unknown relocation: 10" "${RA[@]}" "$tmp/arel.ko"
arel --abs odd=0x1002 --reloc 0:28:odd
expect "arm: an ARM call to a Thumb address" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: section 15 reloc 0 sym 'odd': unsupported interworking call (ARM -> Thumb)" "${RA[@]}" "$tmp/arel.ko"
arel --rodata-byte 7=0 --reloc 0x200000:2:.
expect "arm: a relocation past its section" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: section 15 reloc 0 sym '': out of bounds relocation, offset 2097152 size 15" "${RA[@]}" "$tmp/arel.ko"
arel --reloc 0:2:. --reloc 4:28:kfunc --reloc 8:29:kfunc --reloc 12:42:. --reloc 16:43:.
expect "arm: relocations that apply" 0 "verdict: loads
$oot" "${RA[@]}" "$tmp/arel.ko"
arel --reloc 0:2:. --rodata-rel
expect "arm: a RELA section (the stub says REL)" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module kotest: REL relocation unsupported" "${RA[@]}" "$tmp/arel.ko"

# apply_relocations(): arm64
V64="${VM}aarch64"
R64=(check --vermagic "$V64" --symvers "$svr" --sig off --modversions off)
rel64() { mk "$tmp/rel64.ko" --machine 183 "${base[@]}" --modinfo "vermagic=$V64" "$@"; }
rel64 --reloc 0:999:.
expect "arm64: an unsupported relocation type" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module kotest: unsupported RELA relocation: 999" "${R64[@]}" "$tmp/rel64.ko"
rel64 --reloc 0:258:kfunc
expect "arm64: R_AARCH64_ABS32 of a kernel address" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: module kotest: overflow in relocation type 258 val ?" "${R64[@]}" "$tmp/rel64.ko"
rel64 --reloc 0:257:kfunc --reloc 8:283:kfunc --reloc 16:256:.
expect "arm64: relocations that apply" 0 "verdict: loads
$oot" "${R64[@]}" "$tmp/rel64.ko"
rel64 --no-ftrace-trampoline
expect "arm64: module_finalize() without .text.ftrace_trampoline (DYNAMIC_FTRACE, MODULE_PLTS)" 1 \
	"verdict: refused: ENOEXEC (errno 8)
$oot" "${R64[@]}" "$tmp/rel64.ko"
expect "arm64: ... without CONFIG_DYNAMIC_FTRACE" 0 "verdict: loads
$oot" "${R64[@]}" --dynamic-ftrace off "$tmp/rel64.ko"

# mod_sysfs_setup(): a built-in module of that name
printf 'kotest.version=1.0\0other.parmtype=x:int\0' >"$tmp/builtin.modinfo"
expect "built-in with a version: /sys/module/NAME exists" 1 "verdict: refused: EINVAL (errno 22)
$oot
dmesg: kotest: module is already loaded" "${X[@]}" --builtin "$tmp/builtin.modinfo" "$tmp/good.ko"
expect "built-in without: not decided" 3 "verdict: unknown (predicted: loads)
dmesg: other: loading out-of-tree module taints kernel." \
	"${X[@]}" --builtin "$tmp/builtin.modinfo" "$tmp/other.ko" --taints prop,lockdep

# module_sig_check(): what is appended after the module
# sigtail FILE ALGO HASH ID_TYPE SIGLEN [SIGNATURE-FILE]: struct
# module_signature (algo, hash, id_type, signer_len, key_id_len, __pad[3],
# be32 sig_len) and the marker after FILE (and the signature)
sigtail() {
	[ -z "${6:-}" ] || cat "$6" >>"$1"
	python3 -c 'import struct, sys
sys.stdout.buffer.write(struct.pack(">BBBBB3xI", *map(int, sys.argv[1:7])) + b"~Module signature appended~\n")' \
		"$2" "$3" "$4" 0 0 "$5" >>"$1"
}
S=("${X[@]}" --sig on --taints oot --taints signote)
cp "$tmp/good.ko" "$tmp/x509.ko"
printf 'abcd' >"$tmp/4bytes"
sigtail "$tmp/x509.ko" 0 0 1 4 "$tmp/4bytes"
expect "signature: not PKCS#7: ENOPKG, not enforced" 0 "verdict: loads
dmesg: module: not signed with expected PKCS#7 message" "${S[@]}" "$tmp/x509.ko"
expect "signature: not PKCS#7, module.sig_enforce" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: module: not signed with expected PKCS#7 message
dmesg: Loading of module with unsupported crypto is rejected" "${S[@]}" --sig-enforce on "$tmp/x509.ko"
cp "$tmp/good.ko" "$tmp/params.ko"
sigtail "$tmp/params.ko" 1 0 2 4 "$tmp/4bytes"
expect "signature: non-zero parameters: EBADMSG even when not enforced" 1 "verdict: refused: EBADMSG (errno 74)
dmesg: module: PKCS#7 signature info has unexpected non-zero params" "${S[@]}" "$tmp/params.ko"
cp "$tmp/good.ko" "$tmp/huge.ko"
sigtail "$tmp/huge.ko" 0 0 2 100000000
expect "signature: longer than the file: EBADMSG, no line" 1 "verdict: refused: EBADMSG (errno 74)" \
	"${S[@]}" "$tmp/huge.ko"
cp "$tmp/good.ko" "$tmp/garbage-sig.ko"
sigtail "$tmp/garbage-sig.ko" 0 0 2 4 "$tmp/4bytes"
expect "signature: not a PKCS#7 message: EBADMSG, no line" 1 "verdict: refused: EBADMSG (errno 74)" \
	"${S[@]}" "$tmp/garbage-sig.ko"
expect "signature: forcing flags skip it: unsigned, lockdown" 1 "verdict: refused: EPERM (errno 1)
dmesg: Lockdown: kmload: unsigned module loading is restricted; see man kernel_lockdown.7" \
	"${S[@]}" --lockdown on --finit-module --ignore-vermagic "$tmp/garbage-sig.ko"
printf '~Module signature appended~\n' >"$tmp/onlymarker.ko"
expect "signature: the marker alone is not a signature (info->len > markerlen)" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header len 28" "${S[@]}" --arch x86_64 "$tmp/onlymarker.ko"
printf 'abcd~Module signature appended~\n' >"$tmp/shortsig.ko"
expect "signature: no room for struct module_signature: EBADMSG" 1 "verdict: refused: EBADMSG (errno 74)" \
	"${S[@]}" --arch x86_64 "$tmp/shortsig.ko"
# a key of our own: sign-file's way (no signed attributes), and with them
openssl req -new -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=kocheck-test -outform PEM \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl x509 -in "$tmp/cert.pem" -outform DER -out "$tmp/cert.der"
for attrs in noattr attr; do
	flag=-noattr
	[ $attrs = attr ] && flag=
	# shellcheck disable=SC2086
	openssl cms -sign -binary -nocerts $flag -md sha256 -in "$tmp/good.ko" -signer "$tmp/cert.pem" \
		-inkey "$tmp/key.pem" -outform DER -out "$tmp/sig.$attrs"
	cp "$tmp/good.ko" "$tmp/signed-$attrs.ko"
	sigtail "$tmp/signed-$attrs.ko" 0 0 2 "$(stat -c %s "$tmp/sig.$attrs")" "$tmp/sig.$attrs"
done
expect "signature: signed with a trusted key (DER certificate)" 0 "verdict: loads
$oot" "${X[@]}" --sig on --sig-enforce on --cert "$tmp/cert.der" "$tmp/signed-noattr.ko"
expect "signature: a key the kernel does not have: ENOKEY" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: Loading of module with unavailable key is rejected" "${X[@]}" --sig on --sig-enforce on "$tmp/signed-noattr.ko"
expect "signature: signed attributes" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: PKCS7: Invalid module sig (has authattrs)" "${X[@]}" --sig on --cert "$tmp/cert.pem" "$tmp/signed-attr.ko"

# param_check_unsafe(): a hardware parameter under lockdown
mk "$tmp/hw.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef param_ops_int --version param_ops_int:1 \
	--param irq:param_ops_int:hw
openssl cms -sign -binary -nocerts -noattr -md sha256 -in "$tmp/hw.ko" -signer "$tmp/cert.pem" \
	-inkey "$tmp/key.pem" -outform DER -out "$tmp/sig.hw"
sigtail "$tmp/hw.ko" 0 0 2 "$(stat -c %s "$tmp/sig.hw")" "$tmp/sig.hw"
expect "lockdown: a hardware parameter of a signed module" 1 "verdict: refused: EPERM (errno 1)
dmesg: Lockdown: insmod: unsafe module parameters is restricted; see man kernel_lockdown.7
dmesg: kotest: \`5' invalid for parameter \`irq'" "${X[@]}" --sig on --taints oot --lockdown on \
	--cert "$tmp/cert.pem" --param irq=5 "$tmp/hw.ko"
expect "lockdown: a hardware parameter without lockdown" 0 "verdict: loads" \
	"${X[@]}" --sig on --taints oot --cert "$tmp/cert.pem" --param irq=5 "$tmp/hw.ko"

# elf_validity_check(), each message, on an ELF64 module: shpatch FILE
# SECTION FIELD VALUE sets a field of a section header
shpatch() {
	python3 -c 'import struct, sys
f, sec, field, val = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4], 0)
off = {"name": (0, "<I"), "type": (4, "<I"), "flags": (8, "<Q"), "addr": (16, "<Q"),
       "offset": (24, "<Q"), "size": (32, "<Q"), "link": (40, "<I")}[field]
b = bytearray(open(f, "rb").read())
shoff = struct.unpack_from("<Q", b, 40)[0]
struct.pack_into(off[1], b, shoff + 64 * sec + off[0], val)
open(f, "wb").write(b)' "$@"
}
ev() { # NAME LINE SECTION FIELD VALUE
	cp "$tmp/good.ko" "$tmp/ev.ko"
	shpatch "$tmp/ev.ko" "$3" "$4" "$5"
	expect "elf_validity_check(): $1" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: $2" "${X[@]}" "$tmp/ev.ko"
}
size=$(stat -c %s "$tmp/good.ko")
ev "section name table past the end" "Invalid ELF section hdr(type 3)" 1 offset "$size"
ev "empty section name table" "empty section name table" 1 size 0
ev "section name table not NUL-terminated" "ELF Spec violation: section name table isn't null terminated" 1 size 3
ev "section 0 not SHT_NULL" "ELF Spec violation: section 0 type(1)!=SH_NULL or non-zero len or addr" 0 type 1
ev "section 0 with an address" "ELF Spec violation: section 0 type(0)!=SH_NULL or non-zero len or addr" 0 addr 16
ev "symbol table without a string table" "Invalid ELF sh_link!=SHN_UNDEF(0) or (sh_link(0) >= hdr->e_shnum(19)" 3 link 0
ev "a section past the end" "Invalid ELF section in module (section 4 type 1)" 4 size "$size"
ev "an allocated section's name past the name table" "Invalid ELF section name in module (section 4 type 1)" 4 name 100000
mk "$tmp/ev.ko" "${base[@]}" --modinfo "vermagic=$VM" --section .bss:aw:16:8:nobits
shpatch "$tmp/ev.ko" 19 offset "$((size * 2))"
expect "elf_validity_check(): a NOBITS section is not checked" 0 "verdict: loads
$oot" "${X[@]}" "$tmp/ev.ko"

# simplify_symbols(): the branches not seen above
mk "$tmp/syms2.ko" "${base[@]}" --modinfo "vermagic=$VM" --common __gnu_lto_v1 --symbol lp:0xff20 \
	--symbol bad:0x9999 --abs a=1 --weak gone
expect "simplify_symbols(): LTO commons, livepatch, absolute, weak; an invalid section index" 1 \
	"verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: Symbol bad has an invalid section index 39321 (max 18)" "${X[@]}" "$tmp/syms2.ko"

# parse_args(): a charp longer than 1024
long=$(head -c 1025 /dev/zero | tr '\0' x)
expect "parse_args(): a charp parameter too long" 1 "verdict: refused: ENOSPC (errno 28)
dmesg: name: string parameter too long
dmesg: kotest: \`$long' too large for parameter \`name'" "${X[@]}" --taints oot --param "name=$long" "$tmp/par.ko"

# parse_args() on the argument string each tool makes (next_arg())
expect "arguments: busybox insmod leaves a space after each" 0 "verdict: loads
dmesg: kotest: parameters 'count=1 ' after \`--' ignored" "${X[@]}" --insmod --taints oot --param -- --param count=1 "$tmp/par.ko"
expect "arguments: kmod joins them with spaces: a value with a space splits" 0 "verdict: loads
dmesg: kotest: unknown parameter 'b' ignored" "${X[@]}" --taints oot --param "name=a b" "$tmp/par.ko"
expect "arguments: '--' last: an empty rest is still reported" 0 "verdict: loads
dmesg: kotest: parameters '' after \`--' ignored" "${X[@]}" --taints oot --param count=1 --param -- "$tmp/par.ko"
mk "$tmp/mp.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef param_ops_charp --version param_ops_charp:3 \
	--param name:param_ops_charp
expect "arguments: busybox modprobe quotes a value with spaces" 0 "verdict: loads" \
	"${X[@]}" --modprobe --taints oot --param "name=a b" "$tmp/mp.ko"
expect "arguments: quotes given by hand" 0 "verdict: loads" \
	"${X[@]}" --taints oot --param 'name="a b"' "$tmp/mp.ko"
