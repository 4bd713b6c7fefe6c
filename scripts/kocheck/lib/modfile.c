// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a module file, and the exports of an already loaded module (what
 * find_symbol() finds in its __ksymtab, __ksymtab_gpl and __kcrctab*).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfread.h"
#include "kocheck.h"

/* finit_module() reads at most INT_MAX bytes (kernel_read_file_from_fd()). */
#define MAX_MODULE_SIZE 0x7fffffffUL

int modfile_read(struct modfile *m, const char *path, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf, *out;
	size_t got = 0, outlen;
	ssize_t r;
	int fd;
	char why[256];

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long)st.st_size > MAX_MODULE_SIZE) {
		snprintf(err, errlen, "%s: not a regular file of at most 2 GiB", path);
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
	m->raw = m->data = buf;
	m->rawlen = m->len = got;
	m->format = zformat_of(buf, got, path);
	if (m->format != Z_NONE) {
		if (zunpack(m->format, buf, got, &out, &outlen, why, sizeof(why))) {
			if (asprintf(&m->unpack_err, "%s: %s", path, why) < 0)
				m->unpack_err = NULL;
		} else {
			m->data = out;
			m->len = outlen;
		}
	}
	return 0;
}

int modfile_read_module(struct modfile *m, const char *path, char *err, size_t errlen)
{
	if (modfile_read(m, path, err, errlen))
		return -1;
	if (m->unpack_err) {
		snprintf(err, errlen, "%s", m->unpack_err);
		modfile_free(m);
		return -1;
	}
	return 0;
}

void modfile_free(struct modfile *m)
{
	if (m->data != m->raw)
		free((void *)m->data);
	free((void *)m->raw);
	free(m->unpack_err);
	m->data = m->raw = NULL;
	m->unpack_err = NULL;
}

struct sec {
	struct shdr h;
	const char *name;
};

/* The sections of a well-formed ELF file, read with the kernel's class
 * (m->kclass) or else its own, or NULL. */
static struct sec *sections(const struct modfile *m, int *cls, unsigned int *n)
{
	struct ehdr eh;
	struct sec *s;
	struct shdr strh;
	unsigned int i;

	if (m->len < sizeof(Elf64_Ehdr) || memcmp(m->data, "\177ELF", 4))
		return NULL;
	*cls = m->kclass ? m->kclass : m->data[EI_CLASS];
	if (*cls != ELFCLASS32 && *cls != ELFCLASS64)
		return NULL;
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
		if (s[i].h.type != SHT_NOBITS &&
		    (s[i].h.offset > m->len || s[i].h.size > m->len - s[i].h.offset))
			s[i].h.size = 0;
	}
	*n = eh.shnum;
	return s;
}

/* A string inside section sec at off, or "" */
static const char *sec_str(const struct modfile *m, const struct sec *s, uint64_t off)
{
	if (s->h.type == SHT_NOBITS || off >= s->h.size ||
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

	if (!n || snprintf(want, sizeof(want), "%s%s", prefix, name) >= (int)sizeof(want))
		return NULL;
	return bsearch(&key, v, n, sizeof(*v), cmp_symref);
}

/* The .modinfo strings "TAG=value" of a module, in file order. */
static const char *modinfo_next(const struct modfile *m, const struct sec *s, unsigned int n,
				const char *tag, const char *prev)
{
	size_t taglen = strlen(tag);
	unsigned int i;

	for (i = 1; i < n; i++) {
		uint64_t off = 0;

		if (strcmp(s[i].name, ".modinfo") || s[i].h.type == SHT_NOBITS)
			continue;
		if (prev)
			off = (const uint8_t *)prev - (m->data + s[i].h.offset) + strlen(prev) + 1;
		while (off < s[i].h.size) {
			const char *str = sec_str(m, &s[i], off);
			size_t sl = strlen(str);

			if (sl > taglen && !memcmp(str, tag, taglen) && str[taglen] == '=')
				return str + taglen + 1;
			off += sl + 1;
		}
		return NULL;
	}
	return NULL;
}

/* The module's name as the module list has it: struct module's name
 * (.gnu.linkonce.this_module, after state and the list_head), else
 * .modinfo's name=. */
static char *module_name(const struct modfile *m, const struct sec *s, unsigned int n, int cls)
{
	const char *modname;
	unsigned int i;

	for (i = 1; i < n; i++) {
		size_t off = cls == ELFCLASS32 ? 12 : 24, max = cls == ELFCLASS32 ? 60 : 56;

		if (strcmp(s[i].name, ".gnu.linkonce.this_module") || s[i].h.type == SHT_NOBITS ||
		    s[i].h.size <= off || !m->data[s[i].h.offset + off])
			continue;
		return strndup((const char *)m->data + s[i].h.offset + off,
			       s[i].h.size - off < max ? s[i].h.size - off : max);
	}
	modname = modinfo_next(m, s, n, "name", NULL);
	return modname && modname[0] ? strdup(modname) : NULL;
}

int module_static_info(const struct modfile *m, const struct target *t, char *name,
		       size_t namelen, uint32_t *taints)
{
	const char *license;
	struct sec *s;
	unsigned int n;
	int cls;
	char *nm;
	static const char marker[] = "~Module signature appended~\n";

	*taints = 0;
	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	nm = module_name(m, s, n, cls);
	if (!nm) {
		free(s);
		return -1;
	}
	snprintf(name, namelen, "%s", nm);
	license = modinfo_next(m, s, n, "license", NULL);
	if (!license_is_gpl_compatible(license ? license : "unspecified") ||
	    !strcmp(nm, "driverloader") || !strcmp(nm, "lve"))
		*taints |= TBIT(TAINT_PROPRIETARY_MODULE);
	if (!modinfo_next(m, s, n, "intree", NULL))
		*taints |= TBIT(TAINT_OOT_MODULE);
	if (modinfo_next(m, s, n, "staging", NULL))
		*taints |= TBIT(TAINT_CRAP);
	if (modinfo_next(m, s, n, "test", NULL))
		*taints |= TBIT(TAINT_TEST);
	if (modinfo_next(m, s, n, "livepatch", NULL))
		*taints |= TBIT(TAINT_LIVEPATCH);
	if (t && t->module_sig && (m->len < sizeof(marker) - 1 ||
				   memcmp(m->data + m->len - (sizeof(marker) - 1), marker,
					  sizeof(marker) - 1)))
		*taints |= TBIT(TAINT_UNSIGNED_MODULE);
	free(nm);
	free(s);
	return 0;
}

static int each_symbol(const struct modfile *m, bool (*cb)(const char *name, const struct sym *sym, void *arg),
		       void *arg)
{
	struct sec *s;
	unsigned int n, i, symidx = 0;
	uint64_t k, nsyms = 0;
	int cls;

	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	for (i = 1; i < n; i++)
		if (s[i].h.type == SHT_SYMTAB && s[i].h.link < n && !symidx)
			symidx = i;
	if (symidx)
		nsyms = s[symidx].h.size / sym_size(cls);
	for (k = 1; k < nsyms; k++) {
		struct sym sym;
		const char *name;

		read_sym(m->data + s[symidx].h.offset + k * sym_size(cls), cls, &sym);
		name = sec_str(m, &s[s[symidx].h.link], sym.name);
		if (name[0] && cb(name, &sym, arg))
			break;
	}
	free(s);
	return 0;
}

struct undef_cb {
	void (*cb)(const char *name, void *arg);
	void *arg;
};

static bool undef_one(const char *name, const struct sym *sym, void *arg)
{
	struct undef_cb *u = arg;

	if (sym->shndx == SHN_UNDEF)
		u->cb(name, u->arg);
	return false;
}

int module_undefs(const struct modfile *m, void (*cb)(const char *name, void *arg), void *arg)
{
	struct undef_cb u = { cb, arg };

	return each_symbol(m, undef_one, &u);
}

struct def_cb {
	const char *want;
	bool found;
};

static bool def_one(const char *name, const struct sym *sym, void *arg)
{
	struct def_cb *d = arg;

	if (sym->shndx != SHN_UNDEF && !strcmp(name, d->want))
		d->found = true;
	return d->found;
}

bool module_defines(const struct modfile *m, const char *name)
{
	struct def_cb d = { name, false };

	each_symbol(m, def_one, &d);
	return d.found;
}

/* Whether the module would be "[permanent]" once loaded: mod->init set
 * and mod->exit not (5.10 kernel/module.c print_unload_info(), 6.12 and
 * 7.2 kernel/module/procfs.c:32; delete_module()'s EBUSY).  Those
 * pointers are written by the relocations of .gnu.linkonce.this_module
 * against init_module and cleanup_module (modpost's .mod.c); one of
 * type 0 (R_*_NONE; arm64's 256 too) writes nothing.  A file without
 * relocations of that section (crafted ones) is taken by its symbols:
 * init_module defined, cleanup_module not.  -1: not a well-formed file. */
int module_permanent(const struct modfile *m)
{
	struct sec *s;
	unsigned int n, i, mod = 0;
	bool init = false, exit = false, relocs = false;
	int cls;

	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	for (i = 1; i < n && !mod; i++)
		if (!strcmp(s[i].name, ".gnu.linkonce.this_module"))
			mod = i;
	for (i = 1; i < n && mod; i++) {
		const struct sec *sym;
		uint64_t k, cnt;

		if ((s[i].h.type != SHT_RELA && s[i].h.type != SHT_REL) || s[i].h.info != mod ||
		    s[i].h.link >= n || s[i].h.link == 0)
			continue;
		sym = &s[s[i].h.link];
		if (sym->h.link >= n || sym->h.type == SHT_NOBITS)
			continue;
		relocs = true;
		cnt = s[i].h.size / rel_size(cls, s[i].h.type);
		for (k = 0; k < cnt; k++) {
			struct rel r;
			struct sym y;
			const char *name;

			read_rel(m->data + s[i].h.offset + k * rel_size(cls, s[i].h.type), cls, s[i].h.type, &r);
			if (r.type == 0 || (cls == ELFCLASS64 && r.type == 256) ||
			    r.sym >= sym->h.size / sym_size(cls))
				continue;
			read_sym(m->data + sym->h.offset + r.sym * sym_size(cls), cls, &y);
			name = sec_str(m, &s[sym->h.link], y.name);
			if (!strcmp(name, "init_module"))
				init = true;
			else if (!strcmp(name, "cleanup_module"))
				exit = true;
		}
	}
	free(s);
	if (!relocs)
		return module_defines(m, "init_module") && !module_defines(m, "cleanup_module");
	return init && !exit;
}

const char *module_modinfo(const struct modfile *m, const char *key)
{
	struct sec *s;
	unsigned int n;
	int cls;
	const char *v;

	s = sections(m, &cls, &n);
	if (!s)
		return NULL;
	v = modinfo_next(m, s, n, key, NULL);
	free(s);
	return v;
}

uint64_t module_section_size(const struct modfile *m, const char *name)
{
	struct sec *s;
	unsigned int n, i;
	uint64_t size = 0;
	int cls;

	s = sections(m, &cls, &n);
	if (!s)
		return 0;
	for (i = 1; i < n; i++)
		if (!strcmp(s[i].name, name) && (s[i].h.flags & SHF_ALLOC))
			size = s[i].h.size;
	free(s);
	return size;
}

const char *module_depends(const struct modfile *m, char *buf, size_t len)
{
	struct sec *s;
	unsigned int n;
	int cls;
	const char *d;

	buf[0] = '\0';
	s = sections(m, &cls, &n);
	if (!s)
		return buf;
	d = modinfo_next(m, s, n, "depends", NULL);
	snprintf(buf, len, "%s", d ? d : "");
	free(s);
	return buf;
}

/* module_exports(): what find_symbol() finds in a live module.  The
 * kernel bsearches mod->syms (__ksymtab, sorted by the module linker
 * script) and takes the CRC at the same index of __kcrctab; every entry
 * has a __ksymtab_NAME symbol at its start, its CRC a __crc_NAME symbol
 * in __kcrctab(_gpl), its namespace the __kstrtabns_NAME string. */
int module_exports(const struct modfile *m, struct exports *e, int owner)
{
	struct sec *s;
	struct symref *refs = NULL;
	unsigned int n, i, symidx = 0;
	uint64_t k, nsyms = 0;
	size_t nrefs = 0;
	int cls;
	char *name;

	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	name = module_name(m, s, n, cls);
	if (!name) {
		free(s);
		return -1;
	}
	free(name);
	for (i = 1; i < n; i++)
		if (s[i].h.type == SHT_SYMTAB && s[i].h.link < n && !symidx)
			symidx = i;
	if (symidx && s[symidx].h.type != SHT_NOBITS) {
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
		nrefs++;
	}
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), cmp_symref);
	for (k = 0; k < nrefs; k++) {
		const struct symref *c, *nsr;
		const struct sym *sym = &refs[k].sym;
		const char *export, *secname, *ns = "", *crcsec;
		const struct symref *fl;
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
		crcsec = gpl ? "__kcrctab_gpl" : "__kcrctab";
		/* 7.2: every export is in __ksymtab, its CRC in __kcrctab;
		 * whether it is GPL-only is bit KSYM_FLAG_GPL_ONLY (1) of its
		 * byte in __kflagstab (export-internal.h SYMBOL_FLAGS():
		 * __flags_NAME), which find_exported_symbol_in_section()
		 * reads (7.2 kernel/module/main.c:375) */
		fl = sym_lookup(refs, nrefs, "__flags_", export);
		if (fl && fl->sym.shndx && fl->sym.shndx < n && !strcmp(s[fl->sym.shndx].name, "__kflagstab") &&
		    s[fl->sym.shndx].h.type != SHT_NOBITS && fl->sym.value < s[fl->sym.shndx].h.size) {
			gpl = m->data[s[fl->sym.shndx].h.offset + fl->sym.value] & 1;
			crcsec = "__kcrctab";
		}
		c = sym_lookup(refs, nrefs, "__crc_", export);
		if (c && c->sym.shndx == SHN_ABS) {
			/* Before 5.19 (kbuild's cmd_modversions_c, 5.10's
			 * scripts/Makefile.build:169): `ld -r -T .tmp_X.ver`
			 * makes __crc_X an absolute symbol, its value the CRC;
			 * __kcrctab's entry is a relocation against it, which
			 * apply_relocations() resolves to that value, and
			 * check_version() (5.10 kernel/module.c:1321) compares
			 * it (find_symbol()'s symversion(), line 530). */
			crc = (uint32_t)c->sym.value;
			has_crc = true;
		} else if (c && c->sym.shndx && c->sym.shndx < n && s[c->sym.shndx].h.type != SHT_NOBITS &&
		    !strcmp(s[c->sym.shndx].name, crcsec) &&
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

/* 7.2's extended modversions (CONFIG_EXTENDED_MODVERSIONS): the u32
 * CRCs of __version_ext_crcs and the names of __version_ext_names, in
 * step, as for_each_modversion_info_ext() walks them; EACH per entry.
 * The number of entries, 0 without the sections, -1 when the file is
 * not a well-formed ELF file. */
int module_ext_versions(const struct modfile *m, void (*each)(uint32_t crc, const char *name,
							       void *arg), void *arg)
{
	unsigned int n, i, c = 0, nm = 0;
	int cls, count = 0;
	struct sec *s = sections(m, &cls, &n);
	uint64_t k, off, end;

	if (!s)
		return -1;
	for (i = 1; i < n; i++) {
		if (!strcmp(s[i].name, "__version_ext_crcs"))
			c = i;
		else if (!strcmp(s[i].name, "__version_ext_names"))
			nm = i;
	}
	if (c && nm && s[c].h.type != SHT_NOBITS && s[nm].h.type != SHT_NOBITS) {
		off = s[nm].h.offset;
		end = off + s[nm].h.size;
		for (k = 0; k < s[c].h.size / 4 && off < end; k++, count++) {
			const char *name = (const char *)m->data + off;
			size_t len = strnlen(name, end - off);
			char buf[512];

			snprintf(buf, sizeof(buf), "%.*s", (int)len, name);
			each((uint32_t)rd(m->data + s[c].h.offset + k * 4, 4), buf, arg);
			off += len + 1;
		}
	}
	free(s);
	return count;
}
