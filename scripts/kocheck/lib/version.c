// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/module/version.c: check_version(), check_modstruct_version(),
 * same_magic().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* 7.2's check_version() with extended modversions (6.15+): the CRCs
 * of __version_ext_crcs and the names of __version_ext_names, in step
 * (for_each_modversion_info_ext()); a symbol not there is allowed, with
 * a pr_warn_once(). */
static bool check_version_ext(struct info *in, const char *symname, uint32_t crc)
{
	struct shdr c, n;
	uint64_t k, count, noff, nend;

	shdr(in, in->index_vers_ext_crc, &c);
	shdr(in, in->index_vers_ext_name, &n);
	count = c.size / 4;
	noff = n.offset;
	nend = n.offset + n.size;
	if (!in_file(in, &c) || !in_file(in, &n)) {
		uneval(in, "the extended modversions sections lie outside the file");
		in->unknown = true;
		return true;
	}
	/* elf_validity_cache_index_versions() saw a name for every CRC */
	for (k = 0; k < count && noff < nend; k++) {
		const char *name = (const char *)in->hdr + noff;

		noff += strnlen(name, nend - noff) + 1;
		if (strcmp(name, symname))
			continue;
		if ((uint32_t)rd(in->hdr + c.offset + k * 4, 4) == crc)
			return true;
		say(in, "%s: disagrees about version of symbol %s", in->name, symname);
		return false;
	}
	if (!in->s->extver)
		say(in, "%s: no extended symbol version for %s", in->name, symname);
	in->s->extver = true;
	return true;
}

/* check_version() in kernel/module/version.c (kernel/module.c in
 * 5.10); the !CONFIG_MODVERSIONS stub (internal.h) always says yes. */
bool check_version(struct info *in, const char *symname, const uint32_t *crc)
{
	size_t crcsize = in->cls == ELFCLASS32 ? 4 : 8, len = strlen(symname);
	struct shdr s;
	uint64_t i, n;

	if (!in->t->modversions)
		return true;
	/* Exporting module didn't supply crcs?  OK, we're already tainted. */
	if (!crc)
		return true;
	if (in->t->gen >= KGEN_7_2 && in->index_vers_ext_crc)
		return check_version_ext(in, symname, *crc);
	/* No versions at all?  modprobe --force does this. */
	if (!in->index_vers)
		return try_to_force_load(in, symname) == 0;
	shdr(in, in->index_vers, &s);
	n = in_file(in, &s) ? s.size / MODVERSION_SIZE : 0;
	for (i = 0; i < n; i++) {
		const uint8_t *e = in->hdr + s.offset + i * MODVERSION_SIZE;
		size_t avail = in->len - (s.offset + i * MODVERSION_SIZE) - crcsize;

		/* strcmp(versions[i].name, symname) */
		if (len >= avail || memcmp(e + crcsize, symname, len) || e[crcsize + len])
			continue;
		if (rd(e, crcsize) == *crc)
			return true;
		say(in, "%s: disagrees about version of symbol %s", in->name, symname);
		return false;
	}
	say(in, "%s: no symbol version for %s", in->name, symname);
	return false;
}

/* check_modstruct_version(): module_layout is always in vmlinux */
bool check_modstruct_version(struct info *in, struct exports *kernel)
{
	const struct export *e;
	uint32_t crc;

	if (!in->t->modversions)
		return true;
	e = exports_find(kernel, "module_layout");
	if (!e || !e->has_crc) {
		note(in, "the target's exports have no module_layout CRC: not checked");
		return true;
	}
	crc = e->crc;
	return check_version(in, "module_layout", &crc);
}

/* same_magic(): the release is ignored when the module has CRCs. */
bool same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a += strcspn(a, " ");
		b += strcspn(b, " ");
	}
	return !strcmp(a, b);
}
