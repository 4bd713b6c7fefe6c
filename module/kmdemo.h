/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmdemo: the API exported by kmdemo_core.ko.
 *
 * KMDEMO_ABI selects the version of this header.  ABI 2 widens the
 * argument of kmdemo_add(), which changes the symbol CRC that genksyms
 * computes for it: a client built against ABI 2 is refused by a core
 * built against ABI 1 with "disagrees about version of symbol kmdemo_add".
 * Nothing else in the API changes between the two.
 */
#ifndef _KMDEMO_H
#define _KMDEMO_H

#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/types.h>

#ifndef KMDEMO_ABI
#define KMDEMO_ABI 1
#endif

/* The type of kmdemo_add()'s argument: the one thing ABI 2 changes. */
#if KMDEMO_ABI >= 2
#define KMDEMO_DELTA_TYPE s64
#else
#define KMDEMO_DELTA_TYPE int
#endif

/* Longest client name, not counting the terminating NUL. */
#define KMDEMO_NAME_MAX 31

/* Range accepted by the core's "limit" parameter. */
#define KMDEMO_LIMIT_MIN 1
#define KMDEMO_LIMIT_MAX 1000000

/**
 * struct kmdemo_client - a module that registered itself with kmdemo_core
 * @name: unique name, 1 to %KMDEMO_NAME_MAX characters, listed in
 *	/sys/kernel/kmdemo/clients
 * @node: list linkage, owned by kmdemo_core while registered
 */
struct kmdemo_client {
	const char *name;
	struct list_head node;
};

int kmdemo_add(KMDEMO_DELTA_TYPE delta);
int kmdemo_total(void);
int kmdemo_register_client(struct kmdemo_client *client);
void kmdemo_unregister_client(struct kmdemo_client *client);
u32 kmdemo_checksum(const void *data, size_t len);
int kmdemo_limit_set(const char *val, const struct kernel_param *kp);

#endif /* _KMDEMO_H */
