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

/* 5.10's OID registry (include/linux/oid_registry.h, enum OID): the
 * index is what pkcs7_parser.c prints as an OID's number; 78 (OID__NR)
 * for one it does not hold. */
static const char *const oid510[] = {
	"1.2.840.10030.4.3",	/* OID_id_dsa_with_sha1 */
	"1.2.840.10040.4.1",	/* OID_id_dsa */
	"1.2.840.10045.4.1",	/* OID_id_ecdsa_with_sha1 */
	"1.2.840.10045.2.1",	/* OID_id_ecPublicKey */
	"1.2.840.113549.1.1.1",	/* OID_rsaEncryption */
	"1.2.840.113549.1.1.2",	/* OID_md2WithRSAEncryption */
	"1.2.840.113549.1.1.3",	/* OID_md3WithRSAEncryption */
	"1.2.840.113549.1.1.4",	/* OID_md4WithRSAEncryption */
	"1.2.840.113549.1.1.5",	/* OID_sha1WithRSAEncryption */
	"1.2.840.113549.1.1.11",	/* OID_sha256WithRSAEncryption */
	"1.2.840.113549.1.1.12",	/* OID_sha384WithRSAEncryption */
	"1.2.840.113549.1.1.13",	/* OID_sha512WithRSAEncryption */
	"1.2.840.113549.1.1.14",	/* OID_sha224WithRSAEncryption */
	"1.2.840.113549.1.7.1",	/* OID_data */
	"1.2.840.113549.1.7.2",	/* OID_signed_data */
	"1.2.840.113549.1.9.1",	/* OID_email_address */
	"1.2.840.113549.1.9.3",	/* OID_contentType */
	"1.2.840.113549.1.9.4",	/* OID_messageDigest */
	"1.2.840.113549.1.9.5",	/* OID_signingTime */
	"1.2.840.113549.1.9.15",	/* OID_smimeCapabilites */
	"1.2.840.113549.1.9.16.2.11",	/* OID_smimeAuthenticatedAttrs */
	"1.2.840.113549.2.2",	/* OID_md2 */
	"1.2.840.113549.2.4",	/* OID_md4 */
	"1.2.840.113549.2.5",	/* OID_md5 */
	"1.3.6.1.4.1.311.2.1.4",	/* OID_msIndirectData */
	"1.3.6.1.4.1.311.2.1.11",	/* OID_msStatementType */
	"1.3.6.1.4.1.311.2.1.12",	/* OID_msSpOpusInfo */
	"1.3.6.1.4.1.311.2.1.15",	/* OID_msPeImageDataObjId */
	"1.3.6.1.4.1.311.2.1.21",	/* OID_msIndividualSPKeyPurpose */
	"1.3.6.1.4.1.311.16.4",	/* OID_msOutlookExpress */
	"1.3.6.1.5.5.7.1.1",	/* OID_certAuthInfoAccess */
	"1.3.14.3.2.26",	/* OID_sha1 */
	"2.16.840.1.101.3.4.2.1",	/* OID_sha256 */
	"2.16.840.1.101.3.4.2.2",	/* OID_sha384 */
	"2.16.840.1.101.3.4.2.3",	/* OID_sha512 */
	"2.16.840.1.101.3.4.2.4",	/* OID_sha224 */
	"2.5.4.3",	/* OID_commonName */
	"2.5.4.4",	/* OID_surname */
	"2.5.4.6",	/* OID_countryName */
	"2.5.4.7",	/* OID_locality */
	"2.5.4.8",	/* OID_stateOrProvinceName */
	"2.5.4.10",	/* OID_organizationName */
	"2.5.4.11",	/* OID_organizationUnitName */
	"2.5.4.12",	/* OID_title */
	"2.5.4.13",	/* OID_description */
	"2.5.4.41",	/* OID_name */
	"2.5.4.42",	/* OID_givenName */
	"2.5.4.43",	/* OID_initials */
	"2.5.4.44",	/* OID_generationalQualifier */
	"2.5.29.14",	/* OID_subjectKeyIdentifier */
	"2.5.29.15",	/* OID_keyUsage */
	"2.5.29.17",	/* OID_subjectAltName */
	"2.5.29.18",	/* OID_issuerAltName */
	"2.5.29.19",	/* OID_basicConstraints */
	"2.5.29.31",	/* OID_crlDistributionPoints */
	"2.5.29.32",	/* OID_certPolicies */
	"2.5.29.35",	/* OID_authorityKeyIdentifier */
	"2.5.29.37",	/* OID_extKeyUsage */
	"1.2.643.2.2.35.1",	/* OID_gostCPSignA */
	"1.2.643.2.2.35.2",	/* OID_gostCPSignB */
	"1.2.643.2.2.35.3",	/* OID_gostCPSignC */
	"1.2.643.7.1.1.1.1",	/* OID_gost2012PKey256 */
	"1.2.643.7.1.1.1.2",	/* OID_gost2012PKey512 */
	"1.2.643.7.1.1.2.2",	/* OID_gost2012Digest256 */
	"1.2.643.7.1.1.2.3",	/* OID_gost2012Digest512 */
	"1.2.643.7.1.1.3.2",	/* OID_gost2012Signature256 */
	"1.2.643.7.1.1.3.3",	/* OID_gost2012Signature512 */
	"1.2.643.7.1.2.1.1.1",	/* OID_gostTC26Sign256A */
	"1.2.643.7.1.2.1.1.2",	/* OID_gostTC26Sign256B */
	"1.2.643.7.1.2.1.1.3",	/* OID_gostTC26Sign256C */
	"1.2.643.7.1.2.1.1.4",	/* OID_gostTC26Sign256D */
	"1.2.643.7.1.2.1.2.1",	/* OID_gostTC26Sign512A */
	"1.2.643.7.1.2.1.2.2",	/* OID_gostTC26Sign512B */
	"1.2.643.7.1.2.1.2.3",	/* OID_gostTC26Sign512C */
	"1.2.156.10197.1.301",	/* OID_sm2 */
	"1.2.156.10197.1.401",	/* OID_sm3 */
	"1.2.156.10197.1.501",	/* OID_SM2_with_SM3 */
	"1.2.156.10197.1.504",	/* OID_sm3WithRSAEncryption */
};
#define OID510_NR (sizeof(oid510) / sizeof(oid510[0]))

/* sprint_oid() (lib/oid_registry.c) of the OID V[0..LEN): "" if bad */
static void sprint_oid(const uint8_t *v, size_t len, char *buf, size_t size)
{
	size_t i = 1, n;
	uint64_t num;

	buf[0] = 0;
	if (!len)
		return;
	n = (size_t)snprintf(buf, size, "%u.%u", v[0] / 40, v[0] % 40);
	while (i < len && n < size) {
		num = 0;
		do {
			num = num << 7 | (v[i] & 0x7f);
		} while (v[i++] & 0x80 && i < len);
		n += (size_t)snprintf(buf + n, size - n, ".%llu", (unsigned long long)num);
	}
}

static size_t oid510_index(const char *dotted)
{
	size_t i;

	for (i = 0; i < OID510_NR && strcmp(oid510[i], dotted); i++)
		;
	return i;
}

struct oidpos {
	size_t off, len;
};

/* Every OBJECT IDENTIFIER of a DER blob, in order (the ASN.1 decoder's
 * walk); -1 on what this walk does not take (high tag numbers, an
 * indefinite or long length), or more than MAX. */
static int der_oids(const uint8_t *d, size_t start, size_t end, struct oidpos *o, size_t *n, size_t max)
{
	size_t p = start;

	while (p < end) {
		uint8_t tag = d[p++];
		size_t len = 0;

		if ((tag & 0x1f) == 0x1f || p >= end)
			return -1;
		if (d[p] < 0x80) {
			len = d[p++];
		} else {
			int k = d[p++] & 0x7f;

			if (k == 0 || k > 4 || (size_t)k > end - p)
				return -1;
			while (k--)
				len = len << 8 | d[p++];
		}
		if (len > end - p)
			return -1;
		if (tag & 0x20) {
			if (der_oids(d, p, p + len, o, n, max))
				return -1;
		} else if (tag == 0x06) {
			if (*n == max)
				return -1;
			o[*n].off = p;
			o[(*n)++].len = len;
		}
		p += len;
	}
	return 0;
}

/* pkcs7_parse_message() of 5.10 (crypto/asymmetric_keys/pkcs7_parser.c):
 * pkcs7_note_OID() (line 214) prints each OID its registry lacks;
 * pkcs7_sig_note_digest_algo() (line 229) takes md4, md5, sha1, sha224,
 * sha256, sha384, sha512; pkcs7_sig_note_pkey_algo() (line 266) only
 * rsaEncryption: else "Unsupported ... algo: N" and -ENOPKG (ECDSA module
 * signatures came with 5.13).  For a message as scripts/sign-file makes
 * it (one signer, no certificates, no attributes): its digest and
 * signature algorithm OIDs are the last two.  1: not decided here. */
static int pkcs7_parse_510(struct info *in, const uint8_t *sig, size_t siglen)
{
	struct oidpos o[64];
	size_t n = 0, i, idx;
	char buf[64];
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, siglen);
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs;
	CMS_SignerInfo *si;
	X509_ALGOR *dig, *alg;
	bool simple;

	if (!cms) {
		ERR_clear_error();
		return 1;
	}
	sis = CMS_get0_SignerInfos(cms);
	certs = CMS_get1_certs(cms);
	simple = sis && sk_CMS_SignerInfo_num(sis) == 1 && sk_X509_num(certs) <= 0;
	sk_X509_pop_free(certs, X509_free);
	if (sis && sk_CMS_SignerInfo_num(sis) >= 1) {
		si = sk_CMS_SignerInfo_value(sis, 0);
		simple = simple && CMS_signed_get_attr_count(si) <= 0 && CMS_unsigned_get_attr_count(si) <= 0;
		dig = alg = NULL;
		CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &alg);
		/* rsaEncryption and a digest 5.10 takes: sig_verify() decides */
		if (alg && dig && OBJ_obj2nid(alg->algorithm) == NID_rsaEncryption) {
			int dn = OBJ_obj2nid(dig->algorithm);

			if (dn == NID_md4 || dn == NID_md5 || dn == NID_sha1 || dn == NID_sha224 ||
			    dn == NID_sha256 || dn == NID_sha384 || dn == NID_sha512) {
				CMS_ContentInfo_free(cms);
				return 1;
			}
		}
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	if (!simple || der_oids(sig, 0, siglen, o, &n, sizeof(o) / sizeof(o[0])) || n < 2) {
		uneval(in, "5.10's PKCS#7 parser on a signature with an algorithm it lacks (not as scripts/sign-file makes it)");
		in->unknown = true;
		return -ENOPKG;
	}
	for (i = 0; i < n; i++) {
		sprint_oid(sig + o[i].off, o[i].len, buf, sizeof(buf));
		idx = oid510_index(buf);
		if (idx == OID510_NR)
			say(in, "PKCS7: Unknown OID: [%lu] %s", (unsigned long)o[i].off, buf);
		if (i == n - 2 && strcmp(buf, "1.2.840.113549.2.4") && strcmp(buf, "1.2.840.113549.2.5") &&
		    strcmp(buf, "1.3.14.3.2.26") && strncmp(buf, "2.16.840.1.101.3.4.2.", 21)) {
			say(in, "Unsupported digest algo: %u", (unsigned int)idx);
			return -ENOPKG;
		}
		if (i == n - 2 && idx == OID510_NR) {	/* sha3 and the like */
			say(in, "Unsupported digest algo: %u", (unsigned int)idx);
			return -ENOPKG;
		}
		if (i == n - 1 && strcmp(buf, "1.2.840.113549.1.1.1")) {
			say(in, "Unsupported pkey algo: %u", (unsigned int)idx);
			return -ENOPKG;
		}
	}
	return 1;
}

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
			/* 5.10's parser takes fewer algorithms (ECDSA: 5.13) */
			if (in->t->gen == KGEN_5_10) {
				err = pkcs7_parse_510(in, in->hdr + in->len, sig_len);
				if (err != 1)
					goto out;
			}
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
