// SPDX-License-Identifier: GPL-2.0
/*
 * inspect: a module's .modinfo and __versions, read with libkmod and
 * printed exactly as kmod's modinfo and modprobe --dump-modversions do
 * (tools/modinfo.c modinfo_do(), tools/modprobe.c show_modversions()),
 * from one process for any number of modules.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libkmod.h>

#include "kocheck.h"

static struct kmod_ctx *ctx(void)
{
	static struct kmod_ctx *c;
	static const char *null_config;

	if (!c)
		c = kmod_new(NULL, &null_config);
	return c;
}

struct param {
	struct param *next;
	const char *name, *desc, *type;
	int namelen;
};

/* process_parm(): parm and parmtype lines merge per name; the list is
 * built by prepending, so kmod prints them in reverse order. */
static int add_parm(struct param **list, const char *key, const char *value)
{
	const char *colon = strchr(value, ':');
	struct param *it;
	int namelen;

	if (!colon) {
		fprintf(stderr, "kocheck: Found invalid \"%s=%s\": missing ':'\n", key, value);
		return 0;
	}
	namelen = colon - value;
	for (it = *list; it; it = it->next)
		if (it->namelen == namelen && !memcmp(it->name, value, namelen))
			break;
	if (!it) {
		it = calloc(1, sizeof(*it));
		if (!it)
			return -ENOMEM;
		it->next = *list;
		*list = it;
		it->name = value;
		it->namelen = namelen;
	}
	if (!strcmp(key, "parm"))
		it->desc = colon + 1;
	else
		it->type = colon + 1;
	return 0;
}

int inspect_modinfo(const char *path)
{
	struct kmod_list *l, *list = NULL;
	struct kmod_module *mod;
	struct param *params = NULL;
	int err;

	if (!ctx())
		return -ENOMEM;
	err = kmod_module_new_from_path(ctx(), path, &mod);
	if (err < 0) {
		fprintf(stderr, "kocheck: Module file %s not found.\n", path);
		return err;
	}
	printf("%-16s%s\n", "filename:", kmod_module_get_path(mod));
	err = kmod_module_get_info(mod, &list);
	if (err < 0) {
		fprintf(stderr, "kocheck: could not get modinfo from '%s': %s\n",
			kmod_module_get_name(mod), strerror(-err));
		kmod_module_unref(mod);
		return err;
	}
	err = 0;
	kmod_list_foreach(l, list) {
		const char *key = kmod_module_info_get_key(l);
		const char *value = kmod_module_info_get_value(l);

		if (!strcmp(key, "parm") || !strcmp(key, "parmtype")) {
			err = add_parm(&params, key, value);
			if (err < 0)
				break;
			continue;
		}
		printf("%s:%-*s%s\n", key, 15 - (int)strlen(key), "", value);
	}
	while (params) {
		struct param *p = params;

		params = p->next;
		if (!err) {
			if (!p->desc)
				printf("%-16s%.*s:%s\n", "parm:", p->namelen, p->name, p->type);
			else if (p->type)
				printf("%-16s%.*s:%s (%s)\n", "parm:", p->namelen, p->name, p->desc, p->type);
			else
				printf("%-16s%.*s:%s\n", "parm:", p->namelen, p->name, p->desc);
		}
		free(p);
	}
	kmod_module_info_free_list(list);
	kmod_module_unref(mod);
	return err;
}

static void print_ext(uint32_t crc, const char *name, void *arg)
{
	bool *first = arg;

	/* after kmod's lines (its output, unchanged), under a heading: kmod
	 * does not show them */
	if (*first)
		printf("# __version_ext_crcs, __version_ext_names (extended modversions):\n");
	*first = false;
	printf("0x%08" PRIx32 "\t%s\n", crc, name);
}

/* the extended modversions of PATH, if it has them */
static void show_ext_versions(const char *path)
{
	struct modfile m;
	char e[256];
	bool first = true;

	if (!modfile_read_module(&m, path, e, sizeof(e))) {
		module_ext_versions(&m, print_ext, &first);
		modfile_free(&m);
	}
}

int inspect_modversions(const char *path)
{
	struct kmod_list *l, *list = NULL;
	struct kmod_module *mod;
	int err;

	if (!ctx())
		return -ENOMEM;
	err = kmod_module_new_from_path(ctx(), path, &mod);
	if (err < 0) {
		fprintf(stderr, "kocheck: Module %s not found.\n", path);
		return err;
	}
	err = kmod_module_get_versions(mod, &list);
	if (err < 0) {
		fprintf(stderr, "kocheck: could not get modversions of %s: %s\n", path, strerror(-err));
		kmod_module_unref(mod);
		/* a 7.2 module may have only the extended ones */
		show_ext_versions(path);
		return err;
	}
	kmod_list_foreach(l, list)
		printf("0x%08" PRIx64 "\t%s\n", kmod_module_version_get_crc(l),
		       kmod_module_version_get_symbol(l));
	kmod_module_versions_free_list(list);
	kmod_module_unref(mod);
	show_ext_versions(path);
	return 0;
}
