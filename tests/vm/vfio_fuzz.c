// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_fuzz.c - the vfio-fuzz tier's guest program: a hostile, crashing
 * VMM against igd-vfio-pci, while the simulated firmware (igd-opregion-sim)
 * rewrites every firmware-owned field and handshake as fast as it can.
 *
 * For a bounded time (igd_fuzz_time=SECONDS on the kernel command line,
 * default 20) with a printed seed (igd_fuzz_seed=N replays the random
 * choices of each thread, though not the interleaving):
 *
 * - FZ_IO threads, each with its own device fd, do random pread/pwrite
 *   on the device fd (offsets in the OpRegion, the bridges, the BARs and
 *   PCI config, with other region index bits and past every end; counts
 *   from 0 to SIZE_MAX, unaligned), config writes around ASLE (0xE4),
 *   SWSCI (0xE8) and ASLS (0xFC), and ioctls (GET_INFO, GET_REGION_INFO
 *   and GET_IRQ_INFO with hostile argsz and index, RESET, unknown ones);
 *   now and then each closes its fd and opens another;
 * - an observer thread reads the whole OpRegion over and over and checks
 *   each firmware-owned element against the storm's log: both 16-bit
 *   halves equal (no torn value) and the round it names no older than the
 *   round before the read (no stale value);
 * - a chaos thread unbinds and rebinds the driver through sysfs, removes
 *   and rescans the PCI device, each while the fds are open and in use
 *   (the threads go on for a random grace, then close), and tries rmmod
 *   of the driver, the simulated platform and vfio-pci-core while it
 *   holds the device open: every one must be refused;
 * - the firmware storm (debugfs storm) runs the whole time. Each handshake
 *   bit it set and later found clear in physical memory is in its log with
 *   both times; each must be explained by a guest access that saw the bit
 *   (a read, or a write that set it) or, for SCIC, a new request the guest
 *   started, in between. Every access to ASLC and SCIC is logged with
 *   CLOCK_MONOTONIC times around the syscall, the clock of the storm's
 *   ktime_get_ns().
 *
 * Then the storm stops and every fd is closed. A positive control follows:
 * the observer against a storm that tears BCLP and drops the ASLC bits it
 * sets must find both. Then one normal flow must work: open, read the
 * view, an ASLE backlight request and an SWSCI call. The
 * kernel's console is judged by run-vm.sh (oops, WARN, BUG, lockdep,
 * hung task). TAP groups as in guest_i915; "N passed, N failed" at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio_dev.h"
#include "vmtest.h"

#define FZ_IO		3		/* random-I/O threads */
#define FZ_LOGS		(FZ_IO + 2)	/* and the observer and chaos */
#define FZ_BUF		(2u << 20)	/* the I/O buffer, a guard page after */
#define FZ_QUIESCE_MAX	60		/* seconds an unbind or remove may take */
#define STORM_ROUND	SIM_DIR "/storm_round"
#define STORM_LOG	SIM_DIR "/storm_log"

/* The storm's loss record (igd_opregion_sim.c, struct igd_sim_storm_loss) */
struct loss {
	u64 t_set;
	u64 t_lost;
	u32 off;
	u32 bits;
};

/* A guest access to ASLC (0x304-0x305) or SCIC (0x200) */
struct obs {
	u64 t0, t1;		/* CLOCK_MONOTONIC around the syscall */
	u32 val;		/* the field's bytes as read or written */
	u16 off;		/* O_ASLC or O_SCIC */
	u8 mask;		/* bytes of the field the access covered */
	u8 write;
};

struct obs_log {
	pthread_mutex_t lock;
	struct obs *v;
	size_t n, cap;
};

/* A firmware-owned element the storm rewrites, with its mailbox */
static const struct {
	u16 off;
	u16 mbox;
	const char *name;
} fw_elems[] = {
	{ 0x108, 1 << 0, "CEVT" },
	{ 0x180, 1 << 0, "NADL0" }, { 0x184, 1 << 0, "NADL1" },
	{ 0x188, 1 << 0, "NADL2" }, { 0x18c, 1 << 0, "NADL3" },
	{ 0x190, 1 << 0, "NADL4" }, { 0x194, 1 << 0, "NADL5" },
	{ 0x198, 1 << 0, "NADL6" }, { 0x19c, 1 << 0, "NADL7" },
	{ 0x1a4, 1 << 0, "TIDX" }, { 0x1ac, 1 << 0, "CLID" },
	{ 0x1b0, 1 << 0, "CDCK" }, { 0x1b4, 1 << 0, "SXSW" },
	{ 0x1b8, 1 << 0, "EVTS" }, { 0x1bc, 1 << 0, "CNOT" },
	{ 0x208, 1 << 1, "DSLP" },
	{ 0x30c, 1 << 2, "ALSI" }, { 0x310, 1 << 2, "BCLP" },
	{ 0x314, 1 << 2, "PFIT" }, { 0x348, 1 << 2, "EPFM" },
	{ 0x396, 1 << 2, "PFMB" }, { 0x39e, 1 << 2, "PCFT" },
	{ 0x3a2, 1 << 2, "SROT" }, { 0x3a6, 1 << 2, "IUER" },
	{ 0x1c00, 1 << 4, "PHED" },
};

struct fz_regions {
	u64 op_off, op_size;		/* OpRegion */
	u64 cfg_off;
	u64 br_off[2], br_size[2];	/* host and LPC bridge */
	u32 op_index;
};

struct fz_thread {
	pthread_t th;
	int id;
	u64 rng;
	int fd;
	struct fz_regions r;
	u8 *buf;
	_Atomic u64 busy;	/* t0 of the access in flight, or ~0 */
	struct obs_log log;
	unsigned long ops, reads, writes, cfg, ioctls, opens, resets;
	unsigned long torn_checked;
};

static u64 seed;
static unsigned int fuzz_time = 20, storm_delay;
static char dev[32];
static u32 mbox;			/* the platform's mailboxes */

static pthread_rwlock_t grp_lock = PTHREAD_RWLOCK_INITIALIZER;
static int g_container = -1, g_group = -1;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static atomic_bool quiesce, stop, storm_live;
static bool control_run;		/* findings expected: print none */
static atomic_int holders;		/* threads holding a device fd */

static struct fz_thread io[FZ_IO], observer, chaos;
static pthread_t chaos_th, verify_th;

/* Findings, each printed once per kind, then counted */
static atomic_ulong n_anomaly, n_torn, n_stale, n_checked;
static atomic_ulong n_unbind, n_remove, n_rmmod, n_rmmod_ok, n_chaos_fail;
static atomic_ulong max_quiesce_ms, n_noregion, n_unjudged;

/* The loss check (verifier thread) */
static struct loss *pending;
static size_t n_pending, cap_pending;
static unsigned long n_losses, n_explained, n_unexplained;

/* Unbinds and removes, with their times, for the report of a loss */
#define FZ_CHAOS_LOG	4096
static struct {
	u64 t0, t1;	/* the detach began, the device came back */
	bool remove;
} chaos_log[FZ_CHAOS_LOG];
static atomic_uint n_chaos_log;

/* The kernel's trace of ASLC and SCIC, for the report of a loss */
static bool trace_on;

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * Mark @t busy from now on: 0 first, so that the verifier, which reads
 * the clock before the marks, never takes an access about to start for
 * one that has not begun (settled_before()).
 */
static u64 busy_begin(struct fz_thread *t)
{
	u64 t0;

	atomic_store(&t->busy, 0);
	t0 = now_ns();
	atomic_store(&t->busy, t0);
	return t0;
}

static u64 rnd(u64 *s)
{
	/* splitmix64 */
	u64 z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u64 below(u64 *s, u64 n)
{
	return n ? rnd(s) % n : 0;
}

static void anomaly(const char *fmt, ...) __printf(1, 2);
static void anomaly(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&n_anomaly, 1) >= 10)
		return;
	printf("#   %s: ", __func__);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ---- the group, reopened after a remove and rescan ----------------------- */

static void grp_close(void)
{
	if (g_group >= 0)
		close(g_group);
	if (g_container >= 0)
		close(g_container);
	g_group = -1;
	g_container = -1;
}

static bool grp_open(void)
{
	char gpath[64];

	if (!vfio_group_path(dev, gpath, sizeof(gpath)))
		return false;
	g_container = open("/dev/vfio/vfio", O_RDWR);
	g_group = open(gpath, O_RDWR);
	if (g_container < 0 || g_group < 0 ||
	    ioctl(g_group, VFIO_GROUP_SET_CONTAINER, &g_container) ||
	    ioctl(g_container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		printf("#   group %s: %s\n", gpath, strerror(errno));
		grp_close();
		return false;
	}
	return true;
}

/* The regions of a device fd, by their type capability. */
static void find_regions(int fd, struct fz_regions *r)
{
	struct vfio_device_info di = { .argsz = sizeof(di) };
	u8 buf[1024];
	u32 i;

	memset(r, 0, sizeof(*r));
	r->cfg_off = (u64)VFIO_PCI_CONFIG_REGION_INDEX << 40;
	if (ioctl(fd, VFIO_DEVICE_GET_INFO, &di))
		return;
	for (i = VFIO_PCI_NUM_REGIONS; i < di.num_regions; i++) {
		struct vfio_region_info *info = (void *)buf;
		struct vfio_info_cap_header *h;
		u32 off;

		memset(buf, 0, sizeof(buf));
		info->argsz = sizeof(buf);
		info->index = i;
		if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, info) ||
		    !(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
			continue;
		for (off = info->cap_offset; off && off + sizeof(*h) <= sizeof(buf);
		     off = h->next) {
			h = (void *)(buf + off);
			if (h->id == VFIO_REGION_INFO_CAP_TYPE) {
				struct vfio_region_info_cap_type *t = (void *)h;

				if (t->subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION) {
					r->op_off = info->offset;
					r->op_size = info->size;
					r->op_index = i;
				} else if (t->subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_HOST_CFG) {
					r->br_off[0] = info->offset;
					r->br_size[0] = info->size;
				} else if (t->subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_LPC_CFG) {
					r->br_off[1] = info->offset;
					r->br_size[1] = info->size;
				}
				break;
			}
		}
	}
}

static void obs_add(struct fz_thread *t, const struct obs *o);

/*
 * A device fd of the current group, or -1 while the device is being
 * unbound or removed, or is not bound. An open may start a session, whose
 * view of ASLC and SCIC is then the memory's: logged as an access that
 * saw every bit (mask 0xff).
 */
static int dev_open(struct fz_thread *t)
{
	u64 t0 = 0;
	int fd = -1;

	pthread_rwlock_rdlock(&grp_lock);
	if (g_group >= 0 && !atomic_load(&quiesce)) {
		if (t)
			t0 = busy_begin(t);
		fd = ioctl(g_group, VFIO_GROUP_GET_DEVICE_FD, dev);
	}
	pthread_rwlock_unlock(&grp_lock);
	if (t && t0) {
		struct obs o = { .t0 = t0, .t1 = now_ns(), .mask = 0xff };

		if (fd >= 0) {
			o.off = O_ASLC;
			obs_add(t, &o);
			o.off = O_SCIC;
			obs_add(t, &o);
		}
		atomic_store(&t->busy, ~0ull);
	}
	if (fd < 0)
		return -1;
	atomic_fetch_add(&holders, 1);
	if (t) {
		find_regions(fd, &t->r);
		t->opens++;
		if (!t->r.op_size && atomic_fetch_add(&n_noregion, 1) < 5) {
			struct vfio_device_info di = { .argsz = sizeof(di) };
			int r = ioctl(fd, VFIO_DEVICE_GET_INFO, &di);

			printf("#   T%d: device fd %d without an OpRegion region: GET_INFO %d (%s), %u regions, t %" PRIu64 "\n",
			       t->id, fd, r, r ? strerror(errno) : "ok", di.num_regions, now_ns());
		}
	}
	return fd;
}

static void dev_close(int fd)
{
	if (fd < 0)
		return;
	close(fd);
	atomic_fetch_sub(&holders, 1);
}

/* ---- what the guest saw --------------------------------------------------- */

static void obs_add(struct fz_thread *t, const struct obs *o)
{
	pthread_mutex_lock(&t->log.lock);
	if (t->log.n == t->log.cap) {
		size_t cap = t->log.cap ? 2 * t->log.cap : 4096;
		struct obs *v = realloc(t->log.v, cap * sizeof(*v));

		if (!v) {
			pthread_mutex_unlock(&t->log.lock);
			anomaly("out of memory for the access log");
			return;
		}
		t->log.v = v;
		t->log.cap = cap;
	}
	t->log.v[t->log.n++] = *o;
	pthread_mutex_unlock(&t->log.lock);
}

/*
 * An OpRegion access of @len bytes at view offset @off with @data: log
 * what it covered of ASLC and SCIC; for a read, check every firmware-owned
 * element it covers whole for equal halves.
 */
static void note_access(struct fz_thread *t, u64 off, const u8 *data,
			size_t len, bool write, u64 t0, u64 t1)
{
	static const u16 fields[] = { O_ASLC, O_SCIC };
	unsigned int f, b, i;

	for (f = 0; f < ARRAY_SIZE(fields); f++) {
		struct obs o = { .t0 = t0, .t1 = t1, .off = fields[f], .write = write };

		for (b = 0; b < 4; b++) {
			u64 at = fields[f] + b;

			if (at >= off && at < off + len) {
				o.mask |= 1u << b;
				o.val |= (u32)data[at - off] << (8 * b);
			}
		}
		/* ASLC's request bits are in its two low bytes, SCIC's in one */
		if (o.mask & (fields[f] == O_ASLC ? 3 : 1))
			obs_add(t, &o);
	}
	if (write || !atomic_load(&storm_live))
		return;
	for (i = 0; i < ARRAY_SIZE(fw_elems); i++) {
		u32 v;

		if (!(mbox & fw_elems[i].mbox) || fw_elems[i].off < off ||
		    fw_elems[i].off + 4u > off + len)
			continue;
		memcpy(&v, data + (fw_elems[i].off - off), 4);
		t->torn_checked++;
		if ((v & 0xffff) != v >> 16 && atomic_fetch_add(&n_torn, 1) < 5 &&
		    !control_run)
			printf("#   torn %s at %#x: %#010x (read of %zu at %#" PRIx64 ")\n",
			       fw_elems[i].name, fw_elems[i].off, v, len, off);
	}
}

/* ---- the random-I/O threads ---------------------------------------------- */

static const u64 counts[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 64, 255, 256, 1024, 4095, 4096,
	4097, 8191, 8192, 8193, 16384, 65536, 1 << 20, FZ_BUF, 0x7fffffff,
	0x80000000ull, 0xffffffffull, SIZE_MAX / 2, SIZE_MAX,
};

/* Offsets in the view the engine cares most about */
static const u32 hot[] = {
	0x0, 0x10, 0x14, 0x58, 0x100, 0x104, 0x108, 0x1ac, 0x200, 0x204, 0x208,
	0x300, 0x304, 0x308, 0x310, 0x318, 0x396, 0x39e, 0x3a6, 0x3b6, 0x3ba,
	0x3c2, 0x400, 0x1c00, 0x1ffc, 0x2000, 0x3ffc,
};

static size_t pick_count(u64 *s)
{
	switch (below(s, 4)) {
	case 0:
		return counts[below(s, ARRAY_SIZE(counts))];
	case 1:
		return below(s, 9);
	default:
		return below(s, 600);
	}
}

static u64 pick_view_off(struct fz_thread *t)
{
	u64 *s = &t->rng;
	u64 size = t->r.op_size ? t->r.op_size : 0x2000;

	switch (below(s, 6)) {
	case 0:
	case 1:
		return hot[below(s, ARRAY_SIZE(hot))] + below(s, 8) - 3;
	case 2:
		return fw_elems[below(s, ARRAY_SIZE(fw_elems))].off + below(s, 5) - 2;
	case 3:
		return size - below(s, 16) + below(s, 24);
	case 4:
		return below(s, 2) ? (1ull << 32) + below(s, 16) : UINT64_MAX - below(s, 64);
	default:
		return below(s, size);
	}
}

/* A region index for an offset with other index bits */
static u64 pick_index(u64 *s)
{
	static const u64 odd[] = { 12, 13, 15, 31, 255, 0xffff, 0xffffff };

	return below(s, 3) ? below(s, 12) : odd[below(s, ARRAY_SIZE(odd))];
}

static void check_rw(struct fz_thread *t, ssize_t ret, size_t count, bool write,
		     u64 off)
{
	if (ret > (ssize_t)count)
		anomaly("%s of %zu at %#" PRIx64 " returned %zd", write ? "write" : "read",
			count, off, ret);
	else if (ret < 0 && errno == EFAULT && count <= FZ_BUF &&
		 !(off >> 40 == VFIO_PCI_CONFIG_REGION_INDEX &&
		   (off & ((1ull << 40) - 1)) + count > 0x100))
		anomaly("%s of %zu at %#" PRIx64 ": EFAULT with a valid buffer",
			write ? "write" : "read", count, off);
}

static void op_view(struct fz_thread *t, bool write)
{
	u64 *s = &t->rng;
	u64 off = pick_view_off(t), t0, t1;
	size_t count = pick_count(s), i;
	ssize_t ret;

	if (write) {
		count = count > 4096 ? below(s, 2) ? count : 4096 : count;
		for (i = 0; i < count && i < 4096; i++)
			t->buf[i] = below(s, 4) ? 0 : rnd(s);
		/* SCIC: a request now and then */
		if (off == O_SCIC && count && below(s, 2))
			t->buf[0] |= 1;
	}
	t0 = busy_begin(t);
	if (write)
		ret = pwrite(t->fd, t->buf, count, t->r.op_off + off);
	else
		ret = pread(t->fd, t->buf, count, t->r.op_off + off);
	t1 = now_ns();
	check_rw(t, ret, count, write, off);
	if (off < (1ull << 32)) {
		/* A refused write may have landed in part: log what it tried. */
		size_t n = write ? count : ret > 0 ? (size_t)ret : 0;

		if (n)
			note_access(t, off, t->buf, n < 4096 || !write ? n : 4096,
				    write, t0, t1);
	}
	atomic_store(&t->busy, ~0ull);
	if (write)
		t->writes++;
	else
		t->reads++;
}

/* Config: reads anywhere, writes only at 0xE0-0xFF (ASLE, SWSCI, ASLS) */
static void op_cfg(struct fz_thread *t)
{
	static const u32 at[] = { 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8,
				       0xe9, 0xea, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe };
	u64 *s = &t->rng;
	u32 off;
	size_t count;
	ssize_t ret;

	t->cfg++;
	if (below(s, 3) == 0) {
		off = below(s, 2) ? below(s, 0x110) : 0xe0 + below(s, 0x20);
		count = pick_count(s);
		ret = pread(t->fd, t->buf, count, t->r.cfg_off + off);
		check_rw(t, ret, count, false, t->r.cfg_off + off);
		return;
	}
	off = at[below(s, ARRAY_SIZE(at))];
	count = 1 + below(s, 0x100 - off < 8 ? 0x100 - off : 8);
	if (off == 0xe8 && below(s, 2)) {
		/* an SWSCI trigger: SCISEL, then GSSCIE */
		u16 sw = 0x8000;

		pwrite(t->fd, &sw, 2, t->r.cfg_off + off);
		sw |= 1;
		pwrite(t->fd, &sw, 2, t->r.cfg_off + off);
		return;
	}
	for (size_t i = 0; i < count; i++)
		t->buf[i] = rnd(s);
	ret = pwrite(t->fd, t->buf, count, t->r.cfg_off + off);
	check_rw(t, ret, count, true, t->r.cfg_off + off);
}

/* Other regions and other index bits: the BARs are read, never written */
static void op_other(struct fz_thread *t)
{
	u64 *s = &t->rng;
	u64 idx = pick_index(s), low, off, t0;
	bool write = below(s, 2);
	size_t count = pick_count(s);
	ssize_t ret;

	if (below(s, 4) == 0 && t->r.br_size[0]) {
		unsigned int b = below(s, 2);

		off = t->r.br_off[b] + below(s, t->r.br_size[b] + 16);
	} else {
		low = below(s, 3) ? below(s, 0x2000) : rnd(s) & ((1ull << 40) - 1);
		off = idx << 40 | low;
		if (idx <= VFIO_PCI_ROM_REGION_INDEX || idx == VFIO_PCI_CONFIG_REGION_INDEX ||
		    idx == t->r.op_index)
			write = false;
		/* BAR MMIO under TCG is slow: keep those reads short */
		if (idx <= VFIO_PCI_BAR5_REGION_INDEX && count > 4096)
			count = below(s, 64);
	}
	t0 = busy_begin(t);
	if (write) {
		count = count > 4096 ? 4096 : count;
		ret = pwrite(t->fd, t->buf, count, off);
	} else {
		ret = pread(t->fd, t->buf, count, off);
	}
	/* The OpRegion reached by its index: what it read counts as seen */
	if (ret > 0 && t->r.op_size && off >> 40 == t->r.op_index)
		note_access(t, off & ((1ull << 40) - 1), t->buf, ret, false, t0,
			    now_ns());
	atomic_store(&t->busy, ~0ull);
	check_rw(t, ret, count, write, off);
}

static void op_ioctl(struct fz_thread *t)
{
	static const u32 argsz[] = { 0, 1, 4, 8, 15, 16, 31, 32, 33, 64, 4096,
					  65536, 0x7fffffff, 0xffffffff };
	static const u32 index[] = { 0, 1, 6, 7, 8, 9, 10, 11, 12, 13, 64,
					  0x7fffffff, 0x80000000, 0xffffffff };
	u64 *s = &t->rng;
	u32 *w = (u32 *)t->buf;
	unsigned long cmd;
	int ret;

	t->ioctls++;
	memset(t->buf, 0, 65536);
	w[0] = below(s, 2) ? argsz[below(s, ARRAY_SIZE(argsz))] : 16 + below(s, 64);
	w[2] = below(s, 2) ? index[below(s, ARRAY_SIZE(index))] : below(s, 16);
	switch (below(s, 8)) {
	case 0:
	case 1:
		cmd = VFIO_DEVICE_GET_INFO;
		break;
	case 2:
	case 3:
	case 4:
		cmd = VFIO_DEVICE_GET_REGION_INFO;
		break;
	case 5:
		cmd = VFIO_DEVICE_GET_IRQ_INFO;
		break;
	case 6:
		/* RESET: rare, it restores the driver-owned fields */
		if (below(s, 8)) {
			cmd = VFIO_DEVICE_GET_PCI_HOT_RESET_INFO;
			break;
		}
		cmd = VFIO_DEVICE_RESET;
		t->resets++;
		break;
	default:
		cmd = _IO(VFIO_TYPE, VFIO_BASE + 30 + below(s, 10));
		break;
	}
	busy_begin(t);
	ret = ioctl(t->fd, cmd, t->buf);
	atomic_store(&t->busy, ~0ull);
	if (ret < 0 && errno == EFAULT)
		anomaly("ioctl %#lx argsz %#x index %#x: EFAULT with a valid buffer", cmd,
			w[0], w[2]);
}

/* Quiesced: go on for a random grace, then close and wait for the end. */
static void io_quiesce(struct fz_thread *t)
{
	u64 until = now_ns() + below(&t->rng, 300) * 1000000ull;

	while (t->fd >= 0 && now_ns() < until && !atomic_load(&stop))
		op_view(t, below(&t->rng, 2));
	dev_close(t->fd);
	t->fd = -1;
	pthread_mutex_lock(&q_lock);
	while (atomic_load(&quiesce) && !atomic_load(&stop))
		pthread_cond_wait(&q_cond, &q_lock);
	pthread_mutex_unlock(&q_lock);
}

static void *io_main(void *arg)
{
	struct fz_thread *t = arg;

	while (!atomic_load(&stop)) {
		if (atomic_load(&quiesce)) {
			io_quiesce(t);
			continue;
		}
		if (t->fd < 0) {
			t->fd = dev_open(t);
			if (t->fd < 0) {
				usleep(10000);
				continue;
			}
		}
		t->ops++;
		switch (below(&t->rng, 20)) {
		case 0 ... 6:
			op_view(t, false);
			break;
		case 7 ... 11:
			op_view(t, true);
			break;
		case 12 ... 14:
			op_cfg(t);
			break;
		case 15 ... 16:
			op_other(t);
			break;
		case 17 ... 18:
			op_ioctl(t);
			break;
		default:
			if (below(&t->rng, 8) == 0) {
				dev_close(t->fd);
				t->fd = -1;
			}
			break;
		}
	}
	dev_close(t->fd);
	t->fd = -1;
	return NULL;
}

/* ---- the observer: whole-view reads against the storm's log --------------- */

/* debugfs attribute files cannot be pread: open, read, close. */
static u64 storm_round(void)
{
	char buf[32];

	if (read_file(STORM_ROUND, buf, sizeof(buf)) <= 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

static void *observer_main(void *arg)
{
	struct fz_thread *t = arg;
	u64 r0, r1, t0, t1;
	unsigned int i;
	ssize_t n;

	while (!atomic_load(&stop)) {
		if (atomic_load(&quiesce)) {
			io_quiesce(t);
			continue;
		}
		if (t->fd < 0)
			t->fd = dev_open(t);
		if (t->fd < 0) {
			usleep(10000);
			continue;
		}
		r0 = storm_round();
		t0 = busy_begin(t);
		n = pread(t->fd, t->buf, OPREGION_SIZE, t->r.op_off);
		t1 = now_ns();
		r1 = storm_round();
		if (n == OPREGION_SIZE)
			note_access(t, 0, t->buf, n, false, t0, t1);
		atomic_store(&t->busy, ~0ull);
		t->reads++;
		if (n != OPREGION_SIZE) {
			if (n < 0 && errno != ENODEV)
				anomaly("observer: full read: %s", strerror(errno));
			usleep(1000);
			continue;
		}
		/*
		 * The round in an element: the storm publishes a round, then
		 * stores it, so one read after round r0 was published sees r0
		 * or, where the store is still to come, r0 - 1. The stamp has
		 * 16 bits: a read that took 65535 rounds or more (the thread
		 * was preempted) could have seen any of them, so it judges
		 * nothing and is only counted.
		 */
		if (r1 - r0 + 1 >= 0xffff) {
			atomic_fetch_add(&n_unjudged, 1);
			usleep(below(&t->rng, 2000));
			continue;
		}
		for (i = 0; atomic_load(&storm_live) && i < ARRAY_SIZE(fw_elems); i++) {
			u32 v, k;

			if (!(mbox & fw_elems[i].mbox))
				continue;
			memcpy(&v, t->buf + fw_elems[i].off, 4);
			k = v & 0xffff;
			atomic_fetch_add(&n_checked, 1);
			if ((u16)(k - (u16)(r0 - 1)) > (u16)(r1 - r0 + 1) &&
			    atomic_fetch_add(&n_stale, 1) < 5 && !control_run)
				printf("#   stale %s: round %#x read between rounds %#" PRIx64
				       " and %#" PRIx64 "\n", fw_elems[i].name, k, r0, r1);
		}
		usleep(below(&t->rng, 2000));
	}
	dev_close(t->fd);
	t->fd = -1;
	return NULL;
}

/* ---- the loss check -------------------------------------------------------- */

static void drain_losses(void)
{
	struct loss buf[256];
	int fd = open(STORM_LOG, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		size_t k = n / sizeof(buf[0]);

		if (n_pending + k > cap_pending) {
			cap_pending = (n_pending + k) * 2;
			pending = realloc(pending, cap_pending * sizeof(*pending));
			if (!pending)
				abort();
		}
		memcpy(pending + n_pending, buf, k * sizeof(buf[0]));
		n_pending += k;
		n_losses += k;
	}
	close(fd);
}

static struct fz_thread *thread_of(unsigned int i)
{
	return i < FZ_IO ? &io[i] : i == FZ_IO ? &observer : &chaos;
}

/* Whether @o covers the byte of @bit, and what it saw there: 1, 0 or -1 */
static int obs_bit(const struct obs *o, u32 bit)
{
	unsigned int byte = __builtin_ctz(bit) / 8;

	if (o->mask == 0xff)
		return 1;
	if (!(o->mask & (1u << byte)))
		return -1;
	return !!(o->val & bit);
}

/* First entry of a sorted log whose t1 is at least @t */
static size_t first_t1(const struct obs_log *lg, u64 t)
{
	size_t lo = 0, hi = lg->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (lg->v[mid].t1 < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The engine keeps a firmware bit that differs from what the guest last
 * saw of its byte (its last read, its last write, or the bytes at open):
 * invariant (d) of the oracle. A guest write may clear it only when that
 * was 1. So a loss is explained by an access X that saw the bit set (a
 * read, a write that set it, or a device open, which makes the guest's
 * view the memory's) and began before the loss, unless an access that saw
 * it clear came after X and before the firmware set it: with C the last
 * start of a clear access that ended before the set, some X ends at or
 * after C. For SCIC a write that sets bit 0 (a new request) replaces the
 * status whole, so one between the set and the loss explains it too.
 * Each thread's accesses are sequential: its log is sorted by both times.
 * The bits of one loss share a byte.
 */
static bool explained(const struct loss *l)
{
	u32 bit = l->bits & -l->bits;
	u64 c = 0;
	unsigned int i;
	size_t j;
	bool ok = false;

	for (i = 0; i < FZ_LOGS; i++) {
		struct obs_log *lg = &thread_of(i)->log;

		pthread_mutex_lock(&lg->lock);
		for (j = first_t1(lg, l->t_set); j-- > 0; ) {
			const struct obs *o = &lg->v[j];

			if (o->off == l->off && obs_bit(o, bit) == 0) {
				if (o->t0 > c)
					c = o->t0;
				break;
			}
		}
		pthread_mutex_unlock(&lg->lock);
	}
	for (i = 0; i < FZ_LOGS && !ok; i++) {
		struct obs_log *lg = &thread_of(i)->log;

		pthread_mutex_lock(&lg->lock);
		for (j = first_t1(lg, c); j < lg->n && lg->v[j].t0 < l->t_lost && !ok; j++) {
			const struct obs *o = &lg->v[j];

			if (o->off != l->off)
				continue;
			if (obs_bit(o, bit) == 1)
				ok = true;
			else if (o->off == O_SCIC && o->write && (o->val & 1) &&
				 o->t1 > l->t_set)
				ok = true;
		}
		pthread_mutex_unlock(&lg->lock);
	}
	return ok;
}

/* The oldest access still in flight: every access before it is logged. */
static u64 settled_before(void)
{
	u64 min = now_ns(), b;
	unsigned int i;

	for (i = 0; i < FZ_LOGS; i++) {
		b = atomic_load(&thread_of(i)->busy);
		if (b < min)
			min = b;
	}
	return min;
}

static void prune(u64 before)
{
	unsigned int i;
	size_t j, k;

	for (i = 0; i < FZ_LOGS; i++) {
		struct obs_log *lg = &thread_of(i)->log;

		pthread_mutex_lock(&lg->lock);
		for (j = k = 0; j < lg->n; j++)
			if (lg->v[j].t1 >= before)
				lg->v[k++] = lg->v[j];
		lg->n = k;
		pthread_mutex_unlock(&lg->lock);
	}
}

/* ---- the report of a loss that is not explained -------------------------- */

/*
 * Trace what the kernel does with ASLC and SCIC, on the clock of the
 * storm's log and the guest's (mono): every forward, firmware change and
 * drop of the two elements, and every open, reset and release of a view.
 * Only a loss that is not explained reads it back (trace_window()).
 */
static void trace_setup(void)
{
	static const char *const value[] = { "forward", "fw_change", "dropped" };
	static const char *const session[] = { "open", "reset", "release" };
	char path[160];
	unsigned int i;

	if (write_str(TRACE_DIR "/trace_clock", "mono"))
		return;
	write_str(TRACE_DIR "/buffer_size_kb", "4096");
	for (i = 0; i < ARRAY_SIZE(value); i++) {
		snprintf(path, sizeof(path),
			 TRACE_DIR "/events/igd_opregion/igd_opregion_%s/filter", value[i]);
		if (write_str(path, "off == 0x304 || off == 0x200"))
			return;
		snprintf(path, sizeof(path),
			 TRACE_DIR "/events/igd_opregion/igd_opregion_%s/enable", value[i]);
		if (write_str(path, "1"))
			return;
	}
	for (i = 0; i < ARRAY_SIZE(session); i++) {
		snprintf(path, sizeof(path),
			 TRACE_DIR "/events/igd_opregion/igd_opregion_%s/enable", session[i]);
		if (write_str(path, "1"))
			return;
	}
	trace_on = !write_str(TRACE_DIR "/tracing_on", "1");
}

/*
 * The last FZ_TRACE_LINES trace lines of @field (" ASLC ", " SCIC "), and
 * of the views' opens, resets and releases, stamped within [@from, @to].
 */
#define FZ_TRACE_LINES	60
static void trace_window(const char *field, u64 from, u64 to)
{
	char *buf, *line, *save = NULL, *ev, *ts, *shown[FZ_TRACE_LINES];
	unsigned int n = 0, i;

	if (!trace_on)
		return;
	write_str(TRACE_DIR "/tracing_on", "0");
	buf = slurp(TRACE_DIR "/trace", NULL);
	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long long sec, usec;
		u64 t;

		ev = strstr(line, ": igd_opregion_");
		if (!ev || line[0] == '#' || (strstr(ev, " off=") && !strstr(ev, field)))
			continue;
		for (ts = ev; ts > line && ts[-1] != ' '; ts--)
			;
		if (sscanf(ts, "%llu.%llu", &sec, &usec) != 2)
			continue;
		t = sec * 1000000000ull + usec * 1000;
		if (t + 1000 < from || t > to)
			continue;
		while (*line == ' ')
			line++;
		shown[n++ % FZ_TRACE_LINES] = line;
	}
	for (i = n > FZ_TRACE_LINES ? n - FZ_TRACE_LINES : 0; i < n; i++)
		printf("#     kernel: %s\n", shown[i % FZ_TRACE_LINES]);
	free(buf);
	write_str(TRACE_DIR "/tracing_on", "1");
}

static void print_ns(const char *what, u64 t)
{
	printf("%s%" PRIu64 ".%06" PRIu64, what, (u64)(t / 1000000000ull),
	       (u64)(t % 1000000000ull / 1000));
}

/*
 * Everything known about the time around a loss, for the first two that
 * are not explained: the unbinds and removes of the last second, the
 * guest's accesses to the field (T0-T2 the I/O threads, T3 the observer,
 * T4 chaos; an open counts as seeing every bit) and the kernel's trace.
 */
static void loss_report(const struct loss *l)
{
	u64 from = l->t_set > 5000000 ? l->t_set - 5000000 : 0;
	u64 to = l->t_lost + 1000000;
	u64 chaos_from = from > 1000000000ull ? from - 1000000000ull : 0;
	unsigned int i, n, shown = 0;
	size_t j;

	print_ns("#     window ", from);
	print_ns(" to ", to);
	printf(" (the set at ");
	print_ns("", l->t_set);
	print_ns(", found clear at ", l->t_lost);
	printf(")\n");
	n = atomic_load(&n_chaos_log);
	for (i = n > FZ_CHAOS_LOG ? n - FZ_CHAOS_LOG : 0; i < n; i++) {
		const typeof(chaos_log[0]) *c = &chaos_log[i % FZ_CHAOS_LOG];

		if (c->t1 && c->t1 < chaos_from)
			continue;
		if (c->t0 > to)
			continue;
		print_ns(c->remove ? "#     remove " : "#     unbind ", c->t0);
		print_ns(" to ", c->t1);
		printf("\n");
	}
	for (i = 0; i < FZ_LOGS; i++) {
		struct obs_log *lg = &thread_of(i)->log;

		pthread_mutex_lock(&lg->lock);
		for (j = first_t1(lg, from); j < lg->n && lg->v[j].t0 <= to && shown < 120; j++) {
			const struct obs *o = &lg->v[j];

			if (o->off != l->off)
				continue;
			printf("#     guest T%u %s", i, o->mask == 0xff ? "open " :
			       o->write ? "write" : "read ");
			print_ns(" ", o->t0);
			print_ns(" - ", o->t1);
			printf(" mask %#x val %#010x\n", o->mask, o->val);
			shown++;
		}
		pthread_mutex_unlock(&lg->lock);
	}
	trace_window(l->off == O_ASLC ? " ASLC " : " SCIC ", from, to);
}

static void verify_settled(bool all)
{
	u64 limit = all ? UINT64_MAX : settled_before();
	size_t i, k;

	drain_losses();
	for (i = k = 0; i < n_pending; i++) {
		const struct loss *l = &pending[i];

		if (l->t_lost >= limit) {
			pending[k++] = *l;
			continue;
		}
		if (explained(l)) {
			n_explained++;
		} else if (n_unexplained++ < 5 && !control_run) {
			printf("#   lost firmware bit: %s bits %#x set at %" PRIu64
			       " ns, clear at %" PRIu64 " ns, never seen by the guest\n",
			       l->off == O_ASLC ? "ASLC" : "SCIC", l->bits, l->t_set,
			       l->t_lost);
			if (n_unexplained <= 2)
				loss_report(l);
		}
	}
	n_pending = k;
}

/*
 * Where the access logs may be cut: two minutes before both now and the
 * oldest loss still pending. A bit set longer ago and still set has been
 * read since by the observer, so older accesses explain nothing that
 * newer ones do not. 0 (cut nothing) while the clock is younger than
 * that: the monotonic clock starts at boot, a few seconds before the run.
 */
static u64 prune_point(u64 now)
{
	const u64 keep = 120000000000ull;
	u64 oldest = now;
	size_t i;

	for (i = 0; i < n_pending; i++)
		if (pending[i].t_set < oldest)
			oldest = pending[i].t_set;
	return oldest > keep ? oldest - keep : 0;
}

static void *verify_main(void *arg)
{
	u64 last_prune = now_ns();

	while (!atomic_load(&stop)) {
		usleep(200000);
		verify_settled(false);
		if (now_ns() - last_prune > 30000000000ull) {
			last_prune = now_ns();
			prune(prune_point(last_prune));
		}
	}
	return NULL;
}

/* ---- chaos: unbind, remove, rmmod ------------------------------------------ */

struct sysfs_job {
	const char *path;
	const char *val;
	atomic_int done;	/* 0 running, 1 ok, -errno */
};

static void *sysfs_job_main(void *arg)
{
	struct sysfs_job *j = arg;
	int rc = write_str(j->path, j->val);

	atomic_store(&j->done, rc ? rc : 1);
	return NULL;
}

/* Unbind or remove while the threads are at work, then bring it back. */
static bool chaos_detach(bool remove)
{
	char path[128];
	struct sysfs_job job = { .path = path, .val = remove ? "1" : dev };
	pthread_t th;
	u64 t0 = now_ns(), ms;
	unsigned int slot;
	int waited;
	bool ok = true;

	if (remove)
		snprintf(path, sizeof(path), PCI_DEVS "/%s/remove", dev);
	else
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/" DRIVER "/unbind");
	slot = atomic_fetch_add(&n_chaos_log, 1) % FZ_CHAOS_LOG;
	chaos_log[slot].t0 = t0;
	chaos_log[slot].t1 = 0;
	chaos_log[slot].remove = remove;
	atomic_store(&quiesce, true);
	pthread_create(&th, NULL, sysfs_job_main, &job);
	for (waited = 0; !atomic_load(&job.done) && waited < FZ_QUIESCE_MAX * 100; waited++)
		usleep(10000);
	if (!atomic_load(&job.done)) {
		printf("#   %s of %s still blocked after %d s (%d fds open)\n",
		       remove ? "remove" : "unbind", dev, FZ_QUIESCE_MAX,
		       atomic_load(&holders));
		atomic_fetch_add(&n_chaos_fail, 1);
		return false;	/* the thread stays blocked: give up chaos */
	}
	pthread_join(th, NULL);
	ms = (now_ns() - t0) / 1000000;
	if (ms > atomic_load(&max_quiesce_ms))
		atomic_store(&max_quiesce_ms, ms);
	if (atomic_load(&job.done) != 1) {
		printf("#   %s of %s: %s\n", remove ? "remove" : "unbind", dev,
		       strerror(-atomic_load(&job.done)));
		ok = false;
	}
	/* The last device gone, the group's file is dead: open the new one. */
	pthread_rwlock_wrlock(&grp_lock);
	grp_close();
	if (remove)
		write_str("/sys/bus/pci/rescan", "1");
	if (!find_dev(dev, sizeof(dev), EDU_VENDOR, EDU_DEVICE, NULL) || !bind_ours(dev)) {
		printf("#   %s not bound to " DRIVER " again after %s\n", dev,
		       remove ? "rescan" : "unbind");
		ok = false;
	}
	if (g_group < 0 && !grp_open())
		ok = false;
	pthread_rwlock_unlock(&grp_lock);
	pthread_mutex_lock(&q_lock);
	atomic_store(&quiesce, false);
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
	chaos_log[slot].t1 = now_ns();
	atomic_fetch_add(remove ? &n_remove : &n_unbind, 1);
	if (!ok)
		atomic_fetch_add(&n_chaos_fail, 1);
	return ok;
}

/* With the device open, no module of the chain may go. */
static void chaos_rmmod(void)
{
	static const char *const mods[] = { "igd_vfio_pci", "igd_opregion_sim",
					    "vfio_pci_core" };
	int fd = dev_open(&chaos);
	unsigned int i;

	if (fd < 0)
		return;
	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		atomic_fetch_add(&n_rmmod, 1);
		if (!syscall(SYS_delete_module, mods[i], O_NONBLOCK)) {
			printf("#   rmmod %s succeeded with the device open\n", mods[i]);
			atomic_fetch_add(&n_rmmod_ok, 1);
		}
	}
	dev_close(fd);
}

static void *chaos_main(void *arg)
{
	u64 s = seed ^ 0xc4a05;

	while (!atomic_load(&stop)) {
		usleep(300000 + below(&s, 1200000));
		if (atomic_load(&stop))
			break;
		switch (below(&s, 3)) {
		case 0:
			if (!chaos_detach(false))
				return NULL;
			break;
		case 1:
			if (!chaos_detach(true))
				return NULL;
			break;
		default:
			chaos_rmmod();
			break;
		}
	}
	return NULL;
}

/* ---- after the storm: one normal flow -------------------------------------- */

static void flow_after(void)
{
	char gpath[64], sig[17] = "";
	u32 aslc, v;

	group_begin();
	if (!vfio_attach(dev, gpath, sizeof(gpath)) || !open_device() ||
	    !CHECK(r_op.found, "no OpRegion region after the storm")) {
		close_device();
		group_end("the device works after the storm");
		return;
	}
	CHECK(view_read(0, sig, 16) == 16 && !memcmp(sig, OPREGION_SIGNATURE, 16),
	      "signature after the storm: '%.16s'", sig);
	v = 0;
	CHECK(view_read(O_SIZE, &v, 4) == 4 && v >= 8, "SIZE %#x", v);
	/* i915 init: DRDY, TCHE backlight enable, ARDY */
	view_wr32(O_DRDY, 1);
	view_wr32(O_TCHE, ASLE_TCHE_BLC_EN);
	view_wr32(O_ARDY, ASLE_ARDY_READY);
	CHECK_EQ(phys32(O_ARDY), ASLE_ARDY_READY, "ARDY in physical memory");
	/* Acknowledge what the storm left in ASLC, then a backlight request */
	aslc = view32(O_ASLC);
	view_wr32(O_ASLC, aslc & ~0x1ffu);
	CHECK_EQ(phys32(O_ASLC) & 0x1ff, 0, "ASLC requests acknowledged");
	CHECK_EQ(sim_cmd("asle_backlight 100"), 0, "firmware backlight request");
	aslc = view32(O_ASLC);
	CHECK(aslc & ASLC_SET_BACKLIGHT, "guest sees no backlight request: ASLC %#x", aslc);
	CHECK_EQ(view32(O_BCLP), 100 | ASLE_BCLP_VALID, "BCLP in the region");
	view_wr32(O_CBLV, 39 | ASLE_CBLV_VALID);
	view_wr32(O_ASLC, 0);
	CHECK_EQ(phys32(O_CBLV), 39 | ASLE_CBLV_VALID, "CBLV in physical memory");
	CHECK_EQ(phys32(O_ASLC), 0, "ASLC answered in physical memory");
	if (mbox & (1 << 1)) {
		u16 sw;

		/* SWSCI: GBDA supported calls, as i915's swsci() asks */
		view_wr32(O_PARM, 0);
		view_wr32(O_SCIC, GBDA_SUPPORTED_CALLS | SWSCI_SCIC_INDICATOR);
		sw = cfg16(CFG_SWSCI) | SWSCI_SCISEL;
		cfg_wr16(CFG_SWSCI, sw & ~SWSCI_GSSCIE);
		cfg_wr16(CFG_SWSCI, sw | SWSCI_GSSCIE);
		v = view32(O_SCIC);
		CHECK(!(v & SWSCI_SCIC_INDICATOR) &&
		      (v & SWSCI_SCIC_EXIT_STATUS_MASK) >> SWSCI_SCIC_EXIT_STATUS_SHIFT ==
		      SWSCI_SCIC_EXIT_STATUS_SUCCESS, "SWSCI answer: SCIC %#x", v);
		CHECK_EQ(view32(O_PARM), SIM_GBDA_SUPPORTED, "GBDA supported calls");
	}
	close_device();
	CHECK_EQ(phys32(O_ARDY), 0, "ARDY restored at the last close");
	group_end("the device works after the storm: signature, i915 init, ASLE backlight request, SWSCI call");
}

/*
 * Positive control: the observer against a storm that tears BCLP and
 * drops each ASLC bit it sets (storm faults 3) for a few seconds: the
 * torn-value and the lost-bit checks must both fire.
 */
static void flow_control(void)
{
	char cmd[64];
	int i;

	group_begin();
	control_run = true;
	atomic_store(&n_torn, 0);
	n_losses = 0;
	n_explained = 0;
	n_unexplained = 0;
	n_pending = 0;
	prune(UINT64_MAX);
	atomic_store(&stop, false);
	snprintf(cmd, sizeof(cmd), "1 0 %u 3", (unsigned int)seed);
	/* The storm sets only clear bits: clear what the last one left */
	CHECK(phys_write(O_ASLC, &(u32){ 0 }, 4), "physical ASLC");
	if (!CHECK(grp_open(), "group") ||
	    !CHECK(!write_str(SIM_DIR "/storm", cmd), "control storm did not start")) {
		grp_close();
		group_end("positive control");
		return;
	}
	for (i = 0; i < 5000 && storm_round() < 1; i++)
		usleep(1000);
	atomic_store(&storm_live, true);
	pthread_create(&observer.th, NULL, observer_main, &observer);
	sleep(3);
	atomic_store(&stop, true);
	pthread_join(observer.th, NULL);
	atomic_store(&storm_live, false);
	write_str(SIM_DIR "/storm", "0");
	verify_settled(true);
	grp_close();
	control_run = false;
	printf("# control: %lu torn values read, %lu of %lu cleared bits unexplained\n",
	       atomic_load(&n_torn), n_unexplained, n_losses);
	CHECK(atomic_load(&n_torn) > 0, "the torn BCLP values went unnoticed");
	CHECK(n_unexplained > 0, "the dropped ASLC bits went unnoticed");
	group_end("positive control: a storm tearing BCLP and dropping ASLC bits fails both checks");
}

/* ---- main ------------------------------------------------------------------ */

static void parse_cmdline(void)
{
	char buf[2048], *p, *save = NULL;

	if (read_file("/proc/cmdline", buf, sizeof(buf)) <= 0)
		return;
	for (p = strtok_r(buf, "\n ", &save); p; p = strtok_r(NULL, "\n ", &save)) {
		if (!strncmp(p, "igd_fuzz_time=", 14))
			fuzz_time = strtoul(p + 14, NULL, 0);
		else if (!strncmp(p, "igd_fuzz_seed=", 14))
			seed = strtoull(p + 14, NULL, 0);
		else if (!strncmp(p, "igd_fuzz_delay=", 15))
			storm_delay = strtoul(p + 15, NULL, 0);
	}
}

static void thread_init(struct fz_thread *t, int id)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->fd = -1;
	t->rng = seed ^ (0x1000193ull * (id + 1));
	atomic_store(&t->busy, ~0ull);
	pthread_mutex_init(&t->log.lock, NULL);
	t->buf = mmap(NULL, FZ_BUF + 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->buf == MAP_FAILED)
		abort();
	mprotect(t->buf + FZ_BUF, 4096, PROT_NONE);
}

/* Where main() is, for the watchdog */
static const char *_Atomic stage = "setup";

/*
 * A run that does not end in time prints where it is stuck, what the
 * threads hold, and fails, before run-vm.sh's time-out kills the VM.
 */
static void *watchdog_main(void *arg)
{
	sleep(fuzz_time + 240);
	printf("#   watchdog: stuck in %s after %u s: %d fds open, quiesce %d\n",
	       atomic_load(&stage), fuzz_time + 240, atomic_load(&holders),
	       atomic_load(&quiesce));
	printf("not ok %d - the run ended in time\n", n_groups + 1);
	printf("%d passed, %d failed\n", n_pass, n_fail + 1);
	fflush(stdout);
	_exit(1);
}

static char storm_stat_buf[512];

static u64 storm_stat(const char *key)
{
	char *p;
	size_t k = strlen(key);

	for (p = storm_stat_buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, k) && p[k] == '=')
			return strtoull(p + k + 1, NULL, 10);
	return UINT64_MAX;
}

int main(int argc, char **argv)
{
	unsigned long ops = 0, reads = 0, writes = 0, cfg = 0, ioctls = 0, opens = 0;
	unsigned long resets = 0, torn_checked = 0;
	struct blob vbt;
	u64 start;
	pthread_t wd;
	char cmd[64];
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = now_ns() ^ ((u64)getpid() << 32);
	parse_cmdline();
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--vbt-dir") && i + 1 < argc)
			vbt_dir = argv[++i];
		else if (!strcmp(argv[i], "--vfio-fuzz"))
			continue;
		else if (!strcmp(argv[i], "--time") && i + 1 < argc)
			fuzz_time = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
	}
	printf("# vfio-fuzz: seed %#" PRIx64 ", %u s (replay the choices: igd_fuzz_seed=%#"
	       PRIx64 ")\n", seed, fuzz_time, seed);
	pthread_create(&wd, NULL, watchdog_main, NULL);
	pthread_detach(wd);
	/* Report tasks stuck in D state after 20 s instead of 120 */
	write_str("/proc/sys/kernel/hung_task_timeout_secs", "20");

	group_begin();
	mem_fd = open(SIM_DIR "/mem", O_RDWR);
	CHECK(mem_fd >= 0, "open " SIM_DIR "/mem: %s", strerror(errno));
	atomic_store(&stage, "setup: platform");
	CHECK(load_blob(&vbt, DEFAULT_VBT), "VBT %s/%s unusable", vbt_dir, DEFAULT_VBT);
	CHECK(!sim_load("2.0-absolute", &vbt), "simulated platform did not load");
	CHECK(find_dev(dev, sizeof(dev), EDU_VENDOR, EDU_DEVICE, NULL), "no edu device");
	CHECK(bind_ours(dev), "%s not bound to " DRIVER, dev);
	atomic_store(&stage, "setup: group");
	CHECK(grp_open(), "cannot open the IOMMU group of %s", dev);
	CHECK(phys_read(O_MBOX, &mbox, 4), "MBOX");
	trace_setup();
	atomic_store(&stage, "setup: storm");
	snprintf(cmd, sizeof(cmd), "1 %u %u", storm_delay, (unsigned int)seed);
	i = write_str(SIM_DIR "/storm", cmd);
	CHECK(!i, "storm did not start: %s", strerror(-i));
	for (i = 0; i < 5000 && storm_round() < 1; i++)
		usleep(1000);
	if (!CHECK(storm_round() >= 1, "the storm made no round in 5 s")) {
		read_file(SIM_DIR "/storm", storm_stat_buf, sizeof(storm_stat_buf));
		printf("# storm: %s", storm_stat_buf);
	}
	atomic_store(&storm_live, true);
	if (!group_end("setup: 2.0 platform (MBOX %#x), %s bound, firmware storm running",
		       mbox, dev))
		goto out;

	for (i = 0; i < FZ_IO; i++)
		thread_init(&io[i], i);
	thread_init(&observer, FZ_IO);
	thread_init(&chaos, FZ_IO + 1);
	start = now_ns();
	for (i = 0; i < FZ_IO; i++)
		pthread_create(&io[i].th, NULL, io_main, &io[i]);
	pthread_create(&observer.th, NULL, observer_main, &observer);
	pthread_create(&verify_th, NULL, verify_main, NULL);
	pthread_create(&chaos_th, NULL, chaos_main, NULL);
	atomic_store(&stage, "storm");
	while (now_ns() - start < fuzz_time * 1000000000ull)
		sleep(1);
	atomic_store(&stage, "joining the threads");
	atomic_store(&stop, true);
	pthread_mutex_lock(&q_lock);
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
	pthread_join(chaos_th, NULL);
	for (i = 0; i < FZ_IO; i++)
		pthread_join(io[i].th, NULL);
	pthread_join(observer.th, NULL);
	pthread_join(verify_th, NULL);
	atomic_store(&storm_live, false);
	atomic_store(&stage, "stopping the storm");
	write_str(SIM_DIR "/storm", "0");
	read_file(SIM_DIR "/storm", storm_stat_buf, sizeof(storm_stat_buf));
	verify_settled(true);
	grp_close();

	for (i = 0; i < FZ_IO; i++) {
		ops += io[i].ops;
		reads += io[i].reads;
		writes += io[i].writes;
		cfg += io[i].cfg;
		ioctls += io[i].ioctls;
		opens += io[i].opens;
		resets += io[i].resets;
		torn_checked += io[i].torn_checked;
	}
	opens += observer.opens;

	group_begin();
	printf("# storm: %lu ops in %.1f s (%lu view reads, %lu view writes, %lu config, %lu ioctls, %lu resets), %lu device opens, %lu observer reads\n",
	       ops, (now_ns() - start) / 1e9, reads, writes, cfg, ioctls, resets, opens,
	       observer.reads);
	CHECK(ops > 0 && observer.reads > 0, "no accesses were made");
	CHECK_EQ(atomic_load(&n_anomaly), 0, "uAPI anomalies (count overruns, EFAULT)");
	CHECK_EQ(atomic_load(&n_noregion), 0, "device opens without the OpRegion region");
	group_end("uAPI storm: %lu random accesses and ioctls, no count overrun, no EFAULT", ops);

	group_begin();
	printf("# firmware: %s", storm_stat_buf);
	printf("# checked: %lu elements by the observer against the round log (%lu reads too slow to judge), %lu in random reads\n",
	       atomic_load(&n_checked), atomic_load(&n_unjudged), torn_checked);
	CHECK(atomic_load(&n_checked) > 0, "the observer checked nothing");
	CHECK_EQ(atomic_load(&n_torn), 0, "torn firmware values");
	CHECK_EQ(atomic_load(&n_stale), 0, "stale firmware values");
	group_end("no torn or stale firmware value in what the guest read (%lu checked)",
		  atomic_load(&n_checked) + torn_checked);

	group_begin();
	printf("# handshake bits: %" PRIu64 " set by the firmware, %lu found clear again: %lu explained by a guest access, %lu not\n",
	       storm_stat("sets"), n_losses, n_explained, n_unexplained);
	CHECK(storm_stat("sets") > 0 && storm_stat("sets") != UINT64_MAX,
	      "the firmware set no handshake bit");
	CHECK_EQ(storm_stat("dropped"), 0, "losses that did not fit the firmware's log");
	CHECK_EQ(n_pending, 0, "losses left unchecked");
	CHECK_EQ(n_unexplained, 0, "firmware bits lost without the guest seeing them");
	group_end("no lost firmware bit of ASLC or SCIC (%lu clears, each after the guest saw the bit)",
		  n_losses);

	group_begin();
	printf("# chaos: %lu unbind/rebind, %lu remove/rescan (longest %lu ms), %lu rmmod attempts\n",
	       atomic_load(&n_unbind), atomic_load(&n_remove), atomic_load(&max_quiesce_ms),
	       atomic_load(&n_rmmod));
	CHECK_EQ(atomic_load(&n_chaos_fail), 0, "unbind, remove or rebind failures");
	CHECK_EQ(atomic_load(&n_rmmod_ok), 0, "rmmod accepted with the device open");
	CHECK(fuzz_time < 5 || atomic_load(&n_unbind) + atomic_load(&n_remove) > 0,
	      "no unbind or remove in %u s", fuzz_time);
	group_end("unbind/rebind and remove/rescan with the device open and in use, rmmod refused while open");

	atomic_store(&stage, "the positive control");
	flow_control();
	atomic_store(&stage, "the flow after the storm");
	flow_after();
out:
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
