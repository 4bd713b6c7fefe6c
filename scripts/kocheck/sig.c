// SPDX-License-Identifier: GPL-2.0
/*
 * verify_pkcs7_signature() for module signatures: the PKCS#7 (CMS) message
 * sign-file appends, checked against trusted certificates.  Like the
 * kernel: no certificate to check with is -ENOKEY, a signature that does
 * not match is -EKEYREJECTED, a message that does not parse is -EBADMSG.
 */
#include <errno.h>
#include <stdio.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kocheck.h"

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

int sig_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t siglen,
	       const struct certblob *certs, size_t ncerts)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms;
	BIO *content;
	size_t i;
	int ret = -ENOKEY;

	cms = d2i_CMS_ContentInfo(NULL, &p, siglen);
	if (!cms) {
		ERR_clear_error();
		return -EBADMSG;
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
