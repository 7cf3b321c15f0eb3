// SPDX-License-Identifier: GPL-2.0
/*
 * guest_faults.c - kmemleak and fault injection in the test VM, on a
 * kernel built with them (scripts/kernel/7.2.config), around the same
 * device, platform and VFIO uAPI as guest_i915.
 *
 * Contract:
 * - kmemleak never scans on its own there (no scan thread): this program
 *   has it scan, twice, at fixed points, after waiting out its minimum
 *   object age (5 s), and fails a group on any object it reports. The
 *   kernel's own leaks from boot are reported and cleared once, before any
 *   flow (--baseline); every leak found after that fails, whoever made it.
 * - Fault injection: one failure at a time, in this task only.
 *   fail_function fails the driver's own failure points (the functions it
 *   marks ALLOW_ERROR_INJECTION), the Nth call of one (the fault_attr's
 *   "space"); /proc/thread-self/fail-nth fails the Nth slab allocation
 *   (failslab) of one system call, for N = 1, 2, ... until the call makes
 *   fewer than N: every allocation of probe (bind), remove (unbind), open,
 *   VFIO_DEVICE_RESET and close, the VFIO core's and the PCI core's too.
 *   After each: the device has every region or no OpRegion region (never
 *   a part of the set), nothing of the OpRegion stays mapped once closed,
 *   the device works afterwards, the driver-owned fields are restored,
 *   and for the driver's own points exactly one log line names the step.
 * - Without the kernel facilities every group is printed as skipped
 *   ("ok N - name # SKIP ..."), unless --require (the kernel is meant to
 *   have them) makes their absence a failure.
 *
 *   guest_faults --baseline [--require]   report and clear boot leaks
 *   guest_faults --test [--require]       after guest_i915 --test
 *   guest_faults --leak-control           with the build that leaks one
 *                                         allocation per open: kmemleak
 *                                         must report each
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio_dev.h"
#include "vmtest.h"

#define DBG		"/sys/kernel/debug"
#define KMEMLEAK	DBG "/kmemleak"
#define FAILSLAB	DBG "/failslab"
#define FAILFN		DBG "/fail_function"
#define STATUS_DIR	DBG "/igd_vfio_pci"
#define DRV_DIR		"/sys/bus/pci/drivers/" DRIVER
#define MAX_NTH		4000	/* no path here allocates nearly so often */
#define LEAK_OPENS	3

static bool require, skipping;
static const char *skip_why;
static int n_skip, nth_fd = -1;
static struct blob vbt;
static char edu[32];
static u32 ardy_open;	/* physical ARDY when the device was opened */

/* ---- reporting and the kernel log ---------------------------------------- */

/* In skip mode, print the group as skipped and tell the caller to return. */
static __printf(1, 2) bool skip_group(const char *fmt, ...)
{
	va_list ap;

	if (!skipping)
		return false;
	n_groups++;
	n_skip++;
	printf("ok %d - ", n_groups);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", skip_why);
	return true;
}

static unsigned int count_in(const char *hay, const char *needle)
{
	unsigned int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static unsigned int klog_count(const char *needle)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	unsigned int n = 0;
	char *buf;
	int len;

	if (size <= 0)
		return 0;
	buf = malloc(size + 1);
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (len > 0) {
		buf[len] = 0;
		n = count_in(buf, needle);
	}
	free(buf);
	return n;
}

/* memremap() mappings of the OpRegion and of the extended VBT */
static int opregion_maps(void)
{
	u64 asls = sim_info("asls"), vbt_pa = sim_info("vbt_pa");
	u64 rvds = sim_info("rvds"), first = vbt_pa & ~0xfffULL;
	u64 len = ((vbt_pa + rvds + 0xfff) & ~0xfffULL) - first;

	return vmalloc_maps(asls, OPREGION_SIZE + 4096) +
	       (rvds ? vmalloc_maps(first, len + 4096) : 0);
}

static char *status_file(void)
{
	char path[128];

	snprintf(path, sizeof(path), STATUS_DIR "/%s", edu);
	return slurp(path, NULL);
}

static bool status_closed(void)
{
	char *st = status_file();
	bool ok = st && strstr(st, "state: closed\n");

	free(st);
	return ok;
}

/* ---- kmemleak -------------------------------------------------------------- */

static void print_uptime(const char *what)
{
	char b[64] = "";

	read_file("/proc/uptime", b, sizeof(b));
	b[strcspn(b, " ")] = 0;
	printf("# uptime %s s: %s\n", b, what);
}

/*
 * What kmemleak reports now: wait out its minimum age (5 s) for what the
 * last steps allocated if @wait, scan twice (a value left in a register
 * or on a stack hides an object from one scan), read. NULL if it cannot
 * scan.
 */
static char *kmemleak_report(bool wait)
{
	print_uptime("kmemleak check");
	if (wait)
		sleep(6);
	if (write_str(KMEMLEAK, "scan") || write_str(KMEMLEAK, "scan"))
		return NULL;
	return slurp(KMEMLEAK, NULL);
}

/* Print a report on "#" lines, at most @max lines. */
static void print_report(const char *what, const char *rep, int max)
{
	const char *p = rep, *nl;

	while (p && *p && max-- > 0) {
		nl = strchrnul(p, '\n');
		printf("#   %s: %.*s\n", what, (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

/*
 * No object reported since the last clear: leaks of @what. Clears what it
 * found, so the next check reports only its own.
 */
static void kmemleak_check(const char *what)
{
	unsigned int n;
	char *rep;

	if (skip_group("kmemleak after %s: no leak", what))
		return;
	group_begin();
	rep = kmemleak_report(true);
	CHECK(rep, "kmemleak cannot scan");
	n = count_in(rep, "unreferenced object");
	if (!CHECK(n == 0, "kmemleak reports %u objects", n))
		print_report("kmemleak", rep, 60);
	free(rep);
	write_str(KMEMLEAK, "clear");
	group_end("kmemleak after %s: %u leaks", what, n);
}

/* The kernel's own leaks from boot, before any flow: reported, cleared. */
static void flow_baseline(void)
{
	unsigned int n;
	char *rep;

	if (skip_group("kmemleak baseline: the kernel's own leaks from boot, cleared"))
		return;
	group_begin();
	/*
	 * No wait: what boot allocated in its last 5 s (our modules' loads
	 * among it) is not reported now, so a later check reports it.
	 */
	rep = kmemleak_report(false);
	CHECK(rep, "kmemleak cannot scan");
	n = count_in(rep, "unreferenced object");
	if (n)
		print_report("boot", rep, 40);
	free(rep);
	CHECK_EQ(write_str(KMEMLEAK, "clear"), 0, "kmemleak clear");
	group_end("kmemleak baseline: %u objects reported from boot (the kernel's own), cleared",
		  n);
}

/* ---- fault injection ----------------------------------------------------- */

/* Fail this task's @n-th slab allocation from now on. */
static void nth_arm(unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	CHECK(pwrite(nth_fd, b, len, 0) == len, "fail-nth %u: %s", n, strerror(errno));
}

/* Disarm; true if the armed failure was injected. */
static bool nth_disarm(void)
{
	char b[16] = "";
	unsigned long left;

	CHECK(pread(nth_fd, b, sizeof(b) - 1, 0) > 0, "fail-nth read: %s", strerror(errno));
	left = strtoul(b, NULL, 10);
	CHECK(pwrite(nth_fd, "0", 1, 0) == 1, "fail-nth 0: %s", strerror(errno));
	return left == 0;
}

/*
 * The text of module @mod, from /proc/kallsyms: [*start, *end), where the
 * end is its last function's address plus 4 KiB, or the next module's
 * first function if that comes sooner (no function here is that long).
 */
static bool module_text(const char *mod, unsigned long *start, unsigned long *end)
{
	char *buf = slurp("/proc/kallsyms", NULL), *copy, *line, *save = NULL;
	char tag[64], type, name[256], owner[64];
	unsigned long addr, last = 0, next = ~0UL;
	int pass;

	*start = ~0UL;
	snprintf(tag, sizeof(tag), "[%s]", mod);
	copy = buf ? strdup(buf) : NULL;
	/* Pass 0: this module's functions; pass 1: the others' after them. */
	for (pass = 0; pass < 2; pass++) {
		for (line = strtok_r(pass ? copy : buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (sscanf(line, "%lx %c %255s %63s", &addr, &type, name, owner) != 4 ||
			    (type != 't' && type != 'T'))
				continue;
			if (!pass && !strcmp(owner, tag)) {
				if (addr < *start)
					*start = addr;
				if (addr > last)
					last = addr;
			} else if (pass && strcmp(owner, tag) && addr > *start && addr < next) {
				next = addr;
			}
		}
	}
	free(buf);
	free(copy);
	*end = last + 0x1000 < next ? last + 0x1000 : next;
	return *start != ~0UL && *start;
}

/*
 * failslab's stack filter: only allocations made with igd-vfio-pci on
 * the stack count, and none made inside vfio-pci-core (its error paths
 * are upstream's, and below them the ACPI interpreter does not survive a
 * failed allocation: a general protection fault in
 * acpi_ut_update_object_reference() after AE_NO_MEMORY in _PRT).
 * vfio-pci-core's own failures reach the driver through fail_function.
 */
static bool stack_filter(void)
{
	unsigned long ours_start, ours_end, core_start, core_end;
	char b[32];
	bool ok;

	ok = CHECK(module_text("igd_vfio_pci", &ours_start, &ours_end),
		   "igd_vfio_pci's text in /proc/kallsyms") &&
	     CHECK(module_text("vfio_pci_core", &core_start, &core_end),
		   "vfio_pci_core's text in /proc/kallsyms");
	if (!ok)
		return false;
	snprintf(b, sizeof(b), "%#lx", ours_start);
	ok = !write_str(FAILSLAB "/require-start", b);
	snprintf(b, sizeof(b), "%#lx", ours_end);
	ok = ok && !write_str(FAILSLAB "/require-end", b);
	snprintf(b, sizeof(b), "%#lx", core_start);
	ok = ok && !write_str(FAILSLAB "/reject-start", b);
	snprintf(b, sizeof(b), "%#lx", core_end);
	ok = ok && !write_str(FAILSLAB "/reject-end", b);
	ok = ok && !write_str(FAILSLAB "/stacktrace-depth", "32");
	printf("# failslab: require igd_vfio_pci %#lx-%#lx, reject vfio_pci_core %#lx-%#lx\n",
	       ours_start, ours_end, core_start, core_end);
	return CHECK(ok, "failslab stack filter: %s", strerror(errno));
}

static bool fault_setup(void)
{
	bool ok;

	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	/* GFP_KERNEL allocations too, and no dump per failure: */
	ok = nth_fd >= 0 && stack_filter() &&
	     !write_str(FAILSLAB "/ignore-gfp-wait", "N") &&
	     !write_str(FAILSLAB "/verbose", "0") &&
	     !write_str(FAILFN "/verbose", "0") &&
	     !write_str(FAILFN "/task-filter", "Y") &&
	     !write_str(FAILFN "/probability", "100") &&
	     !write_str(FAILFN "/interval", "1") &&
	     !write_str("/proc/self/make-it-fail", "1");
	return CHECK(ok, "fault injection setup: %s", strerror(errno));
}

/* Does edu's VFIO group device (/dev/vfio/N) exist? */
static bool vfio_group_node(void)
{
	char node[64];

	return vfio_group_path(edu, node, sizeof(node)) && !access(node, F_OK);
}

static bool bind_edu(void)
{
	write_str(DRV_DIR "/bind", edu);
	return !strcmp(driver_of(edu), DRIVER);
}

static bool unbind_edu(void)
{
	write_str(DRV_DIR "/unbind", edu);
	return !strcmp(driver_of(edu), "");
}

/*
 * One sysfs write of edu's address to @file with the @n-th allocation
 * failed; *@ok tells whether the write succeeded. True if injected.
 */
static bool nth_sysfs(const char *file, unsigned int n, bool *ok)
{
	int fd = open(file, O_WRONLY);
	bool injected;

	CHECK(fd >= 0, "open %s: %s", file, strerror(errno));
	nth_arm(n);
	*ok = write(fd, edu, strlen(edu)) == (ssize_t)strlen(edu);
	injected = nth_disarm();
	close(fd);
	return injected;
}

/*
 * Probe: bind with the N-th allocation failed. Either the bind fails and
 * leaves nothing (no driver, no status file) or the device is bound with
 * its VFIO group device (the status file is optional); unbound again for
 * the next N. The flows after this one open it. Leaves edu bound.
 */
static void flow_probe_sweep(void)
{
	unsigned int n, failed = 0, bound = 0, no_status = 0;
	bool injected = true, ok;
	char path[128];

	if (skip_group("probe (bind) with each allocation failed in turn"))
		return;
	group_begin();
	snprintf(path, sizeof(path), STATUS_DIR "/%s", edu);
	CHECK(unbind_edu(), "edu still bound");
	for (n = 1; n < MAX_NTH && injected && !group_fails; n++) {
		injected = nth_sysfs(DRV_DIR "/bind", n, &ok);
		if (!strcmp(driver_of(edu), DRIVER)) {
			bound++;
			CHECK(ok, "n=%u: bound, but the bind failed", n);
			CHECK(vfio_group_node(), "n=%u: bound without a VFIO group device", n);
			/* The status file is optional: debugfs may fail. */
			if (access(path, R_OK)) {
				no_status++;
				CHECK(injected, "n=%u: no status file with nothing injected", n);
			}
			if (injected)
				CHECK(unbind_edu(), "n=%u: unbind after a bind", n);
		} else {
			failed++;
			CHECK(injected, "n=%u: bind failed with nothing injected", n);
			CHECK(access(path, F_OK), "n=%u: status file left by a failed probe", n);
		}
	}
	CHECK(!injected, "no end after %u allocations", n);
	CHECK(!strcmp(driver_of(edu), DRIVER), "not bound after the sweep");
	printf("# probe: %u allocations failed in turn: bind failed %u times, bound anyway %u times (%u without the status file)\n",
	       n - 2, failed, bound - 1, no_status);
	group_end("probe (bind) with each of its %u allocations failed in turn: bound with its VFIO device, or nothing left",
		  n - 2);
}

/* Remove: unbind with the N-th allocation failed; it must always unbind. */
static void flow_remove_sweep(void)
{
	unsigned int n;
	bool injected = true, ok;
	char path[128];

	if (skip_group("remove (unbind) with each allocation failed in turn"))
		return;
	group_begin();
	snprintf(path, sizeof(path), STATUS_DIR "/%s", edu);
	for (n = 1; n < MAX_NTH && injected && !group_fails; n++) {
		CHECK(bind_edu(), "n=%u: bind", n);
		injected = nth_sysfs(DRV_DIR "/unbind", n, &ok);
		CHECK(ok, "n=%u: the unbind failed", n);
		CHECK(!strcmp(driver_of(edu), ""), "n=%u: still bound to '%s'", n, driver_of(edu));
		CHECK(access(path, F_OK), "n=%u: status file left after unbind", n);
	}
	CHECK(!injected, "no end after %u allocations", n);
	CHECK(bind_edu(), "bind after the sweep");
	group_end("remove (unbind) with each of its %u allocations failed in turn: always unbound, nothing left",
		  n - 2);
}

/*
 * vfio_pci_core_register_device() fails in probe (fail_function): the
 * bind fails, nothing is left, the driver core names the failure once,
 * and the next bind works. Leaves edu bound.
 */
static void flow_probe_point(void)
{
	const char *log = "probe with driver " DRIVER " failed with error -12\n";
	char path[128], buf[24];
	unsigned int before;

	if (skip_group("vfio_pci_core_register_device() fails in probe"))
		return;
	group_begin();
	snprintf(path, sizeof(path), STATUS_DIR "/%s", edu);
	CHECK(unbind_edu(), "unbind");
	CHECK(!write_str(FAILFN "/inject", "igd_vfio_pci_register"),
	      "fail_function: igd_vfio_pci_register not injectable");
	CHECK(!write_str(FAILFN "/space", "1") && !write_str(FAILFN "/times", "1") &&
	      !write_str(FAILFN "/igd_vfio_pci_register/retval", "0xfffffffffffffff4"),
	      "fail_function setup");
	before = klog_count(log);
	CHECK(write_str(DRV_DIR "/bind", edu), "the bind succeeded");
	read_file(FAILFN "/times", buf, sizeof(buf));
	write_str(FAILFN "/inject", " ");
	CHECK_EQ(atoi(buf), 0, "fail_function times left");
	CHECK(!strcmp(driver_of(edu), ""), "bound to '%s'", driver_of(edu));
	CHECK(access(path, F_OK), "status file left");
	CHECK_EQ(klog_count(log) - before, 1, "log lines naming the failure");
	CHECK(bind_edu(), "the next bind");
	group_end("vfio_pci_core_register_device() fails in probe: not bound, nothing left, 'probe with driver %s failed with error -12' logged once; the next bind works",
		  DRIVER);
}

/*
 * The device's regions after an open: 1 all of them, 0 all but the
 * OpRegion (plain vfio-pci), -1 a part of the set.
 */
static int region_set(void)
{
	if (!r_host.found || !r_lpc.found || !r_cfg.found)
		return -1;
	if (!r_op.found)
		return 0;
	return r_op.size == OPREGION_SIZE + sim_info("rvds") &&
	       (r_op.flags & VFIO_REGION_INFO_FLAG_WRITE) ? 1 : -1;
}

/* The device works: the whole set, the OpRegion readable; then closed. */
static void open_whole(const char *when)
{
	if (!open_device())
		return;
	CHECK_EQ(region_set(), 1, when);
	if (r_op.found)
		CHECK_EQ(view32(0), 0x65746e49, "OpRegion signature"); /* "Inte" */
	ardy_open = phys32(O_ARDY);
}

/*
 * Open (VFIO_GROUP_GET_DEVICE_FD: vfio_pci_core_enable(), the OpRegion's
 * validation and mappings, the regions) with the N-th allocation failed.
 */
static void flow_open_sweep(void)
{
	unsigned int n, whole = 0, plain = 0, failed = 0;
	bool injected = true;
	int fd, err;

	if (skip_group("open with each allocation failed in turn"))
		return;
	group_begin();
	for (n = 1; n < MAX_NTH && injected && !group_fails; n++) {
		nth_arm(n);
		fd = ioctl(vfio_group_fd(), VFIO_GROUP_GET_DEVICE_FD, bdf);
		err = errno;
		injected = nth_disarm();
		if (fd < 0) {
			failed++;
			CHECK(injected, "n=%u: open failed with nothing injected: %s", n,
			      strerror(err));
		} else {
			device = fd;
			device_regions();
			switch (region_set()) {
			case 1:
				whole++;
				CHECK_EQ(view32(0), 0x65746e49, "OpRegion signature");
				break;
			case 0:
				plain++;
				CHECK(injected,
				      "n=%u: no OpRegion region with nothing injected", n);
				break;
			default:
				CHECK(0, "n=%u: a part of the region set: op %d host %d lpc %d", n,
				      r_op.found, r_host.found, r_lpc.found);
			}
			close_device();
		}
		CHECK_EQ(opregion_maps(), 0, "OpRegion mappings left after close");
		CHECK(status_closed(), "n=%u: status not closed", n);
	}
	CHECK(!injected, "no end after %u allocations", n);
	printf("# open: %u allocations failed in turn: open failed %u, plain vfio-pci (OpRegion rejected) %u, served whole %u\n",
	       n - 2, failed, plain, whole - 1);
	open_whole("open after the sweep");
	close_device();
	group_end("open with each of its %u allocations failed in turn: every region or no OpRegion, nothing left mapped",
		  n - 2);
}

/*
 * The driver's own failure points, through fail_function: the @nth call
 * of @fn fails with @retval.
 */
struct fn_point {
	const char *fn;
	unsigned long long retval;
	unsigned int nth;
	const char *step;
	const char *log;	/* the line that names the step */
	int open_err;		/* 0: the open succeeds without the OpRegion */
};

static void flow_fn_point(const struct fn_point *p)
{
	char path[128], buf[24];
	unsigned int before;
	bool injected;
	int fd, err;

	if (skip_group("%s fails", p->step))
		return;
	group_begin();
	snprintf(path, sizeof(path), FAILFN "/%s/retval", p->fn);
	snprintf(buf, sizeof(buf), "%u", p->nth);
	CHECK(!write_str(FAILFN "/inject", p->fn), "fail_function: %s not injectable", p->fn);
	CHECK(!write_str(FAILFN "/space", buf) && !write_str(FAILFN "/times", "1"),
	      "fail_function space/times");
	snprintf(buf, sizeof(buf), "%#llx", p->retval);
	CHECK(!write_str(path, buf), "%s = %s", path, buf);
	before = klog_count(p->log);
	fd = ioctl(vfio_group_fd(), VFIO_GROUP_GET_DEVICE_FD, bdf);
	err = errno;
	read_file(FAILFN "/times", buf, sizeof(buf));
	injected = atoi(buf) == 0;
	write_str(FAILFN "/inject", " ");	/* removes every point */
	CHECK(injected, "%s: call %u never came", p->fn, p->nth);
	if (p->open_err) {
		CHECK(fd < 0, "the open succeeded");
		CHECK_EQ(fd < 0 ? -err : 0, p->open_err, "open's error");
	} else {
		CHECK(fd >= 0, "the open failed: %s", strerror(err));
	}
	if (fd >= 0) {
		device = fd;
		device_regions();
		CHECK_EQ(region_set(), 0, "plain vfio-pci: every region but the OpRegion");
		CHECK_EQ(cfg32(0) & 0xffff, EDU_VENDOR, "config space through VFIO");
		close_device();
	}
	CHECK_EQ(klog_count(p->log) - before, 1, "log lines naming the step");
	CHECK_EQ(opregion_maps(), 0, "OpRegion mappings left");
	CHECK(status_closed(), "status not closed");
	open_whole("the next open");
	close_device();
	group_end("%s fails: %s, '%.*s' logged once, nothing left; the next open has every region",
		  p->step, p->open_err ? "the open fails" : "opens as plain vfio-pci",
		  (int)strcspn(p->log, "\n"), p->log);
}

/*
 * VFIO_DEVICE_RESET with the N-th allocation failed: whatever the ioctl
 * returns, the driver-owned fields are back at their open-time values and
 * the device keeps working.
 */
static void flow_reset_sweep(void)
{
	unsigned int n;
	bool injected = true;
	int rc0, rc;

	if (skip_group("VFIO_DEVICE_RESET with each allocation failed in turn"))
		return;
	group_begin();
	open_whole("open");
	rc0 = ioctl(device, VFIO_DEVICE_RESET) ? -errno : 0;
	for (n = 1; n < MAX_NTH && injected && !group_fails; n++) {
		view_wr32(O_ARDY, ardy_open ^ ASLE_ARDY_READY);
		nth_arm(n);
		rc = ioctl(device, VFIO_DEVICE_RESET) ? -errno : 0;
		injected = nth_disarm();
		if (!injected)
			CHECK_EQ(rc, rc0, "an unarmed reset's result");
		CHECK_EQ(phys32(O_ARDY), ardy_open, "physical ARDY after the reset");
		CHECK_EQ(view32(0), 0x65746e49, "OpRegion signature after the reset");
	}
	CHECK(!injected, "no end after %u allocations", n);
	close_device();
	group_end("VFIO_DEVICE_RESET (returns %d) with each of its %u allocations failed in turn: ARDY restored, the region works",
		  rc0, n - 2);
}

/* Close with the N-th allocation failed: restored, unmapped, closed. */
static void flow_close_sweep(void)
{
	unsigned int n;
	bool injected = true;

	if (skip_group("close with each allocation failed in turn"))
		return;
	group_begin();
	for (n = 1; n < MAX_NTH && injected && !group_fails; n++) {
		open_whole("open");
		view_wr32(O_ARDY, ardy_open ^ ASLE_ARDY_READY);
		nth_arm(n);
		close(device);
		device = -1;
		injected = nth_disarm();
		CHECK_EQ(phys32(O_ARDY), ardy_open, "physical ARDY after close");
		CHECK_EQ(opregion_maps(), 0, "OpRegion mappings left after close");
		CHECK(status_closed(), "n=%u: status not closed", n);
	}
	CHECK(!injected, "no end after %u allocations", n);
	group_end("close with each of its %u allocations failed in turn: ARDY restored, nothing left mapped",
		  n - 2);
}

/* ---- setup and teardown -------------------------------------------------- */

static bool setup(void)
{
	if (skip_group("bind the stand-in and open its group"))
		return true;
	group_begin();
	CHECK(find_dev(edu, sizeof(edu), EDU_VENDOR, EDU_DEVICE, NULL), "no edu device");
	mem_fd = open(SIM_DIR "/mem", O_RDWR);
	CHECK(mem_fd >= 0, "open " SIM_DIR "/mem: %s", strerror(errno));
	CHECK(load_blob(&vbt, DEFAULT_VBT), "VBT %s/%s unusable", vbt_dir, DEFAULT_VBT);
	CHECK_EQ(sim_load("2.0-absolute", &vbt), 0, "platform load");
	CHECK(sim_info("rvds") > 0, "no extended VBT");
	CHECK(bind_ours(edu), "%s not bound (driver '%s')", edu, driver_of(edu));
	return group_end("bind %s, platform 2.0 with an extended VBT at an absolute address",
			 edu);
}

/* The type1 container and the group, as a VMM opens them */
static bool attach(void)
{
	char path[64];

	if (skip_group("open the device's group in a type1 container"))
		return true;
	group_begin();
	vfio_attach(edu, path, sizeof(path));
	return group_end("open the group of %s (%s) in a type1 container", edu, path);
}

/* Close everything, unbind, unload the platform and both modules. */
static void teardown(void)
{
	if (skip_group("unbind and unload the modules"))
		return;
	group_begin();
	close_device();
	vfio_detach();
	if (mem_fd >= 0)
		close(mem_fd);
	mem_fd = -1;
	CHECK(unbind_edu(), "unbind");
	clear_override(edu);
	CHECK_EQ(write_str(SIM_DIR "/load", "0"), 0, "platform unload");
	CHECK(!syscall(SYS_delete_module, "igd_opregion_sim", O_NONBLOCK),
	      "rmmod igd-opregion-sim: %s", strerror(errno));
	CHECK(!syscall(SYS_delete_module, "igd_vfio_pci", O_NONBLOCK),
	      "rmmod igd-vfio-pci: %s", strerror(errno));
	group_end("unbind, unload the platform, rmmod igd-opregion-sim and igd-vfio-pci");
}

/*
 * The positive control: with the build whose iop_kdev_open() leaks one
 * allocation per open (a kstrdup() of "igd-opregion kmemleak control", a
 * tail call: the backtrace names iop_kdev_open()'s caller), kmemleak must
 * report at least one object per open, and only those: each holds that
 * string and was allocated in the open path.
 */
static void flow_leak_control(void)
{
	unsigned int i, n, ours = 0;
	char *rep, *p;

	group_begin();
	for (i = 0; i < LEAK_OPENS; i++) {
		open_whole("open");
		close_device();
	}
	rep = kmemleak_report(true);
	CHECK(rep, "kmemleak cannot scan");
	n = count_in(rep, "unreferenced object");
	for (p = rep; p && (p = strstr(p, "unreferenced object")); p++) {
		char *next = strstr(p + 1, "unreferenced object");
		char *str = strstr(p, "igd-opregion kme");
		char *open = strstr(p, "igd_vfio_pci_open_device+");

		if (str && open && (!next || (str < next && open < next)))
			ours++;
	}
	print_report("control", rep, 18);
	free(rep);
	CHECK(ours >= LEAK_OPENS, "%u planted objects for %d opens", ours, LEAK_OPENS);
	CHECK_EQ(n, ours, "objects from elsewhere");
	write_str(KMEMLEAK, "clear");
	group_end("kmemleak control: %d opens of the leaking build, %u leaks reported, %u of them the planted one, from the open path",
		  LEAK_OPENS, n, ours);
}

int main(int argc, char **argv)
{
	static const struct fn_point points[] = {
		{ "igd_vfio_pci_enable", -12ULL, 1, "vfio_pci_core_enable()",
		  "enabling the device failed: -12\n", -ENOMEM },
		{ "iop_kdev_memremap", 0, 1, "memremap() of the OpRegion",
		  "rejected: opregion_unmappable\n", 0 },
		{ "iop_kdev_memremap", 0, 2, "memremap() of the extended VBT",
		  "rejected: vbt_unmappable\n", 0 },
		{ "iop_kdev_alloc", 0, 1, "the engine state's allocation",
		  "no memory for its state\n", -ENOMEM },
		{ "igd_vfio_pci_add_region", -12ULL, 1, "the OpRegion region's registration",
		  "registering the OpRegion region failed: -12\n", -ENOMEM },
		{ "igd_vfio_pci_add_region", -12ULL, 2, "the host-bridge region's registration",
		  "registering the host bridge config region failed: -12\n", -ENOMEM },
		{ "igd_vfio_pci_add_region", -12ULL, 3, "the LPC-bridge region's registration",
		  "registering the LPC bridge config region failed: -12\n", -ENOMEM },
	};
	enum { BASELINE, TEST, LEAK_CONTROL } mode = TEST;
	bool have;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--baseline"))
			mode = BASELINE;
		else if (!strcmp(argv[i], "--leak-control"))
			mode = LEAK_CONTROL;
		else if (!strcmp(argv[i], "--require"))
			require = true;
		else if (!strcmp(argv[i], "--vbt-dir") && i + 1 < argc)
			vbt_dir = argv[++i];
		else if (strcmp(argv[i], "--test"))
			fprintf(stderr, "usage: %s --baseline|--test|--leak-control [--require] [--vbt-dir DIR]\n",
				argv[0]);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	have = !access(KMEMLEAK, R_OK) && !access(FAILFN "/inject", W_OK) &&
	       !access(FAILSLAB, F_OK) && !access("/proc/self/fail-nth", W_OK);
	if (!have && (require || mode == LEAK_CONTROL)) {
		group_begin();
		CHECK(0, "this kernel lacks kmemleak, fail_function or failslab");
		group_end("kmemleak and fault injection available");
		goto out;
	}
	if (!have) {
		skipping = true;
		skip_why = "kernel without kmemleak and fault injection";
	}

	if (mode == BASELINE) {
		flow_baseline();
		goto out;
	}
	if (!setup() && !skipping)
		goto out;
	if (mode == LEAK_CONTROL) {
		if (attach())
			flow_leak_control();
		goto out;
	}
	kmemleak_check("guest_i915's flows and the setup");
	if (!skipping && !fault_setup())
		goto out;
	flow_probe_sweep();
	flow_remove_sweep();
	flow_probe_point();
	if (!attach() && !skipping)
		goto out;
	flow_open_sweep();
	for (i = 0; i < (int)ARRAY_SIZE(points); i++)
		flow_fn_point(&points[i]);
	flow_reset_sweep();
	flow_close_sweep();
	kmemleak_check("the fault flows (probe, remove, open, reset, close)");
	teardown();
	kmemleak_check("unloading the modules");
out:
	if (n_skip)
		printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	else
		printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
