// SPDX-License-Identifier: GPL-2.0
/*
 * qtest_igd.c - the qemu tier: a patched QEMU (vmm/qemu/) assigns the
 * stand-in IGD bound to igd-vfio-pci, and this program plays, through
 * QEMU's qtest protocol, both the guest firmware and the guest i915.
 *
 * Contract: runs inside the test VM (tests/vm/init, igd_mode=qemu or
 * qemu-demo). It loads the simulated firmware platform, binds the stand-in
 * (QEMU's edu) to igd-vfio-pci, and starts qemu-system-x86_64 with
 * -accel qtest and -device vfio-pci on it, presented to the machine as an
 * Intel display controller (x-pci-vendor-id, x-pci-class-code) so QEMU's
 * IGD code handles it. As the guest firmware it reads fw_cfg
 * "etc/igd-opregion" through the I/O ports, copies it into guest memory
 * and writes ASLS through PCI config I/O; as i915 it loads and stores at
 * the guest address. Each step asserts what the guest reads, what physical
 * memory holds (the platform's "mem" file) and, for each guest access,
 * that it reached the kernel as one region access with the same offset and
 * width (QEMU's vfio_pci_igd_opregion_* trace, the kernel's
 * igd_opregion_access tracepoint). Output as guest_i915: "ok N - ..."
 * lines and "N passed, N failed".
 *
 *   qtest_igd --test | --demo | --bench [--qemu PATH] [--vbt-dir DIR]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmtest.h"

#define QTEST_SOCK	"/tmp/qtest.sock"
#define QMP_SOCK	"/tmp/qmp.sock"
#define QEMU_LOG	"/tmp/qemu-trace.log"
#define QEMU_OUT	"/tmp/qemu.out"
#define KTRACE		TRACE_DIR "/trace"

/* Where the guest firmware puts its OpRegion copy (guest RAM is 64 MiB). */
#define GPA		0x02000000u
#define GPA2		0x02100000u

#define PCI_CFG_ADDR	0xcf8
#define PCI_CFG_DATA	0xcfc
#define IGD_ASLS	0xfc
#define FW_CFG_CTL	0x510
#define FW_CFG_DATA	0x511
#define FW_CFG_FILE_DIR	0x19

static const char *qemu_bin = "/bin/qemu-system-x86_64";
static char edu[32];
static pid_t qemu_pid = -1;
static FILE *qt;		/* qtest connection */
static FILE *qmp;		/* QMP connection */
static unsigned int igd_devfn;	/* the device's slot on the guest's bus 0 */
static u32 view_size;
static u8 *phys_before;		/* physical memory before QEMU opened it */
static u8 *fw_copy;		/* etc/igd-opregion as the guest firmware read it */
static long qemu_log_pos;

/* ---- QEMU: start, qtest, QMP, stop ---------------------------------------- */

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static FILE *accept_on(int lfd, int timeout_ms)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	int fd;

	if (poll(&p, 1, timeout_ms) != 1)
		return NULL;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	return fd < 0 ? NULL : fdopen(fd, "r+");
}

/* One qtest command; returns the text after "OK" (static), NULL on FAIL. */
static const char *qtest(const char *fmt, ...) __printf(1, 2);

static const char *qtest(const char *fmt, ...)
{
	static char *line;
	static size_t cap;
	va_list ap;

	if (!qt)
		return NULL;
	va_start(ap, fmt);
	vfprintf(qt, fmt, ap);
	va_end(ap);
	fputc('\n', qt);
	fflush(qt);
	while (getline(&line, &cap, qt) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "IRQ", 3))
			continue;
		if (!strncmp(line, "OK", 2))
			return line[2] == ' ' ? line + 3 : line + 2;
		return NULL;
	}
	return NULL;
}

static u64 qtest_val(const char *fmt, ...) __printf(1, 2);

static u64 qtest_val(const char *fmt, ...)
{
	char cmd[128];
	const char *r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	r = qtest("%s", cmd);
	CHECK(r, "qtest '%s' failed", cmd);
	return r ? strtoull(r, NULL, 0) : ~0ULL;
}

/* A QMP command; returns its whole reply line (malloc'd) or NULL. */
static char *qmp_cmd(const char *json)
{
	char *line = NULL;
	size_t cap = 0;

	if (!qmp)
		return NULL;
	fprintf(qmp, "%s\n", json);
	fflush(qmp);
	while (getline(&line, &cap, qmp) > 0) {
		if (strstr(line, "\"event\""))
			continue;
		return line;
	}
	free(line);
	return NULL;
}

/* Start QEMU with the stand-in; @props are extra vfio-pci properties. */
static bool qemu_start(const char *props)
{
	char dev[512];
	int lq, lm;
	char *r;

	lq = listen_on(QTEST_SOCK);
	lm = listen_on(QMP_SOCK);
	if (!CHECK(lq >= 0 && lm >= 0, "cannot listen on %s/%s", QTEST_SOCK, QMP_SOCK))
		return false;
	snprintf(dev, sizeof(dev),
		 "vfio-pci,host=%s,id=igd,x-pci-vendor-id=0x8086,x-pci-class-code=0x038000,rombar=0%s%s",
		 edu, *props ? "," : "", props);
	unlink(QEMU_LOG);
	qemu_log_pos = 0;
	qemu_pid = fork();
	if (qemu_pid == 0) {
		int out = open(QEMU_OUT, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(out, 1);
		dup2(out, 2);
		execl(qemu_bin, qemu_bin, "-machine", "q35", "-accel", "qtest",
		      "-qtest", "unix:" QTEST_SOCK, "-qmp", "unix:" QMP_SOCK,
		      "-display", "none", "-nodefaults", "-m", "64",
		      "-bios", "/qemu/qboot.rom", "-global", "apic.vapic=off",
		      "-trace", "vfio_pci_igd_opregion*", "-D", QEMU_LOG,
		      "-device", dev, (char *)NULL);
		_exit(127);
	}
	qt = accept_on(lq, 60000);
	qmp = accept_on(lm, 60000);
	close(lq);
	close(lm);
	if (!CHECK(qt && qmp, "QEMU did not connect (see below)")) {
		char *o = slurp(QEMU_OUT, NULL);

		printf("# qemu: %s\n", o ? o : "(no output)");
		free(o);
		return false;
	}
	{
		char *greeting = NULL;
		size_t cap = 0;

		CHECK(getline(&greeting, &cap, qmp) > 0 && strstr(greeting, "\"QMP\""),
		      "no QMP greeting");
		free(greeting);
	}
	r = qmp_cmd("{\"execute\":\"qmp_capabilities\"}");
	CHECK(r && strstr(r, "\"return\""), "QMP greeting/capabilities: %s", r ? r : "none");
	free(r);
	return true;
}

/* Ask QEMU to quit and reap it; true if it exited by itself. */
static bool qemu_stop(void)
{
	int status = 0, i;
	bool exited = false;

	free(qmp_cmd("{\"execute\":\"quit\"}"));
	for (i = 0; i < 300 && qemu_pid > 0; i++) {
		if (waitpid(qemu_pid, &status, WNOHANG) == qemu_pid) {
			exited = true;
			break;
		}
		usleep(100000);
	}
	if (!exited && qemu_pid > 0) {
		kill(qemu_pid, SIGKILL);
		waitpid(qemu_pid, &status, 0);
	}
	if (qt)
		fclose(qt);
	if (qmp)
		fclose(qmp);
	qt = NULL;
	qmp = NULL;
	qemu_pid = -1;
	return exited;
}

/* ---- traces ---------------------------------------------------------------- */

/* QEMU's trace lines written since the last call (malloc'd). */
static char *qemu_trace_new(void)
{
	char *all = slurp(QEMU_LOG, NULL), *out;
	long len = all ? (long)strlen(all) : 0;

	if (!all)
		return strdup("");
	out = strdup(all + (qemu_log_pos <= len ? qemu_log_pos : len));
	qemu_log_pos = len;
	free(all);
	return out;
}

/* QEMU's new trace lines once @what shows up in them (or after @ms). */
static char *qemu_trace_wait(const char *what, int ms)
{
	char *log = qemu_trace_new();

	while (!strstr(log, what) && ms > 0) {
		char *more;

		usleep(50000);
		ms -= 50;
		more = qemu_trace_new();
		log = realloc(log, strlen(log) + strlen(more) + 1);
		strcat(log, more);
		free(more);
	}
	return log;
}

static void ktrace_clear(void)
{
	write_file(KTRACE, "", 0, O_TRUNC);
}

static unsigned int count_lines(const char *hay, const char *needle)
{
	unsigned int n = 0;
	const char *p = hay;

	while (p && (p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

struct access {
	bool write;
	u32 off, len;
	u64 val;
};

/* Every igd_opregion_access record in the kernel trace, in order. */
static int kernel_accesses(struct access *a, int max)
{
	char *t = slurp(KTRACE, NULL), *p = t;
	int n = 0;

	while (p && (p = strstr(p, "igd_opregion_access: ")) && n < max) {
		char dev[32], dir[8];
		unsigned long long val;
		int ret;

		if (sscanf(p + 21, "%31s %7s off=%x len=%u val=%llx ret=%d", dev, dir,
			   &a[n].off, &a[n].len, &val, &ret) == 6) {
			a[n].write = !strcmp(dir, "write");
			a[n].val = val;
			n++;
		}
		p += 21;
	}
	free(t);
	return n;
}

/* Every vfio_pci_igd_opregion_read/write line of QEMU's trace since @since. */
static int qemu_accesses(const char *log, struct access *a, int max)
{
	const char *p = log;
	int n = 0;

	while ((p = strstr(p, "vfio_pci_igd_opregion_")) && n < max) {
		const char *q = strstr(p, "opregion+0x");
		unsigned long off, val;
		unsigned int len;

		if (!strncmp(p + 22, "read ", 5) && q &&
		    sscanf(q, "opregion+0x%lx, %u) = 0x%lx", &off, &len, &val) == 3) {
			a[n++] = (struct access){ false, off, len, val };
		} else if (!strncmp(p + 22, "write ", 6) && q &&
			   sscanf(q, "opregion+0x%lx, 0x%lx, %u)", &off, &val, &len) == 3) {
			a[n++] = (struct access){ true, off, len, val };
		}
		p += 22;
	}
	return n;
}

/*
 * The guest accesses since the last ktrace_clear() each reached QEMU's
 * window and the kernel exactly once, with the same offset, width and
 * value, in the same order.
 */
static void expect_accesses(const struct access *want, int n)
{
	struct access k[64], q[64];
	char *log = qemu_trace_new();
	int nk = kernel_accesses(k, 64), nq = qemu_accesses(log, q, 64), i;

	CHECK(nq == n, "QEMU forwarded %d accesses, the guest made %d", nq, n);
	CHECK(nk == n, "the kernel saw %d region accesses, the guest made %d", nk, n);
	for (i = 0; i < n && i < nk && i < nq; i++) {
		CHECK(q[i].write == want[i].write && q[i].off == want[i].off &&
		      q[i].len == want[i].len && q[i].val == want[i].val,
		      "QEMU access %d: %s off=%#x len=%u val=%#" PRIx64 ", guest made %s off=%#x len=%u val=%#" PRIx64,
		      i, q[i].write ? "write" : "read", q[i].off, q[i].len, q[i].val,
		      want[i].write ? "write" : "read", want[i].off, want[i].len, want[i].val);
		CHECK(k[i].write == want[i].write && k[i].off == want[i].off &&
		      k[i].len == want[i].len && k[i].val == want[i].val,
		      "kernel access %d: %s off=%#x len=%u val=%#" PRIx64 ", guest made %s off=%#x len=%u val=%#" PRIx64,
		      i, k[i].write ? "write" : "read", k[i].off, k[i].len, k[i].val,
		      want[i].write ? "write" : "read", want[i].off, want[i].len, want[i].val);
	}
	free(log);
}

/* ---- the guest: PCI config, fw_cfg, memory ------------------------------- */

static u32 cfg_addr(unsigned int devfn, unsigned int off)
{
	return 0x80000000u | devfn << 8 | (off & 0xfc);
}

static u32 cfg_read32(unsigned int devfn, unsigned int off)
{
	qtest("outl %#x %#x", PCI_CFG_ADDR, cfg_addr(devfn, off));
	return qtest_val("inl %#x", PCI_CFG_DATA);
}

static void cfg_write32(unsigned int devfn, unsigned int off, u32 val)
{
	qtest("outl %#x %#x", PCI_CFG_ADDR, cfg_addr(devfn, off));
	qtest("outl %#x %#x", PCI_CFG_DATA, val);
}

/* The stand-in as the guest sees it: Intel, display controller class. */
static bool find_igd(void)
{
	unsigned int devfn;

	for (devfn = 0; devfn < 256; devfn += 8) {
		u32 id = cfg_read32(devfn, 0);

		if ((id & 0xffff) == 0x8086 && cfg_read32(devfn, 8) >> 16 == 0x0380) {
			igd_devfn = devfn;
			return true;
		}
	}
	return false;
}

static void fw_cfg_select(u16 key)
{
	qtest("outw %#x %#x", FW_CFG_CTL, key);
}

static void fw_cfg_read(void *buf, size_t len)
{
	u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = qtest_val("inb %#x", FW_CFG_DATA);
}

/* Read fw_cfg file @name as SeaBIOS does; malloc'd contents, or NULL. */
static u8 *fw_cfg_file(const char *name, u32 *sizep)
{
	u8 be[4], ent[64];
	u32 count, i;

	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_read(be, 4);
	count = (u32)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3];
	for (i = 0; i < count && i < 256; i++) {
		fw_cfg_read(ent, sizeof(ent));
		if (!strncmp((char *)ent + 8, name, 56)) {
			u32 size = (u32)ent[0] << 24 | ent[1] << 16 | ent[2] << 8 | ent[3];
			u8 *data = malloc(size);

			fw_cfg_select(ent[4] << 8 | ent[5]);
			fw_cfg_read(data, size);
			*sizep = size;
			return data;
		}
	}
	return NULL;
}

/* Bulk guest memory through qtest's hex "read"/"write". */
static bool mem_write(u64 gpa, const void *buf, size_t len)
{
	char *hex = malloc(2 * len + 3), *p = hex;
	const char *r;
	size_t i;

	p += sprintf(p, "0x");
	for (i = 0; i < len; i++)
		p += sprintf(p, "%02x", ((const u8 *)buf)[i]);
	r = qtest("write %#" PRIx64 " %#zx %s", gpa, len, hex);
	free(hex);
	return r;
}

static bool mem_read(u64 gpa, void *buf, size_t len)
{
	const char *r = qtest("read %#" PRIx64 " %#zx", gpa, len);
	size_t i;

	if (!r || strncmp(r, "0x", 2) || strlen(r) < 2 + 2 * len)
		return false;
	for (i = 0; i < len; i++) {
		unsigned int b;

		if (sscanf(r + 2 + 2 * i, "%2x", &b) != 1)
			return false;
		((u8 *)buf)[i] = b;
	}
	return true;
}

/* i915's loads and stores at its OpRegion mapping: one access each. */
static const char *const width_sfx[9] = { [1] = "b", [2] = "w", [4] = "l", [8] = "q" };

static u64 g_load(u32 gpa, u32 off, unsigned int width)
{
	return qtest_val("read%s %#x", width_sfx[width], gpa + off);
}

static void g_store(u32 gpa, u32 off, unsigned int width, u64 val)
{
	CHECK(qtest("write%s %#x %#" PRIx64, width_sfx[width], gpa + off, val),
	      "qtest write%s at %#x failed", width_sfx[width], gpa + off);
}

static u64 phys_le(u32 off, unsigned int width)
{
	u64 v = 0;

	CHECK(phys_read(off, &v, width), "physical read at %#x failed", off);
	return v;
}

/* ---- flows ------------------------------------------------------------------ */

static void flow_setup(bool live)
{
	struct blob vbt;

	group_begin();
	mem_fd = open(SIM_DIR "/mem", O_RDWR);
	CHECK(mem_fd >= 0, "open " SIM_DIR "/mem: %m");
	CHECK(find_dev(edu, sizeof(edu), EDU_VENDOR, EDU_DEVICE, NULL), "no edu device");
	CHECK(load_blob(&vbt, DEFAULT_VBT), "VBT %s unusable", DEFAULT_VBT);
	CHECK(!sim_load("2.0-absolute", &vbt), "simulated platform did not load");
	view_size = sim_info("view_size");
	CHECK(view_size > OPREGION_SIZE, "view size %#x: no extended VBT", view_size);
	CHECK(bind_ours(edu), "%s not bound to " DRIVER " (driver '%s')", edu, driver_of(edu));
	/* The host i915 left ARDY = DRDY = 0 when it unbound. */
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY before the VM");
	free(phys_before);
	phys_before = phys_all(&(size_t){ 0 });
	write_str(TRACE_DIR "/events/igd_opregion/enable", "1");
	ktrace_clear();
	if (qemu_start(live ? "" : "x-igd-opregion-live=off")) {
		char *log = qemu_trace_new();

		CHECK(count_lines(log, "vfio_pci_igd_opregion_live ") == (live ? 1 : 0),
		      "QEMU %s the live window: %s", live ? "did not set up" : "set up", log);
		free(log);
	}
	group_end("QEMU realizes vfio-pci on %s bound to igd-vfio-pci (x-igd-opregion-live=%s)",
		  edu, live ? "auto" : "off");
}

/* The guest firmware: fw_cfg copy into reserved memory, then ASLS. */
static void flow_firmware(u32 gpa, bool live)
{
	u32 size = 0;
	char *log;

	group_begin();
	CHECK(find_igd(), "no Intel display device on the guest's bus 0");
	free(fw_copy);
	fw_copy = fw_cfg_file("etc/igd-opregion", &size);
	CHECK(fw_copy, "no fw_cfg file etc/igd-opregion");
	CHECK_EQ(size, view_size, "etc/igd-opregion size");
	if (fw_copy && size >= OPREGION_SIZE) {
		CHECK(!memcmp(fw_copy, OPREGION_SIGNATURE, 16), "copy signature");
		CHECK(!memcmp(fw_copy + OPREGION_SIZE, phys_before + OPREGION_SIZE,
			      size - OPREGION_SIZE), "copy's extended VBT differs from physical");
		CHECK(mem_write(gpa, fw_copy, size), "copy into guest memory failed");
	}
	qemu_trace_new();
	cfg_write32(igd_devfn, IGD_ASLS, gpa);
	CHECK_EQ(cfg_read32(igd_devfn, IGD_ASLS), gpa, "ASLS as the guest reads it");
	log = qemu_trace_new();
	if (live) {
		char want[64];

		snprintf(want, sizeof(want), " %#x size %#x", gpa, view_size);
		CHECK(strstr(log, "vfio_pci_igd_opregion_map") && strstr(log, want),
		      "no window mapped at %#x: %s", gpa, log);
	} else {
		CHECK(!strstr(log, "vfio_pci_igd_opregion_map"), "window mapped with live=off");
	}
	free(log);
	group_end("guest firmware: etc/igd-opregion (%u bytes) copied to %#x, ASLS written",
		  size, gpa);
}

/* i915 intel_opregion_setup(): header, version, RVDA, then resume. */
static void flow_init(void)
{
	static const struct { u32 off; unsigned int w; u32 val; } st[] = {
		{ O_DIDL, 4, 0x80000100 }, { O_CADL, 4, 0x80000100 },
		{ O_CSTS, 4, 0 }, { O_DRDY, 4, 1 }, { O_TCHE, 4, ASLE_TCHE_BLC_EN },
		{ O_ARDY, 4, ASLE_ARDY_READY }, { O_CHPD, 4, 1 },
	};
	struct access want[16];
	u64 sig0, sig1, ver, rvda;
	int n = 0;
	size_t i;

	group_begin();
	ktrace_clear();
	qemu_trace_new();
	sig0 = g_load(GPA, 0, 8);
	sig1 = g_load(GPA, 8, 8);
	ver = g_load(GPA, O_OVER, 4);
	rvda = g_load(GPA, O_RVDA, 8);	/* only 2-byte aligned */
	CHECK(!memcmp(&sig0, "IntelGra", 8) && !memcmp(&sig1, "phicsMem", 8), "signature");
	CHECK_EQ(ver >> 16, 0x0201, "version the guest sees (2.1)");
	CHECK_EQ(phys_le(O_OVER, 4) >> 16, 0x0200, "physical version (2.0)");
	CHECK_EQ(rvda, OPREGION_SIZE, "RVDA the guest sees");
	want[n++] = (struct access){ false, 0, 8, sig0 };
	want[n++] = (struct access){ false, 8, 8, sig1 };
	want[n++] = (struct access){ false, O_OVER, 4, ver };
	want[n++] = (struct access){ false, O_RVDA, 8, rvda };
	for (i = 0; i < ARRAY_SIZE(st); i++) {
		g_store(GPA, st[i].off, st[i].w, st[i].val);
		want[n++] = (struct access){ true, st[i].off, st[i].w, st[i].val };
		CHECK_EQ(phys_le(st[i].off, st[i].w), st[i].val, "physical field after the store");
	}
	expect_accesses(want, n);
	CHECK(!sim_cmd("notify 0x80"), "firmware does not see DRDY (GNOT refused)");
	group_end("i915 init through the window: 2.1 header, RVDA 0x2000, ARDY/DRDY/TCHE/DIDL reach physical memory");
}

/* Firmware hotkey: BCLP + ASLC request; i915 answers with CBLV and status. */
static void flow_asle(u32 level)
{
	u32 cblv = DIV_ROUND_UP(level * 100, 255) | ASLE_CBLV_VALID;
	struct access want[8];
	u64 aslc, bclp;

	group_begin();
	CHECK(!sim_cmd("asle_backlight %u", level), "firmware refused the request");
	say("firmware: BCLP = %u | valid, ASLC = backlight request (physical %#x, %#x)",
	    level, phys32(O_BCLP), phys32(O_ASLC));
	ktrace_clear();
	qemu_trace_new();
	aslc = g_load(GPA, O_ASLC, 4);
	bclp = g_load(GPA, O_BCLP, 4);
	CHECK_EQ(aslc, ASLC_SET_BACKLIGHT, "ASLC the guest reads");
	CHECK_EQ(bclp, level | ASLE_BCLP_VALID, "BCLP the guest reads");
	say("guest: loads ASLC = %#" PRIx64 ", BCLP = %#" PRIx64 " at %#x", aslc, bclp, GPA);
	g_store(GPA, O_CBLV, 4, cblv);
	g_store(GPA, O_ASLC, 4, 0);
	want[0] = (struct access){ false, O_ASLC, 4, aslc };
	want[1] = (struct access){ false, O_BCLP, 4, bclp };
	want[2] = (struct access){ true, O_CBLV, 4, cblv };
	want[3] = (struct access){ true, O_ASLC, 4, 0 };
	expect_accesses(want, 4);
	CHECK_EQ(phys32(O_CBLV), cblv, "physical CBLV");
	CHECK_EQ(phys32(O_ASLC), 0, "physical ASLC (request answered)");
	say("guest: stores CBLV = %#x, ASLC = 0; physical CBLV %#x, ASLC %#x",
	    cblv, phys32(O_CBLV), phys32(O_ASLC));
	group_end("ASLE backlight %u: the guest sees the firmware's request on its next load, its answer reaches physical memory", level);
}

/* A firmware request bit that arrives between i915's load and its store. */
static void flow_race(void)
{
	u64 seen;

	group_begin();
	CHECK(!sim_cmd("asle_backlight 200"), "firmware refused the request");
	seen = g_load(GPA, O_ASLC, 4);
	CHECK_EQ(seen, ASLC_SET_BACKLIGHT, "ASLC the guest read");
	CHECK(!sim_cmd("write %#x %#x", O_ASLC, ASLC_SET_BACKLIGHT | 1u << 2),
	      "firmware write of ASLC");
	g_store(GPA, O_ASLC, 4, 0);	/* backlight done, status success */
	CHECK_EQ(phys32(O_ASLC), 1u << 2, "physical ASLC keeps the firmware's new bit");
	CHECK_EQ(g_load(GPA, O_ASLC, 4), 1u << 2, "the guest's next load sees it");
	g_store(GPA, O_ASLC, 4, 0);
	CHECK_EQ(phys32(O_ASLC), 0, "physical ASLC after the second answer");
	group_end("ASLC masked update: a firmware bit set between the guest's load and store survives");
}

static void flow_swsci(void)
{
	u64 scic;

	group_begin();
	CHECK_EQ(g_load(GPA, O_SCIC, 4) & SWSCI_SCIC_INDICATOR, 0, "SCIC idle");
	g_store(GPA, O_PARM, 4, 0);
	g_store(GPA, O_SCIC, 4, GBDA_SUPPORTED_CALLS | SWSCI_SCIC_INDICATOR);
	CHECK_EQ(phys32(O_SCIC), GBDA_SUPPORTED_CALLS | SWSCI_SCIC_INDICATOR,
		 "physical SCIC carries the guest's request");
	CHECK(!sim_cmd("swsci_complete"), "firmware found no request");
	scic = g_load(GPA, O_SCIC, 4);
	CHECK_EQ(scic & SWSCI_SCIC_INDICATOR, 0, "SCIC busy bit cleared by the firmware");
	CHECK_EQ((scic & SWSCI_SCIC_EXIT_STATUS_MASK) >> SWSCI_SCIC_EXIT_STATUS_SHIFT,
		 SWSCI_SCIC_EXIT_STATUS_SUCCESS, "exit status");
	CHECK_EQ(g_load(GPA, O_PARM, 4), SIM_GBDA_SUPPORTED, "PARM answer");
	group_end("SWSCI GBDA supported-calls round trip through the window");
}

static void flow_notify_lid(void)
{
	group_begin();
	CHECK(!sim_cmd("notify 0x80"), "firmware GNOT refused");
	CHECK_EQ(g_load(GPA, O_CEVT, 4), 0x80, "CEVT");
	CHECK_EQ(g_load(GPA, O_CSTS, 4), 3, "CSTS");
	g_store(GPA, O_CSTS, 4, 0);
	CHECK_EQ(phys32(O_CSTS), 0, "physical CSTS after the guest's ack");
	CHECK(!sim_cmd("lid 0"), "lid 0");
	CHECK_EQ(g_load(GPA, O_CLID, 4) & 1, 0, "CLID closed");
	CHECK(!sim_cmd("lid 1"), "lid 1");
	CHECK_EQ(g_load(GPA, O_CLID, 4) & 1, 1, "CLID open");
	group_end("ACPI notify (CEVT/CSTS) and lid (CLID) reach the guest; its CSTS ack reaches physical memory");
}

static void flow_refusals(void)
{
	u32 bclp = phys32(O_BCLP), ver = phys32(O_OVER), clid = phys32(O_CLID);
	u8 vbt0 = 0;

	group_begin();
	phys_read(OPREGION_VBT_OFFSET, &vbt0, 1);
	ktrace_clear();
	g_store(GPA, O_BCLP, 4, 0x12);
	g_store(GPA, O_CLID, 4, 0);
	g_store(GPA, O_OVER, 4, 0x03000000);
	g_store(GPA, OPREGION_VBT_OFFSET, 1, vbt0 ^ 0xff);
	CHECK_EQ(phys32(O_BCLP), bclp, "physical BCLP");
	CHECK_EQ(phys32(O_CLID), clid, "physical CLID");
	CHECK_EQ(phys32(O_OVER), ver, "physical version");
	CHECK_EQ(phys_le(OPREGION_VBT_OFFSET, 1), vbt0, "physical VBT byte");
	CHECK_EQ(g_load(GPA, O_BCLP, 4), bclp, "BCLP the guest reads back");
	CHECK_EQ(g_load(GPA, O_OVER, 4) >> 16, 0x0201, "version the guest reads back");
	{
		char *t = slurp(KTRACE, NULL);

		CHECK(count_lines(t, "igd_opregion_refused: ") >= 4,
		      "fewer than 4 refusals traced");
		free(t);
	}
	group_end("firmware-owned, virtualized and constant fields refuse guest stores");
}

/* Widths 1, 2, 4, 8, aligned or not: one kernel access each, same bytes. */
static void flow_widths(void)
{
	static const struct { u32 off; unsigned int w; } ld[] = {
		{ O_ARDY + 1, 1 }, { O_STAT, 2 }, { O_STAT + 1, 4 }, { O_RVDA, 8 },
		{ O_CBLV + 3, 2 }, { 0x3c1, 8 }, { O_DIDL + 2, 4 },
	};
	struct access want[16];
	int n = 0;
	size_t i;

	group_begin();
	ktrace_clear();
	qemu_trace_new();
	for (i = 0; i < ARRAY_SIZE(ld); i++) {
		u64 v = g_load(GPA, ld[i].off, ld[i].w);

		want[n++] = (struct access){ false, ld[i].off, ld[i].w, v };
		/* RVDA is virtualized: compare the others with physical bytes */
		if (ld[i].off + ld[i].w <= O_RVDA || ld[i].off >= O_RVDA + 8)
			CHECK_EQ(v, phys_le(ld[i].off, ld[i].w), "load vs physical");
	}
	g_store(GPA, O_CBLV, 2, 0x0042);		/* CBLV low half */
	want[n++] = (struct access){ true, O_CBLV, 2, 0x0042 };
	g_store(GPA, O_DIDL + 5, 2, 0x0203);		/* unaligned, inside DIDL[1] */
	want[n++] = (struct access){ true, O_DIDL + 5, 2, 0x0203 };
	g_store(GPA, O_DIDL + 8, 8, 0x8000010280000101ull);
	want[n++] = (struct access){ true, O_DIDL + 8, 8, 0x8000010280000101ull };
	expect_accesses(want, n);
	CHECK_EQ(phys_le(O_CBLV, 2), 0x0042, "physical CBLV low half");
	CHECK_EQ(phys_le(O_DIDL + 5, 2), 0x0203, "physical DIDL bytes 5..6");
	CHECK_EQ(phys_le(O_DIDL + 8, 8), 0x8000010280000101ull, "physical DIDL[2..3]");
	group_end("1/2/4/8-byte loads and stores, unaligned too: each one kernel access at the same offset and width");
}

/* i915 copies the VBT at init: the whole extended VBT through the window. */
static void flow_vbt(void)
{
	u32 rvds = view_size - OPREGION_SIZE;
	u8 *v = malloc(rvds);
	struct access k[4];

	group_begin();
	ktrace_clear();
	CHECK(mem_read(GPA + OPREGION_SIZE, v, rvds), "bulk read of the extended VBT");
	CHECK(!memcmp(v, phys_before + OPREGION_SIZE, rvds), "extended VBT differs from physical");
	CHECK(!memcmp(v, "$VBT", 4), "no $VBT signature at 0x2000");
	CHECK(kernel_accesses(k, 4) == 4 && k[0].len == 8, "kernel did not see 8-byte reads");
	{
		char *t = slurp(KTRACE, NULL);

		CHECK_EQ(count_lines(t, "igd_opregion_access: "), rvds / 8 + !!(rvds % 8),
			 "kernel accesses for the VBT copy");
		free(t);
	}
	free(v);
	group_end("the extended VBT (%u bytes) reads through the window as physical memory holds it", rvds);
}

/* ASLS moves the window; 0 removes it; the old address is RAM again. */
static void flow_move(void)
{
	char *log;

	group_begin();
	mem_write(GPA2, fw_copy, OPREGION_SIZE);
	qemu_trace_new();
	cfg_write32(igd_devfn, IGD_ASLS, GPA2);
	log = qemu_trace_new();
	CHECK(strstr(log, "vfio_pci_igd_opregion_unmap") &&
	      strstr(log, "vfio_pci_igd_opregion_map"),
	      "no unmap/map on the ASLS change: %s", log);
	free(log);
	CHECK_EQ(g_load(GPA2, O_ARDY, 4), ASLE_ARDY_READY, "ARDY live at the new address");
	CHECK_EQ(g_load(GPA, O_ARDY, 4), 0, "the old address is the RAM copy again (ARDY 0)");
	cfg_write32(igd_devfn, IGD_ASLS, 0);
	log = qemu_trace_new();
	CHECK(strstr(log, "vfio_pci_igd_opregion_unmap"), "no unmap on ASLS 0");
	free(log);
	CHECK_EQ(g_load(GPA2, O_ARDY, 4), 0, "no window after ASLS 0");
	g_store(GPA2, O_ARDY, 4, 0x55);
	CHECK_EQ(phys32(O_ARDY), ASLE_ARDY_READY, "a store to RAM reached the host");
	cfg_write32(igd_devfn, IGD_ASLS, GPA);
	CHECK_EQ(g_load(GPA, O_ARDY, 4), ASLE_ARDY_READY, "window back at the first address");
	group_end("ASLS moves the window, 0 removes it; stores outside the window stay in guest RAM");
}

static void flow_migration(void)
{
	char *r;

	group_begin();
	r = qmp_cmd("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat>/dev/null\"}}");
	CHECK(r && strstr(r, "\"error\"") && strstr(r, "live IGD OpRegion window"),
	      "migrate was not refused for the window: %s", r ? r : "no reply");
	free(r);
	group_end("migration is blocked while the live window is mapped");
}

/* Guest reboot: QEMU drops the window, the driver restores the host's view. */
static void flow_reset(void)
{
	u8 junk[16];
	char *log, *t;
	char *r;

	group_begin();
	CHECK_EQ(phys32(O_ARDY), ASLE_ARDY_READY, "ARDY before the reboot");
	ktrace_clear();
	qemu_trace_new();
	r = qmp_cmd("{\"execute\":\"system_reset\"}");
	CHECK(r && strstr(r, "\"return\""), "system_reset: %s", r ? r : "no reply");
	free(r);
	/* The reset runs in QEMU's main loop after the command returns. */
	log = qemu_trace_wait("vfio_pci_igd_opregion_reset", 20000);
	CHECK(strstr(log, "vfio_pci_igd_opregion_unmap"), "no unmap on reset: %s", log);
	CHECK(strstr(log, "vfio_pci_igd_opregion_reset"), "no reset event: %s", log);
	free(log);
	CHECK_EQ(cfg_read32(igd_devfn, IGD_ASLS), 0, "ASLS after reset");
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY restored (host i915 left 0)");
	CHECK_EQ(phys32(O_DRDY), 0, "physical DRDY restored");
	CHECK(!memcmp(phys_before + O_TCHE, &(u32){ phys32(O_TCHE) }, 4),
	      "physical TCHE restored");
	t = slurp(KTRACE, NULL);
	CHECK(count_lines(t, "igd_opregion_reset: "),
	      "no igd_opregion_reset in the kernel trace: %.2000s", t ? t : "");
	free(t);
	/* the next boot's firmware writes its copy before ASLS: RAM only */
	memset(junk, 0xa5, sizeof(junk));
	mem_write(GPA + O_ARDY, junk, sizeof(junk));
	CHECK_EQ(phys32(O_ARDY), 0, "the new firmware's copy reached the host");
	group_end("guest reset: window dropped, ASLS 0, driver-owned fields restored, the next boot's copy stays in RAM");
	flow_firmware(GPA, true);
	group_begin();
	CHECK_EQ(g_load(GPA, O_ARDY, 4), 0, "ARDY through the new window");
	CHECK_EQ(g_load(GPA, O_BCLP, 4), phys32(O_BCLP), "BCLP through the new window");
	group_end("after the reboot the new window shows the restored state (ARDY 0) and live firmware fields");
}

static void flow_close(void)
{
	u8 *now;
	size_t len = 0, i, diffs = 0;
	char *t;

	group_begin();
	g_store(GPA, O_ARDY, 4, ASLE_ARDY_READY);
	g_store(GPA, O_DRDY, 4, 1);
	CHECK_EQ(phys32(O_ARDY), ASLE_ARDY_READY, "physical ARDY while the VM runs");
	ktrace_clear();
	CHECK(qemu_stop(), "QEMU did not quit");
	now = phys_all(&len);
	for (i = O_DRDY; now && i < 0x400; i++) {
		if (i >= O_CSTS && i < O_CSTS + 4)
			continue;	/* handshake: the guest's ack stays */
		if (i >= O_CEVT && i < O_CEVT + 4)
			continue;	/* firmware-owned */
		if (i >= O_CLID && i < O_CLID + 4)
			continue;
		if (i >= O_SCIC && i < O_SCIC + 8)
			continue;	/* handshake and the firmware's answer */
		if (i >= O_ASLC && i < O_ASLC + 4)
			continue;
		if (i >= O_BCLP && i < O_BCLP + 4)
			continue;
		diffs += now[i] != phys_before[i];
	}
	CHECK_EQ(diffs, 0, "driver-owned bytes differing from before the VM");
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY after close");
	t = slurp(KTRACE, NULL);
	CHECK(count_lines(t, "igd_opregion_release: "), "no igd_opregion_release traced: %.2000s",
	      t ? t : "");
	free(t);
	free(now);
	group_end("QEMU quits: the device is closed, the host gets its OpRegion back");
}

/* The objection, measured: a firmware change seen through copy and window. */
static void flow_negative(void)
{
	u32 copy_clid, live_clid;

	flow_setup(false);
	flow_firmware(GPA, false);
	group_begin();
	CHECK(!sim_cmd("lid 0"), "lid 0");
	copy_clid = g_load(GPA, O_CLID, 4);
	CHECK_EQ(phys32(O_CLID) & 1, 0, "physical CLID closed");
	CHECK_EQ(copy_clid & 1, 1, "the copy shows the lid closed");
	g_store(GPA, O_ARDY, 4, 1);
	CHECK_EQ(phys32(O_ARDY), 0, "a guest store to the copy reached the host");
	CHECK(qemu_stop(), "QEMU did not quit");
	CHECK(!sim_cmd("lid 1"), "lid 1");
	group_end("x-igd-opregion-live=off: the firmware's lid change stays invisible in the copy (CLID %u), the guest's ARDY never reaches the firmware",
		  copy_clid & 1);

	flow_setup(true);
	flow_firmware(GPA, true);
	group_begin();
	CHECK(!sim_cmd("lid 0"), "lid 0");
	live_clid = g_load(GPA, O_CLID, 4);
	CHECK_EQ(live_clid & 1, 0, "the live window shows the lid closed");
	CHECK(!sim_cmd("lid 1"), "lid 1");
	CHECK_EQ(g_load(GPA, O_CLID, 4) & 1, 1, "and open again");
	group_end("live window: the same lid change is visible at once (CLID %u)", live_clid & 1);
}

/* ---- benchmark -------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bench(void)
{
	const int n = 2000;
	u32 rvds = view_size - OPREGION_SIZE;
	u8 *buf = malloc(view_size);
	double t0, win, ram, vbt_win, vbt_ram;
	int i;

	write_str(TRACE_DIR "/events/igd_opregion/enable", "0");
	mem_write(GPA2, fw_copy, view_size);	/* a RAM copy, as without the window */
	t0 = now_s();
	for (i = 0; i < n; i++)
		g_load(GPA, O_ASLC, 4);
	win = now_s() - t0;
	t0 = now_s();
	for (i = 0; i < n; i++)
		g_load(GPA2, O_ASLC, 4);
	ram = now_s() - t0;
	t0 = now_s();
	mem_read(GPA + OPREGION_SIZE, buf, rvds);
	vbt_win = now_s() - t0;
	t0 = now_s();
	mem_read(GPA2 + OPREGION_SIZE, buf, rvds);
	vbt_ram = now_s() - t0;
	printf("# %s: guest 4-byte loads: window %.0f/s, RAM copy %.0f/s, ratio %.2f (qtest round trip included)\n",
	       __func__, n / win, n / ram, ram / win);
	printf("# %s: full extended VBT read (%u bytes, %u loads of 8): window %.2f ms, RAM copy %.2f ms, ratio %.2f\n",
	       __func__, rvds, rvds / 8, vbt_win * 1e3, vbt_ram * 1e3, vbt_win / vbt_ram);
	printf("# %s: window cost per 8-byte load (VBT read, difference to RAM): %.1f us\n",
	       __func__, (vbt_win - vbt_ram) * 1e6 / (rvds / 8));
	write_str(TRACE_DIR "/events/igd_opregion/enable", "1");
	free(buf);
}

/* ---- demo --------------------------------------------------------------------- */

/* The next line of @p (NUL-terminated in place), or NULL at the end. */
static char *next_line(char **p)
{
	char *line = *p, *e;

	if (!line || !*line)
		return NULL;
	e = strchr(line, '\n');
	if (e) {
		*e = 0;
		*p = e + 1;
	} else {
		*p = NULL;
	}
	return line;
}

/*
 * Each guest access as QEMU traced it, followed by what the kernel traced
 * for it: the coherency events the access caused, then the access itself.
 */
static void print_side_by_side(char *qlog)
{
	char *k = slurp(KTRACE, NULL), *kp = k, *qp = qlog, *q, *l;

	while ((q = next_line(&qp))) {
		if (!strstr(q, "vfio_pci_igd_opregion_read") &&
		    !strstr(q, "vfio_pci_igd_opregion_write"))
			continue;
		printf("demo:   qemu   %s\n", q);
		while ((l = next_line(&kp))) {
			char *ev = strstr(l, "igd_opregion_");

			if (*l == '#' || !ev)
				continue;
			printf("demo:   kernel %s\n", ev);
			if (!strncmp(ev, "igd_opregion_access", 19))
				break;
		}
	}
	free(k);
}

int main(int argc, char **argv)
{
	bool test = false, do_bench = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--demo"))
			demo = true;
		else if (!strcmp(argv[i], "--test"))
			test = true;
		else if (!strcmp(argv[i], "--bench"))
			do_bench = true;
		else if (!strcmp(argv[i], "--vbt-dir") && i + 1 < argc)
			vbt_dir = argv[++i];
		else if (!strcmp(argv[i], "--qemu") && i + 1 < argc)
			qemu_bin = argv[++i];
		else
			fprintf(stderr, "usage: %s --test|--demo|--bench [--qemu PATH] [--vbt-dir DIR]\n",
				argv[0]);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);

	flow_setup(true);
	if (!qt)
		goto out;
	flow_firmware(GPA, true);
	if (!fw_copy || n_fail) {
		printf("# no working window: the flows that need one are not run\n");
		goto out;
	}
	flow_init();
	if (demo) {
		long since;
		char *qlog;

		free(qemu_trace_new());
		since = qemu_log_pos;
		flow_asle(192);
		/* flow_asle() consumed the new lines: read them again */
		qlog = slurp(QEMU_LOG, NULL);
		if (qlog && (long)strlen(qlog) >= since)
			memmove(qlog, qlog + since, strlen(qlog + since) + 1);
		printf("demo: each guest access as QEMU forwarded it, and what igd-vfio-pci traced for it:\n");
		print_side_by_side(qlog);
		free(qlog);
		flow_close();
		goto out;
	}
	flow_asle(128);
	if (test) {
		flow_race();
		flow_swsci();
		flow_notify_lid();
		flow_refusals();
		flow_widths();
		flow_vbt();
		flow_move();
		flow_migration();
	}
	if (do_bench)
		bench();
	if (test)
		flow_reset();
	flow_close();
	if (test)
		flow_negative();
out:
	if (qemu_pid > 0)
		qemu_stop();
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
