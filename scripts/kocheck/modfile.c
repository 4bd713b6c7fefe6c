// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a module file, and the exports of an already loaded module (what
 * find_symbol() finds in its __ksymtab, __ksymtab_gpl and __kcrctab*).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "kocheck.h"

/* finit_module() reads at most INT_MAX bytes. */
#define MAX_MODULE_SIZE (1UL << 30)

int modfile_read(struct modfile *m, const char *path, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t r;
	int fd;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long)st.st_size > MAX_MODULE_SIZE) {
		snprintf(err, errlen, "%s: not a regular file of at most 1 GiB", path);
		close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, st.st_size - got);
		if (r <= 0) {
			snprintf(err, errlen, "%s: read failed", path);
			free(buf);
			close(fd);
			return -1;
		}
		got += r;
	}
	close(fd);
	m->path = path;
	m->data = buf;
	m->len = got;
	return 0;
}

void modfile_free(struct modfile *m)
{
	free((void *)m->data);
	m->data = NULL;
}

struct sec {
	struct shdr h;
	const char *name;
};

/* The sections of a well-formed ELF file of its own class, or NULL. */
static struct sec *sections(const struct modfile *m, int *cls, unsigned int *n)
{
	struct ehdr eh;
	struct sec *s;
	struct shdr strh;
	unsigned int i;

	if (m->len < 64 || memcmp(m->data, "\177ELF", 4) ||
	    (m->data[4] != 1 && m->data[4] != 2))
		return NULL;
	*cls = m->data[4];
	read_ehdr(m->data, *cls, &eh);
	if (eh.shentsize != shdr_size(*cls) || eh.shoff >= m->len ||
	    (uint64_t)eh.shnum * shdr_size(*cls) > m->len - eh.shoff || eh.shstrndx >= eh.shnum)
		return NULL;
	read_shdr(m->data + eh.shoff + (uint64_t)eh.shstrndx * shdr_size(*cls), *cls, &strh);
	if (strh.offset > m->len || strh.size > m->len - strh.offset || !strh.size ||
	    m->data[strh.offset + strh.size - 1])
		return NULL;
	s = calloc(eh.shnum ? eh.shnum : 1, sizeof(*s));
	if (!s)
		return NULL;
	for (i = 0; i < eh.shnum; i++) {
		read_shdr(m->data + eh.shoff + (uint64_t)i * shdr_size(*cls), *cls, &s[i].h);
		s[i].name = s[i].h.name < strh.size ? (const char *)m->data + strh.offset + s[i].h.name : "";
		if (s[i].h.type != 8 /* NOBITS */ &&
		    (s[i].h.offset > m->len || s[i].h.size > m->len - s[i].h.offset))
			s[i].h.size = 0;
	}
	*n = eh.shnum;
	return s;
}

/* A string inside section sec at off, or "" */
static const char *sec_str(const struct modfile *m, const struct sec *s, uint64_t off)
{
	if (s->h.type == 8 /* NOBITS */ || off >= s->h.size ||
	    !memchr(m->data + s->h.offset + off, '\0', s->h.size - off))
		return "";
	return (const char *)m->data + s->h.offset + off;
}

struct symref {
	const char *name;
	struct sym sym;
};

static int cmp_symref(const void *a, const void *b)
{
	return strcmp(((const struct symref *)a)->name, ((const struct symref *)b)->name);
}

static const struct symref *sym_lookup(const struct symref *v, size_t n, const char *prefix,
				       const char *name)
{
	char want[600];
	struct symref key = { .name = want };

	if (snprintf(want, sizeof(want), "%s%s", prefix, name) >= (int)sizeof(want))
		return NULL;
	return bsearch(&key, v, n, sizeof(*v), cmp_symref);
}

void loaded_set_free(struct loaded_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* module_exports(): what find_symbol() finds in a live module.  The
 * kernel bsearches mod->syms (__ksymtab, sorted by the module linker
 * script) and takes the CRC at the same index of __kcrctab; every entry
 * has a __ksymtab_NAME symbol at its start, its CRC a __crc_NAME symbol
 * in __kcrctab(_gpl), its namespace the __kstrtabns_NAME string.  A
 * module is proprietary (TAINT_PROPRIETARY_MODULE) by set_license(), by
 * name (check_module_license_and_versions()), or by inherit_taint() from
 * an earlier module whose symbols it uses. */
int module_exports(const struct modfile *m, struct exports *e, int owner,
		   struct loaded_mod *lm, const struct loaded_set *prev)
{
	struct sec *s;
	struct symref *refs = NULL;
	unsigned int n, i, symidx = 0;
	uint64_t k, nsyms = 0;
	size_t nrefs = 0;
	int cls;
	const char *modname = NULL, *license = NULL;
	struct export *found;

	memset(lm, 0, sizeof(*lm));
	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	for (i = 1; i < n; i++) {
		if (s[i].h.type == 2 /* SYMTAB */ && s[i].h.link < n && !symidx)
			symidx = i;
		if (!strcmp(s[i].name, ".modinfo") && s[i].h.type != 8) {
			uint64_t off = 0;

			while (off < s[i].h.size) {
				const char *str = sec_str(m, &s[i], off);
				size_t sl = strlen(str);

				if (sl >= 5 && !memcmp(str, "name=", 5))
					modname = str + 5;
				if (sl >= 8 && !memcmp(str, "license=", 8) && !license)
					license = str + 8;
				off += sl + 1;
			}
		}
	}
	if (!modname) {
		/* struct module's name, after state and the list_head */
		for (i = 1; i < n; i++) {
			size_t off = cls == 1 ? 12 : 24, max = cls == 1 ? 60 : 56;

			if (strcmp(s[i].name, ".gnu.linkonce.this_module") || s[i].h.type == 8 ||
			    s[i].h.size <= off)
				continue;
			lm->name = strndup((const char *)m->data + s[i].h.offset + off,
					   s[i].h.size - off < max ? s[i].h.size - off : max);
			break;
		}
	} else {
		lm->name = strdup(modname);
	}
	if (!lm->name || !lm->name[0]) {
		free(lm->name);
		lm->name = NULL;
		free(s);
		return -1;
	}
	lm->proprietary = !license_is_gpl_compatible(license ? license : "unspecified") ||
			  !strcmp(lm->name, "driverloader") || !strcmp(lm->name, "lve");
	if (symidx && s[symidx].h.type != 8) {
		nsyms = s[symidx].h.size / sym_size(cls);
		refs = calloc(nsyms ? nsyms : 1, sizeof(*refs));
		if (!refs) {
			free(s);
			return -1;
		}
	}
	for (k = 1; k < nsyms; k++) {
		struct sym sym;

		read_sym(m->data + s[symidx].h.offset + k * sym_size(cls), cls, &sym);
		refs[nrefs].name = sec_str(m, &s[s[symidx].h.link], sym.name);
		refs[nrefs].sym = sym;
		if (!refs[nrefs].name[0])
			continue;
		/* inherit_taint(): it uses a proprietary module's symbol */
		if (sym.shndx == 0 && prev && (found = (struct export *)exports_find(e, refs[nrefs].name)) &&
		    found->owner >= 0 && (size_t)found->owner < prev->n &&
		    prev->v[found->owner].proprietary)
			lm->proprietary = true;
		nrefs++;
	}
	qsort(refs, nrefs, sizeof(*refs), cmp_symref);
	for (k = 0; k < nrefs; k++) {
		const struct symref *c, *nsr;
		const struct sym *sym = &refs[k].sym;
		const char *export, *secname, *ns = "";
		uint32_t crc = 0;
		bool has_crc = false, gpl;

		if (strncmp(refs[k].name, "__ksymtab_", 10) || sym->shndx == 0 || sym->shndx >= n)
			continue;
		export = refs[k].name + 10;
		secname = s[sym->shndx].name;
		if (!strcmp(secname, "__ksymtab"))
			gpl = false;
		else if (!strcmp(secname, "__ksymtab_gpl"))
			gpl = true;
		else
			continue;
		c = sym_lookup(refs, nrefs, "__crc_", export);
		if (c && c->sym.shndx && c->sym.shndx < n && s[c->sym.shndx].h.type != 8 &&
		    !strcmp(s[c->sym.shndx].name, gpl ? "__kcrctab_gpl" : "__kcrctab") &&
		    c->sym.value <= s[c->sym.shndx].h.size &&
		    s[c->sym.shndx].h.size - c->sym.value >= 4) {
			crc = rd(m->data + s[c->sym.shndx].h.offset + c->sym.value, 4);
			has_crc = true;
		}
		nsr = sym_lookup(refs, nrefs, "__kstrtabns_", export);
		if (nsr && nsr->sym.shndx && nsr->sym.shndx < n)
			ns = sec_str(m, &s[nsr->sym.shndx], nsr->sym.value);
		exports_add(e, export, crc, has_crc, gpl, ns, owner);
	}
	free(refs);
	free(s);
	return 0;
}
