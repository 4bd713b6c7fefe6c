// SPDX-License-Identifier: GPL-2.0
/*
 * The system calls and load_module() of kernel/module/main.c, in their
 * order, to do_init_module().  Each step is in the file named after
 * the kernel's; the kernel reads the module with its own ELF class, so
 * everything uses the target's class, not the file's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* do_init_module() done: MODULE_STATE_LIVE, in the modules list */
static void add_live(struct info *in, const struct load_request *req)
{
	struct modfile self = *req->file;
	char err[256];

	/* the module as the kernel has it (decompressed, or the copy) */
	self.data = in->hdr;
	self.len = in->len;
	uint64_t align;

	if (kstate_add(in->s, in->t, &self, in->modname, in->mod_taints, in->uses, in->nuses,
		       err, sizeof(err)))
		note(in, "the loaded module was not added to the state: %s", err);
	else
		in->s->mods[in->s->nmods - 1].percpu_size = module_percpu_size(in, &align);
}

static bool live_module(const struct kstate *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nmods; i++)
		if (!strcmp(s->mods[i].name, name))
			return true;
	return false;
}

/* SYSCALL_DEFINE3(init_module) / SYSCALL_DEFINE3(finit_module) and
 * load_module() (kernel/module/main.c), to do_init_module() */
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
	if (!t->gen_exact) {
		if (t->linux_version)
			uneval(&in, "the module loader of Linux %d.%d (kocheck replays 5.10, 6.1, 6.12 and 7.2): replayed as %s's",
			       t->linux_version / 100, t->linux_version % 100, kgen_name(t->gen));
		else
			uneval(&in, "the module loader of a release that does not say its version: replayed as %s's",
			       kgen_name(t->gen));
		in.unknown = true;
	}
	/* may_init_module(): CAP_SYS_MODULE and modules_disabled == 0 assumed */
	if (req->init_module) {
		/* copy_module_from_user(): at least an ELF header */
		if (in.len < ehdr_size(in.cls))
			err = refuse(&in, "copy_module_from_user", -ENOEXEC);
	} else {
		/* finit_module(): flags (MODULE_INIT_COMPRESSED_FILE: 5.17+);
		 * kernel_read_file_from_fd() */
		if (req->flags & ~(KO_IGNORE_MODVERSIONS | KO_IGNORE_VERMAGIC |
				   (t->gen >= KGEN_6_1 ? KO_COMPRESSED_FILE : 0)))
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
	/* The ELF checks, which also find the sections and the name:
	 * elf_validity_cache_copy() from 6.12 (it took over
	 * setup_load_info()), elf_validity_check() and setup_load_info() in
	 * 5.10 and 6.1. */
	if (!err && t->gen >= KGEN_6_12) {
		err = refuse(&in, "elf_validity_cache_copy", elf_validity_cache_copy(&in, req->flags));
	} else if (!err) {
		err = refuse(&in, "elf_validity_check", elf_validity_check(&in));
		if (!err)
			err = refuse(&in, "setup_load_info", setup_load_info(&in, req->flags));
	}
	/* blacklisted(), check_modstruct_version(), check_modinfo(): in
	 * load_module() up to 6.1 (check_modinfo() is the first step of its
	 * layout_and_allocate()), in early_mod_check() from 6.12 */
	if (!err && blacklisted(t->blacklist, in.name)) {
		say(&in, "Module %s is blacklisted", in.name);
		err = refuse(&in, "blacklisted", -EPERM);
	}
	/* rewrite_section_headers(): .modinfo and __versions lose
	 * SHF_ALLOC, which only matters to find_sec() of those
	 * names: not done again. */
	if (!err && !check_modstruct_version(&in, kernel))
		err = refuse(&in, "check_modstruct_version", -ENOEXEC);
	if (!err)
		err = check_modinfo(&in, req->flags);
	/* A live module of that name, EEXIST: from 6.12 early_mod_check()'s
	 * module_patient_check_exists(), before layout_and_allocate(); up to
	 * 6.1 add_unformed_module(), after it. */
	if (!err && t->gen >= KGEN_6_12 && live_module(s, in.modname))
		err = refuse(&in, "module_patient_check_exists", -EEXIST);
	if (!err)
		err = layout_and_allocate(&in, req->flags);
	if (!err && t->gen < KGEN_6_12 && live_module(s, in.modname))
		err = refuse(&in, "add_unformed_module", -EEXIST);
	if (err)
		goto out;
	/* The module is in the list (add_unformed_module()): from 6.12
	 * module_augment_kernel_taints() taints it; up to 6.1 load_module()
	 * only adds the unsigned taint here (check_modinfo() and
	 * check_module_license_and_versions() set the others). */
	if (t->gen >= KGEN_6_12)
		module_augment_kernel_taints(&in);
	else
		module_sig_taint(&in);
	err = percpu_modalloc(&in);
	if (!err)
		err = find_module_sections(&in);
	if (!err)
		err = check_module_license_and_versions(&in);
	/* setup_modinfo(): 7.2 refuses an explicit import of a module
	 * namespace */
	if (!err && t->gen >= KGEN_7_2)
		err = setup_modinfo_import_ns(&in);
	if (!err)
		err = simplify_symbols(&in, kernel);
	if (!err)
		err = apply_relocations(&in, kernel);
	/* post_relocation(): the arch's module_finalize() */
	if (!err)
		err = module_finalize(&in);
	if (!err)
		err = verify_exported_symbols(&in, kernel);
	/* prepare_coming_module(): klp_module_coming() and the
	 * MODULE_STATE_COMING notifiers */
	if (!err && get_modinfo(&in, "livepatch"))
		uneval(&in, "klp_module_coming() of a livepatch module");
	if (!err)
		err = parse_args(&in, req);
	if (!err)
		err = mod_sysfs_setup(&in);
	if (err)
		goto out;
	/* do_init_module() */
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
	if (ret > 0 && t->gen >= KGEN_7_2) {
		/* 7.2: one line, no dump_stack() */
		say(&in, "%s: init suspiciously returned %d, it should follow 0/-E convention",
		    in.modname, ret);
	} else if (ret > 0) {
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
