// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_runtime - classic kernel bugs, one at a time, on demand.
 *
 * Loading it does nothing wrong.  Writing the name of a fault to
 * /sys/kernel/debug/kmdemo_runtime/trigger runs that fault in the
 * writer's context, so the kernel's own detectors (the oops handler,
 * BUG and WARN, KASAN, lockdep, kmemleak, the atomic-sleep checks, the
 * hung task and soft lockup watchdogs) report it; reading the file lists
 * the faults.
 *
 * Every faulty statement is marked with a comment "FAULT: <name>": the
 * lab's scenarios find its line there and check that the decoded stack
 * of the report points at it (the statement runs from the marked line to
 * the line that ends it).  Each fault function is noinline so that it is
 * a frame of its own in every stack trace.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

/* The longest fault name, with its newline, and a little room. */
#define KMDEMO_RUNTIME_NAME_MAX 32
/* How many records the bug-on fault's table holds. */
#define KMDEMO_RUNTIME_SLOTS 4
/* Size of the record the alloc-in-atomic fault allocates. */
#define KMDEMO_RUNTIME_RECORD 64
/*
 * Size of the leaked buffer: above the largest kmalloc cache (8 KiB), so
 * it comes straight from the page allocator, where no other object's
 * stale free-list pointer can look like a reference to it to kmemleak.
 */
#define KMDEMO_RUNTIME_LEAK_SIZE 16384
/*
 * How long the hung-task fault blocks: longer than twice the hung task
 * timeout a scenario sets (2 s), so khungtaskd sees it, yet bounded so
 * the writer comes back.
 */
#define KMDEMO_RUNTIME_HUNG_SECONDS 8
/*
 * How long the soft-lockup fault spins: more than the soft lockup
 * threshold (2 * watchdog_thresh, 2 s with watchdog_thresh 1), less
 * than twice it, so the watchdog reports it exactly once.
 */
#define KMDEMO_RUNTIME_SPIN_SECONDS 4

/**
 * struct kmdemo_runtime_obj - what the faults allocate, free and count
 * @value: some data
 * @users: how many holders the object has
 */
struct kmdemo_runtime_obj {
	int value;
	refcount_t users;
};

/* Never set: the null-deref fault writes through it. */
static struct kmdemo_runtime_obj *kmdemo_runtime_missing;
/* Records in use; the bug-on fault asserts it stays within the table. */
static unsigned int kmdemo_runtime_used = KMDEMO_RUNTIME_SLOTS + 1;
/* Open requests; the warn-on fault expects none at that point. */
static unsigned int kmdemo_runtime_pending = 1;
/* Two locks the lock-inversion fault takes in both orders; A also under a spinlock. */
static DEFINE_MUTEX(kmdemo_runtime_lock_a);
static DEFINE_MUTEX(kmdemo_runtime_lock_b);
/* The spinlock the atomic-sleep faults hold. */
static DEFINE_SPINLOCK(kmdemo_runtime_spin);
/* Nobody ever completes it. */
static DECLARE_COMPLETION(kmdemo_runtime_never);
/* An object shared by reference count (the refcount-underflow fault). */
static struct kmdemo_runtime_obj kmdemo_runtime_shared = {
	.users = REFCOUNT_INIT(1),
};

static struct dentry *kmdemo_runtime_dir;

/*
 * A NULL pointer is dereferenced: the CPU faults on page 0 and the
 * kernel oopses, killing the writer.
 */
static noinline void kmdemo_runtime_null_deref(const char *name)
{
	struct kmdemo_runtime_obj *obj = READ_ONCE(kmdemo_runtime_missing);

	obj->value = 1; /* FAULT: null-deref */
}

/*
 * BUG_ON() for a condition the code could have handled: BUG kills the
 * writer (and, with panic_on_oops, the machine) where an error return
 * would do.
 */
static noinline void kmdemo_runtime_bug_on(const char *name)
{
	BUG_ON(READ_ONCE(kmdemo_runtime_used) > KMDEMO_RUNTIME_SLOTS); /* FAULT: bug-on */
}

/*
 * A state the code assumes impossible, caught by WARN_ON(): the kernel
 * goes on, but it is a bug all the same (and panic_on_warn makes it a
 * panic).
 */
static noinline void kmdemo_runtime_warn_on(const char *name)
{
	WARN_ON(READ_ONCE(kmdemo_runtime_pending) != 0); /* FAULT: warn-on */
	pr_info("%s: went on after the warning\n", name);
}

/* Memory written after kfree(): it may already belong to someone else. */
static noinline void kmdemo_runtime_use_after_free(const char *name)
{
	struct kmdemo_runtime_obj *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return;
	kfree(obj);
	obj->value = 2; /* FAULT: use-after-free */
	pr_info("%s: wrote to freed memory\n", name);
}

/*
 * A copy of the name with its terminating NUL one byte past the end of
 * the buffer allocated for it: the classic off-by-one.
 */
static noinline void kmdemo_runtime_oob_write(const char *name)
{
	size_t len = strlen(name);
	char *copy = kmalloc(len, GFP_KERNEL);

	if (!copy)
		return;
	memcpy(copy, name, len);
	copy[len] = '\0'; /* FAULT: oob-write */
	pr_info("%s: wrote past the end of a %zu-byte buffer\n", name, len);
	kfree(copy);
}

/* Freeing twice corrupts the allocator's free lists. */
static noinline void kmdemo_runtime_double_free(const char *name)
{
	struct kmdemo_runtime_obj *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	kfree(obj);
	kfree(obj); /* FAULT: double-free */
	pr_info("%s: freed twice\n", name);
}

/* The only pointer to an allocation is lost: it is never freed. */
static noinline void kmdemo_runtime_leak(const char *name)
{
	char *record = kmalloc(KMDEMO_RUNTIME_LEAK_SIZE, GFP_KERNEL); /* FAULT: leak */

	if (!record)
		return;
	strscpy(record, name, KMDEMO_RUNTIME_LEAK_SIZE);
	pr_info("%s: allocated a record and forgot it\n", record);
}

/*
 * A then B here, B then A there: two tasks doing both can deadlock.
 * Taken one after the other in one task nothing hangs, but lockdep has
 * seen both orders and reports the cycle.
 */
static noinline void kmdemo_runtime_lock_inversion(const char *name)
{
	mutex_lock(&kmdemo_runtime_lock_a);
	mutex_lock(&kmdemo_runtime_lock_b);
	mutex_unlock(&kmdemo_runtime_lock_b);
	mutex_unlock(&kmdemo_runtime_lock_a);

	mutex_lock(&kmdemo_runtime_lock_b);
	mutex_lock(&kmdemo_runtime_lock_a); /* FAULT: lock-inversion */
	mutex_unlock(&kmdemo_runtime_lock_a);
	mutex_unlock(&kmdemo_runtime_lock_b);
	pr_info("%s: took both locks in both orders\n", name);
}

/*
 * A mutex may sleep: under a spinlock, preemption is off, and a task
 * that slept here would leave the lock held with nothing to release it
 * (another task spinning for it on this CPU spins forever).  The mutex is
 * free, so nothing sleeps this time: might_sleep() catches it all the
 * same.  (msleep() would really schedule, and the kernel then says
 * "scheduling while atomic".)
 */
static noinline void kmdemo_runtime_sleep_in_atomic(const char *name)
{
	spin_lock(&kmdemo_runtime_spin);
	mutex_lock(&kmdemo_runtime_lock_a); /* FAULT: sleep-in-atomic */
	mutex_unlock(&kmdemo_runtime_lock_a);
	spin_unlock(&kmdemo_runtime_spin);
	pr_info("%s: took a mutex holding a spinlock\n", name);
}

/*
 * GFP_KERNEL allows the allocator to sleep (reclaim); under a spinlock
 * only GFP_ATOMIC is allowed.  might_sleep() catches it even when the
 * allocation does not sleep this time.
 */
static noinline void kmdemo_runtime_alloc_in_atomic(const char *name)
{
	void *p;

	spin_lock(&kmdemo_runtime_spin);
	p = kmalloc(KMDEMO_RUNTIME_RECORD, GFP_KERNEL); /* FAULT: alloc-in-atomic */
	spin_unlock(&kmdemo_runtime_spin);
	kfree(p);
	pr_info("%s: allocated with GFP_KERNEL holding a spinlock\n", name);
}

/* Drops a reference to @obj; the last one says so. */
static noinline void kmdemo_runtime_put(struct kmdemo_runtime_obj *obj)
{
	if (refcount_dec_and_test(&obj->users))
		pr_info("the last user is gone\n");
}

/*
 * One reference, dropped twice: had the object been freed at the first
 * drop, as it would be, the second would touch freed memory.
 */
static noinline void kmdemo_runtime_refcount_underflow(const char *name)
{
	kmdemo_runtime_put(&kmdemo_runtime_shared);
	kmdemo_runtime_put(&kmdemo_runtime_shared); /* FAULT: refcount-underflow */
	pr_info("%s: dropped one reference twice\n", name);
}

/*
 * An uninterruptible wait for an event that never comes: the task sits
 * in D state, unkillable.  Bounded here so that the writer returns.
 */
static noinline void kmdemo_runtime_hung_task(const char *name)
{
	unsigned long timeout = KMDEMO_RUNTIME_HUNG_SECONDS * HZ, left;

	left = wait_for_completion_timeout(&kmdemo_runtime_never, timeout); /* FAULT: hung-task */
	pr_info("%s: waited %s\n", name, left ? "less" : "in vain");
}

/*
 * A busy wait with preemption off: nothing else runs on this CPU until
 * it ends.  Bounded here so that the writer returns.
 */
static noinline void kmdemo_runtime_soft_lockup(const char *name)
{
	unsigned long end = jiffies + KMDEMO_RUNTIME_SPIN_SECONDS * HZ;

	preempt_disable();
	while (time_before(jiffies, end)) /* FAULT: soft-lockup */
		cpu_relax();
	preempt_enable();
	pr_info("%s: spun with preemption off\n", name);
}

/**
 * struct kmdemo_runtime_fault - a fault that can be triggered
 * @name: what to write to the trigger file
 * @run: the function that commits it; @name is passed on
 */
struct kmdemo_runtime_fault {
	const char *name;
	void (*run)(const char *name);
};

static const struct kmdemo_runtime_fault kmdemo_runtime_faults[] = {
	{ "null-deref", kmdemo_runtime_null_deref },
	{ "bug-on", kmdemo_runtime_bug_on },
	{ "warn-on", kmdemo_runtime_warn_on },
	{ "use-after-free", kmdemo_runtime_use_after_free },
	{ "oob-write", kmdemo_runtime_oob_write },
	{ "double-free", kmdemo_runtime_double_free },
	{ "leak", kmdemo_runtime_leak },
	{ "lock-inversion", kmdemo_runtime_lock_inversion },
	{ "sleep-in-atomic", kmdemo_runtime_sleep_in_atomic },
	{ "alloc-in-atomic", kmdemo_runtime_alloc_in_atomic },
	{ "refcount-underflow", kmdemo_runtime_refcount_underflow },
	{ "hung-task", kmdemo_runtime_hung_task },
	{ "soft-lockup", kmdemo_runtime_soft_lockup },
};

/**
 * kmdemo_runtime_trigger_write() - run the fault whose name is written
 * @file: the trigger file
 * @ubuf: the name, as written (a trailing newline is ignored)
 * @count: its length
 * @ppos: the file position (unused: every write is a whole name)
 *
 * Context: Process context; the fault runs in the writer's context.
 * Return: @count once the fault has run and returned, -EINVAL for a name
 * that is not a fault, -EFAULT if @ubuf cannot be read.
 */
static ssize_t kmdemo_runtime_trigger_write(struct file *file, const char __user *ubuf,
					    size_t count, loff_t *ppos)
{
	char buf[KMDEMO_RUNTIME_NAME_MAX];
	const char *name;
	size_t i;

	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	name = strim(buf);
	for (i = 0; i < ARRAY_SIZE(kmdemo_runtime_faults); i++) {
		if (strcmp(name, kmdemo_runtime_faults[i].name))
			continue;
		pr_info("triggering %s\n", name);
		kmdemo_runtime_faults[i].run(name);
		return count;
	}
	pr_err("no fault named '%s'\n", name);
	return -EINVAL;
}

/**
 * kmdemo_runtime_trigger_read() - list the faults, one name a line
 * @file: the trigger file
 * @ubuf: where to copy the list
 * @count: room in @ubuf
 * @ppos: the position in the list
 *
 * Context: Process context.
 * Return: the number of bytes copied, 0 at the end, or a negative errno.
 */
static ssize_t kmdemo_runtime_trigger_read(struct file *file, char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	char list[ARRAY_SIZE(kmdemo_runtime_faults) * KMDEMO_RUNTIME_NAME_MAX];
	size_t len = 0, i;

	for (i = 0; i < ARRAY_SIZE(kmdemo_runtime_faults); i++)
		len += scnprintf(list + len, sizeof(list) - len, "%s\n",
				 kmdemo_runtime_faults[i].name);
	return simple_read_from_buffer(ubuf, count, ppos, list, len);
}

static const struct file_operations kmdemo_runtime_trigger_fops = {
	.owner = THIS_MODULE,
	.read = kmdemo_runtime_trigger_read,
	.write = kmdemo_runtime_trigger_write,
	.llseek = default_llseek,
};

static int __init kmdemo_runtime_init(void)
{
	kmdemo_runtime_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("trigger", 0600, kmdemo_runtime_dir, NULL,
			    &kmdemo_runtime_trigger_fops);
	pr_info("ready: write a fault's name to /sys/kernel/debug/%s/trigger\n",
		KBUILD_MODNAME);
	return 0;
}

static void __exit kmdemo_runtime_exit(void)
{
	debugfs_remove(kmdemo_runtime_dir);
	pr_info("unloaded\n");
}

module_init(kmdemo_runtime_init);
module_exit(kmdemo_runtime_exit);

MODULE_DESCRIPTION("kmdemo: classic kernel bugs, triggered one at a time through debugfs");
MODULE_LICENSE("GPL");
