// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of load_module() in kernel/module/main.c of Linux 6.1, in
 * its order, on a module buffer.  Each function says which kernel
 * function it mirrors.  The kernel reads the file with its own ELF class,
 * so everything here uses the target's class, not the file's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfread.h"
#include "kocheck.h"

/* include/linux/elf.h of the kernel, not in <elf.h> */
#define SHN_LIVEPATCH 0xff20
#define MODVERSION_SIZE 64
#define MODULE_SIG_STRING "~Module signature appended~\n"

/* What the kernel keeps in struct load_info (and the temporary struct
 * module inside the file) while it checks. */
struct info {
	const struct target *t;
	const uint8_t *hdr;
	size_t len;
	int cls;
	struct ehdr eh;
	const uint8_t *secstrings;
	uint64_t secstrings_size;
	unsigned int index_info, index_vers, index_sym, index_str, index_mod;
	char name[64];		/* info->name: .modinfo name=, else mod->name */
	char modname[64];	/* mod->name: the name in .gnu.linkonce.this_module */
	bool sig_ok;
	uint32_t mod_taints;	/* mod->taints */
	bool using_gplonly;	/* mod->using_gplonly_symbols */
	bool unknown;		/* something not evaluated decides the outcome */
	char **uses;		/* ref_module(): the live modules it uses */
	size_t nuses;
	struct verdict *v;
	struct kstate *s;
};

enum { K_LINE, K_NOTE, K_UNEVAL };

static void vsay(struct verdict *v, int kind, const char *fmt, va_list ap)
{
	char *s, **list;
	size_t *n, max;
	size_t i;

	switch (kind) {
	case K_LINE: list = v->lines; n = &v->nlines; max = KOCHECK_MAX_LINES; break;
	case K_NOTE: list = v->notes; n = &v->nnotes; max = KOCHECK_MAX_NOTES; break;
	default: list = v->uneval; n = &v->nuneval; max = KOCHECK_MAX_NOTES; break;
	}
	if (*n >= max) {
		v->truncated = true;
		return;
	}
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	/* a note or an unevaluated item is listed once */
	for (i = 0; kind != K_LINE && i < *n; i++) {
		if (!strcmp(list[i], s)) {
			free(s);
			return;
		}
	}
	list[(*n)++] = s;
}

/* A line the kernel logs (without its trailing newline). */
static void say(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_LINE, fmt, ap);
	va_end(ap);
}

/* A remark about the prediction: not a kernel line. */
static void note(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_NOTE, fmt, ap);
	va_end(ap);
}

/* Something the kernel does that kocheck does not evaluate: the verdict
 * cannot be a confident one unless the caller says what it gives. */
static void uneval(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_UNEVAL, fmt, ap);
	va_end(ap);
}

/* The check that refused: its kernel function, and the error. */
static int refuse(struct info *in, const char *func, int err)
{
	if (err && !in->v->refused_by)
		in->v->refused_by = func;
	return err;
}

void verdict_free(struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	for (i = 0; i < v->nnotes; i++)
		free(v->notes[i]);
	for (i = 0; i < v->nuneval; i++)
		free(v->uneval[i]);
	memset(v, 0, sizeof(*v));
}

void verdict_append(struct verdict *to, struct verdict *from)
{
	size_t i;

	for (i = 0; i < from->nlines; i++) {
		if (to->nlines < KOCHECK_MAX_LINES)
			to->lines[to->nlines++] = from->lines[i];
		else
			free(from->lines[i]), to->truncated = true;
	}
	for (i = 0; i < from->nnotes; i++) {
		if (to->nnotes < KOCHECK_MAX_NOTES)
			to->notes[to->nnotes++] = from->notes[i];
		else
			free(from->notes[i]);
	}
	for (i = 0; i < from->nuneval; i++) {
		size_t j;

		for (j = 0; j < to->nuneval && strcmp(to->uneval[j], from->uneval[i]); j++)
			;
		if (j == to->nuneval && to->nuneval < KOCHECK_MAX_NOTES)
			to->uneval[to->nuneval++] = from->uneval[i];
		else
			free(from->uneval[i]);
	}
	to->truncated |= from->truncated;
	from->nlines = from->nnotes = from->nuneval = 0;
}

static void shdr(const struct info *in, unsigned int i, struct shdr *s)
{
	read_shdr(in->hdr + in->eh.shoff + (uint64_t)i * shdr_size(in->cls), in->cls, s);
}

/* The kernel reads a section at sh_offset whatever its type; for the
 * sections elf_validity_check() did not check (SHT_NOBITS), that can be
 * outside the file, where we do not follow it. */
static bool in_file(const struct info *in, const struct shdr *s)
{
	return s->offset <= in->len && s->size <= in->len - s->offset;
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

/* get_next_modinfo() with next_string(): "tag=value" strings of .modinfo. */
static const char *next_modinfo(const struct info *in, const char *tag, const char *prev)
{
	struct shdr s;
	const char *p, *end;
	size_t taglen = strlen(tag);

	if (!in->index_info)
		return NULL;
	shdr(in, in->index_info, &s);
	if (!in_file(in, &s))
		return NULL;
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

/* add_taint() (kernel/panic.c): with LOCKDEP_NOW_UNRELIABLE,
 * __debug_locks_off() is true the first time only. */
static void add_taint(struct info *in, int flag, bool now_unreliable)
{
	if (now_unreliable && !in->s->lockdep) {
		say(in, "Disabling lock debugging due to kernel taint");
		in->s->lockdep = true;
	}
	in->s->taints |= TBIT(flag);
}

/* add_taint_module() (kernel/module/main.c) */
static void add_taint_module(struct info *in, int flag, bool now_unreliable)
{
	add_taint(in, flag, now_unreliable);
	in->mod_taints |= TBIT(flag);
}

static bool test_taint(const struct info *in, int flag)
{
	return in->s->taints & TBIT(flag);
}

/* try_to_force_load() (kernel/module/main.c) */
static int try_to_force_load(struct info *in, const char *reason)
{
	if (!in->t->force_load)
		return refuse(in, "try_to_force_load", -ENOEXEC);
	if (!test_taint(in, TAINT_FORCED_MODULE))
		say(in, "%s: %s: kernel tainted.", in->modname, reason);
	add_taint_module(in, TAINT_FORCED_MODULE, true);
	return 0;
}

/* module_sig_check() and mod_verify_sig() (kernel/module/signing.c),
 * mod_check_sig() (kernel/module_signature.c).  Without
 * CONFIG_MODULE_SIG it is the stub of internal.h: nothing happens and
 * the signature stays part of the "ELF file". */
static int module_sig_check(struct info *in, int flags)
{
	const size_t markerlen = sizeof(MODULE_SIG_STRING) - 1;
	bool mangled = flags & (KO_IGNORE_MODVERSIONS | KO_IGNORE_VERMAGIC);
	int err = -ENODATA;
	const char *reason;

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
	/* security_locked_down(LOCKDOWN_MODULE_SIGNATURE) */
	if (in->t->lockdown) {
		say(in, "Lockdown: %s: unsigned module loading is restricted; see man kernel_lockdown.7",
		    in->t->comm ? in->t->comm : "insmod");
		return -EPERM;
	}
	return 0;
}

/* validate_section_offset(), with the target's unsigned long. */
static bool section_fits(const struct info *in, const struct shdr *s)
{
	uint64_t end = s->offset + s->size;

	if (in->cls == ELFCLASS32) {
		uint32_t e32 = (uint32_t)s->offset + (uint32_t)s->size;

		/* Elf32_Shdr fields are 32 bits: no truncation to worry about */
		return e32 >= (uint32_t)s->offset && e32 <= in->len;
	}
	return end >= s->offset && end <= in->len;
}

/* elf_check_arch() of the target: arch/arm/kernel/elf.c on arm (a CPU
 * with Thumb and VFP, no 26-bit mode), e_machine alone elsewhere. */
static bool elf_check_arch(const struct info *in)
{
	uint32_t entry, flags;

	if (in->eh.machine != in->t->machine)
		return false;
	if (in->t->machine != EM_ARM)
		return true;
	entry = rd(in->hdr + 24, 4);
	flags = in->eh.flags;
	if (!(entry & 1) && (entry & 3))
		return false;
	if ((flags & 0xff000000) == 0 /* EF_ARM_EABI_UNKNOWN */ && (flags & 0x08 /* APCS_26 */))
		return false;
	return true;
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
	/* info->mod points into the file: struct module is state, a
	 * list_head, then name[MODULE_NAME_LEN] */
	shdr(in, in->index_mod, &s);
	{
		size_t off = in->cls == ELFCLASS32 ? 12 : 24, max = in->cls == ELFCLASS32 ? 60 : 56;

		if (in_file(in, &s) && s.size > off) {
			size_t avail = s.size - off < max ? s.size - off : max;

			snprintf(in->modname, sizeof(in->modname), "%.*s", (int)avail,
				 (const char *)in->hdr + s.offset + off);
		} else if (s.offset + off < in->len) {
			size_t avail = in->len - s.offset - off;

			snprintf(in->modname, sizeof(in->modname), "%.*s",
				 (int)(avail < max ? avail : max), (const char *)in->hdr + s.offset + off);
		}
	}
	snprintf(in->name, sizeof(in->name), "%s", name ? name : in->modname);
	in->index_vers = (flags & KO_IGNORE_MODVERSIONS) ? 0 : find_sec(in, "__versions");
	return 0;
}

/* blacklisted(): module_blacklist= is a comma-separated list */
static bool blacklisted(const char *list, const char *name)
{
	const char *p;
	size_t len;

	if (!list)
		return false;
	for (p = list; *p; p += len) {
		len = strcspn(p, ",");
		if (strlen(name) == len && !memcmp(name, p, len))
			return true;
		if (p[len] == ',')
			len++;
	}
	return false;
}

/* check_version() in kernel/module/version.c; the !CONFIG_MODVERSIONS
 * stub (internal.h) always says yes. */
static bool check_version(struct info *in, const char *symname, const uint32_t *crc)
{
	size_t crcsize = in->cls == ELFCLASS32 ? 4 : 8, len = strlen(symname);
	struct shdr s;
	uint64_t i, n;

	if (!in->t->modversions)
		return true;
	/* Exporting module didn't supply crcs?  OK, we're already tainted. */
	if (!crc)
		return true;
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
static bool check_modstruct_version(struct info *in, struct exports *kernel)
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
static bool same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a += strcspn(a, " ");
		b += strcspn(b, " ");
	}
	return !strcmp(a, b);
}

/* include/linux/license.h */
bool license_is_gpl_compatible(const char *license)
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
		return refuse(in, "check_modinfo", -ENOEXEC);
	}
	if (!get_modinfo(in, "intree")) {
		if (!test_taint(in, TAINT_OOT_MODULE))
			say(in, "%s: loading out-of-tree module taints kernel.", in->modname);
		add_taint_module(in, TAINT_OOT_MODULE, false);
	}
	/* check_modinfo_retpoline(): retpoline_module_ok() of
	 * arch/x86/kernel/cpu/bugs.c, with spectre_v2 mitigation on */
	if (in->t->retpoline && !get_modinfo(in, "retpoline")) {
		/* pr_err() under bugs.c's pr_fmt "Spectre V2 : " */
		say(in, "Spectre V2 : System may be vulnerable to spectre v2");
		say(in, "%s: loading module not compiled with retpoline compiler.", in->modname);
	}
	if (get_modinfo(in, "staging")) {
		add_taint_module(in, TAINT_CRAP, false);
		say(in, "%s: module is from the staging directory, the quality is unknown, you have been warned.",
		    in->modname);
	}
	/* check_modinfo_livepatch() */
	if (get_modinfo(in, "livepatch")) {
		if (!in->t->livepatch) {
			say(in, "%s: module is marked as livepatch module, but livepatch support is disabled",
			    in->modname);
			return refuse(in, "check_modinfo_livepatch", -ENOEXEC);
		}
		add_taint_module(in, TAINT_LIVEPATCH, false);
		/* pr_notice_once() */
		if (!in->s->livepatch)
			say(in, "%s: tainting kernel with TAINT_LIVEPATCH", in->modname);
		in->s->livepatch = true;
	}
	/* set_license() */
	license = get_modinfo(in, "license");
	if (!license)
		license = "unspecified";
	if (!license_is_gpl_compatible(license)) {
		if (!test_taint(in, TAINT_PROPRIETARY_MODULE))
			say(in, "%s: module license '%s' taints kernel.", in->modname, license);
		add_taint_module(in, TAINT_PROPRIETARY_MODULE, true);
	}
	if (get_modinfo(in, "test")) {
		if (!test_taint(in, TAINT_TEST))
			say(in, "%s: loading test module taints kernel.", in->modname);
		add_taint_module(in, TAINT_TEST, false);
	}
	return 0;
}

/* section_objs(): the size of a section still marked SHF_ALLOC */
static uint64_t sec_size(const struct info *in, const char *name)
{
	unsigned int i = find_sec(in, name);
	struct shdr s;

	if (!i)
		return 0;
	shdr(in, i, &s);
	return s.size;
}

/* check_module_license_and_versions() */
static int check_module_license_and_versions(struct info *in)
{
	bool prev_taint = test_taint(in, TAINT_PROPRIETARY_MODULE);
	const uint64_t kssize = 12;	/* sizeof(struct kernel_symbol), both classes */

	/* ndiswrapper: add_taint(), not add_taint_module() */
	if (!strcmp(in->modname, "ndiswrapper"))
		add_taint(in, TAINT_PROPRIETARY_MODULE, true);
	if (!strcmp(in->modname, "driverloader") || !strcmp(in->modname, "lve"))
		add_taint_module(in, TAINT_PROPRIETARY_MODULE, true);
	if (!prev_taint && test_taint(in, TAINT_PROPRIETARY_MODULE))
		say(in, "%s: module license taints kernel.", in->modname);
	if (!in->t->modversions)
		return 0;
	if ((sec_size(in, "__ksymtab") / kssize && !find_sec(in, "__kcrctab")) ||
	    (sec_size(in, "__ksymtab_gpl") / kssize && !find_sec(in, "__kcrctab_gpl")))
		return refuse(in, "check_module_license_and_versions",
			      try_to_force_load(in, "no versions for exported symbols"));
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
	    in->modname, e->name, e->ns);
	return in->t->ns_missing_ok ? 0 : -EINVAL;
}

/* find_symbol(): vmlinux first, then the live modules; GPL-only exports
 * are invisible when !gplok. */
static const struct export *find_symbol(struct exports *kernel, struct exports *mods,
					const char *name, bool gplok)
{
	const struct export *e = exports_find(kernel, name);

	if (e && (gplok || !e->gpl_only))
		return e;
	e = exports_find(mods, name);
	if (e && (gplok || !e->gpl_only))
		return e;
	return NULL;
}

/* inherit_taint() */
static bool inherit_taint(struct info *in, const struct export *e)
{
	const struct live_module *owner;

	if (e->owner < 0 || (size_t)e->owner >= in->s->nmods)
		return true;
	owner = &in->s->mods[e->owner];
	if (!(owner->taints & TBIT(TAINT_PROPRIETARY_MODULE)))
		return true;
	if (in->using_gplonly) {
		say(in, "%s: module using GPL-only symbols uses symbols %s from proprietary module %s.",
		    in->modname, e->name, owner->name);
		return false;
	}
	if (!(in->mod_taints & TBIT(TAINT_PROPRIETARY_MODULE))) {
		say(in, "%s: module uses symbols %s from proprietary module %s, inheriting taint.",
		    in->modname, e->name, owner->name);
		in->mod_taints |= TBIT(TAINT_PROPRIETARY_MODULE);
	}
	return true;
}

/* resolve_symbol(): 0, -ENOENT (the kernel's NULL) or another error */
/* ref_module(): the module now uses OWNER (kept for delete_module()) */
static void ref_module(struct info *in, const struct export *e)
{
	const char *owner;
	char **u;
	size_t i;

	if (e->owner < 0 || (size_t)e->owner >= in->s->nmods)
		return;
	owner = in->s->mods[e->owner].name;
	for (i = 0; i < in->nuses; i++)
		if (!strcmp(in->uses[i], owner))
			return;
	u = realloc(in->uses, (in->nuses + 1) * sizeof(*u));
	if (!u)
		return;
	in->uses = u;
	in->uses[in->nuses] = strdup(owner);
	if (in->uses[in->nuses])
		in->nuses++;
}

static int resolve_symbol(struct info *in, struct exports *kernel, const char *name)
{
	const struct export *e = find_symbol(kernel, &in->s->exports, name,
					     !(in->mod_taints & TBIT(TAINT_PROPRIETARY_MODULE)));
	uint32_t crc;
	int err;

	if (!e)
		return -ENOENT;
	if (e->gpl_only)
		in->using_gplonly = true;
	if (!inherit_taint(in, e))
		return -ENOENT;
	crc = e->crc;
	if (!check_version(in, name, e->has_crc ? &crc : NULL))
		return -EINVAL;
	err = verify_namespace(in, e);
	if (!err)
		ref_module(in, e);
	return err;
}

/* simplify_symbols(): every error is reported, the last one returned. */
static int simplify_symbols(struct info *in, struct exports *kernel)
{
	struct shdr symsec, strsec;
	uint64_t i, n;
	int ret = 0, err;

	shdr(in, in->index_sym, &symsec);
	shdr(in, in->index_str, &strsec);
	if (!in_file(in, &strsec))
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
			say(in, "%s: please compile with -fno-common", in->modname);
			ret = -ENOEXEC;
			break;
		case SHN_ABS:
		case SHN_LIVEPATCH:
			break;
		case SHN_UNDEF:
			err = resolve_symbol(in, kernel, name);
			if (!err)
				break;
			/* Ok if weak or ignored (ignore_undef_symbol()). */
			if (err == -ENOENT &&
			    ((sym.info >> 4) == STB_WEAK ||
			     ((in->eh.machine == EM_386 || in->eh.machine == EM_X86_64) &&
			      !strcmp(name, "_GLOBAL_OFFSET_TABLE_"))))
				break;
			say(in, "%s: Unknown symbol %s (err %d)", in->modname, name, err);
			ret = err;
			break;
		default:
			if (sym.shndx >= in->eh.shnum) {
				say(in, "%s: Symbol %s has an invalid section index %u (max %u)",
				    in->modname, name, sym.shndx, in->eh.shnum - 1);
				ret = -ENOEXEC;
			}
			break;
		}
	}
	return ret ? refuse(in, "simplify_symbols", ret) : 0;
}

/* A module parameter as the kernel sees it in __param: struct
 * kernel_param { name, mod, ops, perm, level, flags, arg }, the pointers
 * filled in by relocations. */
struct kparam {
	const char *name;
	const char *ops;	/* the symbol ops points to: param_ops_int, ... */
	uint8_t flags;
};

/* The target of the relocation at byte OFF of section SEC: the string at
 * symbol + addend, and the symbol's name. */
static void reloc_at(const struct info *in, unsigned int sec, uint64_t off,
		     const char **str, const char **symname)
{
	struct shdr r, symsec, strsec, target, data;
	unsigned int i;

	*str = *symname = NULL;
	shdr(in, in->index_sym, &symsec);
	shdr(in, in->index_str, &strsec);
	shdr(in, sec, &data);
	for (i = 1; i < in->eh.shnum; i++) {
		uint64_t esz, j, n;

		shdr(in, i, &r);
		if ((r.type != SHT_RELA && r.type != SHT_REL) || r.info != sec ||
		    !in_file(in, &r))
			continue;
		esz = in->cls == ELFCLASS32 ? (r.type == SHT_RELA ? 12 : 8) : (r.type == SHT_RELA ? 24 : 16);
		n = r.size / esz;
		for (j = 0; j < n; j++) {
			const uint8_t *e = in->hdr + r.offset + j * esz;
			uint64_t roff = rd(e, in->cls == ELFCLASS32 ? 4 : 8), info, symi, addend;
			struct sym sym;

			if (roff != off)
				continue;
			info = rd(e + (in->cls == ELFCLASS32 ? 4 : 8), in->cls == ELFCLASS32 ? 4 : 8);
			symi = in->cls == ELFCLASS32 ? info >> 8 : info >> 32;
			if (r.type == SHT_RELA)
				addend = rd(e + (in->cls == ELFCLASS32 ? 8 : 16), in->cls == ELFCLASS32 ? 4 : 8);
			else if (in_file(in, &data) && off + 4 <= data.size)
				addend = rd(in->hdr + data.offset + off, 4);
			else
				addend = 0;
			if (symi == 0 || symi >= symsec.size / sym_size(in->cls))
				return;
			read_sym(in->hdr + symsec.offset + symi * sym_size(in->cls), in->cls, &sym);
			if (in_file(in, &strsec))
				*symname = str_in(in->hdr + strsec.offset, strsec.size, sym.name);
			if (sym.shndx && sym.shndx < in->eh.shnum) {
				shdr(in, sym.shndx, &target);
				if (in_file(in, &target) && target.type != SHT_NOBITS)
					*str = str_in(in->hdr + target.offset, target.size,
						      (sym.value + addend) &
						      (in->cls == ELFCLASS32 ? 0xffffffffu : UINT64_MAX));
			}
			return;
		}
	}
}

static size_t module_params(const struct info *in, struct kparam **out)
{
	unsigned int idx = find_sec(in, "__param");
	size_t kpsize = in->cls == ELFCLASS32 ? 20 : 40, opsoff = in->cls == ELFCLASS32 ? 8 : 16;
	size_t flagsoff = in->cls == ELFCLASS32 ? 15 : 27, i, n;
	struct kparam *kp;
	struct shdr s;

	*out = NULL;
	if (!idx)
		return 0;
	shdr(in, idx, &s);
	if (!in_file(in, &s) || s.type == SHT_NOBITS)
		return 0;
	n = s.size / kpsize;
	if (n > 4096)
		n = 4096;
	kp = calloc(n ? n : 1, sizeof(*kp));
	if (!kp)
		return 0;
	for (i = 0; i < n; i++) {
		const char *dummy;

		reloc_at(in, idx, i * kpsize, &kp[i].name, &dummy);
		reloc_at(in, idx, i * kpsize + opsoff, &dummy, &kp[i].ops);
		kp[i].flags = in->hdr[s.offset + i * kpsize + flagsoff];
	}
	*out = kp;
	return n;
}

/* parameq() */
static bool parameq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

/* _kstrtoull() and friends (lib/kstrtox.c): 0, -EINVAL or -ERANGE */
static int _kstrtoull(const char *s, unsigned long long *res)
{
	unsigned long long v = 0;
	unsigned int base;
	bool any = false, overflow = false;

	/* _parse_integer_fixup_radix() with base 0 */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2] &&
	    strchr("0123456789abcdefABCDEF", s[2]))
		base = 16;
	else
		base = s[0] == '0' ? 8 : 10;
	if (base == 16)
		s += 2;
	for (; *s; s++, any = true) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!any)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

static int kstrtoull(const char *s, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return _kstrtoull(s, res);
}

/* kstrtoll(), then the range check of kstrtoint() & co. */
static int kstrtoll(const char *s, long long min, long long max)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = _kstrtoull(s + 1, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		/* -v >= min */
		if (v && v - 1 > (unsigned long long)(-(min + 1)))
			return -ERANGE;
		return 0;
	}
	err = kstrtoull(s, &v);
	if (err)
		return err;
	if (v > (unsigned long long)max)
		return -ERANGE;
	return 0;
}

static int kstrtou(const char *s, unsigned long long max)
{
	unsigned long long v;
	int err = kstrtoull(s, &v);

	if (!err && v > max)
		err = -ERANGE;
	return err;
}

static int kstrtobool(const char *s)
{
	if (strchr("yYtT1nNfF0", s[0]) && s[0])
		return 0;
	if ((s[0] == 'o' || s[0] == 'O') && s[1] && strchr("nNfF", s[1]))
		return 0;
	return -EINVAL;
}

/* The kernel's scalar kernel_param_ops, whose set functions std_set()
 * runs. */
static bool is_std_ops(const char *ops)
{
	static const char *const std[] = {
		"param_ops_byte", "param_ops_short", "param_ops_ushort", "param_ops_int",
		"param_ops_uint", "param_ops_long", "param_ops_ulong", "param_ops_ullong",
		"param_ops_hexint", "param_ops_llong", "param_ops_charp", "param_ops_bool",
		"param_ops_invbool", "param_ops_bint",
	};
	size_t i;

	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (!strcmp(ops, std[i]))
			return true;
	return false;
}

/* The kernel's ops with KERNEL_PARAM_OPS_FL_NOARG (all bool-like) */
static bool noarg_ops(const char *ops)
{
	return ops && (!strcmp(ops, "param_ops_bool") || !strcmp(ops, "param_ops_invbool") ||
		       !strcmp(ops, "param_ops_bint") || !strcmp(ops, "param_ops_bool_enable_only"));
}

/* The set function of the kernel's standard kernel_param_ops (kernel/
 * params.c): 0 or an error; 1 when it is not one we can run. */
static int std_set(struct info *in, const struct kparam *kp, const char *val)
{
	const char *ops = kp->ops ? kp->ops : "";
	bool l64 = in->cls == 2;

	if (noarg_ops(ops))
		return kstrtobool(val ? val : "1");
	if (!val)
		return 1;
	if (!strcmp(ops, "param_ops_byte"))
		return kstrtou(val, 0xff);
	if (!strcmp(ops, "param_ops_ushort"))
		return kstrtou(val, 0xffff);
	if (!strcmp(ops, "param_ops_uint") || !strcmp(ops, "param_ops_hexint"))
		return kstrtou(val, 0xffffffffu);
	if (!strcmp(ops, "param_ops_ulong"))
		return kstrtou(val, l64 ? ~0ULL : 0xffffffffu);
	if (!strcmp(ops, "param_ops_ullong"))
		return kstrtou(val, ~0ULL);
	if (!strcmp(ops, "param_ops_short"))
		return kstrtoll(val, -32768, 32767);
	if (!strcmp(ops, "param_ops_int"))
		return kstrtoll(val, INT32_MIN, INT32_MAX);
	if (!strcmp(ops, "param_ops_long"))
		return kstrtoll(val, l64 ? LLONG_MIN : INT32_MIN, l64 ? LLONG_MAX : INT32_MAX);
	if (!strcmp(ops, "param_ops_llong"))
		return kstrtoll(val, LLONG_MIN, LLONG_MAX);
	if (!strcmp(ops, "param_ops_charp")) {
		if (strnlen(val, 1025) == 1025) {
			say(in, "%s: string parameter too long", kp->name);
			return -ENOSPC;
		}
		return 0;
	}
	return 1;
}

/* The set function of a parameter that is not one of the kernel's
 * scalar types: what --setter-returns says it returns, or not evaluated. */
static int custom_set(struct info *in, const struct load_request *req, const struct kparam *kp,
		      const char *param)
{
	size_t i;

	for (i = 0; i < req->nsetters; i++)
		if (parameq(req->setters[i].name, param) || parameq(req->setters[i].name, kp->name))
			return req->setters[i].ret;
	uneval(in, "the set function of parameter '%s' (%s): assumed to return 0; give --setter-returns %s=N",
	       kp->name, kp->ops && kp->ops[0] ? kp->ops : "the module's own kernel_param_ops",
	       kp->name);
	in->unknown = true;
	return 0;
}

/* parse_args() (kernel/params.c) with parse_one() and load_module()'s
 * unknown_module_param_cb(): each --param is one argument.  The kernel's
 * scalar types (param_ops_int, _bool, _charp, ...) are evaluated here;
 * any other set function (module_param_cb(), arrays, strings) is not. */
static int parse_args(struct info *in, const struct load_request *req)
{
	struct kparam *kp;
	size_t nkp = module_params(in, &kp), i, j;
	int err = 0;

	for (i = 0; i < req->nparams; i++) {
		char *param = strdup(req->params[i]), *val, *dot;
		int ret = 0;

		if (!param)
			break;
		val = strchr(param, '=');
		if (val)
			*val++ = '\0';
		if (!val && !strcmp(param, "--")) {
			/* load_module(): "parameters '%s' after `--' ignored" */
			size_t k;
			char *rest = NULL;

			for (k = i + 1; k < req->nparams; k++) {
				char *r;

				if (asprintf(&r, "%s%s%s", rest ? rest : "", rest ? " " : "",
					     req->params[k]) < 0)
					break;
				free(rest);
				rest = r;
			}
			if (rest && !err)
				say(in, "%s: parameters '%s' after `--' ignored", in->modname, rest);
			free(rest);
			free(param);
			break;
		}
		for (j = 0; j < nkp; j++)
			if (kp[j].name && parameq(param, kp[j].name))
				break;
		if (j < nkp) {
			/* parse_one() */
			bool std = kp[j].ops && is_std_ops(kp[j].ops);

			if (!val && std && !noarg_ops(kp[j].ops)) {
				ret = -EINVAL;
			} else {
				/* param_check_unsafe() */
				if (kp[j].flags & 1 /* KERNEL_PARAM_FL_UNSAFE */) {
					say(in, "Setting dangerous option %s - tainting kernel", kp[j].name);
					add_taint(in, TAINT_USER, false);
				}
				if (kp[j].flags & 2 /* KERNEL_PARAM_FL_HWPARAM */ && in->t->lockdown) {
					uneval(in, "parameter '%s' is a hardware parameter under lockdown (security_locked_down(LOCKDOWN_MODULE_PARAMETERS))",
					       kp[j].name);
					in->unknown = true;
				}
				ret = std ? std_set(in, &kp[j], val) : 1;
				if (ret == 1)
					ret = custom_set(in, req, &kp[j], param);
			}
		} else if (strcmp(param, "async_probe")) {
			/* ddebug_dyndbg_module_param_cb() */
			bool dyndbg;

			if (in->t->dyndbg) {
				dot = strchr(param, '.');
				if (dot)
					*dot = '\0';
				dyndbg = !strcmp(dot ? dot + 1 : param, "dyndbg");
			} else {
				dyndbg = !strcmp(param, "dyndbg");
				if (dyndbg)
					say(in, "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds");
			}
			if (!dyndbg)
				say(in, "%s: unknown parameter '%s' ignored", in->modname, param);
		}
		switch (ret) {
		case 0:
			break;
		case -ENOENT:
			say(in, "%s: Unknown parameter `%s'", in->modname, param);
			err = ret;
			break;
		case -ENOSPC:
			say(in, "%s: `%s' too large for parameter `%s'", in->modname, val ? val : "", param);
			err = ret;
			break;
		default:
			say(in, "%s: `%s' invalid for parameter `%s'", in->modname, val ? val : "", param);
			err = ret;
			break;
		}
		free(param);
	}
	free(kp);
	return err ? refuse(in, "parse_args", err) : 0;
}

/* verify_exported_symbols(), from complete_formation(): none of the
 * module's exports may exist already (vmlinux or a live module). */
static int verify_exported_symbols(struct info *in, struct exports *kernel)
{
	struct modfile self = { .data = in->hdr, .len = in->len };
	struct exports mine = { 0 };
	size_t i;
	int err = 0;

	if (module_exports(&self, &mine, 0))
		return 0;
	/* mod->syms, then mod->gpl_syms; each in its sorted order */
	for (int gpl = 0; gpl < 2 && !err; gpl++) {
		if (mine.n)
			exports_find(&mine, "");	/* sorts */
		for (i = 0; i < mine.n; i++) {
			const struct export *e;

			if (mine.v[i].gpl_only != gpl)
				continue;
			e = find_symbol(kernel, &in->s->exports, mine.v[i].name, true);
			if (e) {
				say(in, "%s: exports duplicate symbol %s (owned by %s)", in->modname,
				    mine.v[i].name, e->owner < 0 || (size_t)e->owner >= in->s->nmods ?
				    "kernel" : in->s->mods[e->owner].name);
				err = -ENOEXEC;
				break;
			}
		}
	}
	exports_free(&mine);
	return err ? refuse(in, "verify_exported_symbols", err) : 0;
}

/* module_decompress() (kernel/module/decompress.c) for finit_module()'s
 * MODULE_INIT_COMPRESSED_FILE: the kernel unpacks the one format its
 * CONFIG_MODULE_COMPRESS_* chose (6.1: gzip or xz, no zstd); without
 * CONFIG_MODULE_DECOMPRESS it is internal.h's stub, -EOPNOTSUPP. */
static int module_decompress(struct info *in, const uint8_t *buf, size_t size, uint8_t **out)
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
		/* dec_stream_header(): flags byte 0, check none or CRC32
		 * (the kernel has no XZ_DEC_ANY_CHECK): XZ_OPTIONS_ERROR */
		if (size >= 12 && (buf[6] != 0 || buf[7] > 1)) {
			say(in, "decompression failed with status %d", 6);
			return refuse(in, "module_decompress", -EINVAL);
		}
		break;
	default:
		return refuse(in, "module_decompress", -EOPNOTSUPP);
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

static void add_live(struct info *in, const struct load_request *req)
{
	struct modfile self = *req->file;
	char err[256];

	/* the module as the kernel has it (decompressed, or the copy) */
	self.data = in->hdr;
	self.len = in->len;
	if (kstate_add(in->s, in->t, &self, in->modname, in->mod_taints, in->uses, in->nuses,
		       err, sizeof(err)))
		note(in, "the loaded module was not added to the state: %s", err);
}

void replay_load(const struct target *t, struct kstate *s, const struct load_request *req,
		 struct verdict *v)
{
	struct info in = {
		.t = t, .hdr = req->buf, .len = req->len,
		.cls = t->elf_class, .v = v, .s = s,
	};
	struct exports *kernel = (struct exports *)&t->exports;
	uint8_t *unpacked = NULL;
	size_t i;
	int err = 0, ret;

	v->kind = V_REFUSED;
	v->err = 0;
	/* may_init_module(): CAP_SYS_MODULE and modules_disabled == 0 assumed */
	if (req->init_module) {
		/* copy_module_from_user(): at least an ELF header */
		if (in.len < ehdr_size(in.cls))
			err = refuse(&in, "copy_module_from_user", -ENOEXEC);
	} else {
		/* finit_module(): flags; kernel_read_file_from_fd() */
		if (req->flags & ~(KO_IGNORE_MODVERSIONS | KO_IGNORE_VERMAGIC | KO_COMPRESSED_FILE))
			err = refuse(&in, "finit_module", -EINVAL);
		/* kernel_read_file(): i_size <= 0 */
		else if (!req->len)
			err = refuse(&in, "kernel_read_file", -EINVAL);
		else if (req->flags & KO_COMPRESSED_FILE) {
			err = module_decompress(&in, req->buf, req->len, &unpacked);
			if (!err)
				in.hdr = unpacked;
		}
	}
	if (!err)
		err = refuse(&in, "module_sig_check", module_sig_check(&in, req->flags));
	if (!err)
		err = refuse(&in, "elf_validity_check", elf_validity_check(&in));
	if (!err)
		err = refuse(&in, "setup_load_info", setup_load_info(&in, req->flags));
	if (!err && blacklisted(t->blacklist, in.name)) {
		say(&in, "Module %s is blacklisted", in.name);
		err = refuse(&in, "blacklisted", -EPERM);
	}
	/* rewrite_section_headers(): .modinfo and __versions lose SHF_ALLOC,
	 * which only matters to find_sec() of those names: not done again. */
	if (!err && !check_modstruct_version(&in, kernel))
		err = refuse(&in, "check_modstruct_version", -ENOEXEC);
	/* layout_and_allocate() */
	if (!err)
		err = check_modinfo(&in, req->flags);
	if (err)
		goto out;
	/* add_unformed_module(): a live module of that name */
	for (i = 0; i < s->nmods; i++) {
		if (!strcmp(s->mods[i].name, in.modname)) {
			err = refuse(&in, "add_unformed_module", -EEXIST);
			goto out;
		}
	}
	if (t->module_sig && !in.sig_ok) {
		/* pr_notice_once() */
		if (!s->signote)
			say(&in, "%s: module verification failed: signature and/or required key missing - tainting kernel",
			    in.modname);
		s->signote = true;
		add_taint_module(&in, TAINT_UNSIGNED_MODULE, false);
	}
	err = check_module_license_and_versions(&in);
	if (!err)
		err = simplify_symbols(&in, kernel);
	if (err)
		goto out;
	uneval(&in, "apply_relocations() and module_finalize(): relocations assumed to apply");
	err = verify_exported_symbols(&in, kernel);
	if (err)
		goto out;
	err = parse_args(&in, req);
	if (err)
		goto out;
	/* mod_sysfs_setup(), then do_init_module() */
	if (req->init_known) {
		ret = req->init_ret;
	} else {
		uneval(&in, "the module's init function (assumed to return 0)");
		ret = 0;
	}
	if (ret < 0) {
		err = refuse(&in, "do_init_module", ret);
		goto out;
	}
	if (ret > 0) {
		say(&in, "do_init_module: '%s'->init suspiciously returned %d, it should follow 0/-E convention",
		    in.modname, ret);
		say(&in, "do_init_module: loading module anyway...");
		uneval(&in, "the dump_stack() lines after 'loading module anyway...'");
	}
	add_live(&in, req);
	v->kind = V_LOADS;
out:
	v->err = err;
	if (in.unknown) {
		v->kind = V_UNKNOWN;
		note(&in, "the verdict depends on what was not evaluated; the state assumes the prediction");
	}
	for (i = 0; i < in.nuses; i++)
		free(in.uses[i]);
	free(in.uses);
	free(unpacked);
}
