// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_nons - calls kmdemo_checksum(), exported in namespace KMDEMO,
 * without MODULE_IMPORT_NS(KMDEMO).
 *
 * The kernel refuses to resolve the symbol: "module uses symbol
 * (kmdemo_checksum) from namespace KMDEMO, but does not import it."
 * followed by "Unknown symbol kmdemo_checksum (err -22)".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "kmdemo.h"

static int __init kmdemo_nons_init(void)
{
	pr_info("checksum=%08x\n", kmdemo_checksum("kmdemo", 6));
	return 0;
}

static void __exit kmdemo_nons_exit(void)
{
}

module_init(kmdemo_nons_init);
module_exit(kmdemo_nons_exit);

MODULE_DESCRIPTION("kmdemo: uses a namespaced symbol without importing it");
MODULE_LICENSE("GPL");
