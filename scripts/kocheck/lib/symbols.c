// SPDX-License-Identifier: GPL-2.0
/*
 * Symbols, kernel/module/main.c: find_symbol(), resolve_symbol(),
 * inherit_taint(), verify_namespace_is_imported(), ref_module(),
 * simplify_symbols() and complete_formation()'s
 * verify_exported_symbols().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* verify_module_namespace() (7.2, kernel/module/main.c): a namespace
 * "module:PAT,PAT..." (EXPORT_SYMBOL_FOR_MODULES()) is open to the
 * modules whose name matches a pattern (a trailing '*' globs; '-' and
 * '_' are the same to mod_strncmp()). */
static bool verify_module_namespace(const char *ns, const char *modname)
{
	size_t len, modlen = strlen(modname), i;
	const char *sep;
	bool glob;

	if (strncmp(ns, "module:", 7))
		return false;
	for (ns += 7; *ns; ns = sep) {
		sep = ns + strcspn(ns, ",");
		len = (size_t)(sep - ns);
		glob = false;
		/* sep[-1]: an empty pattern reads the ':' or ',' before it */
		if (sep[-1] == '*') {
			len--;
			glob = true;
		}
		if (*sep)
			sep++;
		for (i = 0; i < len; i++) {
			char a = ns[i] == '-' ? '_' : ns[i], b = i < modlen ?
				(modname[i] == '-' ? '_' : modname[i]) : '\0';

			if (a != b)
				break;
		}
		if (i == len && (glob || len == modlen))
			return true;
	}
	return false;
}

/* setup_modinfo() of 7.2: an import_ns= of a "module:" namespace is
 * refused (those are implicit) */
int setup_modinfo_import_ns(struct info *in)
{
	const char *ns;

	for (ns = get_modinfo(in, "import_ns"); ns; ns = next_modinfo(in, "import_ns", ns)) {
		if (!strncmp(ns, "module:", 7)) {
			say(in, "%s: module tries to import module namespace: %s", in->modname, ns);
			return refuse(in, "setup_modinfo", -EPERM);
		}
	}
	return 0;
}

/* verify_namespace_is_imported() (kernel/module/main.c; the same text
 * from 5.10 to 7.2) */
static int verify_namespace(struct info *in, const struct export *e)
{
	const char *ns;

	if (!e->ns || !e->ns[0])
		return 0;
	if (in->t->gen >= KGEN_7_2 && verify_module_namespace(e->ns, in->modname))
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

/* inherit_taint() (kernel/module/main.c) */
static bool inherit_taint(struct info *in, const struct export *e)
{
	const struct live_module *owner;

	if (e->owner < 0 || (size_t)e->owner >= in->s->nmods)
		return true;
	owner = &in->s->mods[e->owner];
	if (!(owner->taints & TBIT(TAINT_PROPRIETARY_MODULE)))
		return true;
	/* 5.10's lines do not name the symbol */
	if (in->using_gplonly) {
		if (in->t->gen == KGEN_5_10)
			say(in, "%s: module using GPL-only symbols uses symbols from proprietary module %s.",
			    in->modname, owner->name);
		else
			say(in, "%s: module using GPL-only symbols uses symbols %s from proprietary module %s.",
			    in->modname, e->name, owner->name);
		return false;
	}
	if (!(in->mod_taints & TBIT(TAINT_PROPRIETARY_MODULE))) {
		if (in->t->gen == KGEN_5_10)
			say(in, "%s: module uses symbols from proprietary module %s, inheriting taint.",
			    in->modname, owner->name);
		else
			say(in, "%s: module uses symbols %s from proprietary module %s, inheriting taint.",
			    in->modname, e->name, owner->name);
		in->mod_taints |= TBIT(TAINT_PROPRIETARY_MODULE);
	}
	return true;
}

/* ref_module() (kernel/module/main.c): the module now uses OWNER
 * (kept for delete_module()) */
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

/* resolve_symbol() (kernel/module/main.c): 0, -ENOENT (the kernel's
 * NULL) or another error */
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
int simplify_symbols(struct info *in, struct exports *kernel)
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
			    (ELF64_ST_BIND(sym.info) == STB_WEAK ||
			     ((in->eh.machine == EM_386 || in->eh.machine == EM_X86_64) &&
			      !strcmp(name, "_GLOBAL_OFFSET_TABLE_"))))
				break;
			say(in, "%s: Unknown symbol %s (err %d)", in->modname, name, err);
			ret = err;
			break;
		default:
			/* 5.10 does not check the index (5.18+ does) */
			if (in->t->gen >= KGEN_6_1 && sym.shndx >= in->eh.shnum) {
				say(in, "%s: Symbol %s has an invalid section index %u (max %u)",
				    in->modname, name, sym.shndx, in->eh.shnum - 1);
				ret = -ENOEXEC;
			}
			break;
		}
	}
	return ret ? refuse(in, "simplify_symbols", ret) : 0;
}

/* verify_exported_symbols(), from complete_formation(): none of the
 * module's exports may exist already (vmlinux or a live module). */
int verify_exported_symbols(struct info *in, struct exports *kernel)
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
