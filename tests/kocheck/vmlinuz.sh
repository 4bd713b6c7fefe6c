#!/bin/bash
# tests/kocheck/vmlinuz.sh: vmlinuz_certs() (scripts/kocheck/vmlinuz.c), the
# certificates built into a kernel image, through its driver vmlinuz-certs
# built with ASan+UBSan:
#   1. crafted images: each compression, each wrapper (bzImage, arm zImage,
#      EFI zboot), the list layouts (x86 8-byte, arm 256-byte alignment,
#      32-bit big-endian words, an inserted extra certificate, a decoy
#      certificate before the list) and the errors (truncated, corrupt,
#      not a kernel, no size word, two lists, no keyring);
#   2. every ready Debian tree: its certificate verifies the signatures of
#      modules of the same image package (openssl cms), and not those of
#      another build; the Debian Image recompressed with every compression
#      and wrapped as an EFI zboot image gives the same certificate;
#   3. every finished lab kernel build: with CONFIG_MODULE_SIG, the list is
#      exactly its certs/signing_key.x509; without a keyring, none.
# Extra unpacked image packages (say arm64: a directory with boot/vmlinuz-*
# and lib/modules/) can be given in VMLINUZ_EXTRA_ROOTS, extra kernel build
# directories (O=, with a "done" file) in VMLINUZ_EXTRA_LABS (space-separated).
# VMLINUZ_FUZZ_SECONDS=N (default 0) adds a libFuzzer run of N seconds.
# Prints ok / not ok lines; exits non-zero if a test failed or if no Debian
# tree or no signing lab kernel is ready (scripts/fetch-trees makes them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
cd "$KMODLAB_ROOT" || exit 1
need_pkgs pkg-config libssl-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev \
	liblzo2-dev libbz2-dev clang openssl perl python3 gzip xz-utils zstd lz4 lzop bzip2

kc=$KMODLAB_ROOT/scripts/kocheck
out=$KMODLAB_OUT/vmlinuz
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
nfail=0
fail() {
	nfail=$((nfail + 1))
	echo "not ok - $1"
	shift
	[ $# -eq 0 ] || printf '#   %s\n' "$@"
}

# shellcheck disable=SC2207
libs=($(pkg-config --cflags --libs zlib liblzma libzstd liblz4 lzo2 libcrypto) -lbz2)
srcs=("$kc/vmlinuz-certs-main.c" "$kc/vmlinuz.c")
flags=(-O1 -g -std=c11 -Wall -Wextra -Werror)
san=("-fsanitize=address,undefined" -fno-omit-frame-pointer -fno-sanitize-recover=all)
if ! msg=$(cc "${flags[@]}" -o "$out/vmlinuz-certs" "${srcs[@]}" "${libs[@]}" 2>&1 &&
	clang "${flags[@]}" -o "$out/vmlinuz-certs-clang" "${srcs[@]}" "${libs[@]}" 2>&1 &&
	cc "${flags[@]}" "${san[@]}" -o "$out/vmlinuz-certs-san" "${srcs[@]}" "${libs[@]}" 2>&1); then
	fail "vmlinuz-certs builds with gcc and clang -Wall -Wextra -Werror (and ASan+UBSan)" "$msg"
	exit 1
fi
pass "vmlinuz-certs builds with gcc and clang -Wall -Wextra -Werror (and ASan+UBSan)"
vc=$out/vmlinuz-certs-san

# certs NAME IMAGE DIR: run vmlinuz-certs IMAGE DIR; sets $rc and $got.
certs() {
	rm -rf "$3"
	got=$("$vc" "$2" "$3" 2>&1)
	rc=$?
}

# expect_certs NAME IMAGE DER...: the list is exactly these certificates.
expect_certs() {
	local name=$1 image=$2 d=$tmp/x i=0 why=""
	shift 2
	certs "$name" "$image" "$d"
	if [ $rc -ne 0 ]; then
		fail "$name" "vmlinuz-certs exited $rc:" "$got"
		return
	fi
	for want; do
		cmp -s "$want" "$d/$i.der" || why="certificate $i differs from $want"
		i=$((i + 1))
	done
	[ -e "$d/$i.der" ] && why="more than the $# certificate(s) expected"
	if [ -n "$why" ]; then fail "$name" "$why" "$got"; else pass "$name"; fi
}

# expect_error NAME PATTERN IMAGE: exit 1 with a message matching PATTERN.
expect_error() {
	certs "$1" "$3" "$tmp/x"
	if [ $rc -eq 1 ] && grep -qE -- "$2" <<<"$got"; then
		pass "$1"
	else
		fail "$1" "expected exit 1 and a message matching: $2" "got (exit $rc): $got"
	fi
}

# ---- 1. crafted images ----
c=$tmp/crafted
mkdir -p "$c"
for i in 1 2 3 4; do
	openssl req -new -x509 -nodes -batch -newkey rsa:2048 -days 1 -subj "/CN=vmlinuz test $i" \
		-keyout /dev/null -outform DER -out "$c/c$i.der" >/dev/null 2>&1 ||
		{ fail "openssl makes test certificates"; exit 1; }
done
# Fake kernels: a "Linux version" string, the keyring's message and a
# certificate list laid out as certs/system_certificates.S does.
python3 - "$c" <<'PY' || fail "crafted images are written"
import os, struct, sys
d = sys.argv[1]
c = [open(f"{d}/c{i}.der", "rb").read() for i in (1, 2, 3, 4)]
def w(name, data): open(f"{d}/{name}", "wb").write(data)
def pad(b, a): return b + b"\0" * (-len(b) % a)
head = b"\x7fELF" + b"\x01" * 60 + b"Linux version 6.1.0-fake (test)\n\0"
msg = b"\x015Loading compiled-in X.509 certificates\n\0"
def kernel(certs, align=8, fmt="<Q", module=None, extra=None, extra_size=0,
           keyring=True, size_word=True, before=b"", tail=b"\xaa" * 64):
    img = pad(head + (msg if keyring else b"") + b"\x11" * 37, align)
    if before:  # a decoy that ends where the (aligned) list starts
        img += b"\x55" * (-(len(img) + len(before)) % align) + before
    lst = b"".join(certs)
    size = len(lst)
    img += lst
    if extra_size:
        area = (extra or b"") + b"\0" * (extra_size - len(extra or b""))
        img += area
        img = pad(img, 4) + struct.pack(fmt[0] + "I", len(extra or b""))
        if extra:
            size += len(extra)
    if size_word:
        img = pad(img, align) + struct.pack(fmt, size)
        img = pad(img, align) + struct.pack(fmt, len(certs[0]) if module is None else module)
    return img + tail + b"\x22" * 300
w("k64", kernel(c[:2]))
w("karm", kernel(c[:2], align=256, fmt="<I"))
w("kbe32", kernel(c[:2], fmt=">I"))
w("kone", kernel(c[:1], module=0))
w("kextra", kernel(c[:2], extra=c[2], extra_size=4096))
w("kextra0", kernel(c[:2], extra_size=4096))
w("kdecoy", c[3] + b"\x33" * 100 + kernel(c[:2], before=c[3]))
w("knosize", kernel(c[:2], size_word=False))
w("knokeyring", kernel([c[0]], keyring=False, size_word=False)[:300] + b"\x44" * 500)
w("ktwo", kernel(c[:2]) + kernel(c[2:4]))
w("kbadmodule", kernel(c[:2], module=17))
# certs/revocation_certificates.S: a list and its size word, then zeros
revoke = pad(b"\x66" * 5, 8) + c[3] + b"\0" * (-len(c[3]) % 8) + struct.pack("<Q", len(c[3])) + b"\0" * 64
w("krevoke", kernel(c[:2]) + revoke)
w("krevoke-first", pad(revoke, 8) + kernel(c[:2]))
w("notkernel", b"just some bytes, no kernel here\n" * 100)
PY
# The compressions, as the kernel's Makefiles run them.
gzip -n -9 <"$c/k64" >"$c/k64.gzip"
xz --check=crc32 --x86 --lzma2=dict=1MiB <"$c/k64" >"$c/k64.xz"
zstd -q -19 <"$c/k64" >"$c/k64.zstd"
lzma -9 <"$c/k64" >"$c/k64.lzma"
lzop -9 -c <"$c/k64" >"$c/k64.lzo"
lz4 -q -l -9 -c <"$c/k64" >"$c/k64.lz4"
bzip2 -9 <"$c/k64" >"$c/k64.bzip2"
# The boot wrappers around each compressed fake kernel.
python3 - "$c" <<'PY'
import struct, sys, os
d = sys.argv[1]
def w(name, data): open(f"{d}/{name}", "wb").write(data)
for f in sorted(os.listdir(d)):
    if not f.startswith("k64."):
        continue
    name, payload = f[4:], open(f"{d}/{f}", "rb").read()
    b = bytearray(1024)
    b[0x1f1] = 1
    b[0x1fe:0x200] = b"\x55\xaa"
    b[0x202:0x206] = b"HdrS"
    b[0x206:0x208] = struct.pack("<H", 0x020f)
    b[0x248:0x250] = struct.pack("<II", 0, len(payload))
    w(f"bz-{name}", bytes(b) + payload + struct.pack("<I", 12345))
    z = bytearray(b"\x00\x00\xa0\xe1" * 9 + struct.pack("<III", 0x016f2818, 0, 0) + b"\x01\x02\x03\x04")
    z += b"\x5d\x00\x00\x99\x98 not lzma \x1f\x8b\x07" + b"\xe1" * 3000
    w(f"zi-{name}", bytes(z) + payload + struct.pack("<I", 12345) + b"\x00" * 64)
    h = bytearray(b"MZ\0\0zimg" + struct.pack("<II", 64, len(payload)) + b"\0" * 8 + name.encode() + b"\0")
    h += b"\0" * (64 - len(h))
    w(f"zb-{name}", bytes(h) + payload + struct.pack("<I", 12345))
PY

expect_certs "crafted: raw ELF, x86 layout (8-byte aligned, 64-bit words)" "$c/k64" "$c/c1.der" "$c/c2.der"
expect_certs "crafted: arm layout (256-byte aligned, 32-bit words)" "$c/karm" "$c/c1.der" "$c/c2.der"
expect_certs "crafted: 32-bit big-endian size words" "$c/kbe32" "$c/c1.der" "$c/c2.der"
expect_certs "crafted: module_cert_size 0 (no signing key)" "$c/kone" "$c/c1.der"
expect_certs "crafted: an inserted extra certificate (insert-sys-cert)" "$c/kextra" \
	"$c/c1.der" "$c/c2.der" "$c/c3.der"
expect_certs "crafted: an unused CONFIG_SYSTEM_EXTRA_CERTIFICATE area" "$c/kextra0" "$c/c1.der" "$c/c2.der"
expect_certs "crafted: decoy certificates elsewhere and right before the list" "$c/kdecoy" \
	"$c/c1.der" "$c/c2.der"
for z in gzip xz zstd lzma lzo lz4 bzip2; do
	expect_certs "crafted: $z-compressed file" "$c/k64.$z" "$c/c1.der" "$c/c2.der"
	expect_certs "crafted: bzImage, $z payload" "$c/bz-$z" "$c/c1.der" "$c/c2.der"
	expect_certs "crafted: arm zImage, $z payload after decoy magics" "$c/zi-$z" "$c/c1.der" "$c/c2.der"
	expect_certs "crafted: EFI zboot, $z payload" "$c/zb-$z" "$c/c1.der" "$c/c2.der"
done
expect_certs "crafted: a revocation list after the list is not the list" "$c/krevoke" "$c/c1.der" "$c/c2.der"
expect_certs "crafted: a revocation list before the list is not the list" "$c/krevoke-first" \
	"$c/c1.der" "$c/c2.der"
expect_error "crafted: certificates without the size words are not the list" \
	"loads built-in certificates, but no system_certificate_list was found: 2 DER" "$c/knosize"
expect_error "crafted: a wrong module_cert_size is not the list" \
	"no system_certificate_list was found" "$c/kbadmodule"
expect_error "crafted: two lists are ambiguous" "2 candidate certificate lists" "$c/ktwo"
expect_error "crafted: not a kernel" "not a Linux kernel image" "$c/notkernel"
expect_error "crafted: a missing file" "No such file or directory" "$c/nonexistent"
: >"$c/empty"
expect_error "crafted: an empty file" "empty file" "$c/empty"
head -c 2000 "$c/bz-xz" >"$c/bz-trunc"
expect_error "crafted: a truncated bzImage" "payload .* lies beyond the end of the file" "$c/bz-trunc"
for z in gzip xz zstd lzma lzo lz4 bzip2; do
	s=$(stat -c %s "$c/k64.$z")
	head -c $((s * 2 / 3)) "$c/k64.$z" >"$c/trunc.$z"
	expect_error "crafted: truncated $z data" "$z data truncated" "$c/trunc.$z"
done
# (found by the fuzzer: the header was read past the end of the data)
{
	printf '\x89LZO\x00\r\n\x1a\n\x10\x40\x20\xa0\x09\x40\x03\x09'
	head -c 16 /dev/zero
	printf '\xff0123'
} >"$c/lzo-name"
expect_error "crafted: an lzo header whose file name runs past the end" "lzo data truncated" "$c/lzo-name"
cp "$c/k64.gzip" "$c/corrupt.gzip"
printf '\xff\xff\xff\xff\xff\xff\xff\xff' | dd of="$c/corrupt.gzip" bs=1 seek=40 conv=notrunc status=none
expect_error "crafted: corrupt gzip data" "gzip data corrupt" "$c/corrupt.gzip"
certs "" "$c/knokeyring" "$tmp/x"
if [ $rc -eq 2 ] && grep -q "no built-in trusted keyring" <<<"$got" && [ ! -e "$tmp/x/0.der" ]; then
	pass "crafted: a kernel without the keyring has no certificates (exit 2, says why)"
else
	fail "crafted: a kernel without the keyring has no certificates (exit 2, says why)" "exit $rc: $got"
fi
cp "$c"/k64* "$c"/bz-* "$c"/zi-* "$c"/zb-* "$out/" 2>/dev/null # fuzz seeds

# ---- 2. Debian trees ----
# signed_modules DIR N: N signed modules of DIR, spread over the sorted list.
signed_modules() {
	find "$1" -name '*.ko' -o -name '*.ko.xz' | sort | awk -v n="$2" '{ a[NR] = $0 } END {
		for (i = 0; i < n && NR; i++) print a[int(1 + i * (NR - 1) / (n > 1 ? n - 1 : 1))] }'
}
extract=$(kernel_source 6.1)/scripts/extract-module-sig.pl
# verify_module KO PEM: openssl cms verifies KO's signature with PEM.
verify_module() {
	local m=$1
	# 6.12 and later ship .ko.xz: the signature is inside
	if [[ $m == *.xz ]]; then
		xz -dc "$m" >"$tmp/unpacked.ko" || return 2
		m=$tmp/unpacked.ko
	fi
	[ "$(tail -c 28 "$m")" = "~Module signature appended~" ] || return 2
	perl "$extract" -0 "$m" >"$tmp/content" 2>/dev/null &&
		perl "$extract" -s "$m" >"$tmp/sig.p7" 2>/dev/null &&
		openssl cms -verify -binary -inform DER -in "$tmp/sig.p7" -content "$tmp/content" \
			-certfile "$2" -noverify -out /dev/null >"$tmp/cms.log" 2>&1
}
# certs_pem DIR: the DIR/N.der as one PEM file, DIR/all.pem.
certs_pem() {
	local f
	: >"$1/all.pem"
	for f in "$1"/*.der; do openssl x509 -inform DER -in "$f" >>"$1/all.pem" || return 1; done
}

# check_image NAME IMAGE MODULES-DIR: the certificates verify modules.
check_image() {
	local name=$1 image=$2 mods=$3 d=$out/$1 ko n=0 bad=()
	certs "$name" "$image" "$d"
	if [ $rc -ne 0 ] || [ ! -e "$d/0.der" ]; then
		fail "$name: certificates found in $image" "vmlinuz-certs exited $rc:" "$got"
		return 1
	fi
	printf '%s\n' "$got" >"$d/list.txt"
	pass "$name: $(grep -c '^[0-9]*:' <<<"$got") certificate(s) found ($(sed -n 's/^# [^:]*: //p' <<<"$got" | cut -c1-150)...)"
	certs_pem "$d" || { fail "$name: certificates convert to PEM"; return 1; }
	local unsigned=0 vr
	for ko in $(signed_modules "$mods" 5); do
		n=$((n + 1))
		vr=0
		verify_module "$ko" "$d/all.pem" || vr=$?
		# 2: no signature (Debian 5.10 signs only its Secure Boot arches' modules)
		if [ $vr = 2 ]; then
			unsigned=$((unsigned + 1))
		elif [ $vr != 0 ]; then
			bad+=("${ko#"$mods"/}: $(tail -n 2 "$tmp/cms.log" | tr '\n' ' ')")
		fi
	done
	if [ $n -gt 0 ] && [ $unsigned = $n ]; then
		pass "$name: its modules are not signed ($n looked at): nothing to verify"
		return 0
	fi
	if [ $n -eq 0 ]; then
		fail "$name: signed modules verify" "no module under $mods"
	elif [ ${#bad[@]} -eq 0 ]; then
		pass "$name: the certificate verifies the signatures of $n of its modules (openssl cms)"
	else
		fail "$name: the certificate verifies its modules' signatures" "${bad[@]}"
	fi
}

ndeb=0 debs=()
while read -r name _ kind _; do
	[ "$kind" = debian ] || continue
	if ! tree_ready "$name"; then
		echo "# $name: not ready (scripts/fetch-trees), not tested"
		continue
	fi
	t=$(tree_dir "$name")
	mods=$(echo "$t"/root/lib/modules/*/kernel)
	# 6.12 and later: usr/lib/modules
	[ -d "$mods" ] || mods=$(echo "$t"/root/usr/lib/modules/*/kernel)
	check_image "$name" "$t/kernel" "$mods" && { ndeb=$((ndeb + 1)); debs+=("$name"); }
done < <(trees all)
for r in ${VMLINUZ_EXTRA_ROOTS:-}; do
	img=$(echo "$r"/boot/vmlinuz-*)
	name=extra-$(basename "$img" | sed 's/^vmlinuz-//')
	check_image "$name" "$img" "$(echo "$r"/lib/modules/*/kernel)" && debs+=("$name")
done
[ $ndeb -gt 0 ] || fail "Debian trees: none is ready, so no certificate was checked against signed modules (run scripts/fetch-trees)"

# Another build's certificate does not verify (the check above is not vacuous).
if [ ${#debs[@]} -ge 2 ]; then
	a=${debs[0]} b=${debs[1]}
	# (Debian 5.10's ABIs share one signing key: take another pair then)
	for x in "${debs[@]:1}"; do
		cmp -s "$out/$a/0.der" "$out/$x/0.der" || { b=$x; break; }
	done
	ko=$(signed_modules "$(echo "$(tree_dir "$a")"/root/lib/modules/*/kernel)" 1)
	if cmp -s "$out/$a/0.der" "$out/$b/0.der"; then
		fail "$a and $b have different build keys" "same certificate"
	elif verify_module "$ko" "$out/$b/all.pem"; then
		fail "a module of $a does not verify with $b's certificate" "it did: $ko"
	else
		pass "a module of $a does not verify with $b's certificate"
	fi
fi

# The Debian Image (from an armmp zImage: smallest) recompressed with every
# compression, whole and wrapped as EFI zboot: the same certificate.
for name in "${debs[@]}"; do
	case $name in *armmp*) ;; *) continue ;; esac
	zimg=$(tree_dir "$name")/kernel
	# The first xz magic that unpacks (the decompressor has the magic too).
	ok=
	while read -r off; do
		tail -c +$((off + 1)) "$zimg" | xz -dcq --single-stream >"$tmp/Image" 2>/dev/null &&
			ok=y && break
	done < <(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$zimg" | cut -d: -f1)
	if [ -z "$ok" ]; then
		fail "$name: its Image unpacks with xz for the recompression tests"
		break
	fi
	# all the certificates vmlinuz-certs found in the zImage (5.10's: 2)
	mapfile -t zcerts < <(find "$out/$name" -maxdepth 1 -name '*.der' | sort -V)
	expect_certs "$name: the uncompressed Image" "$tmp/Image" "${zcerts[@]}"
	for z in gzip zstd lz4 lzo lzma bzip2 xz; do
		case $z in
		gzip) gzip -n -1 <"$tmp/Image" ;;
		zstd) zstd -q -3 <"$tmp/Image" ;;
		lz4) lz4 -q -l -c <"$tmp/Image" ;;	# several 8 MiB blocks
		lzo) lzop -1 -c <"$tmp/Image" ;;
		lzma) lzma -1 <"$tmp/Image" ;;
		bzip2) bzip2 -1 <"$tmp/Image" ;;
		xz) xz -1 --check=crc32 <"$tmp/Image" ;;
		esac >"$tmp/Image.$z"
		expect_certs "$name: the Image $z-compressed" "$tmp/Image.$z" "${zcerts[@]}"
		rm -f "$tmp/Image.$z"
	done
	{
		printf 'MZ\0\0zimg'
		python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<II", 64, int(sys.argv[1])) + b"\0"*8 + b"gzip\0" + b"\0"*35)' \
			"$(gzip -n -1 <"$tmp/Image" | tee "$tmp/Image.gz" | wc -c)"
		cat "$tmp/Image.gz"
		printf '\0\0\0\0'
	} >"$tmp/zboot"
	expect_certs "$name: the Image as an EFI zboot image (gzip)" "$tmp/zboot" "${zcerts[@]}"
	head -c $(($(stat -c %s "$tmp/zboot") / 2)) "$tmp/zboot" >"$tmp/zboot.half"
	expect_error "$name: half of the EFI zboot image is an error" "beyond the end of the file" "$tmp/zboot.half"
	head -c $(($(stat -L -c %s "$zimg") * 9 / 10)) "$zimg" >"$tmp/zimg.trunc"
	expect_error "$name: a truncated zImage is an error" "arm zImage: none of the .*xz data truncated" "$tmp/zimg.trunc"
	rm -f "$tmp"/Image* "$tmp"/zboot* "$tmp/zimg.trunc"
	break
done

# ---- 3. lab kernels ----
# Every finished build in the lab cache (scripts/build-lab-kernel; the
# trees link to them), and VMLINUZ_EXTRA_LABS (build directories too).
nlab=0
for b in "$KMODLAB_CACHE"/lab/*/ ${VMLINUZ_EXTRA_LABS:-}; do
	b=${b%/}
	name=lab:$(basename "$b")
	if [ ! -f "$b/done" ]; then
		echo "# $name: not built (building, or its build failed), not tested"
		continue
	fi
	img=
	for i in x86/boot/bzImage arm/boot/zImage arm64/boot/vmlinuz.efi arm64/boot/Image; do
		[ -f "$b/arch/$i" ] && img=$b/arch/$i && break
	done
	if [ -z "$img" ]; then
		fail "$name: a kernel image" "no arch/x86/boot/bzImage, arch/arm/boot/zImage, arch/arm64/boot/vmlinuz.efi or Image"
		continue
	fi
	if grep -q '^CONFIG_MODULE_SIG=y' "$b/.config"; then
		# The list is certs/signing_key.x509 then certs/x509_certificate_list.
		certs "$name" "$img" "$tmp/x"
		cat "$b/certs/signing_key.x509" "$b/certs/x509_certificate_list" >"$tmp/want" 2>/dev/null
		cat "$tmp"/x/*.der >"$tmp/got" 2>/dev/null
		if [ $rc -eq 0 ] && [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then
			pass "$name: the list in ${img#"$b"/} is exactly its certs/signing_key.x509 (+ x509_certificate_list)"
		else
			fail "$name: the list is exactly its certs/signing_key.x509" "exit $rc: $got"
		fi
		nlab=$((nlab + 1))
	elif ! grep -q '^CONFIG_SYSTEM_TRUSTED_KEYRING=y' "$b/.config"; then
		certs "$name" "$img" "$tmp/x"
		if [ $rc -eq 2 ] && grep -q "no built-in trusted keyring" <<<"$got"; then
			pass "$name: no keyring (CONFIG_SYSTEM_TRUSTED_KEYRING off), no certificates"
		else
			fail "$name: no keyring, no certificates" "exit $rc: $got"
		fi
	fi
done
[ $nlab -gt 0 ] || fail "lab kernels: none with CONFIG_MODULE_SIG=y is built, so no certificate was compared with its certs/signing_key.x509 (run scripts/build-lab-kernel strict-x86_64)"

# ---- fuzzing (VMLINUZ_FUZZ_SECONDS) ----
secs=${VMLINUZ_FUZZ_SECONDS:-0}
if [ "$secs" -gt 0 ]; then
	mkdir -p "$out/corpus" "$out/crashes"
	cp "$c"/k64* "$c"/bz-* "$c"/zi-* "$c"/zb-* "$c"/k[a-z]* "$out/corpus/" 2>/dev/null
	while read -r name _; do	# the heads of the real images
		! tree_ready "$name" || head -c 65536 "$(tree_dir "$name")/kernel" >"$out/corpus/head-$name"
	done < <(trees all)
	if clang "${flags[@]}" -DVMLINUZ_FUZZ -fsanitize=fuzzer,address,undefined \
		-o "$out/vmlinuz-fuzz" "${srcs[@]}" "${libs[@]}" >"$out/fuzz-build.log" 2>&1 &&
		"$out/vmlinuz-fuzz" -max_total_time="$secs" -max_len=65536 -timeout=20 \
			-artifact_prefix="$out/crashes/" "$out/corpus" >"$out/fuzz.log" 2>&1; then
		pass "fuzzing vmlinuz_certs for ${secs}s: $(grep -o 'Done [0-9]* runs' "$out/fuzz.log"), no crash"
	else
		fail "fuzzing vmlinuz_certs found a crash (see $out/fuzz.log)" \
			"$(grep -m3 'ERROR\|Test unit written\|error' "$out/fuzz.log" "$out/fuzz-build.log")"
	fi
fi
[ $nfail -eq 0 ]
