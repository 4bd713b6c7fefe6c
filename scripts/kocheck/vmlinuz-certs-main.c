// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinuz-certs VMLINUZ [OUTDIR]: list the X.509 certificates built into a
 * kernel image (subject, issuer, SHA-256 fingerprint of the DER) and, with
 * OUTDIR (made if missing), write each as OUTDIR/N.der (N from 0, in list
 * order).  Exits 0 when certificates were found, 1 on error, 2 when the
 * kernel has no built-in certificates.
 *
 * Built with -DVMLINUZ_FUZZ and -fsanitize=fuzzer it is instead the
 * libFuzzer target for vmlinuz_certs_mem().
 */
#include "vmlinuz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#ifdef VMLINUZ_FUZZ

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmlinuz_cert *certs;
	size_t n;
	char err[512];

	/* 64 MiB of output at most: libFuzzer's default RSS limit is 2 GiB. */
	if (vmlinuz_certs_mem(data, size, (size_t)64 << 20, &certs, &n, err,
			      sizeof(err)) == 0)
		vmlinuz_certs_free(certs, n);
	return 0;
}

#else

static void name(BIO *out, const char *what, const X509_NAME *nm)
{
	BIO_printf(out, "  %s: ", what);
	X509_NAME_print_ex(out, nm, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	BIO_printf(out, "\n");
}

int main(int argc, char **argv)
{
	struct vmlinuz_cert *certs;
	size_t n;
	char err[1024];
	BIO *out;

	if (argc < 2 || argc > 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: vmlinuz-certs VMLINUZ [OUTDIR]\n"
			"  lists the certificates built into a kernel image; with OUTDIR,\n"
			"  writes each as OUTDIR/N.der\n");
		return 1;
	}
	if (vmlinuz_certs(argv[1], &certs, &n, err, sizeof(err))) {
		fprintf(stderr, "vmlinuz-certs: error: %s\n", err);
		return 1;
	}
	if (argc == 3 && mkdir(argv[2], 0777) && errno != EEXIST) {
		perror(argv[2]);
		vmlinuz_certs_free(certs, n);
		return 1;
	}
	out = BIO_new_fp(stdout, BIO_NOCLOSE);
	BIO_printf(out, "# %s\n", err);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = certs[i].der;
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned mdlen = 0;
		X509 *x = d2i_X509(NULL, &p, (long)certs[i].len);

		BIO_printf(out, "%zu: %zu bytes\n", i, certs[i].len);
		if (x) {
			name(out, "subject", X509_get_subject_name(x));
			name(out, "issuer", X509_get_issuer_name(x));
			X509_free(x);
		}
		EVP_Digest(certs[i].der, certs[i].len, md, &mdlen, EVP_sha256(), NULL);
		BIO_printf(out, "  sha256: ");
		for (unsigned j = 0; j < mdlen; j++)
			BIO_printf(out, "%02X%s", md[j], j + 1 < mdlen ? ":" : "\n");
		if (argc == 3) {
			char path[4096];
			FILE *f;

			snprintf(path, sizeof(path), "%s/%zu.der", argv[2], i);
			f = fopen(path, "wb");
			if (f) {
				size_t w = fwrite(certs[i].der, 1, certs[i].len, f);

				if (fclose(f) || w != certs[i].len)
					f = NULL;
			}
			if (!f) {
				perror(path);
				BIO_free(out);
				vmlinuz_certs_free(certs, n);
				return 1;
			}
		}
	}
	BIO_free(out);
	vmlinuz_certs_free(certs, n);
	return n ? 0 : 2;
}

#endif
