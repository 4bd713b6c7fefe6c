// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_client - a module that depends on kmdemo_core.
 *
 * At init it registers itself with the core and adds "bump" to the core's
 * total; at exit it takes both back.  Loading it therefore needs the
 * core's symbols (insmod before the core fails with "Unknown symbol"),
 * pins the core (rmmod kmdemo_core fails while it is loaded) and changes
 * /sys/kernel/kmdemo/{total,clients} in a way a shell can check.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>

#include "kmdemo.h"

static int bump = 1;
module_param(bump, int, 0444);
MODULE_PARM_DESC(bump, "Amount added to the core's total while loaded (default 1)");

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

	pr_info("registered: total=%d checksum=%08x\n", ret,
		kmdemo_checksum(client.name, strlen(client.name)));
	return 0;
}

static void __exit kmdemo_client_exit(void)
{
	int ret = kmdemo_add(-bump);

	kmdemo_unregister_client(&client);
	pr_info("unregistered: total=%d\n", ret);
}

module_init(kmdemo_client_init);
module_exit(kmdemo_client_exit);

MODULE_IMPORT_NS(KMDEMO);
MODULE_DESCRIPTION("kmdemo client: uses the API exported by kmdemo_core");
MODULE_AUTHOR("kmodlab");
MODULE_LICENSE("GPL");
