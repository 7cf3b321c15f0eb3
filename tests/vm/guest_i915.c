// SPDX-License-Identifier: GPL-2.0
/*
 * guest_i915.c - the guest's i915, as far as the OpRegion goes, running in
 * the test VM against a device bound to igd-vfio-pci, with the simulated
 * firmware (igd-opregion-sim, through debugfs) as the other party.
 *
 * Contract: everything goes through the real VFIO uAPI (type1 container,
 * group, device fd, VFIO_DEVICE_GET_REGION_INFO with its capability chain,
 * pread/pwrite on the device fd: vfio_dev.c). Every step asserts both what
 * the guest sees through the region and what physical memory holds (the
 * simulated platform's "mem" file, vmtest.c). One "ok N - name" or
 * "not ok N - name" line per assertion group, diagnostics on "#" lines,
 * and a final "N passed, N failed" line; the exit status is 0 only if all
 * passed.
 *
 * This file holds the flows, and the few helpers that play i915 or read
 * what the host kernel reports (ftrace, the kernel log).
 *
 *   guest_i915 --test [--vbt-dir DIR]   the VM tier
 *   guest_i915 --demo [--vbt-dir DIR]   narrated backlight request and
 *                                       SWSCI round trip, then the ftrace log
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <time.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "model_image.h"
#include "vfio_dev.h"
#include "vmtest.h"

static u8 *phys_at_open;		/* physical memory at the first open */
static struct blob vbt_default;

/* ---- i915, as far as the OpRegion goes --------------------------------- */

/*
 * i915's swsci() trigger: make sure SCISEL (bit 15) is set and GSSCIE
 * (bit 0) clear in config 0xE8, then set GSSCIE.
 */
static void guest_swsci_trigger(void)
{
	u16 sw = cfg16(CFG_SWSCI);

	if (!(sw & SWSCI_SCISEL) || (sw & SWSCI_GSSCIE)) {
		sw |= SWSCI_SCISEL;
		sw &= ~SWSCI_GSSCIE;
		cfg_wr16(CFG_SWSCI, sw);
	}
	cfg_wr16(CFG_SWSCI, sw | SWSCI_GSSCIE);
}

/* A field: what the guest sees through the region and what is physical. */
static void expect_field(const char *name, u32 off, u32 want)
{
	char what[64];

	snprintf(what, sizeof(what), "%s in the region", name);
	CHECK_EQ(view32(off), want, what);
	snprintf(what, sizeof(what), "%s in physical memory", name);
	CHECK_EQ(phys32(off), want, what);
}

/* ---- ftrace and the kernel log ------------------------------------------- */

static void trace_clear(void)
{
	write_file(TRACE_DIR "/trace", "", 0, O_TRUNC);
}

struct tev {
	const char *event;	/* forward, fw_change, refused, restore ... */
	const char *field;	/* table row name, or NULL */
	const char *extra;	/* another substring, or NULL */
};

static bool tev_match(const char *line, const struct tev *e)
{
	char key[64];

	snprintf(key, sizeof(key), ": igd_opregion_%s: ", e->event);
	if (!strstr(line, key))
		return false;
	if (e->field) {
		snprintf(key, sizeof(key), " %s off=", e->field);
		if (!strstr(line, key))
			return false;
	}
	return !e->extra || strstr(line, e->extra);
}

/* The events must appear in this order (others may come in between). */
static void trace_expect(const struct tev *seq, size_t n)
{
	char *buf = slurp(TRACE_DIR "/trace", NULL), *line, *save = NULL;
	size_t i = 0;

	if (!CHECK(buf, "cannot read " TRACE_DIR "/trace"))
		return;
	for (line = strtok_r(buf, "\n", &save); line && i < n;
	     line = strtok_r(NULL, "\n", &save))
		if (tev_match(line, &seq[i]))
			i++;
	CHECK(i == n, "trace: event %zu of %zu missing: igd_opregion_%s %s %s", i, n,
	      i < n ? seq[i].event : "", i < n && seq[i].field ? seq[i].field : "",
	      i < n && seq[i].extra ? seq[i].extra : "");
	free(buf);
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
	char *buf;
	unsigned int n = 0;
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

/* ---- the flows ----------------------------------------------------------- */

static bool is_not_display(const char *dev)
{
	return (sysfs_hex(dev, "class") >> 16) != 0x03 && !*driver_of(dev);
}

/* Production matching: Intel display class only; the edu only when registered. */
static void flow_gate(char *edu)
{
	char intel[32];

	group_begin();
	CHECK(find_dev(edu, 32, EDU_VENDOR, EDU_DEVICE, NULL), "no edu device (1234:11e8)");
	CHECK(!strcmp(driver_of(edu), ""), "edu already bound to %s", driver_of(edu));
	CHECK(!bind_ours(edu), "edu bound although no simulated OpRegion is registered");
	if (find_dev(intel, sizeof(intel), 0x8086, ~0UL, is_not_display)) {
		CHECK(!bind_ours(intel), "Intel non-display device %s (class %#lx) was bound",
		      intel, sysfs_hex(intel, "class"));
		clear_override(intel);
	} else {
		CHECK(0, "no unbound Intel non-display device to try");
	}
	group_end("driver_override binds only Intel display devices, or the stand-in once registered");
}

static void flow_setup(const char *edu)
{
	char path[64];

	group_begin();
	mem_fd = open(SIM_DIR "/mem", O_RDWR);
	CHECK(mem_fd >= 0, "open " SIM_DIR "/mem: %s", strerror(errno));
	CHECK(load_blob(&vbt_default, DEFAULT_VBT), "VBT %s/%s unusable", vbt_dir, DEFAULT_VBT);
	CHECK(!sim_load("2.0-absolute", &vbt_default), "simulated platform did not load");
	say("simulated firmware: OpRegion 2.0 at %#" PRIx64 ", extended VBT (%s, %u bytes) at %#" PRIx64,
	    sim_info("asls"), vbt_default.name, vbt_default.vbt_size, sim_info("vbt_pa"));
	CHECK(bind_ours(edu), "%s not bound to " DRIVER " (driver: '%s')", edu, driver_of(edu));
	vfio_attach(edu, path, sizeof(path));

	write_str(TRACE_DIR "/events/igd_opregion/enable", "1");
	trace_clear();
	if (open_device()) {
		size_t len;

		phys_at_open = phys_all(&len);
		CHECK(phys_at_open && len >= OPREGION_SIZE, "physical memory at open");
		say("guest opened %s through VFIO (group %s, type1 container)", bdf, path);
		/* Every later flow needs it: main() stops here without it. */
		CHECK(r_op.found, "no OpRegion region in VFIO_DEVICE_GET_REGION_INFO");
	}
	group_end("bind %s by driver_override and open it through VFIO type1", bdf);
}

static void flow_region(void)
{
	u64 rvds = sim_info("rvds"), vbt_pa = sim_info("vbt_pa");
	size_t plen, i, diffs = 0;
	u8 *phys, *view;
	u8 over[4];

	group_begin();
	if (!CHECK(r_op.found, "no region with the OpRegion type/subtype capability")) {
		group_end("region info");
		return;
	}
	CHECK_EQ(r_op.flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		 VFIO_REGION_INFO_FLAG_CAPS, "region flags (READ|WRITE, no MMAP)");
	CHECK_EQ(r_op.size, OPREGION_SIZE + rvds, "region size (8 KiB + RVDS)");
	CHECK(view_read(O_OVER, over, 4) == 4, "read OVER");
	CHECK(over[3] == 2 && over[2] == 1, "view version %u.%u, want 2.1", over[3], over[2]);
	CHECK(phys32(O_OVER) >> 16 == 0x0200, "physical version changed: %#x", phys32(O_OVER));
	CHECK_EQ(view64(O_RVDA), OPREGION_SIZE, "view RVDA");
	CHECK_EQ(phys64(O_RVDA), vbt_pa, "physical RVDA (absolute, 2.0)");
	CHECK_EQ(view32(O_RVDS), rvds, "view RVDS");

	/* The view is physical memory except for the synthesized version and RVDA. */
	phys = phys_all(&plen);
	view = malloc(r_op.size);
	CHECK(plen == r_op.size, "physical span %zu, region %" PRIu64, plen, r_op.size);
	CHECK(view_read(0, view, r_op.size) == (ssize_t)r_op.size, "whole-view read");
	for (i = 0; phys && i < plen && i < r_op.size; i++) {
		bool virt = i == O_OVER + 2 || (i >= O_RVDA && i < O_RVDA + 8);

		if (!virt && view[i] != phys[i] && !diffs++)
			CHECK(0, "view byte %#zx = %#x, physical %#x", i, view[i], phys[i]);
	}
	CHECK(!diffs, "%zu bytes of the view differ from physical memory", diffs);
	CHECK(!memcmp(view + OPREGION_SIZE, vbt_default.data, vbt_default.vbt_size),
	      "the VBT at 0x2000 differs from %s", vbt_default.name);
	free(phys);
	free(view);
	group_end("region info: type cap, READ|WRITE, 8 KiB + RVDS, version 2.1, RVDA 0x2000, VBT == blob");
}

static void flow_bridges(void)
{
	u8 host[64], sys[64], b;
	char path[256];
	int fd;

	group_begin();
	CHECK(r_host.found && r_lpc.found, "host bridge / LPC bridge regions missing");
	CHECK_EQ(r_host.flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_CAPS,
		 "host bridge region flags");
	CHECK(pread(device, host, 64, r_host.offset) == 64, "host bridge read");
	snprintf(path, sizeof(path), PCI_DEVS "/0000:00:00.0/config");
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && read(fd, sys, 64) == 64, "read %s", path);
	if (fd >= 0)
		close(fd);
	CHECK(!memcmp(host, sys, 64), "host bridge window differs from 00:00.0 config");
	CHECK(pread(device, host, 4, r_lpc.offset) == 4 && host[0] == 0x86 && host[1] == 0x80,
	      "LPC bridge vendor is not Intel");
	CHECK(pread(device, host, 3, r_lpc.offset + 9) == 3 && host[1] == 0x01 && host[2] == 0x06,
	      "LPC bridge class is not ISA bridge");
	b = 0;
	CHECK(pwrite(device, &b, 1, r_host.offset + 4) < 0 && errno == EINVAL,
	      "host bridge window accepted a write");
	group_end("host-bridge and LPC-bridge config regions for QEMU's legacy IGD mode, read-only");
}

static void flow_asls(void)
{
	u32 asls = sim_info("asls"), junk = 0x12345678;
	u64 eight = 0x1122334455667788ULL;
	bool tracer;

	group_begin();
	CHECK_EQ(cfg32(0xfc), asls, "ASLS read through VFIO");
	tracer = cfg_tracer_start();
	if (tracer) {
		CHECK_EQ(cfg_writes_during(0xfc, &junk, 4), 0, "device config writes for ASLS");
		/* Positive control: the dword before ASLS does reach the device. */
		CHECK_EQ(cfg_writes_during(0xf8, &junk, 4), 1, "device config writes at 0xf8");
		CHECK_EQ(cfg_writes_during(0xf8, &eight, 8), 1,
			 "device config writes for 8 bytes over 0xf8 and ASLS");
	}
	cfg_tracer_stop(tracer);
	CHECK_EQ(cfg32(0xfc), asls, "ASLS after guest writes");
	CHECK_EQ(cfg32(0) & 0xffff, EDU_VENDOR, "vendor ID through VFIO");
	group_end("ASLS virtualized: reads give the OpRegion address, guest writes never reach the device");
}

static void flow_not_ready(void)
{
	int rc;

	group_begin();
	say("host i915 left ARDY=%u DRDY=%u TCHE=%u in the physical OpRegion",
	    phys32(O_ARDY), phys32(O_DRDY), phys32(O_TCHE));
	rc = sim_cmd("asle_backlight 100");
	CHECK_EQ(rc, -EPERM, "firmware backlight request without TCHE");
	say("brightness hotkey: firmware checks TCHE/ARDY and gives up (%s): nobody listens",
	    strerror(-rc));
	CHECK_EQ(phys32(O_ASLC), 0, "physical ASLC");
	CHECK_EQ(sim_cmd("notify 1"), -EAGAIN, "firmware notify without DRDY");
	CHECK_EQ(phys32(O_CEVT), 0, "physical CEVT");
	group_end("before the guest driver is ready the firmware gives up (TCHE/ARDY/DRDY are 0)");
}

static void flow_init(void)
{
	group_begin();
	/* intel_opregion_resume_display(): lists, then CSTS, DRDY, TCHE, ARDY */
	view_wr32(O_DIDL, 0x80000100);
	view_wr32(O_DIDL + 4, 0x80000410);
	view_wr32(O_CADL, 0x80000100);
	view_wr32(O_CSTS, 0);
	view_wr32(O_DRDY, 1);
	view_wr32(O_TCHE, ASLE_TCHE_BLC_EN);
	view_wr32(O_ARDY, ASLE_ARDY_READY);
	view_wr32(O_CHPD, 1);
	expect_field("DIDL[0]", O_DIDL, 0x80000100);
	expect_field("DIDL[1]", O_DIDL + 4, 0x80000410);
	expect_field("CADL[0]", O_CADL, 0x80000100);
	expect_field("CSTS", O_CSTS, 0);
	expect_field("DRDY", O_DRDY, 1);
	expect_field("TCHE", O_TCHE, ASLE_TCHE_BLC_EN);
	expect_field("ARDY", O_ARDY, ASLE_ARDY_READY);
	expect_field("CHPD", O_CHPD, 1);
	say("guest i915 init through the region: DIDL/CADL, CSTS=0, DRDY=1, TCHE=bit1, ARDY=1, CHPD=1");
	say("  physical now: DRDY=%u TCHE=%#x ARDY=%u: the firmware sees a driver",
	    phys32(O_DRDY), phys32(O_TCHE), phys32(O_ARDY));
	group_end("i915 init: DRDY=1, CSTS=0, TCHE=backlight, ARDY=1, CHPD=1, DIDL/CADL, all in physical memory");
}

/* i915's asle_set_backlight(): returns the ASLC status to write back. */
static u32 guest_set_backlight(u32 bclp, u32 *cblv)
{
	u32 level;

	if (!(bclp & ASLE_BCLP_VALID))
		return ASLC_BACKLIGHT_FAILED;
	level = bclp & ~ASLE_BCLP_VALID;
	if (level > 255)
		return ASLC_BACKLIGHT_FAILED;
	*cblv = DIV_ROUND_UP(level * 100, 255) | ASLE_CBLV_VALID;
	return 0;
}

/* i915's asle_work(), polled: read ASLC, serve the request, write the status. */
static u32 guest_asle(void)
{
	u32 aslc = view32(O_ASLC), stat = 0, cblv = 0;

	if (aslc & ASLC_SET_BACKLIGHT) {
		stat |= guest_set_backlight(view32(O_BCLP), &cblv);
		if (!stat)
			view_wr32(O_CBLV, cblv);
	}
	view_wr32(O_ASLC, stat);
	return aslc;
}

static void flow_asle(u32 level)
{
	u32 cblv = DIV_ROUND_UP(level * 100, 255) | ASLE_CBLV_VALID, aslc, bclp;

	group_begin();
	CHECK_EQ(sim_cmd("asle_backlight %u", level), 0, "firmware backlight request");
	say("brightness hotkey: firmware writes BCLP=%#x and ASLC=%#x (backlight request)",
	    phys32(O_BCLP), phys32(O_ASLC));
	aslc = view32(O_ASLC);
	bclp = view32(O_BCLP);
	CHECK_EQ(aslc, ASLC_SET_BACKLIGHT, "ASLC request seen through the region");
	CHECK_EQ(bclp, level | ASLE_BCLP_VALID, "BCLP seen through the region");
	say("guest reads through the region: ASLC=%#x BCLP=%#x -> panel at %u%%", aslc, bclp,
	    cblv & 0xff);
	CHECK_EQ(guest_asle(), ASLC_SET_BACKLIGHT, "guest served a backlight request");
	expect_field("CBLV", O_CBLV, cblv);
	expect_field("ASLC", O_ASLC, 0);
	CHECK_EQ(phys32(O_BCLP), level | ASLE_BCLP_VALID, "physical BCLP");
	say("guest writes CBLV=%#x and ASLC=0 (success); firmware reads physical CBLV=%#x ASLC=%#x: answered",
	    cblv, phys32(O_CBLV), phys32(O_ASLC));

	if (!demo) {
		/* A request with BCLP not valid: i915 reports backlight failed. */
		CHECK_EQ(sim_cmd("write %#x %#x", O_BCLP, 0x1ff), 0, "firmware BCLP store");
		CHECK_EQ(sim_cmd("write %#x %#x", O_ASLC, ASLC_SET_BACKLIGHT), 0, "firmware ASLC");
		guest_asle();
		expect_field("ASLC status", O_ASLC, ASLC_BACKLIGHT_FAILED);
		expect_field("CBLV (unchanged)", O_CBLV, cblv);
	}
	group_end("ASLE backlight: firmware posts BCLP|valid + ASLC, guest answers CBLV + ASLC status, firmware sees both");
}

static void flow_handshake_race(void)
{
	group_begin();
	CHECK_EQ(sim_cmd("asle_backlight 200"), 0, "firmware backlight request");
	CHECK_EQ(view32(O_ASLC), ASLC_SET_BACKLIGHT, "guest sees the request");
	/* The firmware posts another request after the guest's read ... */
	CHECK_EQ(sim_cmd("write %#x %#x", O_ASLC, ASLC_SET_BACKLIGHT | 1), 0, "firmware ASLC");
	/* ... and the guest's status for the first one must not erase it. */
	view_wr32(O_CBLV, DIV_ROUND_UP(200 * 100, 255) | ASLE_CBLV_VALID);
	view_wr32(O_ASLC, 0);
	CHECK_EQ(phys32(O_ASLC), 1, "physical ASLC keeps the firmware's new request bit");
	CHECK_EQ(view32(O_ASLC), 1, "guest then sees the new request");
	view_wr32(O_ASLC, 0);
	CHECK_EQ(phys32(O_ASLC), 0, "physical ASLC after the second status");
	group_end("ASLC masked update keeps a request bit the firmware set after the guest's read");
}

/* i915's swsci(): PARM, then SCIC = function | 1, poll, status, result. */
static int guest_swsci(u32 function, u32 parm, u32 *out)
{
	struct timespec t0, t;
	u32 scic;

	if (view32(O_SCIC) & SWSCI_SCIC_INDICATOR)
		return -EBUSY;
	view_wr32(O_PARM, parm);
	view_wr32(O_SCIC, function | SWSCI_SCIC_INDICATOR);
	guest_swsci_trigger();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		scic = view32(O_SCIC);
		if (!(scic & SWSCI_SCIC_INDICATOR))
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		/* DSLP is 50 ms; an emulated CPU gets far more slack */
		if (t.tv_sec - t0.tv_sec > 5)
			return -ETIMEDOUT;
		usleep(1000);
	}
	if (((scic & SWSCI_SCIC_EXIT_STATUS_MASK) >> SWSCI_SCIC_EXIT_STATUS_SHIFT) !=
	    SWSCI_SCIC_EXIT_STATUS_SUCCESS)
		return -EIO;
	*out = view32(O_PARM);
	return 0;
}

static void flow_swsci(void)
{
	u32 out = 0;
	int rc;

	group_begin();
	expect_field("DSLP", O_DSLP, 50);
	CHECK_EQ(sim_cmd("swsci_complete"), -EAGAIN, "firmware with no request pending");
	CHECK_EQ(sim_cmd("swsci_auto 1"), 0, "start the firmware's SWSCI handler");
	rc = guest_swsci(GBDA_SUPPORTED_CALLS, 0, &out);
	CHECK_EQ(rc, 0, "SWSCI GBDA supported calls");
	CHECK_EQ(out, SIM_GBDA_SUPPORTED, "PARM result through the region");
	say("SWSCI: guest writes PARM=0, SCIC=%#x; firmware answers; guest polls SCIC -> %#x, PARM=%#x",
	    GBDA_SUPPORTED_CALLS | 1, view32(O_SCIC), out);
	CHECK_EQ(phys32(O_SCIC) & (SWSCI_SCIC_INDICATOR | SWSCI_SCIC_EXIT_STATUS_MASK),
		 SWSCI_SCIC_EXIT_STATUS_SUCCESS << SWSCI_SCIC_EXIT_STATUS_SHIFT,
		 "physical SCIC: bit 0 clear, exit status 1");
	CHECK_EQ(phys32(O_PARM), SIM_GBDA_SUPPORTED, "physical PARM");
	if (!demo) {
		rc = guest_swsci(SBCB_ADAPTER_POWER, 0, &out);
		CHECK_EQ(rc, 0, "SWSCI SBCB adapter power state");
		CHECK_EQ(guest_swsci(SWSCI_UNKNOWN_FN, 0, &out), -EIO,
			 "SWSCI of an unsupported function");
	}
	CHECK_EQ(sim_cmd("swsci_auto 0"), 0, "stop the firmware's SWSCI handler");
	group_end("SWSCI: guest writes PARM then SCIC|1, firmware completes, guest polls SCIC and reads PARM");
}

#define REFUSED_STATUS	(2u << SWSCI_SCIC_EXIT_STATUS_SHIFT)

/* Post a request, trigger it, and return SCIC read at once, no polling. */
static u32 swsci_post(u32 function, u32 parm, bool sci)
{
	view_wr32(O_PARM, parm);
	view_wr32(O_SCIC, function | SWSCI_SCIC_INDICATOR);
	if (sci) {
		guest_swsci_trigger();
	} else {
		cfg_wr16(CFG_SWSCI, 0);
		cfg_wr16(CFG_SWSCI, SWSCI_GSSCIE);	/* SCISEL clear: an SMI */
	}
	return view32(O_SCIC);
}

/*
 * SWSCI mediation: the simulated firmware no longer polls; it runs a call
 * only when igd-vfio-pci passes the trigger on (its hook stands for the
 * IGD's config 0xE8), and counts it. Allowed calls are answered by it,
 * refused ones never reach it and are answered by the driver at once.
 */
static void flow_swsci_mediation(void)
{
	u64 eight = 0xffff7ffeffffffffULL;	/* ASLE, SWSCI w/o GSSCIE, 0xEA */
	u32 out = 0, ones = ~0u, asle = host_cfg32(CFG_ASLE);
	u16 other = (u16)~(SWSCI_SCISEL | SWSCI_GSSCIE);
	unsigned long trig;
	bool tracer;
	char *trace;

	group_begin();
	CHECK_EQ(sim_cmd("swsci_auto 0"), 0, "firmware without its poller");
	trig = sim_info("swsci_triggers");
	CHECK_EQ(guest_swsci(GBDA_SUPPORTED_CALLS, 0, &out), 0, "allowed: GBDA supported calls");
	CHECK_EQ(out, SIM_GBDA_SUPPORTED, "allowed: the firmware's PARM");
	CHECK_EQ(sim_info("swsci_triggers"), trig + 1, "allowed: one trigger reached the firmware");
	CHECK_EQ(guest_swsci(SBCB_ADAPTER_POWER, 0, &out), 0, "allowed: SBCB adapter power state");
	CHECK_EQ(sim_info("swsci_triggers"), trig + 2, "allowed: a second trigger reached it");

	CHECK_EQ(swsci_post(SBCB_SET_PANEL_DETAILS, 0x5a5a5a5a, true),
		 SBCB_SET_PANEL_DETAILS | REFUSED_STATUS,
		 "refused: SCIC bit 0 clear, exit status 2 at once");
	CHECK_EQ(phys32(O_SCIC), SBCB_SET_PANEL_DETAILS | REFUSED_STATUS, "refused: physical SCIC");
	CHECK_EQ(phys32(O_PARM), 0x5a5a5a5a, "refused: PARM untouched");
	CHECK_EQ(cfg16(CFG_SWSCI) & SWSCI_GSSCIE, 0, "refused: GSSCIE reads clear again");
	CHECK_EQ(guest_swsci(SWSCI_UNKNOWN_FN, 0, &out), -EIO, "refused: unknown function, -EIO");
	CHECK_EQ(swsci_post(GBDA_SUPPORTED_CALLS, 0, false),
		 GBDA_SUPPORTED_CALLS | REFUSED_STATUS, "refused: an SMI (SCISEL clear)");
	CHECK_EQ(sim_info("swsci_triggers"), trig + 2, "refused: no trigger reached the firmware");

	/* The virtual bits read back; every other bit is the device's. */
	cfg_wr16(CFG_SWSCI, other | SWSCI_SCISEL);
	CHECK_EQ(cfg16(CFG_SWSCI), (host_cfg32(CFG_SWSCI) & 0xffff & other) | SWSCI_SCISEL,
		 "0xE8 reads the guest's SCISEL and the device's other bits");
	CHECK_EQ(host_cfg32(CFG_SWSCI) & SWSCI_SCISEL, 0, "the device's SCISEL untouched");
	tracer = cfg_tracer_start();
	if (tracer) {
		CHECK_EQ(cfg_writes_during(CFG_ASLE, &ones, 4), 0, "device config writes for ASLE");
		CHECK_EQ(cfg_writes_during(CFG_SWSCI, &other, 2), 0,
			 "device config writes for 0xE8's other bits");
		/* Positive control: the word after SWSCI does reach the device. */
		CHECK_EQ(cfg_writes_during(CFG_ASLE, &eight, 8), 1,
			 "device config writes for 8 bytes over ASLE, SWSCI and 0xEA");
	}
	cfg_tracer_stop(tracer);
	CHECK_EQ(cfg32(CFG_ASLE), asle, "ASLE reads the device's value");
	CHECK_EQ(host_cfg32(CFG_ASLE), asle, "the device's ASLE unchanged");

	trace = slurp(TRACE_DIR "/trace", NULL);
	CHECK(trace && strstr(trace, "igd_opregion_swsci_forward: ") &&
	      strstr(trace, " GBDA_SUPPORTED_CALLS scic=0x9 parm=0x0 verdict=forwarded"),
	      "no swsci_forward event for GBDA_SUPPORTED_CALLS");
	CHECK(trace &&
	      strstr(trace, " SBCB_SET_PANEL_DETAILS scic=0xa0d parm=0x5a5a5a5a verdict=policy"),
	      "no swsci_refused event for SBCB_SET_PANEL_DETAILS");
	CHECK(trace && strstr(trace, "verdict=smi"), "no swsci_refused event for the SMI");
	free(trace);
	group_end("SWSCI mediation: allowed calls reach the firmware, refused ones and an SMI never do and fail at once; ASLE and 0xE8's other bits never reach the device");
}

static void flow_notify(void)
{
	group_begin();
	CHECK_EQ(sim_cmd("notify 1"), 0, "firmware GNOT");
	CHECK_EQ(sim_cmd("lid 0"), 0, "firmware lid closed");
	CHECK_EQ(view32(O_CEVT), 1, "CEVT through the region");
	CHECK_EQ(view32(O_CSTS), 3, "CSTS through the region");
	CHECK_EQ(view32(O_CLID), 0, "CLID through the region");
	view_wr32(O_CSTS, 0);
	expect_field("CSTS acked", O_CSTS, 0);
	CHECK_EQ(phys32(O_CEVT), 1, "physical CEVT");
	CHECK_EQ(sim_cmd("lid 1"), 0, "firmware lid open");
	CHECK_EQ(view32(O_CLID), 1, "CLID through the region");
	group_end("ACPI notify and lid: firmware writes CEVT/CSTS=3 and CLID, guest reads them and acks CSTS=0");
}

static void flow_refusals(void)
{
	static const struct { const char *name; u32 off, len; } bad[] = {
		{ "signature", 0x0, 16 },
		{ "SIZE", O_SIZE, 4 },
		{ "version", O_OVER, 4 },
		{ "MBOX", O_MBOX, 4 },
		{ "CEVT", O_CEVT, 4 },
		{ "CLID", O_CLID, 4 },
		{ "DSLP", O_DSLP, 4 },
		{ "BCLP", O_BCLP, 4 },
		{ "RVDA", O_RVDA, 8 },
		{ "RVDS", O_RVDS, 4 },
		{ "mailbox 4", OPREGION_VBT_OFFSET, 16 },
		{ "extended VBT", OPREGION_SIZE, 16 },
		{ "extended VBT end", OPREGION_SIZE + 0x100, 256 },
	};
	u8 junk[256], *before, *after, *vbefore, *vafter;
	size_t blen, alen, i;
	u32 mixed[4] = { 0x11, 0x80000022, 0x33, 0x80000020 };
	u64 size = r_op.size;

	group_begin();
	memset(junk, 0xa5, sizeof(junk));
	before = phys_all(&blen);
	vbefore = malloc(size);
	vafter = malloc(size);
	CHECK(view_read(0, vbefore, size) == (ssize_t)size, "view read");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ssize_t n = view_write(bad[i].off, junk, bad[i].len);

		CHECK(n == (ssize_t)bad[i].len, "write to %s returned %zd (%s), want %u",
		      bad[i].name, n, n < 0 ? strerror(errno) : "", bad[i].len);
	}
	after = phys_all(&alen);
	CHECK(blen == alen && before && after && !memcmp(before, after, blen),
	      "refused writes changed physical memory");
	CHECK(view_read(0, vafter, size) == (ssize_t)size && !memcmp(vbefore, vafter, size),
	      "refused writes changed the view");

	/* One store over ALSI, BCLP, PFIT (firmware) and CBLV (driver): byte-exact. */
	CHECK(view_write(O_ALSI, mixed, 16) == 16, "mixed write");
	CHECK_EQ(phys32(O_CBLV), 0x80000020, "physical CBLV from a mixed write");
	CHECK_EQ(phys32(O_BCLP), *(u32 *)(before + O_BCLP),
		 "physical BCLP after a mixed write");
	CHECK_EQ(phys32(O_ALSI), *(u32 *)(before + O_ALSI),
		 "physical ALSI after a mixed write");

	/* vfio region bounds: past the end -EINVAL, running past it short */
	CHECK(view_write(size, junk, 4) < 0 && errno == EINVAL, "write at the end accepted");
	CHECK(view_read(size, junk, 4) < 0 && errno == EINVAL, "read at the end accepted");
	CHECK(view_read(size - 2, junk, 8) == 2, "read running past the end is not short");
	free(before);
	free(after);
	free(vbefore);
	free(vafter);
	group_end("refusals: header, version, RVDA/RVDS, CEVT, CLID, DSLP, BCLP, VBT stay unchanged physically");
}

static void flow_trace(void)
{
	static const struct tev seq[] = {
		{ "validate", NULL, "reason=ok" },
		{ "geometry", NULL, "view_ver=2.1" },
		{ "open", NULL, "saved=" },
		{ "forward", "DIDL", NULL }, { "forward", "CADL", NULL },
		{ "forward", "CSTS", NULL }, { "forward", "DRDY", "new=0x1" },
		{ "forward", "TCHE", "new=0x2" }, { "forward", "ARDY", "new=0x1" },
		{ "forward", "CHPD", NULL },
		{ "fw_change", "ASLC", "new=0x2" }, { "fw_change", "BCLP", "new=0x80000080" },
		{ "forward", "CBLV", "new=0x80000033" }, { "forward", "ASLC", "new=0x0" },
		{ "fw_change", "ASLC", "new=0x3" }, { "forward", "ASLC", "new=0x1" },
		{ "forward", "PARM", NULL }, { "forward", "SCIC", "new=0x9" },
		{ "fw_change", "SCIC", "new=0x28" }, { "fw_change", "PARM", "new=0x13" },
		{ "fw_change", "CEVT", "new=0x1" }, { "fw_change", "CSTS", "new=0x3" },
		{ "fw_change", "CLID", "new=0x0" }, { "forward", "CSTS", "new=0x0" },
		{ "refused", "SIGN", "class=constant" }, { "refused", "OVER", "class=virtualized" },
		{ "refused", "CLID", "class=firmware" }, { "refused", "BCLP", "class=firmware" },
		{ "refused", "RVDA", "class=virtualized" }, { "refused", "VBT", NULL },
		{ "refused", "RVBT", NULL },
	};

	group_begin();
	trace_expect(seq, ARRAY_SIZE(seq));
	group_end("ftrace: validate/open, then forward, fw_change and refused events in flow order");
}

/* @text has @line as a whole line. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while (text && (p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
		p++;
	}
	return false;
}

/* The number after "key: " in the status file, or the count FIELD=N. */
static long status_num(const char *text, const char *key)
{
	const char *p = text ? strstr(text, key) : NULL;

	return p ? strtol(p + strlen(key), NULL, 0) : 0;
}

/*
 * The driver's status file in debugfs: what an administrator reads to
 * see the OpRegion's state. Its counts move with what the guest does.
 */
static void flow_status(void)
{
	char path[128], line[96], *st;
	u32 out = 0, junk = 0xa5a5a5a5;
	long clid, fwd, refused;

	group_begin();
	snprintf(path, sizeof(path), "/sys/kernel/debug/igd_vfio_pci/%s", bdf);
	st = slurp(path, NULL);
	CHECK(st, "no status file %s", path);
	CHECK(has_line(st, "state: open"), "status: not open:\n%s", st);
	CHECK(has_line(st, "opregion: served") && has_line(st, "reason: ok"),
	      "status: OpRegion not served:\n%s", st);
	snprintf(line, sizeof(line), "host version: %u.%u",
		 phys32(O_OVER) >> 24, (phys32(O_OVER) >> 16) & 0xff);
	CHECK(has_line(st, line), "status: no \"%s\":\n%s", line, st);
	snprintf(line, sizeof(line), "view: version 2.1, %llu bytes",
		 (unsigned long long)r_op.size);
	CHECK(st && strstr(st, line), "status: no \"%s\":\n%s", line, st);
	CHECK(has_line(st, "swsci policy: default"), "status: policy:\n%s", st);
	clid = status_num(st, " CLID=");
	fwd = status_num(st, "swsci forwarded: ");
	refused = status_num(st, "swsci refused: ");
	CHECK(fwd > 0 && refused > 0, "status: SWSCI counts %ld/%ld after the SWSCI flows",
	      fwd, refused);
	free(st);

	CHECK(view_write(O_CLID, &junk, 4) == 4, "refused CLID write");
	CHECK_EQ(guest_swsci(GBDA_SUPPORTED_CALLS, 0, &out), 0, "allowed SWSCI call");
	CHECK_EQ(swsci_post(SBCB_SET_PANEL_DETAILS, 0, true),
		 SBCB_SET_PANEL_DETAILS | REFUSED_STATUS, "refused SWSCI call");
	st = slurp(path, NULL);
	for (char *l = st ? strtok(st, "\n") : NULL; l; l = strtok(NULL, "\n"))
		printf("# %s: %s\n", path, l);
	free(st);
	st = slurp(path, NULL);
	CHECK_EQ(status_num(st, " CLID="), clid + 1, "status: CLID refusals");
	CHECK_EQ(status_num(st, "swsci forwarded: "), fwd + 1, "status: SWSCI forwarded");
	CHECK_EQ(status_num(st, "swsci refused: "), refused + 1, "status: SWSCI refused");
	free(st);
	group_end("status file: layout, versions, refusals per field and SWSCI counts as they happen");
}

/*
 * A guest reboot: the VMM issues VFIO_DEVICE_RESET. The driver-owned
 * fields go back to their values at open (what the firmware finds after a
 * real reboot), nothing else in physical memory changes, the device stays
 * open, and the ioctl returns what vfio-pci-core returns for the device:
 * the edu has no reset method, so no VFIO_DEVICE_FLAGS_RESET and EINVAL.
 */
static void flow_reset(void)
{
	static const struct { const char *name; u32 off, len, val; } drv[] = {
		{ "DRDY", O_DRDY, 4, 1 },
		{ "DIDL[0]", O_DIDL, 4, 0x80000200 },
		{ "DIDL[1]", O_DIDL + 4, 4, 0x80000410 },
		{ "DIDL[7]", O_DIDL + 28, 4, 0x80000700 },
		{ "CPDL[0]", O_CPDL, 4, 0x80000200 },
		{ "CADL[0]", O_CADL, 4, 0x80000200 },
		{ "ASLP", O_ASLP, 4, 250 },
		{ "CHPD", O_CHPD, 4, 1 },
		{ "NRDY", O_NRDY, 4, 0x5a },
		{ "ARDY", O_ARDY, 4, ASLE_ARDY_READY },
		{ "TCHE", O_TCHE, 4, ASLE_TCHE_BLC_EN },
		{ "CBLV", O_CBLV, 4, 0x80000042 },
		{ "CPFM", O_CPFM, 4, 0x2 },
		{ "STAT", O_STAT, 4, 0x11 },
	};
	static const struct tev seq[] = {
		{ "restore", "DRDY", "new=0x0" }, { "restore", "DIDL", NULL },
		{ "restore", "ARDY", "new=0x0" }, { "restore", "TCHE", "new=0x0" },
		{ "restore", "CBLV", "new=0x0" }, { "restore", "STAT", NULL },
		{ "reset", NULL, "restored=14" },
	};
	static const struct tev again[] = { { "reset", NULL, "restored=0" } };
	u8 *before, *after;
	size_t blen = 0, alen = 0, i, j, diffs = 0;
	bool reset_works = dev_flags & VFIO_DEVICE_FLAGS_RESET;
	u32 bclp;
	int rc, err;

	group_begin();
	if (!CHECK(phys_at_open, "no record of physical memory at open")) {
		group_end("guest reset");
		return;
	}
	/* The guest's driver runs: every field in drv[] differs from open time. */
	for (i = 0; i < ARRAY_SIZE(drv); i++) {
		CHECK(view_write(drv[i].off, &drv[i].val, drv[i].len) == drv[i].len,
		      "%s write: %s", drv[i].name, strerror(errno));
		CHECK_EQ(phys32(drv[i].off), drv[i].val, drv[i].name);
		CHECK(memcmp(phys_at_open + drv[i].off, &drv[i].val, drv[i].len),
		      "%s already had this value at open", drv[i].name);
	}
	/* The firmware meanwhile: lid closed, a brightness request pending. */
	CHECK_EQ(sim_cmd("lid 0"), 0, "firmware lid closed");
	CHECK_EQ(sim_cmd("asle_backlight 77"), 0, "firmware backlight request");
	bclp = phys32(O_BCLP);
	CHECK_EQ(bclp, 77 | ASLE_BCLP_VALID, "physical BCLP");
	before = phys_all(&blen);

	trace_clear();
	errno = 0;
	rc = ioctl(device, VFIO_DEVICE_RESET);
	err = errno;
	printf("#   VFIO_DEVICE_RESET: %d (%s); device %s VFIO_DEVICE_FLAGS_RESET\n", rc,
	       rc ? strerror(err) : "ok", reset_works ? "has" : "has no");
	/* vfio-pci-core: -EINVAL without a reset method, else the reset's result */
	if (reset_works)
		CHECK_EQ(rc, 0, "VFIO_DEVICE_RESET on a device with a reset method");
	else
		CHECK(rc == -1 && err == EINVAL,
		      "VFIO_DEVICE_RESET without a reset method: %d (%s), want EINVAL", rc,
		      strerror(err));

	/* Driver-owned fields: the open-time values, in the region and physically. */
	for (i = 0; i < ARRAY_SIZE(drv); i++) {
		u32 want = 0;

		memcpy(&want, phys_at_open + drv[i].off, drv[i].len);
		expect_field(drv[i].name, drv[i].off, want);
	}
	/* Everything else is what it was just before the reset. */
	after = phys_all(&alen);
	CHECK(before && after && blen == alen, "physical memory read");
	for (i = 0; before && after && i < blen && i < alen; i++) {
		bool drv_byte = false;

		for (j = 0; j < ARRAY_SIZE(drv); j++)
			drv_byte |= i >= drv[j].off && i < drv[j].off + drv[j].len;
		if (!drv_byte && before[i] != after[i] && !diffs++)
			CHECK(0, "byte %#zx changed by the reset: %#x -> %#x", i, before[i],
			      after[i]);
	}
	CHECK(!diffs, "%zu bytes outside the driver-owned fields changed", diffs);
	CHECK_EQ(view32(O_CLID), 0, "CLID (firmware) through the region");
	CHECK_EQ(view32(O_BCLP), bclp, "BCLP (firmware) through the region");
	CHECK_EQ(view32(O_ASLC), ASLC_SET_BACKLIGHT, "ASLC request through the region");
	CHECK_EQ(phys32(O_ASLC), ASLC_SET_BACKLIGHT, "physical ASLC request bit");
	trace_expect(seq, ARRAY_SIZE(seq));

	/* A second reset finds nothing to restore. */
	trace_clear();
	rc = ioctl(device, VFIO_DEVICE_RESET);
	CHECK(reset_works ? rc == 0 : rc == -1 && errno == EINVAL, "second reset: %d", rc);
	trace_expect(again, ARRAY_SIZE(again));

	/* As after a real reboot the firmware sees no driver ... */
	CHECK_EQ(sim_cmd("asle_backlight 10"), -EPERM, "firmware sees no driver after the reset");
	/* ... until the rebooted guest's i915 initialises through the same device fd. */
	view_wr32(O_DIDL, 0x80000100);
	view_wr32(O_DRDY, 1);
	view_wr32(O_TCHE, ASLE_TCHE_BLC_EN);
	view_wr32(O_ARDY, ASLE_ARDY_READY);
	expect_field("DRDY", O_DRDY, 1);
	expect_field("ARDY", O_ARDY, ASLE_ARDY_READY);
	CHECK_EQ(guest_asle(), ASLC_SET_BACKLIGHT, "the new guest serves the pending request");
	expect_field("CBLV", O_CBLV, DIV_ROUND_UP(77 * 100, 255) | ASLE_CBLV_VALID);
	expect_field("ASLC", O_ASLC, 0);
	CHECK_EQ(sim_cmd("lid 1"), 0, "firmware lid open");
	free(before);
	free(after);
	group_end("guest reset: driver-owned fields back to open time, firmware state kept");
}

static void flow_release(void)
{
	static const struct tev seq[] = {
		{ "restore", "DRDY", "new=0x0" }, { "restore", "DIDL", NULL },
		{ "restore", "ARDY", "new=0x0" }, { "restore", "TCHE", "new=0x0" },
		{ "restore", "CBLV", "new=0x0" }, { "release", NULL, "restored=" },
	};

	group_begin();
	close_device();
	say("guest closes the device: the region is released");
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY after release");
	CHECK_EQ(phys32(O_DRDY), 0, "physical DRDY after release");
	CHECK_EQ(phys32(O_TCHE), 0, "physical TCHE after release");
	CHECK_EQ(phys32(O_CBLV), 0, "physical CBLV after release");
	CHECK_EQ(phys32(O_CHPD), 0, "physical CHPD after release");
	CHECK_EQ(phys32(O_DIDL), 0, "physical DIDL after release");
	CHECK_EQ(phys32(O_CADL), 0, "physical CADL after release");
	CHECK_EQ(phys32(O_CLID), 1, "physical CLID (firmware-owned) untouched");
	say("  physical ARDY=%u DRDY=%u TCHE=%u again: the host gets back the table it handed over",
	    phys32(O_ARDY), phys32(O_DRDY), phys32(O_TCHE));
	CHECK_EQ(sim_cmd("asle_backlight 10"), -EPERM, "firmware sees no driver again");
	trace_expect(seq, ARRAY_SIZE(seq));
	if (!demo) {
		char path[128], *st;

		snprintf(path, sizeof(path), "/sys/kernel/debug/igd_vfio_pci/%s", bdf);
		st = slurp(path, NULL);
		CHECK(has_line(st, "state: closed") && has_line(st, "opregion: served") &&
		      status_num(st, " CLID=") > 0,
		      "status after close: not the last open's:\n%s", st ? st : "(none)");
		free(st);
	}
	group_end("release: closing the device restores the driver-owned state of open time");
}

static void flow_reopen(void)
{
	group_begin();
	if (open_device() && CHECK(r_op.found, "no OpRegion region on reopen")) {
		CHECK_EQ(view32(O_ARDY), 0, "ARDY on reopen");
		view_wr32(O_ARDY, 1);
		CHECK_EQ(phys32(O_ARDY), 1, "physical ARDY");
	}
	close_device();
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY after the second release");
	group_end("reopen: a new session sees the restored state and gets its own snapshot");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* The real VBT blobs of vbt_dir, sorted: at most @max names (malloc'd). */
static unsigned int list_vbts(char **names, unsigned int max)
{
	unsigned int n = 0;
	struct dirent *de;
	DIR *d = opendir(vbt_dir);

	while (d && (de = readdir(d)) && n < max)
		if (strstr(de->d_name, ".vbt"))
			names[n++] = strdup(de->d_name);
	if (d)
		closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	CHECK(n >= 20, "only %u VBT blobs in %s", n, vbt_dir);
	return n;
}

/* Every real VBT, in each layout firmware uses for its size. */
static void flow_corpus(const char *layout, bool extended)
{
	char *names[64];
	unsigned int n, i, done = 0;

	group_begin();
	n = list_vbts(names, 64);

	for (i = 0; i < n; i++) {
		struct blob b;
		u32 base = extended ? OPREGION_SIZE : OPREGION_VBT_OFFSET;
		u8 over[4], *vbt;
		u64 rvds;
		bool ext;

		if (!CHECK(load_blob(&b, names[i]), "%s: not a VBT", names[i]))
			continue;
		ext = b.vbt_size > OPREGION_VBT_SIZE;
		if (ext != extended) {
			free(b.data);
			continue;
		}
		if (!CHECK(!sim_load(layout, &b), "%s: %s platform did not load", b.name,
			   layout) || !open_device() ||
		    !CHECK(r_op.found, "%s/%s: no OpRegion region", b.name, layout)) {
			close_device();
			free(b.data);
			continue;
		}
		rvds = sim_info("rvds");
		CHECK_EQ(r_op.size, OPREGION_SIZE + (extended ? rvds : 0), b.name);
		CHECK(view_read(O_OVER, over, 4) == 4 && over[3] == 2 &&
		      over[2] == (extended ? 1 : 0), "%s/%s: view version %u.%u", b.name,
		      layout, over[3], over[2]);
		CHECK_EQ(view64(O_RVDA), extended ? OPREGION_SIZE : 0, b.name);
		vbt = malloc(b.vbt_size);
		CHECK(view_read(base, vbt, b.vbt_size) == b.vbt_size &&
		      !memcmp(vbt, b.data, b.vbt_size), "%s/%s: VBT in the view differs", b.name,
		      layout);
		free(vbt);
		view_wr32(O_ARDY, 1);
		CHECK_EQ(phys32(O_ARDY), 1, b.name);
		close_device();
		CHECK_EQ(phys32(O_ARDY), 0, b.name);
		free(b.data);
		done++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	CHECK(done >= (extended ? 7 : 13), "only %u blobs went through", done);
	group_end("real VBT corpus, %s: %u blobs, version/RVDA/size right, VBT == blob, ARDY round trip",
		  layout, done);
}

/*
 * One builder (lib/iop_build.c) writes the images of the simulated
 * firmware module and of the userspace platform model: every real VBT in
 * every layout, the module's physical bytes equal the model's, and both
 * refuse the same blobs.
 */
static void flow_identity(void)
{
	static const char * const layouts[] = {
		"2.0-absolute", "2.1-contiguous", "2.1-separate", "mailbox4",
	};
	static unsigned char model[OPREGION_SIZE + 0x10000];
	unsigned int n, i, l, same = 0, refused = 0;
	unsigned char *phys;
	char *names[64];
	size_t plen;
	long len;
	int rc;

	group_begin();
	n = list_vbts(names, 64);
	for (i = 0; i < n; i++) {
		struct blob b;

		if (!CHECK(load_blob(&b, names[i]), "%s: not a VBT", names[i]))
			continue;
		for (l = 0; l < ARRAY_SIZE(layouts); l++) {
			rc = sim_load(layouts[l], &b);
			len = model_image(layouts[l], b.data, b.len, sim_info("vbt_pa"),
					  model, sizeof(model));
			if (rc || !len) {
				CHECK(rc && !len, "%s/%s: the module %s, the model %s", b.name,
				      layouts[l], rc ? "refused" : "built",
				      len ? "built" : "refused");
				refused++;
				continue;
			}
			phys = phys_all(&plen);
			if (CHECK(len > 0 && (size_t)len == plen, "%s/%s: image sizes %ld and %zu",
				  b.name, layouts[l], len, plen) &&
			    CHECK(!memcmp(model, phys, len),
				  "%s/%s: the module's image differs from the model's",
				  b.name, layouts[l]))
				same++;
			free(phys);
		}
		free(b.data);
		free(names[i]);
	}
	CHECK(same >= 3 * n, "only %u identical images", same);
	group_end("one builder: %u images of the module == the model's, %u refused by both",
		  same, refused);
}

struct hostile {
	const char *reason;
	const char *layout;	/* NULL: raw image from @raw */
	int (*corrupt)(void);
	int raw;
};

static int poke8(u32 off, u8 v) { return phys_write(off, &v, 1) ? 0 : -EIO; }
static int poke32(u32 off, u32 v) { return phys_write(off, &v, 4) ? 0 : -EIO; }
static int poke64(u32 off, u64 v) { return phys_write(off, &v, 8) ? 0 : -EIO; }
static int c_none(void) { return 0; }
static int c_sign(void) { return poke8(0, 'X'); }
static int c_size(void) { return poke32(0x10, 4); }
static int c_version(void) { return poke8(O_OVER + 3, 9); }
static int c_mbox(void) { return poke32(O_MBOX, 0x11f); }
static int c_rvda_inside(void) { return poke64(O_RVDA, 0x100); }
static int c_rvda_overlap(void) { return poke64(O_RVDA, sim_info("asls") + 0x1000); }
static int c_rvda_overflow(void) { return poke64(O_RVDA, 0xfffffffffffff000ULL); }
static int c_rvds(void) { return poke32(O_RVDS, 0x20000); }
static int c_vbt_sig(void) { return poke8(OPREGION_SIZE, '#'); }
static int c_vbt_size(void)
{
	return poke32(OPREGION_SIZE + VBT_SIZE_OFF, 0xffff);
}

static int c_vbt_bdb(void)
{
	return poke32(OPREGION_SIZE + VBT_BDB_OFF, 0xfff0);
}

static void raw_image(int kind, u8 *img, size_t *len)
{
	*len = OPREGION_SIZE;
	memset(img, kind == 0 ? 0xff : 0, OPREGION_SIZE);
	if (kind == 1) {
		/* A valid 2.0 header whose mailbox 4 holds no VBT */
		memcpy(img, OPREGION_SIGNATURE, 16);
		img[O_SIZE] = OPREGION_SIZE / 1024;
		img[O_OVER + 3] = 2;
		img[O_MBOX] = 0x1f;
		memcpy(img + OPREGION_VBT_OFFSET, "NOT A VBT", 9);
	}
}

static void flow_hostile(const struct hostile *h)
{
	char needle[96];
	static u8 img[OPREGION_SIZE];
	unsigned int before;
	size_t len;
	int rc;

	group_begin();
	if (h->layout) {
		rc = sim_load(h->layout, &vbt_default);
		if (!rc)
			rc = h->corrupt();
	} else {
		raw_image(h->raw, img, &len);
		rc = sim_load_raw(img, len);
	}
	CHECK_EQ(rc, 0, "hostile platform load");
	snprintf(needle, sizeof(needle), "rejected: %s\n", h->reason);
	before = klog_count(needle);
	trace_clear();
	if (open_device()) {
		char ev[64];
		struct tev seq[1] = { { "validate", NULL, ev } };

		CHECK(!r_op.found, "an OpRegion region was registered");
		CHECK(r_host.found, "the device lost its other regions");
		CHECK_EQ(cfg32(0) & 0xffff, EDU_VENDOR, "config space through VFIO");
		snprintf(ev, sizeof(ev), "reason=%s", h->reason);
		trace_expect(seq, 1);
	}
	close_device();
	CHECK_EQ(klog_count(needle) - before, 1, "log lines naming the reason");
	group_end("hostile %s: binds and opens without the region, reason '%s' logged once and traced",
		  h->layout ? h->layout : "raw image", h->reason);
}

/*
 * What i915 tolerates is served: the region is there (8 KiB plus RVDS only
 * with a valid extended VBT, whose RVDA and RVDS otherwise read 0), the
 * validation event says ok, and the problem is named in the log, once,
 * and in the trace.
 */
struct tolerated {
	const char *reason;
	const char *layout;	/* NULL: raw image from @raw */
	int (*corrupt)(void);
	int raw;
	bool ext;		/* the view keeps its extended VBT */
	const char *vbt;	/* NULL: the default VBT */
};

/* Intel EDK2 Broxton/Apollo Lake/Gemini Lake: 2.0, RVDA = &mailbox 4 */
static int c_edk2_bxt(void)
{
	u8 v[2];

	if (!phys_read(OPREGION_VBT_OFFSET + VBT_SIZE_OFF, v, 2))
		return -EIO;
	return poke32(O_MBOX, 0x0d) ?: poke8(O_OVER + 3, 2) ?: poke8(O_OVER + 2, 0) ?:
	       poke64(O_RVDA, sim_info("asls") + OPREGION_VBT_OFFSET) ?:
	       poke32(O_RVDS, v[0] | v[1] << 8);
}

static void flow_tolerated(const struct tolerated *h)
{
	static u8 img[OPREGION_SIZE];
	static struct blob vbt;
	char needle[96], ev[64];
	struct tev seq[1] = { { "validate", NULL, ev } };
	u8 sig[16];
	unsigned int before;
	size_t len;
	int rc;

	group_begin();
	if (h->vbt && !CHECK(load_blob(&vbt, h->vbt), "%s: not a VBT", h->vbt)) {
		rc = -EINVAL;
	} else if (h->layout) {
		rc = sim_load(h->layout, h->vbt ? &vbt : &vbt_default);
		if (!rc)
			rc = h->corrupt();
	} else {
		raw_image(h->raw, img, &len);
		rc = sim_load_raw(img, len);
	}
	CHECK_EQ(rc, 0, "tolerated platform load");
	snprintf(needle, sizeof(needle), "tolerated: %s\n", h->reason);
	before = klog_count(needle);
	trace_clear();
	if (open_device() && CHECK(r_op.found, "no OpRegion region")) {
		CHECK(h->ext ? r_op.size > OPREGION_SIZE : r_op.size == OPREGION_SIZE,
		      "region size %" PRIu64, r_op.size);
		if (!h->ext)
			CHECK(!view32(O_RVDA) && !view32(O_RVDA + 4) && !view32(O_RVDS),
			      "RVDA/RVDS read 0x%x%08x/0x%x without an extended VBT",
			      view32(O_RVDA + 4), view32(O_RVDA), view32(O_RVDS));
		CHECK(view_read(0, sig, sizeof(sig)) == sizeof(sig) &&
		      !memcmp(sig, OPREGION_SIGNATURE, 16), "signature");
		snprintf(ev, sizeof(ev), "reason=ok tolerated=");
		trace_expect(seq, 1);
		snprintf(ev, sizeof(ev), "%s", h->reason);
		trace_expect(seq, 1);
	}
	close_device();
	CHECK_EQ(klog_count(needle) - before, 1, "log lines naming the problem");
	group_end("tolerated %s: served, '%s' logged once and traced",
		  h->layout ? h->layout : "raw image", h->reason);
}

/* Is [pa, pa + len) inside one /proc/iomem line whose name is @name? */
static bool iomem_is(u64 pa, u64 len, const char *name)
{
	char *buf = slurp("/proc/iomem", NULL), *line, *save = NULL;
	unsigned long long start, end;
	char what[64];
	bool found = false;

	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line && !found;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, " %llx-%llx : %63[^\n]", &start, &end, what) == 3 &&
		    !strcmp(what, name) && pa >= start && pa + len - 1 <= end)
			found = true;
	free(buf);
	return found;
}

/*
 * Firmware memory only. The platform's images live in the range the
 * command line reserved (memmap=), so the driver maps them with a new
 * cached mapping as it would real ACPI NVS; images in System RAM are
 * refused before anything is mapped, with the reason logged and traced.
 */
static void flow_fwmem(void)
{
	static const struct {
		const char *placement, *layout, *what;
		bool op_ram;
	} setups[] = {
		{ "ram", "2.1-contiguous", "OpRegion and VBT in System RAM", true },
		{ "ram", "2.1-separate", "OpRegion and separate VBT in System RAM", true },
		{ "ram-vbt", "2.0-absolute", "2.0 extended VBT in System RAM", false },
	};
	const char *needle = "rejected: not_firmware_memory\n";
	u64 base = sim_info("fwmem_base"), size = sim_info("fwmem_size");
	u64 asls, vbt_pa;
	unsigned int before, i;
	char place[32] = "";

	group_begin();
	read_file(SIM_DIR "/placement", place, sizeof(place));
	CHECK(!strcmp(place, "firmware\n"), "default placement '%s'", place);
	CHECK(base && base != UINT64_MAX && size >= 0x80000, "reserved range %#" PRIx64
	      "+%#" PRIx64, base, size);
	CHECK(iomem_is(base, size, "Reserved"), "the range is not E820 reserved in /proc/iomem");
	CHECK_EQ(sim_load("2.0-absolute", &vbt_default), 0, "platform load");
	asls = sim_info("asls");
	vbt_pa = sim_info("vbt_pa");
	CHECK(asls >= base && asls + OPREGION_SIZE <= base + size &&
	      vbt_pa >= base && vbt_pa < base + size,
	      "images at %#" PRIx64 " and %#" PRIx64 " outside the reserved range",
	      asls, vbt_pa);
	if (open_device()) {
		CHECK(r_op.found, "no region for an OpRegion in reserved memory");
		CHECK_EQ(vmalloc_maps(asls, OPREGION_SIZE + 4096), 1,
			 "memremap() mappings of the OpRegion while open");
	}
	close_device();
	CHECK_EQ(vmalloc_maps(asls, OPREGION_SIZE + 4096), 0,
		 "mappings of the OpRegion after close");
	group_end("firmware memory: images in the memmap= reserved range, mapped by memremap() as real ACPI NVS is");

	for (i = 0; i < ARRAY_SIZE(setups); i++) {
		group_begin();
		CHECK_EQ(write_str(SIM_DIR "/placement", setups[i].placement), 0, "placement");
		CHECK_EQ(sim_load(setups[i].layout, &vbt_default), 0, "platform load");
		asls = sim_info("asls");
		vbt_pa = sim_info("vbt_pa");
		CHECK(iomem_is(setups[i].op_ram ? asls : vbt_pa, OPREGION_SIZE, "System RAM"),
		      "the image is not in System RAM");
		before = klog_count(needle);
		trace_clear();
		if (open_device()) {
			struct tev seq[1] = { { "validate", NULL, "reason=not_firmware_memory" } };

			CHECK(!r_op.found, "an OpRegion region was registered");
			CHECK(r_host.found, "the device lost its other regions");
			trace_expect(seq, 1);
			/* An OpRegion in reserved memory was mapped, then unmapped. */
			CHECK_EQ(vmalloc_maps(asls, OPREGION_SIZE + 4096), 0,
				 "mappings of the OpRegion left while open");
		}
		close_device();
		CHECK_EQ(klog_count(needle) - before, 1, "log lines naming the reason");
		CHECK_EQ(write_str(SIM_DIR "/placement", "firmware"), 0, "placement back");
		group_end("%s (%s): no region, nothing left mapped, not_firmware_memory logged once and traced",
			  setups[i].what, setups[i].layout);
	}
}

/* Close and unbind while other threads are inside pread/pwrite on the region. */
static atomic_bool io_stop;
static atomic_int io_errors, unbind_state;

static void *io_thread(void *arg)
{
	int fd = (int)(intptr_t)arg;
	u8 buf[512];
	u32 v;
	unsigned long n = 0;

	while (!atomic_load(&io_stop)) {
		v = n & 1;
		if (pwrite(fd, &v, 4, r_op.offset + O_ARDY) != 4 ||
		    pread(fd, buf, sizeof(buf), r_op.offset + (n * 64) % OPREGION_SIZE) <= 0) {
			if (errno != EBADF)
				atomic_fetch_add(&io_errors, 1);
			break;
		}
		n++;
	}
	return NULL;
}

static void *unbind_thread(void *arg)
{
	int rc = write_str("/sys/bus/pci/drivers/" DRIVER "/unbind", bdf);

	atomic_store(&unbind_state, rc ? rc : 1);
	return NULL;
}

static void flow_inflight(void)
{
	pthread_t io[2], ub;
	int i, waited;

	group_begin();
	CHECK_EQ(sim_load("2.0-absolute", &vbt_default), 0, "platform load");
	if (!open_device() || !CHECK(r_op.found, "no region")) {
		close_device();
		group_end("close and unbind with I/O in flight");
		return;
	}
	atomic_store(&io_stop, false);
	for (i = 0; i < 2; i++)
		pthread_create(&io[i], NULL, io_thread, (void *)(intptr_t)device);
	pthread_create(&ub, NULL, unbind_thread, NULL);
	usleep(300 * 1000);
	CHECK_EQ(atomic_load(&unbind_state), 0, "unbind returned while the device was open");
	/* Close with the threads still inside their syscalls. */
	close_device();
	usleep(100 * 1000);
	atomic_store(&io_stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(io[i], NULL);
	for (waited = 0; !atomic_load(&unbind_state) && waited < 300; waited++)
		usleep(100 * 1000);
	CHECK_EQ(atomic_load(&unbind_state), 1, "unbind result (1 = done)");
	if (atomic_load(&unbind_state))
		pthread_join(ub, NULL);
	CHECK_EQ(atomic_load(&io_errors), 0, "I/O errors other than EBADF");
	CHECK(!strcmp(driver_of(bdf), ""), "still bound to '%s'", driver_of(bdf));
	CHECK_EQ(phys32(O_ARDY), 0, "physical ARDY restored by the release");
	CHECK_EQ(write_str(SIM_DIR "/load", "0"), 0, "platform unload after unbind");
	group_end("close and unbind while two threads hammer the region: unbind waits, state restored");
}

static void print_trace_log(void)
{
	char *buf = slurp(TRACE_DIR "/trace", NULL), *line, *save = NULL, *ev;

	printf("demo: ---- ftrace coherency log (events/igd_opregion) ----\n");
	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		ev = strstr(line, "igd_opregion_");
		if (line[0] != '#' && ev)
			printf("demo:   %s\n", ev);
	}
	printf("demo: ---- end of log ----\n");
	free(buf);
}

int main(int argc, char **argv)
{
	static const struct hostile hostile[] = {
		{ "bad_signature", "2.0-absolute", c_sign, 0 },
		{ "unsupported_version", "2.0-absolute", c_version, 0 },
		{ "rvda_overflow", "2.0-absolute", c_rvda_overflow, 0 },
		{ "rvds_too_large", "2.0-absolute", c_rvds, 0 },
		{ "asls_invalid", "none", c_none, 0 },
		{ "bad_signature", NULL, NULL, 0 },
	};
	static const struct tolerated tolerated[] = {
		{ "size_too_small", "2.0-absolute", c_size, 0, true, NULL },
		{ "reserved_mbox_bits", "2.0-absolute", c_mbox, 0, true, NULL },
		{ "rvda_inside_opregion", "2.1-contiguous", c_rvda_inside, 0, false, NULL },
		{ "rvda_overlaps_opregion", "2.0-absolute", c_rvda_overlap, 0, false, NULL },
		{ "vbt_bad_signature", "2.0-absolute", c_vbt_sig, 0, false, NULL },
		{ "vbt_bad_size", "2.1-separate", c_vbt_size, 0, false, NULL },
		{ "vbt_bad_bdb", "2.0-absolute", c_vbt_bdb, 0, false, NULL },
		{ "vbt_bad_signature", NULL, NULL, 1, false, NULL },
		{ "rvda_is_mailbox4", "mailbox4", c_edk2_bxt, 0, false,
		  "geminilake_google-ampton.vbt" },
	};
	char edu[32] = "";
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--demo"))
			demo = true;
		else if (!strcmp(argv[i], "--vbt-dir") && i + 1 < argc)
			vbt_dir = argv[++i];
		else if (strcmp(argv[i], "--test"))
			fprintf(stderr, "usage: %s --test|--demo [--vbt-dir DIR]\n", argv[0]);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	flow_gate(edu);
	flow_setup(edu);
	if (device < 0 || !r_op.found)
		goto out;
	if (demo) {
		flow_not_ready();
		flow_init();
		flow_asle(192);
		flow_swsci();
		flow_release();
		print_trace_log();
		goto out;
	}
	flow_region();
	flow_bridges();
	flow_asls();
	flow_not_ready();
	flow_init();
	flow_asle(128);
	flow_handshake_race();
	flow_swsci();
	flow_swsci_mediation();
	flow_notify();
	flow_refusals();
	flow_trace();
	flow_status();
	flow_reset();
	flow_release();
	flow_reopen();
	flow_corpus("2.0-absolute", true);
	flow_corpus("2.1-contiguous", true);
	flow_corpus("2.1-separate", true);
	flow_corpus("mailbox4", false);
	flow_identity();
	for (i = 0; i < (int)ARRAY_SIZE(hostile); i++)
		flow_hostile(&hostile[i]);
	for (i = 0; i < (int)ARRAY_SIZE(tolerated); i++)
		flow_tolerated(&tolerated[i]);
	flow_fwmem();
	flow_inflight();
out:
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
