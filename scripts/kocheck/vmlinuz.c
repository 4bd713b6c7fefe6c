// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinuz.c: find the X.509 certificates built into a kernel image.
 *
 * Layers: a boot image (bzImage, arm zImage, EFI zboot) wraps a compressed
 * payload, which decompresses to the kernel proper (an ELF vmlinux on x86,
 * a raw Image on arm/arm64).  In the kernel proper we look for the list that
 * certs/system_certificates.S builds (see find_list() for how it is told
 * apart from other DER data).
 */
#define _GNU_SOURCE
#include "vmlinuz.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <openssl/x509.h>
#include <zlib.h>
#include <zstd.h>

#define MAX_DEPTH 4		/* nested wrapper/compression layers */
#define MAX_ZIMAGE_TRIES 64	/* magic hits tried inside an arm zImage */
/* Bytes between the last certificate and system_certificate_list_size:
 * alignment, plus CONFIG_SYSTEM_EXTRA_CERTIFICATE_SIZE (default 4096). */
#define MAX_LIST_GAP (64 * 1024)

struct ctx {
	char *err;
	size_t errlen;
	size_t max_out;
	char desc[512];		/* what was read, layer by layer */
};

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static int seterr(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int seterr(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void describe(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void describe(struct ctx *c, const char *fmt, ...)
{
	size_t n = strlen(c->desc);
	va_list ap;

	if (n + 1 >= sizeof(c->desc))
		return;
	va_start(ap, fmt);
	vsnprintf(c->desc + n, sizeof(c->desc) - n, fmt, ap);
	va_end(ap);
}

static uint32_t le16(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t word(const uint8_t *p, int width, int big)
{
	uint64_t v = 0;

	for (int i = 0; i < width; i++)
		v |= (uint64_t)p[big ? width - 1 - i : i] << (8 * i);
	return v;
}

static int has(const uint8_t *d, size_t n, const char *s)
{
	return memmem(d, n, s, strlen(s)) != NULL;
}

/* Room for at least NEED more bytes in B, at most c->max_out in all. */
static int reserve(struct ctx *c, struct buf *b, size_t need, const char *what)
{
	size_t cap;
	uint8_t *p;

	if (need > c->max_out || b->len > c->max_out - need) {
		if (b->len >= c->max_out)
			return seterr(c, "decompressed %s data exceeds the %zu MiB limit",
				      what, c->max_out >> 20);
		need = c->max_out - b->len;	/* the last bit up to the limit */
		if (!need)
			return seterr(c, "decompressed %s data exceeds the %zu MiB limit",
				      what, c->max_out >> 20);
	}
	if (b->cap - b->len >= need)
		return 0;
	cap = b->cap ? b->cap : 64 << 10;
	while (cap - b->len < need)
		cap = cap > c->max_out / 2 ? c->max_out : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		return seterr(c, "out of memory decompressing %s data (%zu bytes)", what, cap);
	b->p = p;
	b->cap = cap;
	return 0;
}

/* Room for some more output: the buffer grows geometrically. */
static int more(struct ctx *c, struct buf *b, const char *what)
{
	size_t want = b->cap > b->len ? b->cap - b->len : 0;

	if (want >= 4096)
		return 0;
	return reserve(c, b, b->cap ? b->cap : 64 << 10, what);
}

/* ---- decompressors: each reads one stream from IN (trailing data is
 * ignored, as the boot wrappers append a size word or other code) ---- */

static int un_gzip(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	z_stream s;
	int r;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return seterr(c, "zlib: inflateInit2 failed");
	s.next_in = (Bytef *)in;
	s.avail_in = n > UINT_MAX ? UINT_MAX : (uInt)n;
	do {
		if (more(c, out, "gzip")) {
			inflateEnd(&s);
			return -1;
		}
		size_t room = out->cap - out->len;
		s.next_out = out->p + out->len;
		s.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		r = inflate(&s, Z_NO_FLUSH);
		out->len += (s.next_out - (out->p + out->len));
	} while (r == Z_OK);
	inflateEnd(&s);
	if (r == Z_STREAM_END)
		return 0;
	if (r == Z_BUF_ERROR)
		return seterr(c, "gzip data truncated (after %zu bytes out)", out->len);
	return seterr(c, "gzip data corrupt: %s", s.msg ? s.msg : "inflate failed");
}

static int un_lzma_common(struct ctx *c, lzma_stream *s, const char *what,
			  const uint8_t *in, size_t n, struct buf *out)
{
	lzma_ret r;

	s->next_in = in;
	s->avail_in = n;
	do {
		if (more(c, out, what)) {
			lzma_end(s);
			return -1;
		}
		s->next_out = out->p + out->len;
		s->avail_out = out->cap - out->len;
		r = lzma_code(s, LZMA_FINISH);
		out->len = out->cap - s->avail_out;
	} while (r == LZMA_OK);
	lzma_end(s);
	switch (r) {
	case LZMA_STREAM_END:
		return 0;
	case LZMA_BUF_ERROR:
		return seterr(c, "%s data truncated (after %zu bytes out)", what, out->len);
	case LZMA_MEMLIMIT_ERROR:
	case LZMA_MEM_ERROR:
		return seterr(c, "%s data needs more memory than the limit", what);
	case LZMA_OPTIONS_ERROR:
		return seterr(c, "%s data uses options liblzma does not support", what);
	default:
		return seterr(c, "%s data corrupt (liblzma error %d)", what, (int)r);
	}
}

static uint64_t lzma_memlimit(struct ctx *c)
{
	return (uint64_t)c->max_out + (64u << 20);
}

static int un_xz(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	lzma_stream s = LZMA_STREAM_INIT;

	if (lzma_stream_decoder(&s, lzma_memlimit(c), 0) != LZMA_OK)
		return seterr(c, "liblzma: cannot start the xz decoder");
	return un_lzma_common(c, &s, "xz", in, n, out);
}

static int un_lzma(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	lzma_stream s = LZMA_STREAM_INIT;

	if (lzma_alone_decoder(&s, lzma_memlimit(c)) != LZMA_OK)
		return seterr(c, "liblzma: cannot start the lzma decoder");
	return un_lzma_common(c, &s, "lzma", in, n, out);
}

static int un_zstd(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, n, 0 };
	size_t r = 1;
	int wlog = 10;

	if (!d)
		return seterr(c, "libzstd: cannot create a decompression context");
	while (wlog < 31 && ((size_t)1 << wlog) < c->max_out)
		wlog++;
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, wlog);
	while (r != 0) {
		if (more(c, out, "zstd"))
			goto fail;
		ZSTD_outBuffer ob = { out->p, out->cap, out->len };
		size_t before = ib.pos;

		r = ZSTD_decompressStream(d, &ob, &ib);
		out->len = ob.pos;
		if (ZSTD_isError(r)) {
			seterr(c, "zstd data corrupt: %s", ZSTD_getErrorName(r));
			goto fail;
		}
		if (r != 0 && ib.pos == ib.size && ib.pos == before && ob.pos < ob.size) {
			seterr(c, "zstd data truncated (after %zu bytes out)", out->len);
			goto fail;
		}
	}
	ZSTD_freeDCtx(d);
	return 0;
fail:
	ZSTD_freeDCtx(d);
	return -1;
}

static int un_bzip2(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	bz_stream s;
	int r;

	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		return seterr(c, "libbz2: cannot start the decoder");
	s.next_in = (char *)in;
	s.avail_in = n > UINT_MAX ? UINT_MAX : (unsigned)n;
	do {
		if (more(c, out, "bzip2")) {
			BZ2_bzDecompressEnd(&s);
			return -1;
		}
		size_t room = out->cap - out->len;
		unsigned before = s.avail_in;

		s.next_out = (char *)out->p + out->len;
		s.avail_out = room > UINT_MAX ? UINT_MAX : (unsigned)room;
		r = BZ2_bzDecompress(&s);
		out->len = (uint8_t *)s.next_out - out->p;
		if (r == BZ_OK && s.avail_in == 0 && before == 0 && s.avail_out) {
			BZ2_bzDecompressEnd(&s);
			return seterr(c, "bzip2 data truncated (after %zu bytes out)", out->len);
		}
	} while (r == BZ_OK);
	BZ2_bzDecompressEnd(&s);
	if (r == BZ_STREAM_END)
		return 0;
	return seterr(c, "bzip2 data corrupt (libbz2 error %d)", r);
}

/* LZ4 legacy frame (lz4 -l), as lib/decompress_unlz4.c reads it: the magic,
 * then blocks of (le32 compressed size, data), each 8 MiB decompressed but
 * the last.  A size word equal to the magic starts a new frame. */
#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

static int un_lz4(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	size_t p = 4, blocks = 0;

	while (n - p >= 4) {
		uint32_t csize = le32(in + p);
		int r;

		if (csize == LZ4_LEGACY_MAGIC) {
			p += 4;
			continue;
		}
		if (csize == 0 || csize > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK) ||
		    csize > n - p - 4) {
			if (blocks)
				break;	/* the appended size word, or what follows */
			return seterr(c, "lz4 data truncated or corrupt (block size %u)", csize);
		}
		if (reserve(c, out, LZ4_LEGACY_BLOCK, "lz4"))
			return -1;
		r = LZ4_decompress_safe((const char *)in + p + 4, (char *)out->p + out->len,
					(int)csize, (int)(out->cap - out->len > LZ4_LEGACY_BLOCK ?
							  LZ4_LEGACY_BLOCK : out->cap - out->len));
		if (r < 0)
			return seterr(c, "lz4 data corrupt (block %zu at input offset %zu)",
				      blocks, p);
		out->len += r;
		p += 4 + csize;
		blocks++;
		if ((uint32_t)r < LZ4_LEGACY_BLOCK)
			break;		/* a short block is the last one */
	}
	if (!blocks)
		return seterr(c, "lz4 data truncated (no block)");
	return 0;
}

/* lzop (lzop -9), as lib/decompress_unlzo.c reads it. */
#define LZOP_ADLER32_D 0x1
#define LZOP_ADLER32_C 0x2
#define LZOP_EXTRA_FIELD 0x40
#define LZOP_CRC32_D 0x100
#define LZOP_CRC32_C 0x200
#define LZOP_FILTER 0x800
#define LZOP_MAX_BLOCK (64u << 20)

static int un_lzo(struct ctx *c, const uint8_t *in, size_t n, struct buf *out)
{
	size_t p = 9;		/* magic */
	uint32_t version, flags;

#define NEED(k) do { if (p > n || n - p < (size_t)(k)) goto truncated; } while (0)
	if (lzo_init() != LZO_E_OK)
		return seterr(c, "liblzo2: lzo_init failed");
	NEED(4);
	version = (uint32_t)in[p] << 8 | in[p + 1];
	p += 4;			/* version, library version */
	if (version >= 0x0940) {
		NEED(2);
		p += 2;		/* version needed to extract */
	}
	NEED(1);
	p++;			/* method */
	if (version >= 0x0940) {
		NEED(1);
		p++;		/* level */
	}
	NEED(4);
	flags = be32(in + p);
	p += 4;
	if (flags & LZOP_FILTER) {
		NEED(4);
		p += 4;
	}
	NEED(8);
	p += 8;			/* mode, mtime */
	if (version >= 0x0940) {
		NEED(4);
		p += 4;		/* mtime high */
	}
	NEED(1);
	p += 1 + in[p];		/* file name */
	NEED(4);
	p += 4;			/* header checksum */
	if (flags & LZOP_EXTRA_FIELD) {
		NEED(4);
		uint32_t x = be32(in + p);

		p += 4;
		NEED((uint64_t)x + 4);
		p += x + 4;
	}
	for (;;) {
		uint32_t dlen, slen;

		NEED(4);
		dlen = be32(in + p);
		p += 4;
		if (dlen == 0)
			return 0;
		if (dlen > LZOP_MAX_BLOCK)
			return seterr(c, "lzo data corrupt (block of %u bytes)", dlen);
		NEED(4);
		slen = be32(in + p);
		p += 4;
		if (slen == 0 || slen > dlen)
			return seterr(c, "lzo data corrupt (block %u bytes from %u)", dlen, slen);
		NEED(((flags & LZOP_ADLER32_D) ? 4 : 0) + ((flags & LZOP_CRC32_D) ? 4 : 0));
		p += ((flags & LZOP_ADLER32_D) ? 4 : 0) + ((flags & LZOP_CRC32_D) ? 4 : 0);
		if (slen < dlen) {
			size_t k = ((flags & LZOP_ADLER32_C) ? 4 : 0) +
				   ((flags & LZOP_CRC32_C) ? 4 : 0);
			NEED(k);
			p += k;
		}
		NEED(slen);
		if (reserve(c, out, dlen, "lzo"))
			return -1;
		if (out->cap - out->len < dlen)
			return seterr(c, "decompressed lzo data exceeds the %zu MiB limit",
				      c->max_out >> 20);
		if (slen == dlen) {
			memcpy(out->p + out->len, in + p, dlen);
		} else {
			lzo_uint got = dlen;
			int r = lzo1x_decompress_safe(in + p, slen, out->p + out->len, &got, NULL);

			if (r != LZO_E_OK || got != dlen)
				return seterr(c, "lzo data corrupt (block at input offset %zu)", p);
		}
		out->len += dlen;
		p += slen;
	}
truncated:
	return seterr(c, "lzo data truncated (after %zu bytes out)", out->len);
#undef NEED
}

/* The compressions Linux builds images with (lib/decompress.c's table). */
static const struct comp {
	const char *name;
	const char *magic;
	size_t mlen;
	int (*un)(struct ctx *, const uint8_t *, size_t, struct buf *);
} comps[] = {
	{ "gzip", "\x1f\x8b\x08", 3, un_gzip },
	{ "xz", "\xfd" "7zXZ\0", 6, un_xz },
	{ "zstd", "\x28\xb5\x2f\xfd", 4, un_zstd },
	{ "lzma", "\x5d\0\0", 3, un_lzma },
	{ "lzo", "\x89LZO\0\r\n\x1a\n", 9, un_lzo },
	{ "lz4", "\x02\x21\x4c\x18", 4, un_lz4 },
	{ "bzip2", "BZh", 3, un_bzip2 },
};

static const struct comp *comp_at(const uint8_t *d, size_t n)
{
	for (size_t i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		const struct comp *k = &comps[i];

		if (n < k->mlen || d[0] != (uint8_t)k->magic[0] || memcmp(d, k->magic, k->mlen))
			continue;
		if (k->un == un_bzip2 &&
		    (n < 10 || d[3] < '1' || d[3] > '9' ||
		     memcmp(d + 4, "\x31\x41\x59\x26\x53\x59", 6)))
			continue;
		return k;
	}
	return NULL;
}

static int decompress(struct ctx *c, const struct comp *k, const uint8_t *in,
		      size_t n, struct buf *out)
{
	memset(out, 0, sizeof(*out));
	/* Kernels compress 3 to 5 times: start there, grow by doubling. */
	if (reserve(c, out, n < c->max_out / 4 ? 4 * n : c->max_out, k->name))
		return -1;
	if (k->un(c, in, n, out)) {
		free(out->p);
		out->p = NULL;
		out->cap = 0;	/* out->len: how far it got */
		return -1;
	}
	return 0;
}

/* ---- the certificate list ---- */

struct found {
	size_t off, len;
};

/* Length of the DER certificate at D[0..N), or 0.  The kernel's loader
 * (crypto/asymmetric_keys/x509_loader.c) takes each entry as "30 82 hi lo"
 * (a SEQUENCE of 256..65535 bytes); we also want its first element to be a
 * SEQUENCE (tbsCertificate) and OpenSSL to parse exactly those bytes. */
static size_t cert_at(const uint8_t *d, size_t n)
{
	const unsigned char *q = d;
	size_t len;
	X509 *x;

	if (n < 8 || d[0] != 0x30 || d[1] != 0x82 || d[4] != 0x30 ||
	    (d[5] != 0x82 && d[5] != 0x81))
		return 0;
	len = 4 + ((size_t)d[2] << 8 | d[3]);
	if (len > n)
		return 0;
	x = d2i_X509(NULL, &q, (long)len);
	if (!x)
		return 0;
	X509_free(x);
	return q == d + len ? len : 0;
}

/*
 * How the list is identified.  certs/system_certificates.S lays out, in
 * .init.rodata:
 *
 *	.align 8
 *   system_certificate_list:		signing_key.x509, then
 *					x509_certificate_list (DER, back to back)
 *   [system_extra_cert:		CONFIG_SYSTEM_EXTRA_CERTIFICATE_SIZE zeros
 *					(or an inserted certificate, then zeros),
 *	.align 4; system_extra_cert_used: .int]
 *	.align 8
 *   system_certificate_list_size:	.quad (.long on 32-bit) list length
 *	.align 8
 *   module_cert_size:			.quad (.long) length of signing_key.x509
 *
 * ".align 8" is 8 bytes on x86 but 2^8 = 256 bytes on arm and arm64 (the
 * Debian armmp and arm64 images have 212 zero bytes after their list).
 *
 * So we take every run of back-to-back certificates (cert_at()) and accept
 * it only if, after it, there are zero bytes (except one 4-byte
 * system_extra_cert_used) and then, 8- or 256-aligned from the list's
 * start, a 4- or 8-byte word (either byte order) equal to the length of the
 * run (or of a tail of it: something certificate-like may precede the
 * list), zeros to the next alignment boundary, and there a word equal to 0
 * or to the length of a leading part of the list (module_cert_size).  A
 * nonzero module_cert_size is preferred: a revocation list
 * (certs/revocation_certificates.S: list, size word, no module_cert_size)
 * followed by zeros looks like a list without a module signing key.
 * Certificates elsewhere in the image (the wireless regdb certificates,
 * stray DER) fail this; two lists of the same strength are an error.
 *
 * 5.10 has no module_cert_size (its certs/system_certificates.S ends
 * with system_certificate_list_size; 6.1's has it): whatever .init.rodata
 * holds next follows the size word.  In an image whose "Linux version"
 * banner is older than 6.0 (between 5.10 and 6.1 not checked), a run
 * whose size word is right but whose next word is neither is the weakest
 * candidate ("loose"), taken only when there is no other.
 */
struct list {
	size_t off, len, first, count;	/* run indexes [first, first+count) */
	size_t size_off;		/* system_certificate_list_size */
	size_t align;			/* what ".align 8" made: 8, or 256 on arm */
	int width, big;
	int strong;			/* 2: module_cert_size is not 0; 1: it is
					 * 0; 0: none (5.10), anything follows */
};

/* Is D+P system_certificate_list_size (of WIDTH bytes, BIG endian or not,
 * module_cert_size ALIGN bytes further) for a tail of RUN[0..K)? */
static int try_anchor(const uint8_t *d, size_t p, size_t align, int width, int big,
		      const struct found *run, size_t k, int loose, struct list *l)
{
	size_t end = run[k - 1].off + run[k - 1].len;
	/* (the caller checked that D+P+ALIGN+WIDTH is in the image, unless LOOSE) */
	uint64_t v = word(d + p, width, big), m = loose ? 0 : word(d + p + align, width, big);

	for (size_t i = 0; i < k; i++) {
		int ok = loose || m == 0, strong = loose ? 0 : 1;

		if (v != end - run[i].off || (p - run[i].off) % align)
			continue;
		for (size_t j = i; j < k && !ok; j++)
			if (m == run[j].off + run[j].len - run[i].off)
				ok = 1, strong = 2;
		for (size_t q = p + width; q < p + align && ok && !loose; q++)
			ok = !d[q];	/* .align padding is zeros */
		if (!ok)
			continue;
		l->off = run[i].off;
		l->len = end - run[i].off;
		l->first = i;
		l->count = k - i;
		l->size_off = p;
		l->align = align;
		l->width = width;
		l->big = big;
		l->strong = strong;
		return 1;
	}
	return 0;
}

static int anchor(const uint8_t *d, size_t n, const struct found *run, size_t k,
		  int may_loose, struct list *l)
{
	size_t end = run[k - 1].off + run[k - 1].len, z = end, p, last;
	struct list t;
	int found = 0;

	/* Zeros up to the size word, but for one 4-byte system_extra_cert_used:
	 * the word is at most 4 bytes after the first nonzero byte's word. */
	last = end + MAX_LIST_GAP;
	while (z < n && z < last && !d[z])
		z++;
	for (z += 4; z < n && z < last && !d[z]; z++)
		;
	if (last > z)
		last = z;
	for (int loose = 0; loose <= may_loose && !found; loose++)
	for (p = end; p <= last && p < n; p++) {
		for (int ai = 0; ai < 2; ai++) {
			size_t align = ai ? 8 : 256;

			if (n - p < (loose ? 4 : align + 4))
				continue;
			for (int width = 8; width >= 4; width -= 4) {
				if (n - p < (loose ? (size_t)width : align + width))
					continue;
				for (int big = 0; big <= 1; big++) {
					if (!try_anchor(d, p, align, width, big, run, k, loose, &t))
						continue;
					if (t.strong == 2) {
						*l = t;
						return 1;
					}
					if (!found++)
						*l = t;
				}
			}
		}
	}
	return found > 0;
}

struct cand {
	size_t n;		/* lists of this strength found */
	struct list l;		/* the first */
	struct found *certs;	/* its certificates */
	size_t last_off;	/* where the last one is */
};

static int find_list(struct ctx *c, const uint8_t *d, size_t n,
		     struct vmlinuz_cert **certs, size_t *ncerts)
{
	struct found *run = NULL, *r2;
	size_t cap = 0, stray = 0, stray_off = 0, p = 0;
	struct cand cands[3] = { { 0 } }, *best;	/* [0] loose, [1] weak, [2] strong */
	struct list l, l1;
	int rc = -1, old = 0;
	const uint8_t *ver = memmem(d, n, "Linux version ", 14);

	/* the banner's version: before 6.0, no module_cert_size (above) */
	if (ver && (size_t)(d + n - ver) > 20) {
		unsigned int maj = 0;

		for (const uint8_t *q = ver + 14; q < d + n && *q >= '0' && *q <= '9'; q++)
			maj = maj * 10 + (*q - '0');
		old = maj > 0 && maj < 6;
	}

	while (p + 8 <= n) {
		const uint8_t *h = memmem(d + p, n - p, "\x30\x82", 2);
		size_t k = 0, q, len;

		if (!h)
			break;
		q = p = h - d;
		while ((len = cert_at(d + q, n - q))) {
			if (k == cap) {
				cap = cap ? cap * 2 : 16;
				r2 = realloc(run, cap * sizeof(*run));
				if (!r2) {
					seterr(c, "out of memory");
					goto out;
				}
				run = r2;
			}
			run[k].off = q;
			run[k++].len = len;
			q += len;
		}
		if (!k) {
			p++;
			continue;
		}
		if (anchor(d, n, run, k, old, &l)) {
			struct cand *x = &cands[l.strong];

			x->last_off = l.off;
			if (x->n++ == 0) {
				x->l = l;
				x->certs = malloc(l.count * sizeof(*run));
				if (!x->certs) {
					seterr(c, "out of memory");
					goto out;
				}
				memcpy(x->certs, run + l.first, l.count * sizeof(*run));
			}
		} else {
			if (!stray)
				stray_off = run[0].off;
			stray += k;
		}
		p = q;
	}
	/* A list whose module_cert_size is a certificate's length beats one
	 * followed by a zero (a revocation list, or a list without the
	 * module signing key). */
	best = cands[2].n ? &cands[2] : cands[1].n ? &cands[1] : &cands[0];
	l1 = best->l;
	if (best->n > 1) {
		seterr(c, "%zu candidate certificate lists (the first at offset 0x%zx of the "
		       "decompressed image, another at 0x%zx): cannot tell which one is "
		       "system_certificate_list", best->n, l1.off, best->last_off);
		goto out;
	}
	if (best->n == 0) {
		if (!has(d, n, "Loading compiled-in X.509 certificates")) {
			describe(c, "; the kernel has no built-in trusted keyring "
				 "(no \"Loading compiled-in X.509 certificates\": "
				 "CONFIG_SYSTEM_TRUSTED_KEYRING off), so no certificates");
			*certs = NULL;
			*ncerts = 0;
			rc = 0;
			goto out;
		}
		if (stray)
			seterr(c, "the kernel loads built-in certificates, but no "
			       "system_certificate_list was found: %zu DER certificate(s) "
			       "(the first at offset 0x%zx of the decompressed image) are not "
			       "followed by the list's size words", stray, stray_off);
		else
			seterr(c, "the kernel loads built-in certificates, but its "
			       "system_certificate_list was not found: no DER certificate "
			       "in the decompressed image (an empty list?)");
		goto out;
	}
	*certs = calloc(l1.count, sizeof(**certs));
	if (!*certs) {
		seterr(c, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < l1.count; i++) {
		const struct found *f = &best->certs[i];

		(*certs)[i].der = malloc(f->len);
		if (!(*certs)[i].der) {
			vmlinuz_certs_free(*certs, i);
			*certs = NULL;
			seterr(c, "out of memory");
			goto out;
		}
		memcpy((*certs)[i].der, d + f->off, f->len);
		(*certs)[i].len = f->len;
	}
	*ncerts = l1.count;
	describe(c, "; system_certificate_list at offset 0x%zx: %zu certificate(s), "
		 "%zu bytes (%s-endian size word at 0x%zx, %zu-byte alignment)", l1.off,
		 l1.count, l1.len, l1.big ? "big" : "little", l1.size_off, l1.align);
	rc = 0;
out:
	free(run);
	free(cands[0].certs);
	free(cands[1].certs);
	free(cands[2].certs);
	return rc;
}

/* ---- the image layers ---- */

static int kernel(struct ctx *c, const uint8_t *d, size_t n, int depth,
		  struct vmlinuz_cert **certs, size_t *ncerts);

/* Decompress IN with K and go on with what it holds. */
static int layer(struct ctx *c, const struct comp *k, const uint8_t *in, size_t n,
		 int depth, struct vmlinuz_cert **certs, size_t *ncerts)
{
	struct buf out;
	int rc;

	if (decompress(c, k, in, n, &out))
		return -1;
	describe(c, " -> %s, %zu bytes", k->name, out.len);
	rc = kernel(c, out.p, out.len, depth + 1, certs, ncerts);
	free(out.p);
	return rc;
}

static int bzimage(struct ctx *c, const uint8_t *d, size_t n, int depth,
		   struct vmlinuz_cert **certs, size_t *ncerts)
{
	unsigned setup = d[0x1f1] ? d[0x1f1] : 4;
	uint32_t ver = le16(d + 0x206), off, len;
	uint64_t start;
	const struct comp *k;

	if (ver < 0x208)
		return seterr(c, "bzImage boot protocol %u.%02u is older than 2.08 "
			      "(no payload_offset)", ver >> 8, ver & 0xff);
	if (n < 0x250)
		return seterr(c, "bzImage truncated in its setup header");
	off = le32(d + 0x248);
	len = le32(d + 0x24c);
	start = (uint64_t)(setup + 1) * 512 + off;
	if (start > n || len > n - start)
		return seterr(c, "bzImage payload (offset %llu, %u bytes) lies beyond the "
			      "end of the file (%zu bytes): truncated?",
			      (unsigned long long)start, len, n);
	describe(c, "bzImage (boot protocol %u.%02u), payload at %llu, %u bytes",
		 ver >> 8, ver & 0xff, (unsigned long long)start, len);
	k = comp_at(d + start, len);
	if (!k) {
		if (len >= 4 && !memcmp(d + start, "\x7f" "ELF", 4))
			return kernel(c, d + start, len, depth + 1, certs, ncerts);
		if (len < 4)
			return seterr(c, "bzImage payload is only %u bytes", len);
		return seterr(c, "bzImage payload has an unknown compression (magic "
			      "%02x %02x %02x %02x)", d[start], d[start + 1],
			      d[start + 2], d[start + 3]);
	}
	return layer(c, k, d + start, len, depth, certs, ncerts);
}

static int zboot(struct ctx *c, const uint8_t *d, size_t n, int depth,
		 struct vmlinuz_cert **certs, size_t *ncerts)
{
	uint32_t off = le32(d + 8), len = le32(d + 12);
	char type[33];
	const struct comp *k;

	memcpy(type, d + 24, 32);
	type[32] = 0;
	for (char *t = type; *t; t++)
		if (*t < 0x20 || *t > 0x7e)
			*t = '?';
	if (off > n || len > n - off)
		return seterr(c, "EFI zboot payload (offset %u, %u bytes) lies beyond the "
			      "end of the file (%zu bytes): truncated?", off, len, n);
	describe(c, "EFI zboot image (%s), payload at %u, %u bytes", type, off, len);
	k = comp_at(d + off, len);
	if (!k)
		return seterr(c, "EFI zboot payload (type \"%s\") has an unknown "
			      "compression", type);
	return layer(c, k, d + off, len, depth, certs, ncerts);
}

/* 32-bit arm zImage: the compressed Image (piggy data) sits inside the
 * decompressor at no fixed place.  Try every compression magic in order
 * and take the first that decompresses to a Linux kernel. */
static int zimage(struct ctx *c, const uint8_t *d, size_t n, int depth,
		  struct vmlinuz_cert **certs, size_t *ncerts)
{
	char best_err[256] = "";
	size_t best = 0;
	int tries = 0;

	describe(c, "arm zImage");
	for (size_t p = 0x30; p < n && tries < MAX_ZIMAGE_TRIES; p++) {
		const struct comp *k = comp_at(d + p, n - p);
		struct buf out;
		int rc;

		if (!k)
			continue;
		tries++;
		if (decompress(c, k, d + p, n - p, &out)) {
			/* Report the one that got furthest. */
			if ((!best_err[0] || out.len > best) && c->err && c->errlen) {
				snprintf(best_err, sizeof(best_err), "%s at offset %zu: %s",
					 k->name, p, c->err);
				best = out.len;
			}
			continue;
		}
		if (!has(out.p, out.len, "Linux version ")) {
			if (!best_err[0] || out.len > best) {
				snprintf(best_err, sizeof(best_err), "%s at offset %zu: %zu "
					 "bytes, not a kernel", k->name, p, out.len);
				best = out.len;
			}
			free(out.p);
			continue;
		}
		describe(c, ", payload at %zu -> %s, %zu bytes", p, k->name, out.len);
		rc = kernel(c, out.p, out.len, depth + 1, certs, ncerts);
		free(out.p);
		return rc;
	}
	if (!tries)
		return seterr(c, "arm zImage: no compressed kernel inside (no gzip, xz, "
			      "zstd, lzma, lzo, lz4 or bzip2 magic)");
	return seterr(c, "arm zImage: none of the %d compressed-data candidates is the "
		      "kernel (the furthest: %s)", tries, best_err[0] ? best_err : "?");
}

static int kernel(struct ctx *c, const uint8_t *d, size_t n, int depth,
		  struct vmlinuz_cert **certs, size_t *ncerts)
{
	const struct comp *k;

	if (depth > MAX_DEPTH)
		return seterr(c, "more than %d nested compression layers", MAX_DEPTH);
	if (n >= 0x210 && le16(d + 0x1fe) == 0xaa55 && !memcmp(d + 0x202, "HdrS", 4))
		return bzimage(c, d, n, depth, certs, ncerts);
	if (n >= 64 && !memcmp(d, "MZ", 2) && !memcmp(d + 4, "zimg", 4))
		return zboot(c, d, n, depth, certs, ncerts);
	if (n >= 0x30 && (le32(d + 0x24) == 0x016f2818 || be32(d + 0x24) == 0x016f2818))
		return zimage(c, d, n, depth, certs, ncerts);
	k = comp_at(d, n);
	if (k) {
		if (!depth)
			describe(c, "compressed file");
		return layer(c, k, d, n, depth, certs, ncerts);
	}
	if (!has(d, n, "Linux version "))
		return seterr(c, "not a Linux kernel image: no bzImage, zImage or EFI zboot "
			      "header, no compression magic at the start, and no "
			      "\"Linux version\" string%s", depth ? " (in the decompressed data)" : "");
	if (n >= 4 && !memcmp(d, "\x7f" "ELF", 4))
		describe(c, "%sELF vmlinux", depth ? " -> " : "");
	else if (n >= 0x40 && le32(d + 0x38) == 0x644d5241)
		describe(c, "%sarm64 Image", depth ? " -> " : "");
	else
		describe(c, "%sraw kernel image", depth ? " -> " : "");
	return find_list(c, d, n, certs, ncerts);
}

int vmlinuz_certs_mem(const uint8_t *buf, size_t len, size_t max_out,
		      struct vmlinuz_cert **certs, size_t *ncerts, char *err, size_t errlen)
{
	struct ctx c = { .err = err, .errlen = errlen, .max_out = max_out };
	int rc;

	*certs = NULL;
	*ncerts = 0;
	if (err && errlen)
		err[0] = 0;
	if (max_out < (1 << 20))
		c.max_out = 1 << 20;
	rc = kernel(&c, buf, len, 0, certs, ncerts);
	if (rc == 0 && err && errlen)
		snprintf(err, errlen, "%s", c.desc);
	return rc;
}

int vmlinuz_certs(const char *path, struct vmlinuz_cert **certs, size_t *ncerts,
		  char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd, rc;
	char *e = err;

	*certs = NULL;
	*ncerts = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || (uint64_t)st.st_size > VMLINUZ_MAX_OUT) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, !S_ISREG(st.st_mode) ?
				 "not a regular file" : st.st_size <= 0 ? "empty file" :
				 "larger than 1 GiB: not a kernel image");
		close(fd);
		return -1;
	}
	buf = malloc(st.st_size);
	if (!buf) {
		close(fd);
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, st.st_size - got);

		if (r <= 0) {
			if (err && errlen)
				snprintf(err, errlen, "%s: read: %s", path,
					 r ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return -1;
		}
		got += r;
	}
	close(fd);
	rc = vmlinuz_certs_mem(buf, got, VMLINUZ_MAX_OUT, certs, ncerts, err, errlen);
	free(buf);
	/* Name the file in front of the message. */
	if (e && errlen) {
		char *m = strdup(e);

		if (m) {
			snprintf(e, errlen, "%s: %s", path, m);
			free(m);
		}
	}
	return rc;
}

void vmlinuz_certs_free(struct vmlinuz_cert *certs, size_t n)
{
	if (!certs)
		return;
	for (size_t i = 0; i < n; i++)
		free(certs[i].der);
	free(certs);
}
