// SPDX-License-Identifier: GPL-2.0
/*
 * kmemleak_kunit.c - suite igd_opregion_kmemleak: a kmemleak scan after
 * every other suite has run.
 *
 * Built only with CONFIG_IGD_VFIO_PCI_KMEMLEAK_SCAN (scripts/kunit.sh
 * --kmemleak), linked last so that it runs last. kmemleak scans on its own
 * only 60 s after boot (mm/kmemleak.c SECS_FIRST_SCAN), and a KUnit run is
 * over long before: this suite asks for the scan itself, as a user would
 * with "echo scan > /sys/kernel/debug/kmemleak". With no user space, it
 * mounts debugfs inside the kernel, opens kmemleak there and writes the
 * command from user memory (iop_kt_vm_mmap()), since kmemleak's write
 * handler copies from user space. It waits first until everything the
 * suites allocated is older than kmemleak's minimum age (MSECS_MIN_AGE,
 * 5 s), and scans twice: an object whose contents changed since the
 * previous scan is not reported until the next one.
 *
 * A leak makes kmemleak print "kmemleak: N new suspected memory leaks"
 * (and, with kmemleak.verbose=1, each object and its allocation
 * backtrace), which the script's log check fails on. The case fails by
 * itself if kmemleak cannot scan (it turned itself off, e.g. after running
 * out of its early pool).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/uaccess.h>

#include "iop_kunit_mem.h"

#define KMEMLEAK_MIN_AGE_MS	5000	/* mm/kmemleak.c MSECS_MIN_AGE */

static ssize_t kmemleak_command(struct kunit *test, struct file *f,
				char __user *ubuf, const char *cmd)
{
	size_t len = strlen(cmd);
	loff_t pos = 0;

	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, cmd, len), 0);
	return vfs_write(f, ubuf, len, &pos);
}

static void kmemleak_scan_after_suites(struct kunit *test)
{
	struct file_system_type *type;
	struct vfsmount *mnt;
	unsigned long addr;
	char __user *ubuf;
	struct file *f;

	addr = iop_kt_vm_mmap(test, PAGE_SIZE);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user address space");
	ubuf = (char __user *)addr;

	type = get_fs_type("debugfs");
	KUNIT_ASSERT_NOT_NULL(test, type);
	mnt = vfs_kern_mount(type, 0, "debugfs", NULL);
	put_filesystem(type);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(mnt), "debugfs: %ld", PTR_ERR(mnt));
	f = file_open_root_mnt(mnt, "kmemleak", O_WRONLY, 0);
	if (IS_ERR(f)) {
		mntput(mnt);
		KUNIT_FAIL_AND_ABORT(test, "open kmemleak: %ld", PTR_ERR(f));
	}

	msleep(KMEMLEAK_MIN_AGE_MS + 1000);
	KUNIT_EXPECT_EQ(test, kmemleak_command(test, f, ubuf, "scan"), 4);
	KUNIT_EXPECT_EQ(test, kmemleak_command(test, f, ubuf, "scan"), 4);
	kunit_info(test, "kmemleak scanned twice after the suites");

	fput(f);
	mntput(mnt);
}

static struct kunit_case kmemleak_cases[] = {
	KUNIT_CASE_SLOW(kmemleak_scan_after_suites),
	{}
};

static struct kunit_suite kmemleak_suite = {
	.name = "igd_opregion_kmemleak",
	.test_cases = kmemleak_cases,
};

kunit_test_suite(kmemleak_suite);
