/* SPDX-License-Identifier: GPL-2.0 */
/*
 * opregion.h - layout of the Intel IGD OpRegion (ACPI "IntelGraphicsMem")
 * and of the VBT headers the engine validates.
 *
 * Field names follow the OpRegion specification and i915's
 * intel_opregion.c; every offset is pinned with static_assert so the
 * ownership table (lib/iop_table.c) and these structs cannot drift apart.
 * All multi-byte fields are little-endian. Fields from PFMB (0x396) to
 * RVDS are only 2-byte aligned: access them with get_unaligned_le*().
 */
#ifndef IGD_OPREGION_LAYOUT_H
#define IGD_OPREGION_LAYOUT_H

#include "iop_deps.h"

#define OPREGION_SIZE			0x2000	/* the 8 KiB layout, whatever SIZE says */
#define OPREGION_SIGNATURE		"IntelGraphicsMem"
#define OPREGION_SIGNATURE_LEN		16

#define OPREGION_HEADER_OFFSET		0x000
#define OPREGION_ACPI_OFFSET		0x100	/* mailbox 1 */
#define OPREGION_SWSCI_OFFSET		0x200	/* mailbox 2: SWSCI (< 3.0) */
#define OPREGION_BLC_OFFSET		0x200	/* mailbox 2: backlight (>= 3.0) */
#define OPREGION_ASLE_OFFSET		0x300	/* mailbox 3 */
#define OPREGION_VBT_OFFSET		0x400	/* mailbox 4 */
#define OPREGION_VBT_SIZE		0x1800	/* 6 KiB */
#define OPREGION_ASLE_EXT_OFFSET	0x1c00	/* mailbox 5 */

/* Header MBOX bitmap */
#define MBOX_ACPI		BIT(0)	/* mailbox 1 */
#define MBOX_SWSCI		BIT(1)	/* mailbox 2, SWSCI (below 3.0) */
#define MBOX_ASLE		BIT(2)	/* mailbox 3 */
#define MBOX_VBT		BIT(3)	/* mailbox 4 */
#define MBOX_ASLE_EXT		BIT(4)	/* mailbox 5 */
#define MBOX_BACKLIGHT		BIT(5)	/* mailbox 2, backlight (3.0 and up) */
#define MBOX_KNOWN		0x3fU

/* Versions as (major << 8 | minor) */
#define OPREGION_VER(major, minor)	((u16)((major) << 8 | (minor)))

/*
 * Upper bound on RVDS. The VBT header's vbt_size is a u16, so no VBT is
 * larger than 64 KiB - 1 and firmware rounds RVDS up to at most 64 KiB.
 */
#define OPREGION_RVDS_MAX		0x10000

/* ASLE fields */
#define ASLE_ARDY_READY			BIT(0)
#define ASLE_TCHE_BLC_EN		BIT(1)
#define ASLE_BCLP_VALID			BIT(31)
#define ASLE_CBLV_VALID			BIT(31)
#define ASLC_SET_BACKLIGHT		BIT(1)
#define ASLC_REQ_MSK			0x1ffU
#define ASLC_BACKLIGHT_FAILED		BIT(12)

/* SWSCI fields */
#define SWSCI_SCIC_INDICATOR		BIT(0)
#define SWSCI_SCIC_EXIT_STATUS_SHIFT	5
#define SWSCI_SCIC_EXIT_STATUS_MASK	(7U << 5)
#define SWSCI_SCIC_EXIT_STATUS_SUCCESS	1

struct opregion_header {
	u8 signature[16];
	__le32 size;		/* SIZE, KiB */
	struct {
		u8 rsvd;
		u8 revision;
		u8 minor;
		u8 major;
	} __packed over;	/* OVER */
	u8 bios_ver[32];	/* SVER */
	u8 vbios_ver[16];	/* VVER */
	u8 driver_ver[16];	/* GVER */
	__le32 mboxes;		/* MBOX */
	__le32 driver_model;	/* DMOD */
	__le32 pcon;		/* PCON */
	u8 dver[32];		/* DVER */
	u8 rsvd[124];
} __packed;

/* Mailbox 1: public ACPI methods */
struct opregion_acpi {
	__le32 drdy;
	__le32 csts;
	__le32 cevt;
	u8 rsvd1[20];
	__le32 didl[8];
	__le32 cpdl[8];
	__le32 cadl[8];
	__le32 nadl[8];
	__le32 aslp;
	__le32 tidx;
	__le32 chpd;
	__le32 clid;
	__le32 cdck;
	__le32 sxsw;
	__le32 evts;
	__le32 cnot;
	__le32 nrdy;
	__le32 did2[7];
	__le32 cpd2[7];
	u8 rsvd2[4];
} __packed;

/* Mailbox 2: SWSCI */
struct opregion_swsci {
	__le32 scic;
	__le32 parm;
	__le32 dslp;
	u8 rsvd[244];
} __packed;

/* Mailbox 3: ASLE */
struct opregion_asle {
	__le32 ardy;
	__le32 aslc;
	__le32 tche;
	__le32 alsi;
	__le32 bclp;
	__le32 pfit;
	__le32 cblv;
	__le16 bclm[20];
	__le32 cpfm;
	__le32 epfm;
	u8 plut[74];
	__le32 pfmb;
	__le32 cddv;
	__le32 pcft;
	__le32 srot;
	__le32 iuer;
	__le64 fdss;
	__le32 fdsp;
	__le32 stat;
	__le64 rvda;	/* absolute (2.0) or relative to the OpRegion (2.1+) */
	__le32 rvds;
	u8 rsvd[58];
} __packed;

/* Mailbox 5: ASLE extension */
struct opregion_asle_ext {
	__le32 phed;
	u8 bddc[256];
	u8 rsvd[764];
} __packed;

/* The whole 8 KiB layout */
struct opregion {
	struct opregion_header header;
	struct opregion_acpi acpi;
	struct opregion_swsci swsci;
	struct opregion_asle asle;
	u8 vbt[OPREGION_VBT_SIZE];
	struct opregion_asle_ext asle_ext;
} __packed;

/* VBT header, as in i915's intel_vbt_defs.h */
struct vbt_header {
	u8 signature[20];	/* "$VBT..." */
	__le16 version;
	__le16 header_size;
	__le16 vbt_size;
	u8 vbt_checksum;
	u8 reserved0;
	__le32 bdb_offset;
	__le32 aim_offset[4];
} __packed;

struct bdb_header {
	u8 signature[16];	/* "BIOS_DATA_BLOCK " */
	__le16 version;
	__le16 header_size;
	__le16 bdb_size;
} __packed;

#define OPREGION_OFF(member) ((u32)offsetof(struct opregion, member))

static_assert(sizeof(struct opregion_header) == 0x100);
static_assert(sizeof(struct opregion_acpi) == 0x100);
static_assert(sizeof(struct opregion_swsci) == 0x100);
static_assert(sizeof(struct opregion_asle) == 0x100);
static_assert(sizeof(struct opregion_asle_ext) == 0x400);
static_assert(sizeof(struct opregion) == OPREGION_SIZE);
static_assert(sizeof(struct vbt_header) == 48);
static_assert(sizeof(struct bdb_header) == 22);

static_assert(OPREGION_OFF(header.size) == 0x10);
static_assert(OPREGION_OFF(header.over) == 0x14);
static_assert(OPREGION_OFF(header.mboxes) == 0x58);
static_assert(OPREGION_OFF(header.pcon) == 0x60);
static_assert(OPREGION_OFF(acpi) == OPREGION_ACPI_OFFSET);
static_assert(OPREGION_OFF(acpi.cevt) == 0x108);
static_assert(OPREGION_OFF(acpi.didl) == 0x120);
static_assert(OPREGION_OFF(acpi.cadl) == 0x160);
static_assert(OPREGION_OFF(acpi.nadl) == 0x180);
static_assert(OPREGION_OFF(acpi.chpd) == 0x1a8);
static_assert(OPREGION_OFF(acpi.clid) == 0x1ac);
static_assert(OPREGION_OFF(acpi.did2) == 0x1c4);
static_assert(OPREGION_OFF(acpi.cpd2) == 0x1e0);
static_assert(OPREGION_OFF(swsci) == OPREGION_SWSCI_OFFSET);
static_assert(OPREGION_OFF(swsci.dslp) == 0x208);
static_assert(OPREGION_OFF(asle) == OPREGION_ASLE_OFFSET);
static_assert(OPREGION_OFF(asle.bclp) == 0x310);
static_assert(OPREGION_OFF(asle.cblv) == 0x318);
static_assert(OPREGION_OFF(asle.bclm) == 0x31c);
static_assert(OPREGION_OFF(asle.plut) == 0x34c);
static_assert(OPREGION_OFF(asle.pfmb) == 0x396);
static_assert(OPREGION_OFF(asle.iuer) == 0x3a6);
static_assert(OPREGION_OFF(asle.fdss) == 0x3aa);
static_assert(OPREGION_OFF(asle.stat) == 0x3b6);
static_assert(OPREGION_OFF(asle.rvda) == 0x3ba);
static_assert(OPREGION_OFF(asle.rvds) == 0x3c2);
static_assert(OPREGION_OFF(vbt) == OPREGION_VBT_OFFSET);
static_assert(OPREGION_OFF(asle_ext) == OPREGION_ASLE_EXT_OFFSET);
static_assert(OPREGION_OFF(asle_ext.bddc) == 0x1c04);

#endif /* IGD_OPREGION_LAYOUT_H */
