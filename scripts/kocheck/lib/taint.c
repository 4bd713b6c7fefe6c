// SPDX-License-Identifier: GPL-2.0
/*
 * Taints: add_taint() and test_taint() of kernel/panic.c,
 * add_taint_module() and try_to_force_load() of kernel/module/main.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* add_taint() (kernel/panic.c): with LOCKDEP_NOW_UNRELIABLE,
 * __debug_locks_off() is true the first time only. */
void add_taint(struct info *in, int flag, bool now_unreliable)
{
	if (now_unreliable && !in->s->lockdep) {
		say(in, "Disabling lock debugging due to kernel taint");
		in->s->lockdep = true;
	}
	in->s->taints |= TBIT(flag);
}

/* add_taint_module() (kernel/module/main.c) */
void add_taint_module(struct info *in, int flag, bool now_unreliable)
{
	add_taint(in, flag, now_unreliable);
	in->mod_taints |= TBIT(flag);
}

/* test_taint() (include/linux/panic.h): the kernel's tainted_mask */
bool test_taint(const struct info *in, int flag)
{
	return in->s->taints & TBIT(flag);
}

/* try_to_force_load() (kernel/module/main.c) */
int try_to_force_load(struct info *in, const char *reason)
{
	if (!in->t->force_load)
		return refuse(in, "try_to_force_load", -ENOEXEC);
	if (!test_taint(in, TAINT_FORCED_MODULE))
		say(in, "%s: %s: kernel tainted.", in->modname, reason);
	add_taint_module(in, TAINT_FORCED_MODULE, true);
	return 0;
}
