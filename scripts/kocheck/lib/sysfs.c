// SPDX-License-Identifier: GPL-2.0
/*
 * mod_sysfs_setup() of kernel/module/sysfs.c: mod_sysfs_init() finds
 * /sys/module/NAME already there for a built-in module of that name that
 * has one (a version, parameters, drivers).
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

int mod_sysfs_setup(struct info *in)
{
	size_t i;

	for (i = 0; i < in->t->nbuiltin; i++) {
		if (strcmp(in->t->builtin[i], in->modname))
			continue;
		if (in->t->builtin_version[i]) {
			/* version_sysfs_builtin() made /sys/module/NAME */
			say(in, "%s: module is already loaded", in->modname);
			return refuse(in, "mod_sysfs_setup", -EINVAL);
		}
		uneval(in, "%s is built into the kernel: whether /sys/module/%s exists (mod_sysfs_init(): 'module is already loaded', EINVAL)",
		       in->modname, in->modname);
		in->unknown = true;
		break;
	}
	return 0;
}
