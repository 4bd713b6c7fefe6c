// SPDX-License-Identifier: GPL-2.0
/*
 * Compressed module files: which format a file is in, and its contents
 * unpacked (liblzma, libzstd, zlib, libbz2), for everything that reads a
 * module (check, --loaded, inspect, state paths) and for the user-space
 * tools that unpack before init_module(2) (busybox insmod's
 * xmalloc_open_zipped_read_close()); and the kernel's own,
 * module_decompress() of kernel/module/decompress.c, on top of them.
 */
#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "internal.h"

/* By magic, as busybox's setup_transformer_on_fd() and kmod detect them;
 * .lzma has no magic: by its name, as busybox's open_transformer(). */
enum zformat zformat_of(const uint8_t *d, size_t len, const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (len >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return Z_GZIP;
	if (len >= 2 && d[0] == 0x1f && d[1] == 0x9d)
		return Z_COMPRESS;
	if (len >= 2 && d[0] == 'B' && d[1] == 'Z')
		return Z_BZIP2;
	if (len >= 6 && !memcmp(d, "\xfd" "7zXZ\0", 6))
		return Z_XZ;
	if (len >= 4 && !memcmp(d, "\x28\xb5\x2f\xfd", 4))
		return Z_ZSTD;
	if (dot && !strcmp(dot, ".lzma"))
		return Z_LZMA;
	return Z_NONE;
}

const char *zformat_name(enum zformat f)
{
	switch (f) {
	case Z_GZIP: return "gzip";
	case Z_XZ: return "xz";
	case Z_ZSTD: return "zstd";
	case Z_BZIP2: return "bzip2";
	case Z_LZMA: return "lzma";
	case Z_COMPRESS: return "compress";
	default: return "none";
	}
}

/* At most what finit_module() reads (INT_MAX); the fuzzer lowers it. */
size_t zunpack_max = 0x7fffffff;
#define ZMAX zunpack_max
/* The decoders' memory: an xz or lzma header can ask for a 4 GiB
 * dictionary; kbuild's modules use 1 MiB (xz --lzma2=dict=1MiB). */
#define ZMEMLIMIT (256ULL << 20)

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	uint8_t *n;
	size_t c = *cap ? *cap : 65536;

	while (c < need)
		c *= 2;
	if (c == *cap)
		return 0;
	n = realloc(*buf, c);
	if (!n)
		return -1;
	*buf = n;
	*cap = c;
	return 0;
}

static int gunzip(const uint8_t *d, size_t len, uint8_t **out, size_t *olen, char *err, size_t errlen)
{
	z_stream s = { 0 };
	size_t cap = 0;
	uint8_t *buf = NULL;
	int rc;

	if (inflateInit2(&s, 15 + 32) != Z_OK) {
		snprintf(err, errlen, "zlib: out of memory");
		return -1;
	}
	s.next_in = (Bytef *)d;
	s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
	do {
		if (grow(&buf, &cap, s.total_out + 65536) || s.total_out > ZMAX) {
			rc = Z_MEM_ERROR;
			break;
		}
		s.next_out = buf + s.total_out;
		s.avail_out = cap - s.total_out;
		rc = inflate(&s, Z_NO_FLUSH);
	} while (rc == Z_OK);
	*olen = s.total_out;
	inflateEnd(&s);
	if (rc != Z_STREAM_END) {
		snprintf(err, errlen, "not a valid gzip file (zlib status %d)", rc);
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

static int unlzma(const uint8_t *d, size_t len, bool alone, uint8_t **out, size_t *olen,
		  char *err, size_t errlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	uint8_t *buf = NULL;
	lzma_ret rc;

	rc = alone ? lzma_alone_decoder(&s, ZMEMLIMIT) :
		     lzma_stream_decoder(&s, ZMEMLIMIT, LZMA_CONCATENATED);
	if (rc != LZMA_OK) {
		snprintf(err, errlen, "liblzma: cannot start the decoder");
		return -1;
	}
	s.next_in = d;
	s.avail_in = len;
	do {
		if (grow(&buf, &cap, s.total_out + 65536) || s.total_out > ZMAX) {
			rc = LZMA_MEM_ERROR;
			break;
		}
		s.next_out = buf + s.total_out;
		s.avail_out = cap - s.total_out;
		rc = lzma_code(&s, LZMA_FINISH);
	} while (rc == LZMA_OK);
	*olen = s.total_out;
	lzma_end(&s);
	if (rc != LZMA_STREAM_END) {
		snprintf(err, errlen, "not a valid %s file (liblzma status %d)", alone ? "lzma" : "xz", rc);
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

static int unzstd(const uint8_t *d, size_t len, uint8_t **out, size_t *olen, char *err, size_t errlen)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer in = { d, len, 0 };
	size_t cap = 0, r = 1;
	uint8_t *buf = NULL;
	ZSTD_outBuffer o = { 0 };

	if (!z) {
		snprintf(err, errlen, "libzstd: out of memory");
		return -1;
	}
	ZSTD_initDStream(z);
	while (in.pos < in.size || r) {
		size_t before_in = in.pos, before_out = o.pos;

		if (grow(&buf, &cap, o.pos + 65536) || o.pos > ZMAX) {
			r = 1;
			break;
		}
		o.dst = buf;
		o.size = cap;
		r = ZSTD_decompressStream(z, &o, &in);
		if (ZSTD_isError(r))
			break;
		if (in.pos == before_in && o.pos == before_out)
			break;	/* truncated */
		if (!r && in.pos == in.size)
			break;
	}
	ZSTD_freeDStream(z);
	if (ZSTD_isError(r) || r) {
		snprintf(err, errlen, "not a valid zstd file (%s)",
			 ZSTD_isError(r) ? ZSTD_getErrorName(r) : "truncated");
		free(buf);
		return -1;
	}
	*olen = o.pos;
	*out = buf;
	return 0;
}

static int bunzip2(const uint8_t *d, size_t len, uint8_t **out, size_t *olen, char *err, size_t errlen)
{
	bz_stream s;
	size_t cap = 0, total = 0;
	uint8_t *buf = NULL;
	int rc;

	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK) {
		snprintf(err, errlen, "libbz2: out of memory");
		return -1;
	}
	s.next_in = (char *)d;
	s.avail_in = len > UINT32_MAX ? UINT32_MAX : len;
	do {
		if (grow(&buf, &cap, total + 65536) || total > ZMAX) {
			rc = BZ_MEM_ERROR;
			break;
		}
		s.next_out = (char *)buf + total;
		s.avail_out = cap - total;
		rc = BZ2_bzDecompress(&s);
		total = (size_t)s.total_out_hi32 << 32 | s.total_out_lo32;
		if (rc == BZ_OK && !s.avail_in && s.avail_out)
			break;	/* truncated */
	} while (rc == BZ_OK);
	BZ2_bzDecompressEnd(&s);
	if (rc != BZ_STREAM_END) {
		snprintf(err, errlen, "not a valid bzip2 file (libbz2 status %d)", rc);
		free(buf);
		return -1;
	}
	*olen = total;
	*out = buf;
	return 0;
}

int zunpack(enum zformat f, const uint8_t *d, size_t len, uint8_t **out, size_t *olen,
	    char *err, size_t errlen)
{
	*out = NULL;
	*olen = 0;
	switch (f) {
	case Z_GZIP: return gunzip(d, len, out, olen, err, errlen);
	case Z_XZ: return unlzma(d, len, false, out, olen, err, errlen);
	case Z_LZMA: return unlzma(d, len, true, out, olen, err, errlen);
	case Z_ZSTD: return unzstd(d, len, out, olen, err, errlen);
	case Z_BZIP2: return bunzip2(d, len, out, olen, err, errlen);
	case Z_COMPRESS:
		snprintf(err, errlen, "compress(1) .Z files are not supported by kocheck");
		return -1;
	default:
		snprintf(err, errlen, "not compressed");
		return -1;
	}
}

/* module_decompress() (kernel/module/decompress.c) for finit_module()'s
 * MODULE_INIT_COMPRESSED_FILE: the kernel unpacks the one format its
 * CONFIG_MODULE_COMPRESS_* chose (6.1: gzip or xz, no zstd); without
 * CONFIG_MODULE_DECOMPRESS it is internal.h's stub, -EOPNOTSUPP. */
int module_decompress(struct info *in, const uint8_t *buf, size_t size, uint8_t **out)
{
	size_t outlen;
	char why[256];

	*out = NULL;
	switch (in->t->decompress) {
	case Z_GZIP:
		/* module_gzip_header_len() */
		if (size < 10 || buf[0] != 0x1f || buf[1] != 0x8b || buf[2] != 0x08) {
			say(in, "not a gzip compressed module");
			return refuse(in, "module_decompress", -EINVAL);
		}
		if (buf[3] & 0x16)
			uneval(in, "a gzip header with FHCRC, FEXTRA or FCOMMENT: the kernel skips only FNAME");
		break;
	case Z_XZ:
		if (size < 6 || memcmp(buf, "\xfd" "7zXZ\0", 6)) {
			say(in, "not an xz compressed module");
			return refuse(in, "module_decompress", -EINVAL);
		}
		/* dec_stream_header(): the flags' CRC32 (XZ_DATA_ERROR), flags
		 * byte 0, check none or CRC32 (the kernel has no
		 * XZ_DEC_ANY_CHECK): XZ_OPTIONS_ERROR */
		if (size >= 12 && crc32(0, buf + 6, 2) != (uint32_t)(buf[8] | buf[9] << 8 |
								     buf[10] << 16 | (uint32_t)buf[11] << 24)) {
			say(in, "decompression failed with status %d", 7);
			return refuse(in, "module_decompress", -EINVAL);
		}
		if (size >= 12 && (buf[6] != 0 || buf[7] > 1)) {
			say(in, "decompression failed with status %d", 6);
			return refuse(in, "module_decompress", -EINVAL);
		}
		break;
	case Z_ZSTD:
		/* module_zstd_decompress() (6.2+) */
		if (size < 4 || memcmp(buf, "\x28\xb5\x2f\xfd", 4)) {
			say(in, "not a zstd compressed module");
			return refuse(in, "module_decompress", -EINVAL);
		}
		break;
	default:
		return refuse(in, "module_decompress", -EOPNOTSUPP);
	}
	if (in->t->decompress == Z_ZSTD &&
	    zunpack(Z_ZSTD, buf, size, out, &outlen, why, sizeof(why))) {
		/* which of its lines (incomplete frame header, window too
		 * large, a ZSTD error code) the kernel's zstd prints is not
		 * replayed from the host's decoder */
		uneval(in, "module_zstd_decompress() of a stream the host's zstd does not unpack (%s): the kernel refuses it (EINVAL) with a line kocheck does not predict",
		       why);
		in->unknown = true;
		return refuse(in, "module_decompress", -EINVAL);
	}
	if (in->t->decompress == Z_ZSTD) {
		in->len = outlen;
		return 0;
	}
	if (zunpack(in->t->decompress, buf, size, out, &outlen, why, sizeof(why))) {
		/* the decoder's status: zlib's (the kernel's inflate is zlib's)
		 * or the XZ_* value of liblzma's error */
		int st = -3;
		const char *p = strstr(why, "status ");

		if (p)
			st = atoi(p + 7);
		if (in->t->decompress == Z_XZ)
			st = st == 7 ? 5 : st == 8 ? 6 : st == 9 ? 7 : st == 10 ? 8 : 7;
		say(in, "decompression failed with status %d", st);
		uneval(in, "the status number of a damaged %s stream (from the host's decoder)",
		       zformat_name(in->t->decompress));
		return refuse(in, "module_decompress", -EINVAL);
	}
	in->len = outlen;
	return 0;
}
