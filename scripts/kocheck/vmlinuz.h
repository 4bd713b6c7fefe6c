/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlinuz.h: the X.509 certificates built into a Linux kernel image
 * (certs/system_certificates.S: system_certificate_list, which the kernel
 * loads into .builtin_trusted_keys at boot and verifies module signatures
 * against).  Debian signs its modules with a per-build key whose
 * certificate exists only there, not in the headers package.
 *
 * Images read: x86 bzImage (setup header payload), 32-bit arm zImage
 * (compressed payload found by magic inside the decompressor), arm64 EFI
 * zboot ("MZ" + "zimg"), a whole-file compressed image (e.g. a gzipped arm64
 * Image), and an uncompressed vmlinux (ELF) or arm64/arm Image.
 * Compressions: gzip, xz, zstd, lzma, lzo (lzop), lz4 (legacy frame), bzip2.
 *
 * Libraries: zlib liblzma libzstd liblz4 lzo2 libcrypto (pkg-config) and
 * libbz2 (-lbz2: Debian's libbz2-dev has no .pc file).
 */
#ifndef KOCHECK_VMLINUZ_H
#define KOCHECK_VMLINUZ_H

#include <stddef.h>
#include <stdint.h>

struct vmlinuz_cert {
	uint8_t *der;	/* one DER X.509 certificate (malloc'd) */
	size_t len;
};

/*
 * vmlinuz_certs: the built-in certificates of the kernel image at PATH, in
 * list order (the module signing key, CONFIG_MODULE_SIG_KEY, first; then
 * CONFIG_SYSTEM_TRUSTED_KEYS and any inserted extra certificate).
 *
 * Returns 0 with *certs and *ncerts set (free with vmlinuz_certs_free) and a
 * one-line description in ERR of what was read (format, compression, where
 * the list is), or -1 with ERR naming the problem (unreadable file, not a
 * kernel image, payload truncated or corrupt, decompressor library missing,
 * or a kernel that loads built-in certificates but whose list was not found).
 *
 * *ncerts is 0 (with a 0 return) only when the kernel has no built-in
 * certificate keyring at all: its image lacks the "Loading compiled-in
 * X.509 certificates" message of certs/system_keyring.c
 * (CONFIG_SYSTEM_TRUSTED_KEYRING off), so no module signature can verify
 * against built-in keys; ERR then says so.  A kernel with the keyring whose
 * list cannot be found (including an empty list, which such a kernel only
 * has without CONFIG_MODULE_SIG) is an error, never a silent 0.
 *
 * ERR may be NULL or ERRLEN 0.
 */
int vmlinuz_certs(const char *path, struct vmlinuz_cert **certs, size_t *ncerts,
		  char *err, size_t errlen);

/*
 * The same on an image already in memory; MAX_OUT bounds every
 * decompressed size (vmlinuz_certs uses VMLINUZ_MAX_OUT).  For the fuzzer.
 */
#define VMLINUZ_MAX_OUT ((size_t)1 << 30)
int vmlinuz_certs_mem(const uint8_t *buf, size_t len, size_t max_out,
		      struct vmlinuz_cert **certs, size_t *ncerts,
		      char *err, size_t errlen);

void vmlinuz_certs_free(struct vmlinuz_cert *certs, size_t n);

#endif
