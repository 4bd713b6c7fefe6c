// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of load_module() in kernel/module/main.c of Linux 6.1, in
 * its order, on a module buffer.  Each function says which kernel
 * function it mirrors.  The kernel reads the file with its own ELF class,
 * so everything here uses the target's class, not the file's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "kocheck.h"

#define SHT_NULL 0
#define SHT_SYMTAB 2
#define SHT_NOBITS 8
#define SHF_ALLOC 2
#define SHN_UNDEF 0
#define SHN_LIVEPATCH 0xff20
#define SHN_ABS 0xfff1
#define SHN_COMMON 0xfff2
#define STB_WEAK 2
#define ET_REL 1
#define EM_ARM 40
#define EM_X86_64 62
#define EM_386 3
#define EM_AARCH64 183
#define MODVERSION_SIZE 64
#define MODULE_SIG_STRING "~Module signature appended~\n"

/* What the kernel keeps in struct load_info while it checks. */
struct info {
	const struct target *t;
	const uint8_t *hdr;
	size_t len;
	int cls;
	struct ehdr eh;
	const uint8_t *secstrings;
	uint64_t secstrings_size;
	unsigned int index_info, index_vers, index_sym, index_str, index_mod;
	char name[64];		/* info->name; mod->name is the same here */
	bool sig_ok;
	bool proprietary;	/* mod->taints & TAINT_PROPRIETARY_MODULE */
	struct verdict *v;
	struct taints *taints;
};

static void say(struct info *in, const char *fmt, ...)
{
	struct verdict *v = in->v;
	va_list ap;
	char *s;

	if (v->nlines >= KOCHECK_MAX_LINES) {
		v->truncated = true;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s)
		v->lines[v->nlines++] = s;
}

void verdict_free(struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	v->nlines = 0;
}

static void shdr(const struct info *in, unsigned int i, struct shdr *s)
{
	read_shdr(in->hdr + in->eh.shoff + (uint64_t)i * shdr_size(in->cls), in->cls, s);
}

/* A NUL-terminated string inside [base, base+size), or NULL. */
static const char *str_in(const uint8_t *base, uint64_t size, uint64_t off)
{
	if (off >= size || !memchr(base + off, '\0', size - off))
		return NULL;
	return (const char *)base + off;
}

/* find_sec(): only sections still marked SHF_ALLOC count. */
static unsigned int find_sec(const struct info *in, const char *name)
{
	struct shdr s;
	const char *n;
	unsigned int i;

	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (!(s.flags & SHF_ALLOC))
			continue;
		n = str_in(in->secstrings, in->secstrings_size, s.name);
		if (n && !strcmp(n, name))
			return i;
	}
	return 0;
}

/* get_next_modinfo(): "tag=value" strings of .modinfo, bounded. */
static const char *next_modinfo(const struct info *in, const char *tag, const char *prev)
{
	struct shdr s;
	const char *p, *end;
	size_t taglen = strlen(tag);

	if (!in->index_info)
		return NULL;
	shdr(in, in->index_info, &s);
	p = (const char *)in->hdr + s.offset;
	end = p + s.size;
	if (prev)
		p = prev + strnlen(prev, end - prev);
	while (p < end) {
		while (p < end && !*p)
			p++;
		if (p >= end)
			break;
		if ((size_t)(end - p) > taglen && !strncmp(p, tag, taglen) && p[taglen] == '=' &&
		    memchr(p, '\0', end - p))
			return p + taglen + 1;
		p += strnlen(p, end - p);
	}
	return NULL;
}

static const char *get_modinfo(const struct info *in, const char *tag)
{
	return next_modinfo(in, tag, NULL);
}

static void lockdep_taint(struct info *in)
{
	/* add_taint(..., LOCKDEP_NOW_UNRELIABLE) and __debug_locks_off() */
	if (!in->taints->lockdep)
		say(in, "Disabling lock debugging due to kernel taint");
	in->taints->lockdep = true;
}

/* try_to_force_load() */
static int try_to_force_load(struct info *in, const char *reason)
{
	if (!in->t->force_load)
		return -ENOEXEC;
	if (!in->taints->forced)
		say(in, "%s: %s: kernel tainted.", in->name, reason);
	in->taints->forced = true;
	lockdep_taint(in);
	return 0;
}

/* module_sig_check() and mod_verify_sig() (kernel/module/signing.c) */
static int module_sig_check(struct info *in, int flags)
{
	const size_t markerlen = sizeof(MODULE_SIG_STRING) - 1;
	bool mangled = flags & (KO_IGNORE_MODVERSIONS | KO_IGNORE_VERMAGIC);
	int err = -ENODATA;
	const char *reason;

	if (!mangled && in->len > markerlen &&
	    !memcmp(in->hdr + in->len - markerlen, MODULE_SIG_STRING, markerlen)) {
		const uint8_t *ms;
		uint32_t sig_len;

		in->len -= markerlen;
		if (in->len <= 12) {
			err = -EBADMSG;
			goto out;
		}
		ms = in->hdr + in->len - 12;
		sig_len = (uint32_t)ms[8] << 24 | ms[9] << 16 | ms[10] << 8 | ms[11];
		/* mod_check_sig() */
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
			err = sig_verify(in->hdr, in->len, in->hdr + in->len, sig_len,
					 in->t->certs, in->t->ncerts);
			if (!err) {
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
	return 0;
}

/* validate_section_offset(), with the target's unsigned long. */
static bool section_fits(const struct info *in, const struct shdr *s)
{
	uint64_t end = s->offset + s->size;

	if (in->cls == 1) {
		uint32_t e32 = (uint32_t)s->offset + (uint32_t)s->size;

		return e32 >= (uint32_t)s->offset && e32 <= in->len &&
		       s->offset <= UINT32_MAX && s->size <= UINT32_MAX;
	}
	return end >= s->offset && end <= in->len;
}

static bool elf_check_arch(const struct info *in)
{
	switch (in->t->machine) {
	case EM_ARM:
		/* arch/arm/kernel/elf.c: ARM, and a word- or Thumb-aligned entry */
		return in->eh.machine == EM_ARM && !(rd(in->hdr + 24, 4) & 2);
	default:
		return in->eh.machine == in->t->machine;
	}
}

/* elf_validity_check() */
static int elf_validity_check(struct info *in)
{
	struct shdr s, strhdr;
	unsigned int i;

	if (in->len < ehdr_size(in->cls)) {
		say(in, "Invalid ELF header len %zu", in->len);
		return -ENOEXEC;
	}
	read_ehdr(in->hdr, in->cls, &in->eh);
	if (memcmp(in->hdr, "\177ELF", 4)) {
		say(in, "Invalid ELF header magic: != \177ELF");
		return -ENOEXEC;
	}
	if (in->eh.type != ET_REL) {
		say(in, "Invalid ELF header type: %u != %u", in->eh.type, ET_REL);
		return -ENOEXEC;
	}
	if (!elf_check_arch(in)) {
		say(in, "Invalid architecture in ELF header: %u", in->eh.machine);
		return -ENOEXEC;
	}
	if (in->eh.shentsize != shdr_size(in->cls)) {
		say(in, "Invalid ELF section header size");
		return -ENOEXEC;
	}
	if (in->eh.shoff >= in->len ||
	    (uint64_t)in->eh.shnum * shdr_size(in->cls) > in->len - in->eh.shoff) {
		say(in, "Invalid ELF section header overflow");
		return -ENOEXEC;
	}
	if (in->eh.shstrndx == SHN_UNDEF || in->eh.shstrndx >= in->eh.shnum) {
		say(in, "Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)",
		    in->eh.shstrndx, in->eh.shstrndx, in->eh.shnum);
		return -ENOEXEC;
	}
	shdr(in, in->eh.shstrndx, &strhdr);
	if (!section_fits(in, &strhdr)) {
		say(in, "Invalid ELF section hdr(type %u)", strhdr.type);
		return -ENOEXEC;
	}
	in->secstrings = in->hdr + strhdr.offset;
	in->secstrings_size = strhdr.size;
	if (strhdr.size == 0) {
		say(in, "empty section name table");
		return -ENOEXEC;
	}
	if (in->secstrings[strhdr.size - 1] != '\0') {
		say(in, "ELF Spec violation: section name table isn't null terminated");
		return -ENOEXEC;
	}
	shdr(in, 0, &s);
	if (s.type != SHT_NULL || s.size != 0 || s.addr != 0) {
		say(in, "ELF Spec violation: section 0 type(%d)!=SH_NULL or non-zero len or addr",
		    (int)s.type);
		return -ENOEXEC;
	}
	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type == SHT_NULL || s.type == SHT_NOBITS)
			continue;
		if (s.type == SHT_SYMTAB && (s.link == SHN_UNDEF || s.link >= in->eh.shnum)) {
			say(in, "Invalid ELF sh_link!=SHN_UNDEF(%d) or (sh_link(%d) >= hdr->e_shnum(%d)",
			    (int)s.link, (int)s.link, in->eh.shnum);
			return -ENOEXEC;
		}
		if (!section_fits(in, &s)) {
			say(in, "Invalid ELF section in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
		if ((s.flags & SHF_ALLOC) && s.name >= strhdr.size) {
			say(in, "Invalid ELF section name in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* setup_load_info() */
static int setup_load_info(struct info *in, int flags)
{
	const char *name = NULL;
	const char *missing = "(missing .modinfo section or name field)";
	struct shdr s;
	unsigned int i;

	in->index_info = find_sec(in, ".modinfo");
	if (in->index_info)
		name = get_modinfo(in, "name");
	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type == SHT_SYMTAB) {
			in->index_sym = i;
			in->index_str = s.link;
			break;
		}
	}
	if (!in->index_sym) {
		say(in, "%s: module has no symbols (stripped?)", name ? name : missing);
		return -ENOEXEC;
	}
	in->index_mod = find_sec(in, ".gnu.linkonce.this_module");
	if (!in->index_mod) {
		say(in, "%s: No module found in object", name ? name : missing);
		return -ENOEXEC;
	}
	if (name) {
		snprintf(in->name, sizeof(in->name), "%s", name);
	} else {
		/* struct module: state, list_head, then name[] */
		size_t off = in->cls == 1 ? 12 : 24;

		shdr(in, in->index_mod, &s);
		if (s.size >= off + 1 && s.type != SHT_NOBITS)
			snprintf(in->name, sizeof(in->name), "%.*s",
				 (int)(s.size - off < 56 ? s.size - off : 56),
				 (const char *)in->hdr + s.offset + off);
	}
	in->index_vers = (flags & KO_IGNORE_MODVERSIONS) ? 0 : find_sec(in, "__versions");
	return 0;
}

/* check_version() in kernel/module/version.c */
static bool check_version(struct info *in, const char *symname, const uint32_t *crc)
{
	size_t crcsize = in->cls == 1 ? 4 : 8, namelen = MODVERSION_SIZE - crcsize;
	struct shdr s;
	uint64_t i, n;

	if (!crc)
		return true;
	if (!in->index_vers)
		return try_to_force_load(in, symname) == 0;
	shdr(in, in->index_vers, &s);
	if (s.type == SHT_NOBITS)
		n = 0;
	else
		n = s.size / MODVERSION_SIZE;
	for (i = 0; i < n; i++) {
		const uint8_t *e = in->hdr + s.offset + i * MODVERSION_SIZE;

		if (strncmp((const char *)e + crcsize, symname, namelen) ||
		    strlen(symname) >= namelen)
			continue;
		if (rd(e, crcsize) == *crc)
			return true;
		say(in, "%s: disagrees about version of symbol %s", in->name, symname);
		return false;
	}
	say(in, "%s: no symbol version for %s", in->name, symname);
	return false;
}

/* check_modstruct_version() */
static bool check_modstruct_version(struct info *in, struct exports *kernel)
{
	const struct export *e;
	uint32_t crc;

	if (!in->t->modversions)
		return true;	/* the !CONFIG_MODVERSIONS stub */
	e = exports_find(kernel, "module_layout");
	if (!e || !e->has_crc)
		return true;
	crc = e->crc;
	return check_version(in, "module_layout", &crc);
}

/* same_magic(): the release is ignored when the module has CRCs. */
static bool same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a += strcspn(a, " ");
		b += strcspn(b, " ");
	}
	return !strcmp(a, b);
}

static bool license_is_gpl_compatible(const char *license)
{
	static const char * const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* check_modinfo(), called from layout_and_allocate() */
static int check_modinfo(struct info *in, int flags)
{
	const char *modmagic = get_modinfo(in, "vermagic");
	const char *license;
	int err;

	if (flags & KO_IGNORE_VERMAGIC)
		modmagic = NULL;
	if (!modmagic) {
		err = try_to_force_load(in, "bad vermagic");
		if (err)
			return err;
	} else if (!same_magic(modmagic, in->t->vermagic, in->index_vers)) {
		say(in, "%s: version magic '%s' should be '%s'", in->name, modmagic, in->t->vermagic);
		return -ENOEXEC;
	}
	if (!get_modinfo(in, "intree")) {
		if (!in->taints->oot)
			say(in, "%s: loading out-of-tree module taints kernel.", in->name);
		in->taints->oot = true;
	}
	if (get_modinfo(in, "staging"))
		say(in, "%s: module is from the staging directory, the quality is unknown, you have been warned.",
		    in->name);
	if (get_modinfo(in, "livepatch")) {
		say(in, "%s: module is marked as livepatch module, but livepatch support is disabled",
		    in->name);
		return -ENOEXEC;
	}
	/* set_license() */
	license = get_modinfo(in, "license");
	if (!license)
		license = "unspecified";
	if (!license_is_gpl_compatible(license)) {
		if (!in->taints->prop)
			say(in, "%s: module license '%s' taints kernel.", in->name, license);
		in->taints->prop = true;
		in->proprietary = true;
		lockdep_taint(in);
	}
	return 0;
}

/* check_module_license_and_versions(), the CONFIG_MODVERSIONS part */
static int check_exported_versions(struct info *in)
{
	bool syms = find_sec(in, "__ksymtab"), gpl = find_sec(in, "__ksymtab_gpl");

	if (!in->t->modversions)
		return 0;
	if ((syms && !find_sec(in, "__kcrctab")) || (gpl && !find_sec(in, "__kcrctab_gpl")))
		return try_to_force_load(in, "no versions for exported symbols");
	return 0;
}

/* verify_namespace_is_imported() */
static int verify_namespace(struct info *in, const struct export *e)
{
	const char *ns;

	if (!e->ns || !e->ns[0])
		return 0;
	for (ns = get_modinfo(in, "import_ns"); ns; ns = next_modinfo(in, "import_ns", ns))
		if (!strcmp(ns, e->ns))
			return 0;
	say(in, "%s: module uses symbol (%s) from namespace %s, but does not import it.",
	    in->name, e->name, e->ns);
	return in->t->ns_missing_ok ? 0 : -EINVAL;
}

/* resolve_symbol(): 0, -ENOENT (not found) or another error */
static int resolve_symbol(struct info *in, struct exports *kernel, struct exports *mods,
			  const char *name)
{
	const struct export *e = exports_find(kernel, name);
	uint32_t crc;

	/* find_symbol(): GPL-only exports are invisible to proprietary modules. */
	if (e && e->gpl_only && in->proprietary)
		e = NULL;
	if (!e) {
		e = exports_find(mods, name);
		if (e && e->gpl_only && in->proprietary)
			e = NULL;
	}
	if (!e)
		return -ENOENT;
	crc = e->crc;
	if (!check_version(in, name, e->has_crc ? &crc : NULL))
		return -EINVAL;
	return verify_namespace(in, e);
}

/* simplify_symbols(): every error is reported, the last one returned. */
static int simplify_symbols(struct info *in, struct exports *kernel, struct exports *mods)
{
	struct shdr symsec, strsec;
	uint64_t i, n;
	int ret = 0, err;

	shdr(in, in->index_sym, &symsec);
	shdr(in, in->index_str, &strsec);
	if (strsec.type == SHT_NOBITS || !section_fits(in, &strsec))
		strsec.size = 0;
	n = symsec.size / sym_size(in->cls);
	for (i = 1; i < n; i++) {
		struct sym sym;
		const char *name;

		read_sym(in->hdr + symsec.offset + i * sym_size(in->cls), in->cls, &sym);
		name = str_in(in->hdr + strsec.offset, strsec.size, sym.name);
		if (!name)
			name = "";
		switch (sym.shndx) {
		case SHN_COMMON:
			if (!strncmp(name, "__gnu_lto", 9))
				break;
			say(in, "%s: please compile with -fno-common", in->name);
			ret = -ENOEXEC;
			break;
		case SHN_ABS:
		case SHN_LIVEPATCH:
			break;
		case SHN_UNDEF:
			err = resolve_symbol(in, kernel, mods, name);
			if (!err)
				break;
			/* Ok if weak or ignored. */
			if (err == -ENOENT &&
			    ((sym.info >> 4) == STB_WEAK ||
			     ((in->eh.machine == EM_386 || in->eh.machine == EM_X86_64) &&
			      !strcmp(name, "_GLOBAL_OFFSET_TABLE_"))))
				break;
			say(in, "%s: Unknown symbol %s (err %d)", in->name, name, err);
			ret = err;
			break;
		default:
			if (sym.shndx >= in->eh.shnum) {
				say(in, "%s: Symbol %s has an invalid section index %u (max %u)",
				    in->name, name, sym.shndx, in->eh.shnum - 1);
				ret = -ENOEXEC;
			}
			break;
		}
	}
	return ret;
}

/* parameq(): dashes and underscores are the same in parameter names. */
static bool parameq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen; i++) {
		char ca = a[i] == '-' ? '_' : a[i], cb = b[i] == '-' ? '_' : b[i];

		if (ca != cb)
			return false;
	}
	return a[blen] == '\0';
}

/* parse_args() with unknown_module_param_cb(): unknown ones are ignored.
 * The values themselves go to the module's kernel_param_ops, which we
 * cannot run: a value that the module refuses is not predicted. */
static void parse_args(struct info *in, const struct load_request *req)
{
	size_t i;

	static const char * const tags[] = { "parmtype", "parm", NULL };
	const char * const *tag;

	for (i = 0; i < req->nparams; i++) {
		const char *p = req->params[i], *type;
		size_t len = strcspn(p, "=");
		bool known = false;

		/* The names of __param are in the modinfo "parmtype" and
		 * "parm" (description) lines; module_param_cb() only has the
		 * latter, a parameter with neither is not seen. */
		for (tag = tags; *tag && !known; tag++) {
			for (type = get_modinfo(in, *tag); type && !known;
			     type = next_modinfo(in, *tag, type)) {
				size_t tlen = strcspn(type, ":");
				char name[128];

				snprintf(name, sizeof(name), "%.*s", (int)len, p);
				known = tlen == len && parameq(name, type, tlen);
			}
		}
		if (!known)
			say(in, "%s: unknown parameter '%.*s' ignored", in->name, (int)len, p);
	}
}

void replay_load(const struct target *t, struct exports *mods,
		 const struct load_request *req, struct taints *taints, struct verdict *v)
{
	struct info in = {
		.t = t, .hdr = req->mod->data, .len = req->mod->len,
		.cls = t->elf_class, .v = v, .taints = taints,
	};
	struct exports *kernel = (struct exports *)&t->exports;
	size_t i;
	int err;

	v->loads = false;
	v->err = 0;
	/* copy_module_from_user(): init_module(2) wants at least a header. */
	if (req->init_module && in.len < ehdr_size(in.cls)) {
		v->err = -ENOEXEC;
		return;
	}
	err = module_sig_check(&in, req->flags);
	if (!err)
		err = elf_validity_check(&in);
	if (!err)
		err = setup_load_info(&in, req->flags);
	if (!err && !check_modstruct_version(&in, kernel))
		err = -ENOEXEC;
	if (!err)
		err = check_modinfo(&in, req->flags);
	if (err) {
		v->err = err;
		return;
	}
	/* add_unformed_module() */
	for (i = 0; i < req->nloaded; i++) {
		if (!strcmp(req->loaded_names[i], in.name)) {
			v->err = -EEXIST;
			return;
		}
	}
	if (t->module_sig && !in.sig_ok) {
		if (!taints->signote)
			say(&in, "%s: module verification failed: signature and/or required key missing - tainting kernel",
			    in.name);
		taints->signote = true;
	}
	err = check_exported_versions(&in);
	if (!err)
		err = simplify_symbols(&in, kernel, mods);
	if (err) {
		v->err = err;
		return;
	}
	parse_args(&in, req);
	v->loads = true;
}
