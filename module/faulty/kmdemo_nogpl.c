// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_nogpl - a module with a GPL-incompatible license that calls a
 * symbol exported with EXPORT_SYMBOL_GPL.
 *
 * The kernel hides GPL-only exports from such modules, so the load fails
 * with "Unknown symbol kmdemo_register_client (err -2)", after the
 * license has tainted the kernel.
 */
#include <linux/module.h>

#include "kmdemo.h"

static struct kmdemo_client client = {
	.name = KBUILD_MODNAME,
};

static int __init kmdemo_nogpl_init(void)
{
	return kmdemo_register_client(&client);
}

static void __exit kmdemo_nogpl_exit(void)
{
	kmdemo_unregister_client(&client);
}

module_init(kmdemo_nogpl_init);
module_exit(kmdemo_nogpl_exit);

MODULE_DESCRIPTION("kmdemo: uses a GPL-only symbol without a GPL license");
MODULE_LICENSE("Proprietary");
