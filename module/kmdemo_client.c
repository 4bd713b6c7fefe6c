// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_client - a module that depends on kmdemo_core.
 *
 * At init it registers itself with the core and adds "bump" to the core's
 * total; at exit it takes both back.  Loading it therefore needs the
 * core's symbols (insmod before the core fails with "Unknown symbol"),
 * pins the core (rmmod kmdemo_core fails while it is loaded) and changes
 * /sys/kernel/kmdemo/{total,clients} in a way a shell can check.
 *
 * kmdemo_client2.c and kmdemo_client3.c build this file again under other
 * module names, so that several clients can be loaded at once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>

#include "kmdemo.h"

static int bump = 1;
module_param(bump, int, 0444);
MODULE_PARM_DESC(bump, "Amount added to the core's total while loaded (default 1)");
/*
 * A loop that loads and unloads a client thousands of times checks the
 * result by exit status and /sys/kernel/kmdemo; a line per load would bury
 * the kernel lines that matter.  Errors are printed all the same.
 */
static bool quiet;
module_param(quiet, bool, 0444);
MODULE_PARM_DESC(quiet, "Print nothing on success (default off)");

static struct kmdemo_client client = {
	.name = KBUILD_MODNAME,
};

static int __init kmdemo_client_init(void)
{
	int ret;

	ret = kmdemo_register_client(&client);
	if (ret) {
		pr_err("kmdemo_register_client failed: %d\n", ret);
		return ret;
	}

	ret = kmdemo_add(bump);
	if (ret < 0) {
		pr_err("kmdemo_core refused bump=%d: %d\n", bump, ret);
		kmdemo_unregister_client(&client);
		return ret;
	}

	if (!quiet)
		pr_info("registered: total=%d checksum=%08x\n", ret,
			kmdemo_checksum(client.name, strlen(client.name)));
	return 0;
}

static void __exit kmdemo_client_exit(void)
{
	int ret = kmdemo_add(-bump);

	kmdemo_unregister_client(&client);
	/* An exit cannot fail: say that the bump stays in the total. */
	if (ret < 0)
		pr_err("kmdemo_core refused to take back bump=%d: %d\n", bump, ret);
	else if (!quiet)
		pr_info("unregistered: total=%d\n", ret);
}

module_init(kmdemo_client_init);
module_exit(kmdemo_client_exit);

MODULE_IMPORT_NS(KMDEMO);
MODULE_DESCRIPTION("kmdemo client: uses the API exported by kmdemo_core");
MODULE_AUTHOR("kmodlab");
MODULE_LICENSE("GPL");
