/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmtest.h - what the VM tier's guest programs share: the OpRegion as i915
 * knows it, TAP-style reporting, small file helpers, the simulated
 * firmware's debugfs interface (igd-opregion-sim) and PCI binding through
 * sysfs. guest_i915 (the guest i915 on the VFIO uAPI) and qtest_igd (the
 * guest behind a patched QEMU) both link vmtest.c.
 *
 * Reporting: CHECK() records a failed assertion of the current group on a
 * "#" line; group_end() prints one "ok N - name" or "not ok N - name" line
 * per group; the program ends with "N passed, N failed" (n_pass, n_fail).
 */
#ifndef VMTEST_H
#define VMTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/types.h>

/*
 * The kernel's names for the fixed-width types and the attributes the
 * guest programs use, defined here rather than taken from the project's
 * headers (see below). BIT() stays 32-bit, as the registers are.
 */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#define BIT(nr)			(1u << (nr))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))

#define SIM_DIR		"/sys/kernel/debug/igd_opregion_sim"
#define TRACE_DIR	"/sys/kernel/tracing"
#define PCI_DEVS	"/sys/bus/pci/devices"
#define DRIVER		"igd_vfio_pci"
#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define DEFAULT_VBT	"tigerlake_google-volteer.vbt"	/* 8607 bytes: extended */

/*
 * The OpRegion as i915 (intel_opregion.c) knows it. Deliberately not the
 * project's own headers: the guest side is an independent party, so a
 * layout mistake in the project cannot cancel itself out here.
 */
#define OPREGION_SIZE		0x2000
#define OPREGION_VBT_OFFSET	0x400
#define OPREGION_VBT_SIZE	0x1800	/* mailbox 4: 6 KiB */
#define OPREGION_SIGNATURE	"IntelGraphicsMem"
#define O_SIZE		0x010
#define O_OVER		0x014	/* rsvd, revision, minor, major */
#define O_MBOX		0x058
#define O_DRDY		0x100
#define O_CSTS		0x104
#define O_CEVT		0x108
#define O_DIDL		0x120
#define O_CADL		0x160
#define O_CPDL		0x140
#define O_ASLP		0x1a0
#define O_CHPD		0x1a8
#define O_CLID		0x1ac
#define O_NRDY		0x1c0
#define O_SCIC		0x200
#define O_PARM		0x204
#define O_DSLP		0x208
#define O_ARDY		0x300
#define O_ASLC		0x304
#define O_TCHE		0x308
#define O_ALSI		0x30c
#define O_BCLP		0x310
#define O_CBLV		0x318
#define O_CPFM		0x344
#define O_STAT		0x3b6	/* only 2-byte aligned */
#define O_RVDA		0x3ba	/* u64, only 2-byte aligned */
#define O_RVDS		0x3c2

#define ASLE_ARDY_READY			BIT(0)
#define ASLE_TCHE_BLC_EN		BIT(1)
#define ASLE_BCLP_VALID			BIT(31)
#define ASLE_CBLV_VALID			BIT(31)
#define ASLC_SET_BACKLIGHT		BIT(1)
#define ASLC_BACKLIGHT_FAILED		BIT(12)
#define SWSCI_SCIC_INDICATOR		BIT(0)
#define SWSCI_SCIC_EXIT_STATUS_SHIFT	5
#define SWSCI_SCIC_EXIT_STATUS_MASK	(7u << 5)
#define SWSCI_SCIC_EXIT_STATUS_SUCCESS	1u

/* IGD PCI config (i915's intel_pci_config.h) */
#define CFG_ASLE		0xe4
#define CFG_SWSCI		0xe8
#define SWSCI_SCISEL		BIT(15)
#define SWSCI_GSSCIE		BIT(0)

/* VBT header (intel_vbt_defs.h): "$VBT", vbt_size at 24, bdb_offset at 28 */
#define VBT_HEADER_SIZE		48
#define VBT_SIZE_OFF		24
#define VBT_BDB_OFF		28

/* SWSCI functions as i915 encodes them (main << 1 | sub << 8) */
#define SWSCI_FN(main, sub)	((main) << 1 | (sub) << 8)
#define GBDA_SUPPORTED_CALLS	SWSCI_FN(4, 0)
#define SBCB_ADAPTER_POWER	SWSCI_FN(6, 7)
#define SWSCI_UNKNOWN_FN	SWSCI_FN(1, 0)
#define SBCB_SET_PANEL_DETAILS	SWSCI_FN(6, 10)	/* refused by default */
#define SIM_GBDA_SUPPORTED	0x13	/* what the simulated firmware answers */

#define DIV_ROUND_UP(n, d)	({ typeof(d) d_ = (d); ((n) + d_ - 1) / d_; })
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

struct blob {
	char name[128];
	u8 *data;
	size_t len;
	u32 vbt_size;
};

extern const char *vbt_dir;	/* where the real VBT blobs are */
extern bool demo;		/* say() prints only in demo mode */
extern int mem_fd;		/* the simulated platform's "mem" file */
extern int n_groups, n_pass, n_fail, group_fails;

bool check_(bool ok, int line, const char *fmt, ...)
	__printf(3, 4);
#define CHECK(cond, ...)	check_(!!(cond), __LINE__, __VA_ARGS__)
/* Each operand is evaluated once: they are often region reads. */
#define CHECK_EQ(a, b, what) ({						\
	u64 a_ = (u64)(a), b_ = (u64)(b);		\
	CHECK(a_ == b_, "%s: got %#" PRIx64 ", want %#" PRIx64, what, a_, b_); \
})

void group_begin(void);
bool group_end(const char *fmt, ...) __printf(1, 2);
void say(const char *fmt, ...) __printf(1, 2);

int write_file(const char *path, const void *buf, size_t len, int flags);
int write_str(const char *path, const char *s);
ssize_t read_file(const char *path, char *buf, size_t size);
char *slurp(const char *path, size_t *lenp);
int vmalloc_maps(u64 pa, unsigned long size);
bool load_blob(struct blob *b, const char *name);

int sim_cmd(const char *fmt, ...) __printf(1, 2);
u64 sim_info(const char *key);
int sim_load(const char *layout, const struct blob *vbt);
int sim_load_raw(const void *img, size_t len);
bool phys_read(u32 off, void *buf, size_t len);
bool phys_write(u32 off, const void *buf, size_t len);
u32 phys32(u32 off);
u64 phys64(u32 off);
u8 *phys_all(size_t *lenp);

unsigned long sysfs_hex(const char *dev, const char *attr);
const char *driver_of(const char *dev);
bool find_dev(char *out, size_t size, unsigned long vendor,
	      unsigned long device, bool (*pick)(const char *));
bool bind_ours(const char *dev);
void clear_override(const char *dev);

#endif /* VMTEST_H */
