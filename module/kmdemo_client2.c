// SPDX-License-Identifier: GPL-2.0
/*
 * kmdemo_client2 - kmdemo_client under another module name.
 *
 * A module name can be loaded once; the stress test (qemu/scenarios/
 * 65-stress.sh) loads and unloads several clients at the same time, so it
 * needs the same client under several names.  KBUILD_MODNAME, and with it
 * the client's name in /sys/kernel/kmdemo/clients and its log prefix, is
 * this file's.
 */
#include "kmdemo_client.c"
