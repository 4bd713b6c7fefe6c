// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_core - a small module whose loading can be watched and poked at.
 *
 * It keeps one running total, changed through kmdemo_add() by client
 * modules or from user space, and a list of registered clients.  Both are
 * visible in /sys/kernel/kmdemo/, so a successful load is proven by what
 * the module does, not only by insmod's exit status.
 *
 * Parameters (see modinfo):
 *   limit   int, 0644: largest absolute value the total may reach; checked
 *           by kmdemo_limit_set() at load time and on every sysfs write,
 *           and never set below the total's absolute value (EBUSY)
 *   verbose bool, 0644: log every change of the total
 *   label   charp, 0444: a name printed in the load message
 *   seed    int array, 0444: values added to the total at load time
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "kmdemo.h"

#define KMDEMO_SEED_MAX 4

static int limit = 100;
static bool verbose;
static char *label = "kmdemo";
static int seed[KMDEMO_SEED_MAX];
static unsigned int nr_seed;

/*
 * Protects total, clients and every change of limit.  kmdemo_add() checks
 * the total against the limit, and a write of the limit checks it against
 * the total, each inside this lock: an addition cannot pass a limit that
 * was lowered under it, and the total never lies outside [-limit, limit].
 */
static DEFINE_MUTEX(kmdemo_lock);
static int total;
static LIST_HEAD(clients);
static struct kobject *kmdemo_kobj;

/* The checks of kmdemo_limit_set(): the value in @n, or -EINVAL, said why. */
static int kmdemo_limit_parse(const char *val, const struct kernel_param *kp,
			      int *n)
{
	if (kstrtoint(val, 0, n)) {
		pr_err("%s: '%s' is not an integer\n", kp->name, val);
		return -EINVAL;
	}
	if (*n < KMDEMO_LIMIT_MIN || *n > KMDEMO_LIMIT_MAX) {
		pr_err("%s=%d is out of range [%d, %d]\n", kp->name, *n,
		       KMDEMO_LIMIT_MIN, KMDEMO_LIMIT_MAX);
		return -EINVAL;
	}
	return 0;
}

/**
 * kmdemo_limit_set() - set an int parameter that must lie within the limit range
 * @val: the text given on the command line or written to sysfs
 * @kp: the parameter, whose @arg points to an int
 *
 * This is the check of the "limit" parameter's value.  It is exported so
 * that other modules can declare parameters with the same range, and so
 * that the KUnit suite can test it directly.  kmdemo_core's own "limit"
 * also refuses a value below the total (see limit_param_set()).
 *
 * Context: Any context that may sleep.
 * Return: 0 on success, -EINVAL if @val is not an integer or lies outside
 * [%KMDEMO_LIMIT_MIN, %KMDEMO_LIMIT_MAX]; the parameter is unchanged then.
 */
int kmdemo_limit_set(const char *val, const struct kernel_param *kp)
{
	int n, ret;

	ret = kmdemo_limit_parse(val, kp, &n);
	if (ret)
		return ret;
	WRITE_ONCE(*(int *)kp->arg, n);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(kmdemo_limit_set, KMDEMO);

/*
 * The &kernel_param_ops.set of kmdemo_core's "limit": kmdemo_limit_set()'s
 * checks, and the total must fit within the new limit.  Set in
 * kmdemo_lock, so no kmdemo_add() checks against a stale limit.  A value
 * refused for the total of the moment (-EBUSY) is not logged: that refusal
 * depends on when it is written, not on what, and the errno says it all.
 */
static int limit_param_set(const char *val, const struct kernel_param *kp)
{
	int n, ret;

	ret = kmdemo_limit_parse(val, kp, &n);
	if (ret)
		return ret;
	mutex_lock(&kmdemo_lock);
	if (abs(total) > n)
		ret = -EBUSY;
	else
		WRITE_ONCE(*(int *)kp->arg, n);
	mutex_unlock(&kmdemo_lock);
	return ret;
}

static const struct kernel_param_ops limit_ops = {
	.set = limit_param_set,
	.get = param_get_int,
};

module_param_cb(limit, &limit_ops, &limit, 0644);
MODULE_PARM_DESC(limit, "Largest absolute value of the total (1-1000000, default 100)");
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "Log every change of the total (default off)");
module_param(label, charp, 0444);
MODULE_PARM_DESC(label, "Name printed in the load message (default \"kmdemo\")");
module_param_array(seed, int, &nr_seed, 0444);
MODULE_PARM_DESC(seed, "Up to 4 values added to the total at load time");

/**
 * kmdemo_add() - add to the running total
 * @delta: amount to add, may be negative
 *
 * The total never leaves [-limit, limit]: an addition that would take it
 * outside is refused and leaves the total unchanged.  The limit is read
 * in the same critical section as the total (see kmdemo_lock).
 *
 * Context: Process context; takes a mutex.
 * Return: the new total, or -ERANGE if the addition was refused.
 */
int kmdemo_add(KMDEMO_DELTA_TYPE delta)
{
	s64 next;
	int ret, now;

	mutex_lock(&kmdemo_lock);
	next = (s64)total + delta;
	if (next > limit || next < -(s64)limit) {
		ret = -ERANGE;
	} else {
		total = next;
		ret = total;
	}
	/* What this call left, not what later calls made of it. */
	now = total;
	mutex_unlock(&kmdemo_lock);

	if (READ_ONCE(verbose))
		pr_info("add %lld: %s, total %d\n", (long long)delta,
			ret == -ERANGE ? "refused" : "done", now);
	return ret;
}
EXPORT_SYMBOL(kmdemo_add);

/**
 * kmdemo_total() - read the running total
 *
 * Context: Process context; takes a mutex.
 * Return: the current total.
 */
int kmdemo_total(void)
{
	int ret;

	mutex_lock(&kmdemo_lock);
	ret = total;
	mutex_unlock(&kmdemo_lock);
	return ret;
}
EXPORT_SYMBOL(kmdemo_total);

static struct kmdemo_client *find_client(const char *name)
{
	struct kmdemo_client *c;

	lockdep_assert_held(&kmdemo_lock);
	list_for_each_entry(c, &clients, node)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/**
 * kmdemo_register_client() - add a client to /sys/kernel/kmdemo/clients
 * @client: the client; @client->name must stay valid until
 *	kmdemo_unregister_client() is called
 *
 * Context: Process context; takes a mutex.
 * Return: 0 on success, -EINVAL if the name is NULL, empty or longer than
 * %KMDEMO_NAME_MAX, -EEXIST if a client of that name is registered.
 */
int kmdemo_register_client(struct kmdemo_client *client)
{
	int ret = 0;

	if (!client->name || !*client->name ||
	    strnlen(client->name, KMDEMO_NAME_MAX + 1) > KMDEMO_NAME_MAX)
		return -EINVAL;

	mutex_lock(&kmdemo_lock);
	if (find_client(client->name))
		ret = -EEXIST;
	else
		list_add_tail(&client->node, &clients);
	mutex_unlock(&kmdemo_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(kmdemo_register_client);

/**
 * kmdemo_unregister_client() - remove a client registered before
 * @client: the client passed to a successful kmdemo_register_client()
 *
 * Context: Process context; takes a mutex.
 */
void kmdemo_unregister_client(struct kmdemo_client *client)
{
	mutex_lock(&kmdemo_lock);
	list_del_init(&client->node);
	mutex_unlock(&kmdemo_lock);
}
EXPORT_SYMBOL_GPL(kmdemo_unregister_client);

/**
 * kmdemo_checksum() - Adler-32 checksum of a buffer
 * @data: the bytes
 * @len: how many
 *
 * Exported in the KMDEMO namespace: a module that calls it must say
 * MODULE_IMPORT_NS(KMDEMO), or the kernel refuses to resolve the symbol.
 *
 * Context: Any context.
 * Return: the Adler-32 value (RFC 1950) of the buffer; 1 when @len is 0.
 */
u32 kmdemo_checksum(const void *data, size_t len)
{
	const u8 *p = data;
	u32 a = 1, b = 0;

	while (len--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}
EXPORT_SYMBOL_NS(kmdemo_checksum, KMDEMO);

static ssize_t total_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", kmdemo_total());
}

/* Writing N adds N, so a refused addition shows up as ERANGE in the shell. */
static ssize_t total_store(struct kobject *kobj, struct kobj_attribute *attr,
			   const char *buf, size_t count)
{
	int delta, ret;

	ret = kstrtoint(buf, 0, &delta);
	if (ret)
		return ret;
	ret = kmdemo_add(delta);
	return ret < 0 ? ret : count;
}

static ssize_t clients_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct kmdemo_client *c;
	int len = 0;

	mutex_lock(&kmdemo_lock);
	list_for_each_entry(c, &clients, node)
		len += sysfs_emit_at(buf, len, "%s\n", c->name);
	mutex_unlock(&kmdemo_lock);
	return len;
}

static struct kobj_attribute total_attr = __ATTR_RW(total);
static struct kobj_attribute clients_attr = __ATTR_RO(clients);

static struct attribute *kmdemo_attrs[] = {
	&total_attr.attr,
	&clients_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kmdemo);

static int __init kmdemo_core_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < nr_seed; i++) {
		ret = kmdemo_add(seed[i]);
		if (ret < 0) {
			pr_err("seed[%u]=%d takes the total past limit %d\n",
			       i, seed[i], READ_ONCE(limit));
			return -EINVAL;
		}
	}

	kmdemo_kobj = kobject_create_and_add("kmdemo", kernel_kobj);
	if (!kmdemo_kobj)
		return -ENOMEM;
	ret = sysfs_create_groups(kmdemo_kobj, kmdemo_groups);
	if (ret) {
		kobject_put(kmdemo_kobj);
		return ret;
	}

	/* limit is writable in sysfs already: read it once. */
	pr_info("loaded: label=%s limit=%d total=%d\n", label, READ_ONCE(limit),
		kmdemo_total());
	return 0;
}

static void __exit kmdemo_core_exit(void)
{
	sysfs_remove_groups(kmdemo_kobj, kmdemo_groups);
	kobject_put(kmdemo_kobj);
	pr_info("unloaded: total=%d\n", total);
}

module_init(kmdemo_core_init);
module_exit(kmdemo_core_exit);

MODULE_DESCRIPTION("kmdemo core: a running total and a client list with an exported API");
MODULE_AUTHOR("kmodlab");
MODULE_LICENSE("GPL");
