// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: ownership table
 *
 * iop_table.c: the ownership table: one row per OpRegion field.
 *
 * This table is the single source of truth for what the guest may read
 * and write. Each class comes from what the two real parties do (i915 6.12
 * intel_opregion.c on the driver side, coreboot and vendor ASL on the
 * firmware side; see Documentation/ownership.rst, generated from this
 * table by "opregionctl table"). Rows are sorted by offset and apply when
 * the host's version is in [min_ver, max_ver) and the row's mailbox bit is
 * set; bytes no applicable row claims fall back to row 0 (reserved).
 * Each row also says how a tool shows its value (enum iop_hint): numbers
 * in hex unless it is text, raw bytes or a VBT.
 */
#include "igd_opregion/iop.h"

#define V1_0	OPREGION_VER(1, 0)
#define V2_0	OPREGION_VER(2, 0)
#define V3_0	OPREGION_VER(3, 0)

/* How a tool shows the value (enum iop_hint) */
#define AS_HEX		IOP_HINT_HEX
#define AS_TEXT		IOP_HINT_TEXT
#define AS_BYTES	IOP_HINT_BYTES
#define AS_VBT		IOP_HINT_VBT

#define ROW(_name, _off, _size, _width, _cls, _flags, _min, _max, _mbox, _fwmask, _hint, _why) \
	{ .name = _name, .offset = _off, .size = _size, .width = _width,	\
	  .cls = _cls, .flags = _flags, .min_ver = _min, .max_ver = _max,	\
	  .mbox = _mbox, .fwmask = _fwmask, .hint = _hint, .why = _why }

#define HDR(n, o, s, w, c, f, h, why)	ROW(n, o, s, w, c, f, V1_0, 0, 0, 0, h, why)
#define ACPI(n, o, s, w, c, why)	ROW(n, o, s, w, c, 0, V1_0, 0, MBOX_ACPI, 0, AS_HEX, why)
#define ASLE(n, o, s, w, c, why)	ROW(n, o, s, w, c, 0, V1_0, 0, MBOX_ASLE, 0, AS_HEX, why)

const struct iop_field iop_fields[] = {
	ROW("RSVD", 0, 0, 1, IOP_RESERVED, 0, 0, 0, 0, 0, AS_BYTES,
	    "no field for this host version and mailbox bitmap"),

	/* Header: written once by firmware at boot */
	HDR("SIGN", 0x000, 16, 1, IOP_CONST, IOP_F_SNAPSHOT, AS_TEXT,
	    "layout: signature, snapshot at validation"),
	HDR("SIZE", 0x010, 4, 4, IOP_CONST, IOP_F_SNAPSHOT, AS_HEX,
	    "layout: size in KiB, snapshot at validation"),
	HDR("OVER", 0x014, 4, 4, IOP_VIRT, 0, AS_HEX,
	    "version: a 2.0 host with an extended VBT reads as 2.1"),
	HDR("SVER", 0x018, 32, 1, IOP_CONST, 0, AS_TEXT, "system BIOS version string"),
	HDR("VVER", 0x038, 16, 1, IOP_CONST, 0, AS_TEXT, "video BIOS version string"),
	HDR("GVER", 0x048, 16, 1, IOP_CONST, 0, AS_TEXT, "driver version string, unused by i915"),
	HDR("MBOX", 0x058, 4, 4, IOP_CONST, IOP_F_SNAPSHOT, AS_HEX,
	    "layout: mailbox bitmap, snapshot at validation"),
	HDR("DMOD", 0x05c, 4, 4, IOP_CONST, 0, AS_HEX, "driver model, unused by i915"),
	HDR("PCON", 0x060, 4, 4, IOP_CONST, 0, AS_HEX, "platform configuration, set at boot"),
	HDR("DVER", 0x064, 32, 1, IOP_CONST, 0, AS_TEXT, "GOP version string"),

	/* Mailbox 1: public ACPI methods */
	ACPI("DRDY", 0x100, 4, 4, IOP_DRV,
	     "i915 sets 1 at init, 0 at suspend; firmware GNOT checks it"),
	ROW("CSTS", 0x104, 4, 4, IOP_HANDSHAKE, 0, V1_0, 0, MBOX_ACPI, 0, AS_HEX,
	    "firmware sets 3 before a notify, i915 acks with a blind write of 0"),
	ACPI("CEVT", 0x108, 4, 4, IOP_FW, "firmware writes the event before Notify(0x80)"),
	ACPI("DIDL", 0x120, 32, 4, IOP_DRV, "i915 writes the supported display list"),
	ACPI("CPDL", 0x140, 32, 4, IOP_DRV, "attached display list, driver side per spec"),
	ACPI("CADL", 0x160, 32, 4, IOP_DRV, "i915 writes the active display list"),
	ACPI("NADL", 0x180, 32, 4, IOP_FW, "firmware writes the next active display list"),
	ACPI("ASLP", 0x1a0, 4, 4, IOP_DRV, "ASL sleep time-out the driver asks firmware to wait"),
	ACPI("TIDX", 0x1a4, 4, 4, IOP_FW, "firmware writes the toggle table index"),
	ACPI("CHPD", 0x1a8, 4, 4, IOP_DRV, "i915 sets 1: it handles hotplug itself"),
	ACPI("CLID", 0x1ac, 4, 4, IOP_FW, "firmware writes the lid state"),
	ACPI("CDCK", 0x1b0, 4, 4, IOP_FW, "firmware writes the docking state"),
	ACPI("SXSW", 0x1b4, 4, 4, IOP_FW, "firmware writes the Sx resume state"),
	ACPI("EVTS", 0x1b8, 4, 4, IOP_FW, "firmware advertises the events its ASL supports"),
	ACPI("CNOT", 0x1bc, 4, 4, IOP_FW, "firmware writes the current OS notification"),
	ACPI("NRDY", 0x1c0, 4, 4, IOP_DRV, "driver status, written with DRDY"),
	ACPI("DID2", 0x1c4, 28, 4, IOP_DRV, "i915 writes display IDs 9..15"),
	ACPI("CPD2", 0x1e0, 28, 4, IOP_DRV, "extended attached display list, driver side"),

	/* Mailbox 2 below 3.0: SWSCI */
	ROW("SCIC", 0x200, 4, 4, IOP_HANDSHAKE, IOP_F_REQUEST, V1_0, V3_0, MBOX_SWSCI,
	    SWSCI_SCIC_INDICATOR | SWSCI_SCIC_EXIT_STATUS_MASK, AS_HEX,
	    "i915 writes function|1, firmware writes exit status and clears bit 0; "
	    "bit 0 set over a clear one is a new request"),
	ROW("PARM", 0x204, 4, 4, IOP_HANDSHAKE, 0, V1_0, V3_0, MBOX_SWSCI, 0, AS_HEX,
	    "i915 writes it while SCIC bit 0 is clear, firmware while it is set"),
	ROW("DSLP", 0x208, 4, 4, IOP_FW, 0, V1_0, V3_0, MBOX_SWSCI, 0, AS_HEX,
	    "firmware gives the SWSCI poll time-out"),
	/* Mailbox 2 from 3.0: backlight */
	ROW("BLCM", 0x200, 256, 1, IOP_CONST, 0, V3_0, 0, MBOX_BACKLIGHT, 0, AS_BYTES,
	    "3.0 backlight mailbox: i915 does not use it, served read-only"),

	/* Mailbox 3: ASLE */
	ASLE("ARDY", 0x300, 4, 4, IOP_DRV, "i915 sets 1 when ready for ASLE, firmware checks it"),
	ROW("ASLC", 0x304, 4, 4, IOP_HANDSHAKE, 0, V1_0, 0, MBOX_ASLE, ASLC_REQ_MSK, AS_HEX,
	    "firmware sets request bits 8:0, i915 replaces them with status"),
	ASLE("TCHE", 0x308, 4, 4, IOP_DRV,
	     "i915 sets the backlight-enable bit; firmware checks it"),
	ASLE("ALSI", 0x30c, 4, 4, IOP_FW, "firmware writes the ambient light reading"),
	ASLE("BCLP", 0x310, 4, 4, IOP_FW, "firmware writes the requested brightness | valid"),
	ASLE("PFIT", 0x314, 4, 4, IOP_FW, "firmware writes the panel fitting request"),
	ASLE("CBLV", 0x318, 4, 4, IOP_DRV, "i915 writes the current brightness | valid"),
	ASLE("BCLM", 0x31c, 40, 2, IOP_CONST, "backlight duty-cycle map, set at boot"),
	ASLE("CPFM", 0x344, 4, 4, IOP_DRV, "current panel fitting mode, driver side"),
	ASLE("EPFM", 0x348, 4, 4, IOP_FW, "firmware writes the enabled panel fitting modes"),
	ROW("PLUT", 0x34c, 74, 1, IOP_CONST, 0, V1_0, 0, MBOX_ASLE, 0, AS_BYTES,
	    "panel LUT, set at boot"),
	ASLE("PFMB", 0x396, 4, 4, IOP_FW, "firmware writes PWM frequency and minimum brightness"),
	ASLE("CDDV", 0x39a, 4, 4, IOP_CONST, "color correction defaults, set at boot"),
	ASLE("PCFT", 0x39e, 4, 4, IOP_FW, "firmware writes power conservation features"),
	ASLE("SROT", 0x3a2, 4, 4, IOP_FW, "firmware writes the rotation angles"),
	ASLE("IUER", 0x3a6, 4, 4, IOP_FW, "firmware writes button and convertible events"),
	ASLE("FDSS", 0x3aa, 8, 8, IOP_CONST, "FFS display start, set at boot"),
	ASLE("FDSP", 0x3b2, 4, 4, IOP_CONST, "FFS display size, set at boot"),
	ASLE("STAT", 0x3b6, 4, 4, IOP_DRV, "state indicator written by the driver"),
	ROW("RVDA", 0x3ba, 8, 8, IOP_VIRT, 0, V2_0, 0, MBOX_ASLE, 0, AS_HEX,
	    "extended VBT address: 0x2000 in the view, 0 without one"),
	ROW("RVDS", 0x3c2, 4, 4, IOP_CONST, IOP_F_SNAPSHOT, V2_0, 0, MBOX_ASLE, 0, AS_HEX,
	    "layout: extended VBT size, snapshot at validation; 0 without one"),

	/* Mailbox 4 */
	HDR("VBT", 0x400, OPREGION_VBT_SIZE, 1, IOP_CONST, 0, AS_VBT,
	    "video BIOS table, set at boot"),

	/* Mailbox 5: ASLE extension */
	ROW("PHED", 0x1c00, 4, 4, IOP_FW, 0, V1_0, 0, MBOX_ASLE_EXT, 0, AS_HEX,
	    "firmware writes the panel header"),
	ROW("BDDC", 0x1c04, 256, 1, IOP_FW, 0, V1_0, 0, MBOX_ASLE_EXT, 0, AS_BYTES,
	    "firmware writes the panel EDID"),

	/* Appended to the view */
	ROW("RVBT", OPREGION_SIZE, 0, 1, IOP_CONST, 0, V2_0, 0, 0, 0, AS_VBT,
	    "extended VBT, set at boot"),
};
EXPORT_SYMBOL_IF_KUNIT(iop_fields);

static_assert(ARRAY_SIZE(iop_fields) <= IOP_MAX_FIELDS);

const unsigned int iop_nr_fields = ARRAY_SIZE(iop_fields);
EXPORT_SYMBOL_IF_KUNIT(iop_nr_fields);
