// SPDX-License-Identifier: GPL-2.0
/*
 * module_sig_check() and mod_verify_sig() of kernel/module/signing.c,
 * mod_check_sig() of kernel/module_signature.c; verify_pkcs7_signature()
 * (crypto/asymmetric_keys/pkcs7_verify.c) with OpenSSL's CMS: no
 * certificate to check with is -ENOKEY, a signature that does not match
 * is -EKEYREJECTED, a message that does not parse is -EBADMSG.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "internal.h"

/* module_sig_check() and mod_verify_sig() (kernel/module/signing.c),
 * mod_check_sig() (kernel/module_signature.c).  Without
 * CONFIG_MODULE_SIG it is the stub of internal.h: nothing happens and
 * the signature stays part of the "ELF file". */
int module_sig_check(struct info *in, int flags)
{
	const size_t markerlen = sizeof(MODULE_SIG_STRING) - 1;
	bool mangled = flags & (KO_IGNORE_MODVERSIONS | KO_IGNORE_VERMAGIC);
	int err = -ENODATA;
	const char *reason, *why;

	if (!in->t->module_sig)
		return 0;
	if (!mangled && in->len > markerlen &&
	    !memcmp(in->hdr + in->len - markerlen, MODULE_SIG_STRING, markerlen)) {
		const uint8_t *ms;
		uint32_t sig_len;

		in->len -= markerlen;
		/* mod_verify_sig() */
		if (in->len <= 12) {
			err = -EBADMSG;
			goto out;
		}
		ms = in->hdr + in->len - 12;
		sig_len = (uint32_t)ms[8] << 24 | ms[9] << 16 | ms[10] << 8 | ms[11];
		/* mod_check_sig(): struct module_signature is algo, hash,
		 * id_type, signer_len, key_id_len, __pad[3], sig_len (be32) */
		if (sig_len >= in->len - 12) {
			err = -EBADMSG;
		} else if (ms[2] != 2 /* PKEY_ID_PKCS7 */) {
			say(in, "module: not signed with expected PKCS#7 message");
			err = -ENOPKG;
		} else if (ms[0] || ms[1] || ms[3] || ms[4] || ms[5] || ms[6] || ms[7]) {
			say(in, "module: PKCS#7 signature info has unexpected non-zero params");
			err = -EBADMSG;
		} else {
			in->len -= sig_len + 12;
			/* verify_pkcs7_signature() against the trusted keys */
			err = sig_verify(in->hdr, in->len, in->hdr + in->len, sig_len,
					 in->t->certs, in->t->ncerts, &why);
			if (why)
				say(in, "PKCS7: %s", why);
			if (!err) {
				/* mod_is_hash_blacklisted() */
				uneval(in, "the module's SHA-256 against the kernel's blacklist keyring (assumed not there)");
				in->sig_ok = true;
				return 0;
			}
		}
	}
out:
	switch (err) {
	case -ENODATA:
		reason = "unsigned module";
		break;
	case -ENOPKG:
		reason = "module with unsupported crypto";
		break;
	case -ENOKEY:
		reason = "module with unavailable key";
		break;
	default:
		return err;
	}
	if (in->t->sig_force) {
		say(in, "Loading of %s is rejected", reason);
		return -EKEYREJECTED;
	}
	/* security_locked_down(LOCKDOWN_MODULE_SIGNATURE) */
	if (in->t->lockdown) {
		say(in, "Lockdown: %s: unsigned module loading is restricted; see man kernel_lockdown.7",
		    in->t->comm ? in->t->comm : "insmod");
		return -EPERM;
	}
	return 0;
}

/* A certificate in memory: PEM, else DER. */
static X509 *read_cert(const struct certblob *c)
{
	const unsigned char *p = c->data;
	BIO *b = BIO_new_mem_buf(c->data, (int)c->len);
	X509 *x = NULL;

	if (b)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (!x) {
		ERR_clear_error();
		x = d2i_X509(NULL, &p, (long)c->len);
	}
	return x;
}

/* verify_pkcs7_signature() (certs/system_keyring.c) of a module
 * signature: pkcs7_parse_message(), pkcs7_verify(), pkcs7_validate_trust() */
int sig_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t siglen,
	       const struct certblob *certs, size_t ncerts, const char **why)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) *sis;
	BIO *content;
	size_t i;
	int ret = -ENOKEY, k;

	*why = NULL;
	cms = d2i_CMS_ContentInfo(NULL, &p, siglen);
	if (!cms) {
		ERR_clear_error();
		return -EBADMSG;
	}
	/* pkcs7_verify() for VERIFYING_MODULE_SIGNATURE (pr_fmt "PKCS7: ") */
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data) {
		*why = "Invalid module sig (not pkcs7-data)";
		CMS_ContentInfo_free(cms);
		return -EKEYREJECTED;
	}
	sis = CMS_get0_SignerInfos(cms);
	for (k = 0; sis && k < sk_CMS_SignerInfo_num(sis); k++) {
		if (CMS_signed_get_attr_count(sk_CMS_SignerInfo_value(sis, k)) > 0) {
			*why = "Invalid module sig (has authattrs)";
			CMS_ContentInfo_free(cms);
			return -EKEYREJECTED;
		}
	}
	for (i = 0; i < ncerts; i++) {
		STACK_OF(X509) *sk = sk_X509_new_null();
		X509 *x = read_cert(&certs[i]);

		if (!sk || !x) {
			sk_X509_free(sk);
			X509_free(x);
			continue;
		}
		sk_X509_push(sk, x);
		content = BIO_new_mem_buf(data, (int)len);
		if (CMS_verify(cms, sk, NULL, content, NULL,
			       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN)) {
			ret = 0;
		} else {
			/* The signer is this certificate, but the digest differs. */
			unsigned long e = ERR_peek_last_error();

			if (ERR_GET_REASON(e) != CMS_R_NO_MATCHING_SIGNATURE &&
			    ERR_GET_REASON(e) != CMS_R_SIGNER_CERTIFICATE_NOT_FOUND)
				ret = -EKEYREJECTED;
		}
		ERR_clear_error();
		BIO_free(content);
		sk_X509_pop_free(sk, X509_free);
		if (ret != -ENOKEY)
			break;
	}
	CMS_ContentInfo_free(cms);
	return ret;
}
