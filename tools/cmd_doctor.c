// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_doctor.c - opregionctl doctor: what a real host's Intel display
 * devices would give a guest.
 *
 * For each Intel display device under /sys/bus/pci/devices it reads ASLS
 * from the device's config space, reads the OpRegion read-only (through
 * i915's debugfs when i915 is bound, else through /dev/mem) and runs the
 * engine's validation over what it read. The reads happen inside the
 * memory ops' map, which the engine calls only for ranges it validated:
 * the 8 KiB at ASLS, and the extended VBT at RVDA only once the header
 * said where it is and how large. Around that it models what upstream
 * vfio-pci of the running kernel exposes, names the bound driver and, from
 * tools/doctor_env.c, the kernel, QEMU and Proxmox VE findings, each with
 * a line of advice when something is missing.
 *
 * Every path is read under --root DIR (default /), so the tests run it on
 * fake trees; /dev/mem there is a sparse file whose offsets are physical
 * addresses.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor.h"
#include "print.h"

/* Exit statuses of doctor beside 0, EXIT_REJECTED and EXIT_USAGE */
#define EXIT_NO_IGD	3
#define EXIT_UNKNOWN	4

#define PCI_VENDOR_INTEL	0x8086
#define PCI_CLASS_VGA		0x0300
#define PCI_CLASS_DISPLAY_OTHER	0x0380
#define PCI_ASLS		0xfc
#define PCI_CFG_MIN		0x100	/* ASLS and what precedes it */
#define PCI_CFG_USER		64	/* what sysfs gives a non-root reader */
#define MAX_DEVS		16
#define IOMEM_MAX		1024

/* /proc/iomem: the resources the driver's memory-type check looks at */
enum iomem_kind {
	IOMEM_OTHER,
	IOMEM_RAM,		/* System RAM */
	IOMEM_NVS,		/* ACPI Non-volatile Storage */
	IOMEM_RESERVED,		/* Reserved (E820 type 2) */
};

struct iomem_res {
	u64 start, end;		/* inclusive, as the file says */
	enum iomem_kind kind;
	char name[48];
};

/**
 * struct iomem - /proc/iomem
 * @known: the file was read and shows addresses (root: non-root readers
 *	see zeros, and the memory type is then not checked)
 * @nr: entries in @res
 * @res: every line, nested ones too
 */
struct iomem {
	bool known;
	unsigned int nr;
	struct iomem_res res[IOMEM_MAX];
};

/**
 * struct rd_err - the first read that failed for a device
 * @name: stable name, NULL for none
 * @text: what failed, with the path and the error
 * @decisive: the failure is a fact about the host (nothing is at that
 *	address), not about the reader (no permission, no debugfs): the
 *	engine's verdict on what was read stands
 */
struct rd_err {
	const char *name;
	char text[PATH_MAX + 160];
	bool decisive;
};

enum verdict {
	V_EXPOSED,
	V_REJECTED,
	V_UNKNOWN,
};

static const char *const verdict_names[] = {
	[V_EXPOSED]	= "exposed",
	[V_REJECTED]	= "rejected",
	[V_UNKNOWN]	= "unknown",
};

/**
 * struct upstream - what upstream vfio-pci of the running kernel exposes
 * @status: "exposed", "none", "open_fails" or "unknown"
 * @why: the reason when not "exposed"
 * @view_ver: version the guest reads (2.0 patched to 2.1 with an
 *	extended VBT)
 * @size: region size: SIZE KiB, plus RVDS with an extended VBT
 * @ext: an extended VBT is mapped (RVDA and RVDS non-zero, version 2.0+)
 * @ext_pa: where upstream maps it (a 32-bit address, as upstream computes)
 */
struct upstream {
	const char *status;
	char why[256];
	u16 view_ver;
	u64 size;
	bool ext;
	u32 ext_pa;
};

struct dev;

/**
 * struct dsrc - the memory the engine validates, read on demand
 * @plat: the chunks read so far: the memory ops' context (first member)
 * @root: the tree everything is read under
 * @d: the device
 * @iomem: the host's memory map
 * @memfd: /dev/mem, -1 until opened
 * @dbg_op: i915_opregion's bytes (8 KiB), or NULL
 * @dbg_vbt: i915_vbt's bytes, or NULL
 * @dbg_vbt_len: their number
 */
struct dsrc {
	struct platform plat;
	const char *root;
	struct dev *d;
	const struct iomem *iomem;
	int memfd;
	u8 *dbg_op;
	u8 *dbg_vbt;
	size_t dbg_vbt_len;
};

/**
 * struct dev - one Intel display device and what was found about it
 * @addr: "0000:00:02.0"
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 * @class: 24-bit class code
 * @driver: the bound driver's name, "" for none
 * @cfg_len: config bytes read
 * @have_asls: ASLS was read
 * @asls: its value
 * @source: "debugfs" or "devmem", NULL when nothing was read
 * @debugfs: the i915 debugfs directory, "" when not used
 * @notes: what the reader did that the user should know, "; "-separated
 * @mem: the /proc/iomem resource holding ASLS, "" when unknown
 * @err: the first read that failed
 * @iop: the engine's state after iop_probe(), NULL when not run
 * @verdict: what igd-vfio-pci does with it
 * @up: what upstream vfio-pci does with it
 * @nr_pve: entries in @pve
 * @pve: the Proxmox VE hostpci lines naming it
 */
struct dev {
	char addr[64];
	u32 vendor, device, class;
	char driver[64];
	size_t cfg_len;
	bool have_asls;
	u32 asls;
	const char *source;
	char debugfs[PATH_MAX];
	char notes[512];
	char mem[48];
	struct rd_err err;
	struct iop *iop;
	enum verdict verdict;
	struct upstream up;
	unsigned int nr_pve;
	const struct pve_entry *pve[16];
};

/**
 * struct host - everything doctor found
 * @root: --root DIR or "/"
 * @kernel: the running kernel
 * @qemu: the QEMU found
 * @pve: Proxmox VE
 * @iomem: /proc/iomem
 * @nr_devs: Intel display devices found
 * @devs: them
 * @more_devs: more were there than MAX_DEVS
 */
struct host {
	const char *root;
	struct host_kernel kernel;
	struct host_qemu qemu;
	struct host_pve pve;
	struct iomem iomem;
	unsigned int nr_devs;
	struct dev devs[MAX_DEVS];
	bool more_devs;
};

static __printf(4, 5) void set_err(struct dev *d, const char *name, bool decisive,
				   const char *fmt, ...)
{
	va_list ap;

	if (d->err.name)
		return;
	d->err.name = name;
	d->err.decisive = decisive;
	va_start(ap, fmt);
	vsnprintf(d->err.text, sizeof(d->err.text), fmt, ap);
	va_end(ap);
}

static __printf(2, 3) void add_note(struct dev *d, const char *fmt, ...)
{
	size_t n = strlen(d->notes);
	va_list ap;

	if (n && n < sizeof(d->notes) - 2) {
		memcpy(d->notes + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(d->notes + n, sizeof(d->notes) - n, fmt, ap);
	va_end(ap);
}

/* ---- /proc/iomem and the driver's memory-type check ---------------------- */

static void iomem_read(const char *root, struct iomem *m)
{
	char path[PATH_MAX], line[256];
	unsigned long long s, e;
	FILE *f;
	int n;

	memset(m, 0, sizeof(*m));
	if (root_path(path, sizeof(path), root, "/proc/iomem"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && m->nr < IOMEM_MAX) {
		struct iomem_res *r = &m->res[m->nr];
		char *name;

		line[strcspn(line, "\n")] = '\0';
		n = 0;
		if (sscanf(line, " %llx-%llx :%n", &s, &e, &n) != 2 || !n || s > e)
			continue;
		name = line + n;
		while (*name == ' ')
			name++;
		r->start = s;
		r->end = e;
		str_copy(r->name, sizeof(r->name), name);
		if (!strcmp(name, "System RAM"))
			r->kind = IOMEM_RAM;
		else if (!strcmp(name, "ACPI Non-volatile Storage"))
			r->kind = IOMEM_NVS;
		else if (!strcasecmp(name, "Reserved"))
			r->kind = IOMEM_RESERVED;
		else
			r->kind = IOMEM_OTHER;
		if (e)
			m->known = true;
		m->nr++;
	}
	fclose(f);
}

/*
 * As the driver's check (drivers/iop_kernel.c, iop_kdev_fw_memory()): no
 * byte of [pa, pa + len) is System RAM, and ACPI NVS and reserved
 * resources cover all of it.
 */
static bool iomem_fw_memory(const struct iomem *m, u64 pa, u64 len)
{
	u64 last = pa + len - 1, covered = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		const struct iomem_res *r = &m->res[i];

		if (r->end < pa || r->start > last)
			continue;
		if (r->kind == IOMEM_RAM)
			return false;
		if (r->kind == IOMEM_NVS || r->kind == IOMEM_RESERVED)
			covered += min(r->end, last) - max(r->start, pa) + 1;
	}
	return covered >= len;
}

/* The innermost resource holding @pa: the last one listed that does */
static const struct iomem_res *iomem_at(const struct iomem *m, u64 pa)
{
	const struct iomem_res *found = NULL;
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		if (m->res[i].start <= pa && pa <= m->res[i].end)
			found = &m->res[i];
	return found;
}

/* ---- reading the OpRegion inside the memory ops ------------------------- */

static const char lockdown_hint[] =
	" (kernel lockdown or CONFIG_IO_STRICT_DEVMEM: bind i915, read its debugfs)";

static int devmem_fetch(struct dsrc *s, u64 pa, u8 *buf, size_t len)
{
	char path[PATH_MAX];
	size_t done = 0;
	ssize_t r;

	if (root_path(path, sizeof(path), s->root, "/dev/mem"))
		return -ENAMETOOLONG;
	if (s->memfd < 0) {
		s->memfd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->memfd < 0) {
			int err = errno;

			if (err == EACCES || err == EPERM)
				set_err(s->d, "devmem_denied", false,
					"%s: %s: run as root; with Secure Boot (kernel lockdown) /dev/mem stays closed: bind i915 to read the OpRegion through its debugfs",
					path, strerror(err));
			else
				set_err(s->d, "devmem_unreadable", false, "%s: %s", path,
					strerror(err));
			return -err;
		}
	}
	if (pa > (u64)INT64_MAX - len) {
		set_err(s->d, "devmem_outside", true,
			"%s: 0x%llx+%zu is past what /dev/mem can address", path,
			(unsigned long long)pa, len);
		return -EFAULT;
	}
	while (done < len) {
		r = pread(s->memfd, buf + done, len - done, pa + done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EFAULT) {
			set_err(s->d, "devmem_outside", true,
				"%s: nothing at 0x%llx+%zu (%s): it lies outside physical memory",
				path, (unsigned long long)pa, len, strerror(errno));
			return -EFAULT;
		}
		if (r < 0) {
			int err = errno;
			bool denied = err == EPERM || err == EACCES;

			set_err(s->d, denied ? "devmem_denied" : "devmem_read_error", false,
				"%s: reading 0x%llx+%zu: %s%s", path, (unsigned long long)pa,
				len, strerror(err), denied ? lockdown_hint : "");
			return -err;
		}
		if (!r) {
			set_err(s->d, "devmem_outside", true,
				"%s: ends before 0x%llx+%zu (%zu bytes read): it lies outside physical memory",
				path, (unsigned long long)pa, len, done);
			return -EFAULT;
		}
		done += r;
	}
	return 0;
}

/* i915 took its VBT from mailbox 4, not from RVDA */
static bool dbg_vbt_is_mbox4(const struct dsrc *s)
{
	return s->dbg_vbt_len <= OPREGION_VBT_SIZE &&
	       !memcmp(s->dbg_vbt, s->dbg_op + OPREGION_VBT_OFFSET, s->dbg_vbt_len);
}

/*
 * The bytes of a range the engine validated and now maps: the OpRegion at
 * ASLS, or the extended VBT. Through debugfs the OpRegion is i915's copy
 * and the extended VBT the VBT i915 uses when it did not take mailbox 4's
 * (zero-padded to RVDS as firmware leaves it); anything else through
 * /dev/mem.
 */
static int dsrc_fetch(struct dsrc *s, u64 pa, u8 *buf, size_t len)
{
	struct dev *d = s->d;

	if (s->dbg_op && pa == d->asls && len == OPREGION_SIZE) {
		memcpy(buf, s->dbg_op, len);
		return 0;
	}
	if (s->dbg_op && s->dbg_vbt && s->dbg_vbt_len <= len && !dbg_vbt_is_mbox4(s)) {
		memcpy(buf, s->dbg_vbt, s->dbg_vbt_len);
		add_note(d, "extended VBT at 0x%llx: i915_vbt's %zu bytes, padded to RVDS %zu",
			 (unsigned long long)pa, s->dbg_vbt_len, len);
		return 0;
	}
	if (s->dbg_op)
		add_note(d,
			 "extended VBT at 0x%llx: not in i915's debugfs (i915 uses mailbox 4), read through /dev/mem",
			 (unsigned long long)pa);
	return devmem_fetch(s, pa, buf, len);
}

static int d_map(void *ctx, u64 pa, u64 len)
{
	struct dsrc *s = ctx;
	const char *err;
	u8 *buf;
	int ret;

	if (!len || len > OPREGION_SIZE + OPREGION_RVDS_MAX)
		return -EINVAL;
	if (!plat_ptr(&s->plat, pa, len)) {
		if (s->iomem->known && !iomem_fw_memory(s->iomem, pa, len))
			return -EPERM;
		buf = malloc(len);
		if (!buf)
			return -ENOMEM;
		ret = dsrc_fetch(s, pa, buf, len);
		if (!ret) {
			u8 *chunk = plat_add(&s->plat, pa, len, &err);

			if (chunk)
				memcpy(chunk, buf, len);
			else
				ret = -EFAULT;
		}
		free(buf);
		if (ret)
			return -EFAULT;
	}
	return plat_ops.map(&s->plat, pa, len);
}

static void d_read(void *ctx, u64 pa, void *buf, size_t len)
{
	plat_ops.read(ctx, pa, buf, len);
}

static u64 d_load(void *ctx, u64 pa, unsigned int width)
{
	return plat_ops.load(ctx, pa, width);
}

static void d_store(void *ctx, u64 pa, unsigned int width, u64 val)
{
	/* validation never stores: the doctor only reads */
	abort();
}

static u32 d_cmpxchg32(void *ctx, u64 pa, u32 old, u32 new)
{
	abort();
}

static const struct iop_mem_ops doctor_ops = {
	.map = d_map,
	.read = d_read,
	.load = d_load,
	.store = d_store,
	.cmpxchg32 = d_cmpxchg32,
};

/* ---- i915's debugfs ------------------------------------------------------ */

/*
 * The DRM debugfs directory of @addr: dri/<addr> (newer kernels name it
 * after the device), else the dri/<n> whose "name" says dev=<addr>.
 */
static bool find_debugfs(const char *root, const char *addr, char *out, size_t size)
{
	char dir[PATH_MAX], path[PATH_MAX + 300], name[256], want[80];
	struct stat st;
	struct dirent *de;
	bool found = false;
	DIR *dp;

	if (root_path(dir, sizeof(dir), root, "/sys/kernel/debug/dri"))
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, addr);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return !str_copy(out, size, path);
	dp = opendir(dir);
	if (!dp)
		return false;
	snprintf(want, sizeof(want), " dev=%s", addr);
	while (!found && (de = readdir(dp))) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/name", dir, de->d_name);
		if (read_text(path, name, sizeof(name)))
			continue;
		p = strstr(name, want);
		if (p && (!p[strlen(want)] || p[strlen(want)] == ' '))
			found = !path_join(out, size, dir, de->d_name);
	}
	closedir(dp);
	return found;
}

/* i915_opregion (exactly 8 KiB) and i915_vbt; false to use /dev/mem */
static bool read_debugfs(struct host *h, struct dev *d, struct dsrc *s)
{
	char path[PATH_MAX + 32];
	size_t len;
	int ret;

	if (!find_debugfs(h->root, d->addr, d->debugfs, sizeof(d->debugfs))) {
		add_note(d, "%s",
			 "i915 is bound but its debugfs directory was not found (debugfs not mounted, or not root): read through /dev/mem");
		d->debugfs[0] = '\0';
		return false;
	}
	s->dbg_op = malloc(OPREGION_SIZE + 1);
	s->dbg_vbt = malloc(OPREGION_RVDS_MAX + 1);
	if (!s->dbg_op || !s->dbg_vbt)
		goto fallback;
	snprintf(path, sizeof(path), "%s/i915_opregion", d->debugfs);
	ret = read_bytes(path, s->dbg_op, OPREGION_SIZE + 1, &len);
	if (ret) {
		add_note(d, "%s: %s: read through /dev/mem", path, strerror(-ret));
		goto fallback;
	}
	if (len != OPREGION_SIZE) {
		add_note(d,
			 "%s: %zu bytes, not %u (i915 found no OpRegion?): read through /dev/mem",
			 path, len, OPREGION_SIZE);
		goto fallback;
	}
	snprintf(path, sizeof(path), "%s/i915_vbt", d->debugfs);
	ret = read_bytes(path, s->dbg_vbt, OPREGION_RVDS_MAX + 1, &s->dbg_vbt_len);
	if (ret || !s->dbg_vbt_len || s->dbg_vbt_len > OPREGION_RVDS_MAX) {
		free(s->dbg_vbt);
		s->dbg_vbt = NULL;
		s->dbg_vbt_len = 0;
	}
	return true;
fallback:
	free(s->dbg_op);
	free(s->dbg_vbt);
	s->dbg_op = NULL;
	s->dbg_vbt = NULL;
	d->debugfs[0] = '\0';
	return false;
}

/* ---- upstream vfio-pci --------------------------------------------------- */

/*
 * What vfio_pci_igd_opregion_init() of drivers/vfio/pci/vfio_pci_igd.c
 * does (6.1 to 7.2): only for VGA-class devices before 6.15; ASLS 0 or
 * ~0: no region; no signature or SIZE 0: -EINVAL, which fails the
 * device's open ("Failed to setup Intel IGD regions"); from version 2.0
 * RVDA and RVDS non-zero map RVDS bytes at RVDA (2.0) or ASLS + RVDA
 * unchecked, in 32-bit arithmetic, and a 2.0 header reads as 2.1.
 */
static void model_upstream(const struct host *h, struct dev *d, struct platform *plat)
{
	struct upstream *up = &d->up;
	unsigned int kver = h->kernel.ver;
	u32 size_kib, rvds;
	u16 ver;
	u64 rvda;
	u8 *op;

	memset(up, 0, sizeof(*up));
	up->status = "unknown";
	if (d->class >> 8 != PCI_CLASS_VGA) {
		if (!kver) {
			snprintf(up->why, sizeof(up->why),
				 "kernel version unknown: vfio-pci gives a 0x%04x device an OpRegion from 6.15 on only",
				 d->class >> 8);
			return;
		}
		if (kver < UPSTREAM_ANY_DISPLAY) {
			up->status = "none";
			snprintf(up->why, sizeof(up->why),
				 "vfio-pci before 6.15 gives only VGA-class (0x0300) devices an OpRegion; this one is 0x%04x",
				 d->class >> 8);
			return;
		}
	}
	if (!d->have_asls) {
		snprintf(up->why, sizeof(up->why), "ASLS was not read");
		return;
	}
	if (!d->asls || d->asls == 0xffffffff) {
		up->status = "none";
		snprintf(up->why, sizeof(up->why),
			 "ASLS is 0x%x: no OpRegion region (the device works without one)",
			 d->asls);
		return;
	}
	op = plat_ptr(plat, d->asls, OPREGION_SIZE);
	if (!op) {
		snprintf(up->why, sizeof(up->why), "the OpRegion was not read");
		return;
	}
	if (memcmp(op, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN)) {
		up->status = "open_fails";
		snprintf(up->why, sizeof(up->why),
			 "no \"IntelGraphicsMem\" signature: opening the device fails with \"Failed to setup Intel IGD regions\", the VM does not start");
		return;
	}
	size_kib = get_unaligned_le32(op + OPREGION_OFF(header.size));
	if (!size_kib) {
		up->status = "open_fails";
		snprintf(up->why, sizeof(up->why),
			 "SIZE is 0: opening the device fails with \"Failed to setup Intel IGD regions\", the VM does not start");
		return;
	}
	up->status = "exposed";
	up->size = (u64)size_kib * 1024;
	ver = get_unaligned_le16(op + OPREGION_OFF(header.over.minor));
	up->view_ver = ver;
	if (ver < OPREGION_VER(2, 0))
		return;
	rvda = get_unaligned_le64(op + OPREGION_OFF(asle.rvda));
	rvds = get_unaligned_le32(op + OPREGION_OFF(asle.rvds));
	if (!rvda || !rvds)
		return;
	up->ext = true;
	up->size += rvds;
	up->ext_pa = ver == OPREGION_VER(2, 0) ? (u32)rvda : (u32)(d->asls + rvda);
	if (ver == OPREGION_VER(2, 0))
		up->view_ver = OPREGION_VER(2, 1);
}

/* ---- one device ---------------------------------------------------------- */

static bool hex_file(const char *dir, const char *name, u32 *val)
{
	char path[PATH_MAX + 64], buf[32], *end;
	unsigned long v;

	if (path_join(path, sizeof(path), dir, name) || read_text(path, buf, sizeof(buf)))
		return false;
	errno = 0;
	v = strtoul(buf, &end, 16);
	if (errno || *end || end == buf || v > 0xffffff)
		return false;
	*val = v;
	return true;
}

static void read_config(struct dev *d, const char *dir)
{
	char path[PATH_MAX + 16];
	u8 cfg[PCI_CFG_MIN];
	int ret;

	if (path_join(path, sizeof(path), dir, "config")) {
		set_err(d, "config_unreadable", false, "%s: path too long", dir);
		return;
	}
	ret = read_bytes(path, cfg, sizeof(cfg), &d->cfg_len);
	if (ret) {
		set_err(d, "config_unreadable", false, "%s: %s", path, strerror(-ret));
		return;
	}
	if (d->cfg_len < PCI_CFG_MIN) {
		set_err(d, "config_truncated", false,
			"%s: only %zu bytes readable, ASLS is at 0x%x%s", path, d->cfg_len,
			PCI_ASLS, d->cfg_len == PCI_CFG_USER ?
			": the kernel gives non-root readers the first 64 bytes only, run as root" :
			"");
		return;
	}
	d->asls = get_unaligned_le32(cfg + PCI_ASLS);
	d->have_asls = true;
}

static void examine(struct host *h, struct dev *d, const char *dir)
{
	char path[PATH_MAX + 16], link[PATH_MAX];
	struct dsrc s = { .root = h->root, .d = d, .iomem = &h->iomem, .memfd = -1 };
	const struct iomem_res *r;
	const char *base;
	unsigned int i;
	ssize_t n;

	n = -1;
	if (!path_join(path, sizeof(path), dir, "driver"))
		n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		base = strrchr(link, '/');
		str_copy(d->driver, sizeof(d->driver), base ? base + 1 : link);
	}
	for (i = 0; i < h->pve.nr; i++)
		if (pve_names(&h->pve.e[i], d->addr) && d->nr_pve < ARRAY_SIZE(d->pve))
			d->pve[d->nr_pve++] = &h->pve.e[i];

	read_config(d, dir);
	d->verdict = V_UNKNOWN;
	if (d->have_asls) {
		if (h->iomem.known) {
			r = iomem_at(&h->iomem, d->asls);
			str_copy(d->mem, sizeof(d->mem), r ? r->name : "not in /proc/iomem");
		}
		plat_init(&s.plat);
		if (!strcmp(d->driver, "i915") && read_debugfs(h, d, &s))
			d->source = "debugfs";
		else
			d->source = "devmem";
		d->iop = calloc(1, sizeof(*d->iop));
		if (d->iop) {
			iop_probe(d->iop, d->asls, &doctor_ops, &s, NULL, NULL);
			if (d->err.name && !d->err.decisive)
				d->verdict = V_UNKNOWN;
			else
				d->verdict = d->iop->reason == IOP_OK ? V_EXPOSED : V_REJECTED;
		}
		if (s.memfd >= 0)
			close(s.memfd);
	}
	model_upstream(h, d, &s.plat);
	if (d->have_asls && !d->iop)
		set_err(d, "out_of_memory", false, "out of memory");
	if (d->verdict == V_UNKNOWN && d->iop && d->err.name) {
		/* what was read proves nothing: do not report the engine's reason */
		free(d->iop);
		d->iop = NULL;
	}
	free(s.dbg_op);
	free(s.dbg_vbt);
	plat_free(&s.plat);
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool is_intel_display(u32 vendor, u32 class)
{
	return vendor == PCI_VENDOR_INTEL &&
	       (class >> 8 == PCI_CLASS_VGA || class >> 8 == PCI_CLASS_DISPLAY_OTHER);
}

/* Every Intel display device, in address order */
static int find_devices(struct host *h)
{
	char dir[PATH_MAX], sub[PATH_MAX + 300];
	struct dirent **names;
	u32 vendor, class, device;
	int i, n;

	if (root_path(dir, sizeof(dir), h->root, "/sys/bus/pci/devices"))
		return fail("doctor: --root path too long");
	n = scandir(dir, &names, NULL, name_cmp);
	if (n < 0)
		return 0;	/* no PCI bus: no device */
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		snprintf(sub, sizeof(sub), "%s/%s", dir, name);
		if (name[0] != '.' && strlen(name) < sizeof(h->devs[0].addr) &&
		    hex_file(sub, "vendor", &vendor) && hex_file(sub, "class", &class) &&
		    is_intel_display(vendor, class)) {
			if (h->nr_devs == MAX_DEVS) {
				h->more_devs = true;
			} else {
				struct dev *d = &h->devs[h->nr_devs++];

				str_copy(d->addr, sizeof(d->addr), name);
				d->vendor = vendor;
				d->class = class;
				if (hex_file(sub, "device", &device))
					d->device = device;
				examine(h, d, sub);
			}
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

/* ---- advice -------------------------------------------------------------- */

static bool driver_is_ours(const char *drv)
{
	return !strcmp(drv, "igd_vfio_pci") || !strcmp(drv, "igd-vfio-pci");
}

/* The advice that is fixed text */
enum advice {
	ADV_NO_OSRELEASE,
	ADV_BAD_OSRELEASE,
	ADV_NO_QEMU_ROOT,
	ADV_NO_QEMU,
	ADV_QEMU_SILENT,
	ADV_NO_OPREGION,
	ADV_NO_LIVE,
	ADV_NO_QEMU_SERVER,
	ADV_OLD_QEMU_SERVER,
	ADV_REJECTED,
	ADV_ROOT,
	ADV_UNREAD,
};

static const char *const advice_text[] = {
	[ADV_NO_OSRELEASE] = "cannot read /proc/sys/kernel/osrelease",
	[ADV_BAD_OSRELEASE] = "the kernel release does not start with MAJOR.MINOR",
	[ADV_NO_QEMU_ROOT] = "no qemu-system-x86_64 in DIR/usr/bin",
	[ADV_NO_QEMU] = "no qemu-system-x86_64 in PATH or /usr/bin: install qemu-system-x86",
	[ADV_QEMU_SILENT] = "QEMU could not be asked what its vfio-pci offers",
	[ADV_NO_OPREGION] =
		"this QEMU's vfio-pci has no x-igd-opregion: it gives the guest no OpRegion",
	[ADV_NO_LIVE] =
		"QEMU copies the OpRegion once at VM start (no x-igd-opregion-live): build it with vmm/qemu/ (vmm/qemu/README) for a live OpRegion",
	[ADV_NO_QEMU_SERVER] =
		"qemu-server is not installed according to dpkg: driver=keep cannot be checked",
	[ADV_OLD_QEMU_SERVER] =
		"qemu-server before 9.0.25 has no driver=keep and rebinds hostpci devices to vfio-pci: upgrade, or pass the IGD with args: -device vfio-pci,host=ADDR,x-igd-opregion=on",
	[ADV_REJECTED] =
		"igd-vfio-pci will not serve this OpRegion: the guest gets none from it (the device still works as vfio-pci); a firmware update may fix it",
	[ADV_ROOT] = "run as root: sudo opregionctl doctor",
	[ADV_UNREAD] = "the OpRegion could not be read: see the error",
};

static const char *kernel_advice(const struct host *h)
{
	static char range[160];

	if (!h->kernel.release[0])
		return advice_text[ADV_NO_OSRELEASE];
	if (!h->kernel.ver)
		return advice_text[ADV_BAD_OSRELEASE];
	if (h->kernel.supported)
		return NULL;
	snprintf(range, sizeof(range),
		 "igd-vfio-pci supports %u.%u to %u.%u (DKMS does not build it for this kernel): boot a kernel in that range",
		 doctor_kernels.min >> 8, doctor_kernels.min & 0xff,
		 doctor_kernels.max >> 8, doctor_kernels.max & 0xff);
	return range;
}

static const char *qemu_advice(const struct host *h)
{
	const struct host_qemu *q = &h->qemu;

	if (!q->path[0])
		return advice_text[strcmp(h->root, "/") ? ADV_NO_QEMU_ROOT : ADV_NO_QEMU];
	if (!q->ran || !q->help_ok)
		return advice_text[ADV_QEMU_SILENT];
	if (!q->opregion)
		return advice_text[ADV_NO_OPREGION];
	if (!q->live)
		return advice_text[ADV_NO_LIVE];
	return NULL;
}

static const char *pve_advice(const struct host *h)
{
	const struct host_pve *p = &h->pve;

	if (!p->qs_version[0])
		return advice_text[ADV_NO_QEMU_SERVER];
	if (!p->keep_ok)
		return advice_text[ADV_OLD_QEMU_SERVER];
	return NULL;
}

static void entry_advice(const struct host *h, const struct dev *d,
			 const struct pve_entry *e, char *buf, size_t size)
{
	buf[0] = '\0';
	if (e->keep && h->pve.keep_ok)
		return;
	if (e->keep)
		snprintf(buf, size,
			 "driver=keep needs qemu-server 9.0.25 or later: upgrade, or replace %s with args: -device vfio-pci,host=%s,x-igd-opregion=on",
			 e->key, d->addr);
	else if (h->pve.keep_ok)
		snprintf(buf, size,
			 "without driver=keep Proxmox rebinds the device to vfio-pci at VM start: %s: %s,driver=keep",
			 e->key, d->addr);
	else
		snprintf(buf, size,
			 "Proxmox rebinds %s to vfio-pci at VM start and this qemu-server has no driver=keep (9.0.25): replace %s with args: -device vfio-pci,host=%s,x-igd-opregion=on",
			 e->key, e->key, d->addr);
}

static void driver_advice(const struct dev *d, char *buf, size_t size)
{
	buf[0] = '\0';
	if (driver_is_ours(d->driver))
		return;
	if (!strcmp(d->driver, "vfio-pci"))
		snprintf(buf, size,
			 "vfio-pci gives the guest upstream's read-only OpRegion: bind igd-vfio-pci with driverctl set-override %s igd_vfio_pci",
			 d->addr);
	else
		snprintf(buf, size,
			 "%s%s: to pass it through, bind igd-vfio-pci with driverctl set-override %s igd_vfio_pci",
			 d->driver[0] ? "the host's " : "no driver is bound",
			 d->driver[0] ? d->driver : "", d->addr);
	if (d->driver[0] && strcmp(d->driver, "vfio-pci"))
		strncat(buf, " (the host loses this display)", size - strlen(buf) - 1);
}

static const char *verdict_advice(const struct dev *d)
{
	if (d->verdict == V_EXPOSED)
		return NULL;
	if (d->verdict == V_REJECTED)
		return advice_text[ADV_REJECTED];
	if (d->err.name && (!strcmp(d->err.name, "config_truncated") ||
			    !strcmp(d->err.name, "devmem_denied")))
		return advice_text[ADV_ROOT];
	return advice_text[ADV_UNREAD];
}

/* ---- text output --------------------------------------------------------- */

static void text_advice(FILE *out, const char *indent, const char *advice)
{
	if (advice && advice[0])
		fprintf(out, "%sadvice: %s\n", indent, advice);
}

static void text_host(FILE *out, const struct host *h)
{
	const struct host_qemu *q = &h->qemu;

	fprintf(out, "opregionctl doctor: root %s\n", h->root);
	fprintf(out, "kernel:        %s", h->kernel.release[0] ? h->kernel.release : "unknown");
	if (h->kernel.ver)
		fprintf(out, ": %s (%u.%u to %u.%u, %s)",
			h->kernel.supported ? "supported" : "not supported",
			doctor_kernels.min >> 8, doctor_kernels.min & 0xff,
			doctor_kernels.max >> 8, doctor_kernels.max & 0xff,
			doctor_kernels.source);
	fputc('\n', out);
	text_advice(out, "  ", kernel_advice(h));

	fprintf(out, "qemu:          ");
	if (!q->path[0]) {
		fputs("not found\n", out);
	} else {
		fprintf(out, "%s: ", q->path);
		if (!q->ran)
			fprintf(out, "%s\n", q->err);
		else
			fprintf(out, "version %s, x-igd-opregion %s, x-igd-opregion-live %s\n",
				q->version[0] ? q->version : "unknown",
				!q->help_ok ? "unknown" : q->opregion ? "yes" : "no",
				!q->help_ok ? "unknown" : q->live ? "yes" : "no");
	}
	text_advice(out, "  ", qemu_advice(h));

	fprintf(out, "proxmox:       ");
	if (!h->pve.present) {
		fputs("not installed\n", out);
	} else {
		if (h->pve.qs_version[0])
			fprintf(out, "qemu-server %s: driver=keep %s\n", h->pve.qs_version,
				h->pve.keep_ok ? "available" : "not available (9.0.25 or later)");
		else
			fputs("/etc/pve/qemu-server present, qemu-server not installed\n", out);
		text_advice(out, "  ", pve_advice(h));
	}
}

static const char *class_name(u32 class)
{
	return class >> 8 == PCI_CLASS_VGA ? "VGA" : "display controller";
}

static void text_upstream(FILE *out, const struct host *h, const struct dev *d)
{
	const struct upstream *up = &d->up;

	fputs("  upstream:      vfio-pci", out);
	if (h->kernel.ver)
		fprintf(out, " of %u.%u", h->kernel.ver >> 8, h->kernel.ver & 0xff);
	if (strcmp(up->status, "exposed")) {
		fprintf(out, ": %s: %s\n", up->status, up->why);
		return;
	}
	fputs(": exposed read-only: view ", out);
	print_ver(out, up->view_ver);
	fprintf(out, ", %llu bytes, ", (unsigned long long)up->size);
	if (up->ext)
		fprintf(out, "extended VBT at 0x%x, not checked\n", up->ext_pa);
	else
		fputs("VBT in mailbox 4, not checked\n", out);
}

static void text_dev(FILE *out, const struct host *h, const struct dev *d)
{
	char advice[512];
	unsigned int i;

	fprintf(out, "\ndevice %s: Intel %04x:%04x, class 0x%06x (%s)\n", d->addr,
		d->vendor, d->device, d->class, class_name(d->class));
	fprintf(out, "  driver:        %s\n", d->driver[0] ? d->driver : "none");
	driver_advice(d, advice, sizeof(advice));
	text_advice(out, "    ", advice);
	fprintf(out, "  config:        %zu bytes", d->cfg_len);
	if (d->have_asls)
		fprintf(out, ", ASLS 0x%x\n", d->asls);
	else
		fputs(", ASLS not read\n", out);
	if (d->source) {
		fprintf(out, "  OpRegion:      read through %s\n",
			!strcmp(d->source, "debugfs") ? d->debugfs : "/dev/mem");
		fprintf(out, "  memory:        %s\n", d->mem[0] ? d->mem :
			"unknown (/proc/iomem shows no addresses: the memory type is not checked)");
	}
	if (d->notes[0])
		fprintf(out, "  note:          %s\n", d->notes);
	if (d->err.name)
		fprintf(out, "  error:         %s: %s\n", d->err.name, d->err.text);
	fprintf(out, "  igd-vfio-pci:  %s", verdict_names[d->verdict]);
	if (d->iop && d->verdict == V_EXPOSED) {
		fputs(": writable view ", out);
		print_ver(out, d->iop->geo.view_ver);
		fprintf(out, ", %u bytes, VBT %s\n", d->iop->geo.view_size,
			d->iop->geo.vbt_where == IOP_VBT_EXTENDED ? "extended" : "in mailbox 4");
	} else if (d->iop) {
		fprintf(out, ": %s\n", iop_reason_name(d->iop->reason));
	} else {
		fputs(": the OpRegion was not read\n", out);
	}
	if (d->iop)
		print_check_text(out, d->iop, "    ");
	text_advice(out, "    ", verdict_advice(d));
	text_upstream(out, h, d);
	if (!h->pve.present)
		return;
	if (!d->nr_pve)
		fputs("  proxmox:       no VM's hostpci names this device\n", out);
	for (i = 0; i < d->nr_pve; i++) {
		const struct pve_entry *e = d->pve[i];

		fprintf(out, "  proxmox:       VM %s %s%s%s: driver=keep %s\n", e->vmid, e->key,
			e->mapping[0] ? " mapping " : "", e->mapping,
			e->keep ? "set" : "not set");
		entry_advice(h, d, e, advice, sizeof(advice));
		text_advice(out, "    ", advice);
	}
}

/* ---- JSON output --------------------------------------------------------- */

static void json_str_or_null(FILE *out, const char *s)
{
	if (s && s[0])
		json_str(out, s);
	else
		fputs("null", out);
}

static void json_ver_or_null(FILE *out, unsigned int ver)
{
	if (ver)
		fprintf(out, "\"%u.%u\"", ver >> 8, ver & 0xff);
	else
		fputs("null", out);
}

static void json_bool_or_null(FILE *out, bool known, bool val)
{
	fputs(!known ? "null" : val ? "true" : "false", out);
}

static void json_host(FILE *out, const struct host *h)
{
	const struct host_qemu *q = &h->qemu;

	fputs("{\"root\": ", out);
	json_str(out, h->root);
	fputs(", \"kernel\": {\"release\": ", out);
	json_str_or_null(out, h->kernel.release);
	fputs(", \"version\": ", out);
	json_ver_or_null(out, h->kernel.ver);
	fprintf(out, ", \"supported\": %s, \"range\": {\"min\": ",
		h->kernel.supported ? "true" : "false");
	json_ver_or_null(out, doctor_kernels.min);
	fputs(", \"max\": ", out);
	json_ver_or_null(out, doctor_kernels.max);
	fputs(", \"source\": ", out);
	json_str(out, doctor_kernels.source);
	fputs("}, \"advice\": ", out);
	json_str_or_null(out, kernel_advice(h));

	fputs("}, \"qemu\": {\"path\": ", out);
	json_str_or_null(out, q->path);
	fputs(", \"version\": ", out);
	json_str_or_null(out, q->version);
	fputs(", \"x_igd_opregion\": ", out);
	json_bool_or_null(out, q->help_ok, q->opregion);
	fputs(", \"x_igd_opregion_live\": ", out);
	json_bool_or_null(out, q->help_ok, q->live);
	fputs(", \"error\": ", out);
	json_str_or_null(out, q->err);
	fputs(", \"advice\": ", out);
	json_str_or_null(out, qemu_advice(h));

	fputs("}, \"proxmox\": ", out);
	if (!h->pve.present) {
		fputs("null", out);
	} else {
		fputs("{\"qemu_server\": ", out);
		json_str_or_null(out, h->pve.qs_version);
		fprintf(out, ", \"driver_keep_supported\": %s, \"advice\": ",
			h->pve.keep_ok ? "true" : "false");
		json_str_or_null(out, pve_advice(h));
		fputc('}', out);
	}
}

static void json_upstream(FILE *out, const struct host *h, const struct dev *d)
{
	const struct upstream *up = &d->up;
	bool exp = !strcmp(up->status, "exposed");

	fputs("{\"kernel\": ", out);
	json_ver_or_null(out, h->kernel.ver);
	fputs(", \"status\": ", out);
	json_str(out, up->status);
	fputs(", \"why\": ", out);
	json_str_or_null(out, up->why);
	if (!exp) {
		fputs(", \"read_only\": null, \"view_version\": null, \"view_size\": null",
		      out);
		fputs(", \"vbt\": null}", out);
		return;
	}
	fputs(", \"read_only\": true, \"view_version\": ", out);
	json_ver_or_null(out, up->view_ver);
	fprintf(out, ", \"view_size\": %llu, \"vbt\": ", (unsigned long long)up->size);
	if (up->ext)
		fprintf(out, "{\"where\": \"extended\", \"pa\": \"0x%x\"}}", up->ext_pa);
	else
		fputs("{\"where\": \"mailbox4\", \"pa\": null}}", out);
}

static void json_dev(FILE *out, const struct host *h, const struct dev *d)
{
	char advice[512];
	unsigned int i;

	fputs("{\"address\": ", out);
	json_str(out, d->addr);
	fprintf(out, ", \"vendor\": \"0x%04x\", \"device\": \"0x%04x\", \"class\": \"0x%06x\"",
		d->vendor, d->device, d->class);
	fputs(", \"driver\": ", out);
	json_str_or_null(out, d->driver);
	driver_advice(d, advice, sizeof(advice));
	fputs(", \"driver_advice\": ", out);
	json_str_or_null(out, advice);
	fprintf(out, ", \"config_bytes\": %zu, \"asls\": ", d->cfg_len);
	if (d->have_asls)
		fprintf(out, "\"0x%x\"", d->asls);
	else
		fputs("null", out);
	fputs(", \"source\": ", out);
	json_str_or_null(out, d->source);
	fputs(", \"debugfs\": ", out);
	json_str_or_null(out, d->debugfs);
	fputs(", \"memory\": ", out);
	json_str_or_null(out, d->mem);
	fputs(", \"notes\": ", out);
	json_str_or_null(out, d->notes);
	fputs(", \"error\": ", out);
	if (d->err.name) {
		fputs("{\"name\": ", out);
		json_str(out, d->err.name);
		fputs(", \"text\": ", out);
		json_str(out, d->err.text);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(", \"igd_vfio_pci\": {\"status\": ", out);
	json_str(out, verdict_names[d->verdict]);
	fputs(", \"check\": ", out);
	if (d->iop)
		print_check_json(out, d->iop);
	else
		fputs("null", out);
	fputs(", \"advice\": ", out);
	json_str_or_null(out, verdict_advice(d));
	fputs("}, \"upstream\": ", out);
	json_upstream(out, h, d);
	fputs(", \"proxmox\": ", out);
	if (!h->pve.present) {
		fputs("null}", out);
		return;
	}
	fputc('[', out);
	for (i = 0; i < d->nr_pve; i++) {
		const struct pve_entry *e = d->pve[i];

		fputs(i ? ", {\"vm\": " : "{\"vm\": ", out);
		json_str(out, e->vmid);
		fputs(", \"key\": ", out);
		json_str(out, e->key);
		fputs(", \"mapping\": ", out);
		json_str_or_null(out, e->mapping);
		fprintf(out, ", \"driver_keep\": %s, \"advice\": ", e->keep ? "true" : "false");
		entry_advice(h, d, e, advice, sizeof(advice));
		json_str_or_null(out, advice);
		fputc('}', out);
	}
	fputs("]}", out);
}

/* ---- the command --------------------------------------------------------- */

static int do_doctor(int argc, char **argv)
{
	unsigned int i, nr[3] = { 0 };
	struct host *h;
	struct args a;
	int rc;

	rc = parse_args(argc, argv, A_JSON | A_ROOT, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	h = calloc(1, sizeof(*h));
	if (!h)
		return fail("out of memory");
	h->root = a.root ? a.root : "/";
	if (a.root) {
		struct stat st;

		if (stat(a.root, &st) || !S_ISDIR(st.st_mode)) {
			free(h);
			return usage_fail("doctor: --root '%s': not a directory", a.root);
		}
	}
	env_kernel(h->root, &h->kernel);
	env_qemu(h->root, &h->qemu);
	env_pve(h->root, &h->pve);
	iomem_read(h->root, &h->iomem);
	rc = find_devices(h);
	if (rc)
		goto out;
	for (i = 0; i < h->nr_devs; i++)
		nr[h->devs[i].verdict]++;
	if (!h->nr_devs)
		rc = EXIT_NO_IGD;
	else if (nr[V_REJECTED])
		rc = EXIT_REJECTED;
	else if (nr[V_UNKNOWN])
		rc = EXIT_UNKNOWN;

	if (a.json) {
		json_host(stdout, h);
		fputs(", \"devices\": [", stdout);
		for (i = 0; i < h->nr_devs; i++) {
			if (i)
				fputs(", ", stdout);
			json_dev(stdout, h, &h->devs[i]);
		}
		fprintf(stdout,
			"], \"summary\": {\"devices\": %u, \"exposed\": %u, \"rejected\": %u, \"unknown\": %u, \"more\": %s}, \"exit\": %d}\n",
			h->nr_devs, nr[V_EXPOSED], nr[V_REJECTED], nr[V_UNKNOWN],
			h->more_devs ? "true" : "false", rc);
	} else {
		text_host(stdout, h);
		for (i = 0; i < h->nr_devs; i++)
			text_dev(stdout, h, &h->devs[i]);
		if (!h->nr_devs)
			printf("\n%s under %s%s\n",
			       "no Intel display device (vendor 0x8086, class 0x0300 or 0x0380)",
			       strcmp(h->root, "/") ? h->root : "",
			       "/sys/bus/pci/devices: nothing to pass through");
		else
			printf("\nsummary: %u Intel display device%s: %u exposed, %u rejected, ",
			       h->nr_devs, h->nr_devs == 1 ? "" : "s", nr[V_EXPOSED],
			       nr[V_REJECTED]);
		if (h->nr_devs)
			printf("%u unknown%s\n", nr[V_UNKNOWN],
			       h->more_devs ? " (more not shown)" : "");
	}
out:
	for (i = 0; i < h->nr_devs; i++)
		free(h->devs[i].iop);
	free(h);
	return rc;
}

const struct cmd cmd_doctor = {
	.name = "doctor",
	.run = do_doctor,
	.help =
		"  doctor [--root DIR] [--json]\n"
		"      Check this host's Intel display devices (vendor 0x8086, class\n"
		"      0x0300 or 0x0380): ASLS from config space (root needed: others\n"
		"      read 64 bytes), the OpRegion read-only through i915's debugfs\n"
		"      when i915 is bound, else /dev/mem, validated by the engine;\n"
		"      what igd-vfio-pci and upstream vfio-pci of this kernel expose,\n"
		"      the bound driver, the kernel's support, QEMU's vfio-pci\n"
		"      (x-igd-opregion-live) and Proxmox VE's driver=keep, with\n"
		"      advice. --root DIR reads everything under DIR (/dev/mem: a\n"
		"      file whose offsets are physical addresses). Exit 0 every\n"
		"      OpRegion served, 1 one rejected, 3 no Intel display device,\n"
		"      4 one not readable (e.g. not root).\n",
};
