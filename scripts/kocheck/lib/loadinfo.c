// SPDX-License-Identifier: GPL-2.0
/*
 * struct load_info and .modinfo: setup_load_info(), find_sec(),
 * get_modinfo(), blacklisted(), check_modinfo() (from
 * layout_and_allocate()) and check_module_license_and_versions(), of
 * kernel/module/main.c; license_is_gpl_compatible() of
 * include/linux/license.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* info->sechdrs[i], read with the target's class */
void shdr(const struct info *in, unsigned int i, struct shdr *s)
{
	read_shdr(in->hdr + in->eh.shoff + (uint64_t)i * shdr_size(in->cls), in->cls, s);
}

/* The kernel reads a section at sh_offset whatever its type; for the
 * sections elf_validity_check() did not check (SHT_NOBITS), that can be
 * outside the file, where we do not follow it. */
bool in_file(const struct info *in, const struct shdr *s)
{
	return s->offset <= in->len && s->size <= in->len - s->offset;
}

/* A NUL-terminated string inside [base, base+size), or NULL. */
const char *str_in(const uint8_t *base, uint64_t size, uint64_t off)
{
	if (off >= size || !memchr(base + off, '\0', size - off))
		return NULL;
	return (const char *)base + off;
}

/* find_sec(): only sections still marked SHF_ALLOC count. */
unsigned int find_sec(const struct info *in, const char *name)
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
const char *next_modinfo(const struct info *in, const char *tag, const char *prev)
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

/* get_modinfo() (kernel/module/main.c) */
const char *get_modinfo(const struct info *in, const char *tag)
{
	return next_modinfo(in, tag, NULL);
}

/* setup_load_info() (kernel/module/main.c) */
int setup_load_info(struct info *in, int flags)
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
	/* info->mod points into the file */
	read_this_module_name(in);
	snprintf(in->name, sizeof(in->name), "%s", name ? name : in->modname);
	in->index_vers = (flags & KO_IGNORE_MODVERSIONS) ? 0 : find_sec(in, "__versions");
	return 0;
}

/* blacklisted(): module_blacklist= is a comma-separated list */
bool blacklisted(const char *list, const char *name)
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

/* check_modinfo_livepatch() */
static int check_modinfo_livepatch(struct info *in)
{
	if (get_modinfo(in, "livepatch") && !in->t->livepatch) {
		say_open(in, "%s: module is marked as livepatch module, but livepatch support is disabled",
		    in->modname);
		return refuse(in, "check_modinfo_livepatch", -ENOEXEC);
	}
	return 0;
}

/* The taints and lines of a module's .modinfo: in check_modinfo() up
 * to 6.1, where the livepatch refusal comes between staging and the
 * license; module_augment_kernel_taints() from 6.4 (after
 * add_unformed_module(), check_modinfo() refused a livepatch module
 * already).  5.10 has no TAINT_TEST ("test" is ignored). */
static int modinfo_taints(struct info *in)
{
	const char *license;
	int err;

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
		uneval(in, "spectre_v2_enabled at run time (assumed a mitigation, as CONFIG_RETPOLINE; none with mitigations=off)");
	}
	if (get_modinfo(in, "staging")) {
		add_taint_module(in, TAINT_CRAP, false);
		say(in, "%s: module is from the staging directory, the quality is unknown, you have been warned.",
		    in->modname);
	}
	err = check_modinfo_livepatch(in);
	if (err)
		return err;
	if (get_modinfo(in, "livepatch")) {
		add_taint_module(in, TAINT_LIVEPATCH, false);
		/* pr_notice_once() */
		if (!in->s->livepatch)
			say(in, "%s: tainting kernel with TAINT_LIVEPATCH", in->modname);
		in->s->livepatch = true;
	}
	/* set_license() (module_license_taint_check() from 6.4) */
	license = get_modinfo(in, "license");
	if (!license)
		license = "unspecified";
	if (!license_is_gpl_compatible(license)) {
		if (!test_taint(in, TAINT_PROPRIETARY_MODULE))
			say(in, "%s: module license '%s' taints kernel.", in->modname, license);
		add_taint_module(in, TAINT_PROPRIETARY_MODULE, true);
	}
	/* TAINT_TEST: 5.19+ */
	if (in->t->gen >= KGEN_6_1 && get_modinfo(in, "test")) {
		if (!test_taint(in, TAINT_TEST))
			say(in, "%s: loading test module taints kernel.", in->modname);
		add_taint_module(in, TAINT_TEST, false);
	}
	return 0;
}

/* check_modinfo(): from layout_and_allocate() up to 6.1 (5.10's
 * kernel/module.c, 6.1's kernel/module/main.c), from early_mod_check()
 * in 6.12 and 7.2, where it only checks the vermagic and livepatch. */
int check_modinfo(struct info *in, int flags)
{
	const char *modmagic = get_modinfo(in, "vermagic");
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
	if (in->t->gen >= KGEN_6_12)
		return check_modinfo_livepatch(in);
	return modinfo_taints(in);
}

/* The unsigned taint (CONFIG_MODULE_SIG) after add_unformed_module():
 * in load_module() up to 6.1, in module_augment_kernel_taints() from
 * 6.4. */
void module_sig_taint(struct info *in)
{
	if (!in->t->module_sig || in->sig_ok)
		return;
	/* pr_notice_once() */
	if (!in->s->signote)
		say(in, "%s: module verification failed: signature and/or required key missing - tainting kernel",
		    in->modname);
	in->s->signote = true;
	add_taint_module(in, TAINT_UNSIGNED_MODULE, false);
}

/* The modules known to load proprietary code whatever their license
 * says, and the line when they (or anything since PREV_TAINT was read)
 * tainted the kernel P: check_module_license_and_versions() up to 6.1,
 * module_augment_kernel_taints() from 6.4 (in 7.2 driverloader and lve
 * are its module_license_offenders[]). */
static void license_offenders(struct info *in, bool prev_taint)
{
	/* ndiswrapper: add_taint(), not add_taint_module() */
	if (!strcmp(in->modname, "ndiswrapper"))
		add_taint(in, TAINT_PROPRIETARY_MODULE, true);
	if (!strcmp(in->modname, "driverloader") || !strcmp(in->modname, "lve"))
		add_taint_module(in, TAINT_PROPRIETARY_MODULE, true);
	if (!prev_taint && test_taint(in, TAINT_PROPRIETARY_MODULE))
		say(in, "%s: module license taints kernel.", in->modname);
}

/* module_augment_kernel_taints() (6.12 and 7.2), after
 * add_unformed_module(): the .modinfo taints, the unsigned note, then
 * what check_module_license_and_versions() did up to 6.1. */
void module_augment_kernel_taints(struct info *in)
{
	bool prev_taint = test_taint(in, TAINT_PROPRIETARY_MODULE);

	modinfo_taints(in);	/* cannot refuse: check_modinfo() did */
	module_sig_taint(in);
	license_offenders(in, prev_taint);
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

/* check_module_license_and_versions() (5.10, 6.1); from 6.4 its taints
 * are in module_augment_kernel_taints() and the rest is
 * check_export_symbol_versions() (6.12) and
 * check_export_symbol_sections() (7.2: exports need __kflagstab; the
 * GPL-only ones are flagged there, __ksymtab_gpl is obsolete). */
int check_module_license_and_versions(struct info *in)
{
	bool prev_taint = test_taint(in, TAINT_PROPRIETARY_MODULE);
	const uint64_t kssize = 12;	/* sizeof(struct kernel_symbol), both classes */

	if (in->t->gen >= KGEN_7_2) {
		if (sec_size(in, "__ksymtab") / kssize && !find_sec(in, "__kflagstab")) {
			say(in, "%s: no flags for exported symbols", in->modname);
			return refuse(in, "check_export_symbol_sections", -ENOEXEC);
		}
		if (in->t->modversions && sec_size(in, "__ksymtab") / kssize && !find_sec(in, "__kcrctab"))
			return refuse(in, "check_export_symbol_sections",
				      try_to_force_load(in, "no versions for exported symbols"));
		return 0;
	}
	if (in->t->gen >= KGEN_6_12) {
		if (in->t->modversions &&
		    ((sec_size(in, "__ksymtab") / kssize && !find_sec(in, "__kcrctab")) ||
		     (sec_size(in, "__ksymtab_gpl") / kssize && !find_sec(in, "__kcrctab_gpl"))))
			return refuse(in, "check_export_symbol_versions",
				      try_to_force_load(in, "no versions for exported symbols"));
		return 0;
	}

	license_offenders(in, prev_taint);
	if (!in->t->modversions)
		return 0;
	if ((sec_size(in, "__ksymtab") / kssize && !find_sec(in, "__kcrctab")) ||
	    (sec_size(in, "__ksymtab_gpl") / kssize && !find_sec(in, "__kcrctab_gpl")))
		return refuse(in, "check_module_license_and_versions",
			      try_to_force_load(in, "no versions for exported symbols"));
	return 0;
}
