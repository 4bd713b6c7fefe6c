// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the API kmdemo_core exports.
 *
 * The core keeps global state (the total, the client list, the limit), so
 * every test that changes it restores it in its exit hook.  Load
 * kmdemo_core first (it is a dependency of this module), with its default
 * parameters.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "kmdemo.h"

/* The suite expects kmdemo_core loaded with its default "limit". */
#define CORE_LIMIT 100

struct add_ctx {
	int saved_total;
};

static int add_init(struct kunit *test)
{
	struct add_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->saved_total = kmdemo_total();
	/* Start every test from 0, and check the limit is the default. */
	if (kmdemo_add(-ctx->saved_total) != 0)
		return -EINVAL;
	if (kmdemo_add(CORE_LIMIT + 1) != -ERANGE) {
		kunit_err(test, "kmdemo_core must be loaded with limit=%d\n", CORE_LIMIT);
		return -EINVAL;
	}
	test->priv = ctx;
	return 0;
}

static void add_exit(struct kunit *test)
{
	struct add_ctx *ctx = test->priv;

	kmdemo_add(ctx->saved_total - kmdemo_total());
}

static void add_positive_and_negative(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kmdemo_add(5), 5);
	KUNIT_EXPECT_EQ(test, kmdemo_add(-8), -3);
	KUNIT_EXPECT_EQ(test, kmdemo_total(), -3);
	KUNIT_EXPECT_EQ(test, kmdemo_add(0), -3);
}

static void add_up_to_the_limit(struct kunit *test)
{
	int limit = CORE_LIMIT;

	KUNIT_EXPECT_EQ(test, kmdemo_add(limit), limit);
	KUNIT_EXPECT_EQ(test, kmdemo_add(-2 * limit), -limit);
}

static void add_past_the_limit_is_refused(struct kunit *test)
{
	int limit = CORE_LIMIT;

	KUNIT_EXPECT_EQ(test, kmdemo_add(limit - 1), limit - 1);
	KUNIT_EXPECT_EQ(test, kmdemo_add(2), -ERANGE);
	/* A refused addition leaves the total alone. */
	KUNIT_EXPECT_EQ(test, kmdemo_total(), limit - 1);
	KUNIT_EXPECT_EQ(test, kmdemo_add(-2 * limit), -ERANGE);
	KUNIT_EXPECT_EQ(test, kmdemo_total(), limit - 1);
}

static void add_extreme_deltas_are_refused(struct kunit *test)
{
	/* The sum is computed in 64 bits: no wrap-around into range. */
	KUNIT_EXPECT_EQ(test, kmdemo_add(INT_MAX), -ERANGE);
	KUNIT_EXPECT_EQ(test, kmdemo_add(INT_MIN), -ERANGE);
	KUNIT_EXPECT_EQ(test, kmdemo_total(), 0);
}

static struct kunit_case add_cases[] = {
	KUNIT_CASE(add_positive_and_negative),
	KUNIT_CASE(add_up_to_the_limit),
	KUNIT_CASE(add_past_the_limit_is_refused),
	KUNIT_CASE(add_extreme_deltas_are_refused),
	{}
};

static struct kunit_suite add_suite = {
	.name = "kmdemo_add",
	.init = add_init,
	.exit = add_exit,
	.test_cases = add_cases,
};

static struct kmdemo_client client_a = { .name = "kunit_a" };
static struct kmdemo_client client_b = { .name = "kunit_b" };

static void register_and_unregister(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, kmdemo_register_client(&client_a), 0);
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&client_b), 0);
	kmdemo_unregister_client(&client_b);
	kmdemo_unregister_client(&client_a);
	/* Unregistered, the name is free again. */
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&client_a), 0);
	kmdemo_unregister_client(&client_a);
}

static void register_duplicate_name(struct kunit *test)
{
	struct kmdemo_client twin = { .name = "kunit_a" };

	KUNIT_ASSERT_EQ(test, kmdemo_register_client(&client_a), 0);
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&twin), -EEXIST);
	kmdemo_unregister_client(&client_a);
}

static void register_bad_names(struct kunit *test)
{
	char name[KMDEMO_NAME_MAX + 2];
	struct kmdemo_client c = { .name = NULL };

	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&c), -EINVAL);
	c.name = "";
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&c), -EINVAL);

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	c.name = name;		/* KMDEMO_NAME_MAX + 1 characters */
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&c), -EINVAL);

	name[KMDEMO_NAME_MAX] = '\0';	/* exactly KMDEMO_NAME_MAX */
	KUNIT_EXPECT_EQ(test, kmdemo_register_client(&c), 0);
	kmdemo_unregister_client(&c);
}

static struct kunit_case client_cases[] = {
	KUNIT_CASE(register_and_unregister),
	KUNIT_CASE(register_duplicate_name),
	KUNIT_CASE(register_bad_names),
	{}
};

static struct kunit_suite client_suite = {
	.name = "kmdemo_client_registry",
	.test_cases = client_cases,
};

static void checksum_known_values(struct kunit *test)
{
	/* Adler-32 reference values (RFC 1950). */
	KUNIT_EXPECT_EQ(test, kmdemo_checksum("", 0), 1U);
	KUNIT_EXPECT_EQ(test, kmdemo_checksum("a", 1), 0x00620062U);
	KUNIT_EXPECT_EQ(test, kmdemo_checksum("abc", 3), 0x024d0127U);
	KUNIT_EXPECT_EQ(test, kmdemo_checksum("Wikipedia", 9), 0x11e60398U);
	/* What kmdemo_client logs at load time. */
	KUNIT_EXPECT_EQ(test, kmdemo_checksum("kmdemo_client", 13), 0x254d055cU);
}

static void checksum_wraps_modulo_65521(struct kunit *test)
{
	/* 0xff * 5552 bytes exercise both sums' reduction. */
	size_t len = 5552;
	u8 *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	u32 a = 1, b = 0;
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memset(buf, 0xff, len);
	for (i = 0; i < len; i++) {
		a = (a + 0xff) % 65521;
		b = (b + a) % 65521;
	}
	KUNIT_EXPECT_EQ(test, kmdemo_checksum(buf, len), (b << 16) | a);
	KUNIT_EXPECT_LT(test, kmdemo_checksum(buf, len) & 0xffff, 65521U);
}

static struct kunit_case checksum_cases[] = {
	KUNIT_CASE(checksum_known_values),
	KUNIT_CASE(checksum_wraps_modulo_65521),
	{}
};

static struct kunit_suite checksum_suite = {
	.name = "kmdemo_checksum",
	.test_cases = checksum_cases,
};

static void limit_accepts_its_range(struct kunit *test)
{
	struct kernel_param kp = { .name = "limit" };
	int value = 7;

	kp.arg = &value;
	KUNIT_EXPECT_EQ(test, kmdemo_limit_set("1", &kp), 0);
	KUNIT_EXPECT_EQ(test, value, KMDEMO_LIMIT_MIN);
	KUNIT_EXPECT_EQ(test, kmdemo_limit_set("1000000", &kp), 0);
	KUNIT_EXPECT_EQ(test, value, KMDEMO_LIMIT_MAX);
	KUNIT_EXPECT_EQ(test, kmdemo_limit_set("0x10", &kp), 0);
	KUNIT_EXPECT_EQ(test, value, 16);
}

static void limit_refuses_and_keeps_the_value(struct kunit *test)
{
	static const char * const bad[] = { "0", "-1", "1000001", "abc", "", "12x" };
	struct kernel_param kp = { .name = "limit" };
	int value = 42;
	size_t i;

	kp.arg = &value;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, kmdemo_limit_set(bad[i], &kp), -EINVAL,
				    "value \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, value, 42);
	}
}

static struct kunit_case limit_cases[] = {
	KUNIT_CASE(limit_accepts_its_range),
	KUNIT_CASE(limit_refuses_and_keeps_the_value),
	{}
};

static struct kunit_suite limit_suite = {
	.name = "kmdemo_limit_param",
	.test_cases = limit_cases,
};

kunit_test_suites(&add_suite, &client_suite, &checksum_suite, &limit_suite);

MODULE_IMPORT_NS(KMDEMO);
MODULE_DESCRIPTION("KUnit tests of kmdemo_core");
MODULE_LICENSE("GPL");
