// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_demo.c - opregionctl demo: a narrated i915 and firmware session on a built-in platform
 */
#include <stdlib.h>
#include <string.h>

#include "opregionctl.h"
#include "print.h"

#define DEMO_VBT	"tests/data/vbt/adl-p_google-kano.vbt"

struct demo {
	struct platform plat;
	struct iop *iop;
	struct ev_log log;
	unsigned int checks, failed;
	u32 race_bits;		/* firmware sets these inside the next cmpxchg */
	u64 race_pa;
};

static void demo_event(void *priv, const struct iop_event *ev)
{
	struct demo *d = priv;

	print_event_text(stdout, ev);
	ev_log_add(&d->log, ev);
}

static void demo_race(struct platform *plat, u64 pa, void *priv)
{
	struct demo *d = priv;
	u32 val;

	if (!d->race_bits || pa != d->race_pa || plat_fw_read(plat, pa, &val, 4))
		return;
	val |= d->race_bits;
	plat_fw_write(plat, pa, &val, 4);
	printf("    firmware, at that very moment, sets 0x%x: physical now 0x%x\n",
	       d->race_bits, val);
	d->race_bits = 0;
}

static void demo_check(struct demo *d, const char *what, u64 got, u64 want)
{
	d->checks++;
	if (got == want) {
		printf("    check %-52s 0x%llx ok\n", what, (unsigned long long)got);
		return;
	}
	d->failed++;
	printf("    check %-52s 0x%llx, want 0x%llx FAILED\n", what,
	       (unsigned long long)got, (unsigned long long)want);
}

static u32 demo_phys32(struct demo *d, u32 off)
{
	u32 val = 0;

	if (plat_fw_read(&d->plat, d->plat.asls + off, &val, 4))
		printf("    (physical 0x%x unreadable)\n", off);
	return val;
}

static void demo_expect_phys(struct demo *d, const char *name, u32 off, u32 want)
{
	char what[96];

	snprintf(what, sizeof(what), "physical %s (0x%llx)", name,
		 (unsigned long long)(d->plat.asls + off));
	demo_check(d, what, demo_phys32(d, off), want);
}

/* How many events of @kind on field @name the last operation reported */
static unsigned int demo_saw(struct demo *d, enum iop_event_kind kind, const char *name)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < d->log.nr; i++)
		if (d->log.ev[i].kind == kind && !strcmp(d->log.ev[i].field->name, name))
			n++;
	return n;
}

static void demo_guest_write(struct demo *d, const char *name, u32 off, u32 val)
{
	u8 buf[4];
	ssize_t n;

	d->log.nr = 0;
	printf("  guest writes %s = 0x%x (view 0x%x)\n", name, val, off);
	put_unaligned_le32(val, buf);
	n = iop_write(d->iop, off, buf, 4);
	if (n != 4)
		demo_check(d, "iop_write() result", n, 4);
}

static u32 demo_guest_read(struct demo *d, const char *name, u32 off)
{
	u8 buf[4] = { 0 };
	ssize_t n;

	d->log.nr = 0;
	printf("  guest reads %s (view 0x%x)\n", name, off);
	n = iop_read(d->iop, off, buf, 4);
	if (n != 4)
		demo_check(d, "iop_read() result", n, 4);
	printf("    = 0x%x\n", get_unaligned_le32(buf));
	return get_unaligned_le32(buf);
}

static void demo_fw_write(struct demo *d, const char *name, u32 off, u32 val)
{
	printf("  firmware writes %s = 0x%x (physical 0x%llx)\n", name, val,
	       (unsigned long long)(d->plat.asls + off));
	if (plat_fw_write(&d->plat, d->plat.asls + off, &val, 4))
		demo_check(d, "firmware write", 1, 0);
}

static void demo_step(const char *title)
{
	printf("\n== %s\n", title);
}

/* Probe and show the stitched geometry of the 2.0 host. */
static void demo_probe(struct demo *d, const u8 *vbt, u32 vbt_size)
{
	const struct iop_geometry *g = &d->iop->geo;
	u8 buf[8] = { 0 };
	u8 *ext;

	demo_step("1. The host: OpRegion 2.0, extended VBT at an absolute RVDA");
	printf("  OpRegion at 0x%llx (8 KiB), extended VBT at 0x%llx (RVDS %u)\n",
	       (unsigned long long)PLAT_ASLS, (unsigned long long)PLAT_EXT_VBT_PA,
	       (vbt_size + 511) & ~511U);
	iop_probe(d->iop, PLAT_ASLS, &plat_ops, &d->plat, demo_event, d);
	print_check_text(stdout, d->iop, "  ");
	demo_check(d, "validation result", d->iop->reason, IOP_OK);
	if (d->iop->reason != IOP_OK)
		return;
	demo_check(d, "view version", g->view_ver, OPREGION_VER(2, 1));
	demo_check(d, "view size", g->view_size, OPREGION_SIZE + ((vbt_size + 511) & ~511U));
	demo_check(d, "VBT is the extended one", g->vbt_where, IOP_VBT_EXTENDED);

	printf("  the guest sees a 2.1 OpRegion with the VBT appended at 0x2000:\n");
	iop_read(d->iop, OPREGION_OFF(header.over), buf, 4);
	demo_check(d, "view OVER major.minor", buf[3] << 8 | buf[2], OPREGION_VER(2, 1));
	demo_check(d, "physical OVER major.minor (untouched)",
		   demo_phys32(d, OPREGION_OFF(header.over)) >> 16, OPREGION_VER(2, 0));
	iop_read(d->iop, OPREGION_OFF(asle.rvda), buf, 8);
	demo_check(d, "view RVDA", get_unaligned_le64(buf), OPREGION_SIZE);
	ext = malloc(vbt_size);
	if (ext) {
		iop_read(d->iop, OPREGION_SIZE, ext, vbt_size);
		demo_check(d, "view bytes 0x2000.. equal the VBT blob",
			   memcmp(ext, vbt, vbt_size), 0);
		free(ext);
	}
}

static void demo_run(struct demo *d)
{
	const u32 level = 128, fw_parm = 0x41f;
	const u32 cblv = ((level * 100 + 254) / 255) | ASLE_CBLV_VALID;
	const u32 gbda_supported = 4 << 1;	/* SWSCI_GBDA_SUPPORTED_CALLS */
	u32 scic, bclp, aslc;
	u8 vbt_before[4], vbt_after[4], junk[4] = { 'J', 'U', 'N', 'K' };
	int row;

	demo_step("2. The guest opens the view; host i915 left ARDY = 0, DRDY = 0");
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 0);
	iop_open(d->iop);

	demo_step("3. Guest i915 init (intel_opregion_resume_display)");
	demo_guest_write(d, "CSTS", OPREGION_OFF(acpi.csts), 0);
	demo_guest_write(d, "DRDY", OPREGION_OFF(acpi.drdy), 1);
	demo_guest_write(d, "TCHE", OPREGION_OFF(asle.tche), ASLE_TCHE_BLC_EN);
	demo_guest_write(d, "ARDY", OPREGION_OFF(asle.ardy), ASLE_ARDY_READY);
	demo_guest_write(d, "CHPD", OPREGION_OFF(acpi.chpd), 1);
	demo_expect_phys(d, "CSTS", OPREGION_OFF(acpi.csts), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 1);
	demo_expect_phys(d, "TCHE", OPREGION_OFF(asle.tche), ASLE_TCHE_BLC_EN);
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), ASLE_ARDY_READY);
	demo_expect_phys(d, "CHPD", OPREGION_OFF(acpi.chpd), 1);

	demo_step("4. Firmware: ASLE backlight request (it sees ARDY = 1, TCHE bit 1)");
	demo_fw_write(d, "BCLP", OPREGION_OFF(asle.bclp), level | ASLE_BCLP_VALID);
	demo_fw_write(d, "ASLC", OPREGION_OFF(asle.aslc), ASLC_SET_BACKLIGHT);

	demo_step("5. Guest i915 asle_work: read the request, answer CBLV and ASLC");
	aslc = demo_guest_read(d, "ASLC", OPREGION_OFF(asle.aslc));
	demo_check(d, "guest sees the ASLC backlight request", aslc, ASLC_SET_BACKLIGHT);
	demo_check(d, "fw-change event for ASLC", demo_saw(d, IOP_EV_FW_CHANGE, "ASLC"), 1);
	bclp = demo_guest_read(d, "BCLP", OPREGION_OFF(asle.bclp));
	demo_check(d, "guest sees BCLP", bclp, level | ASLE_BCLP_VALID);
	demo_guest_write(d, "CBLV", OPREGION_OFF(asle.cblv), cblv);
	demo_expect_phys(d, "CBLV", OPREGION_OFF(asle.cblv), cblv);
	printf("  the firmware posts a panel-fitting request (ASLC bit 2) while the\n"
	       "  guest writes its status 0: the masked update must keep it\n");
	d->race_pa = d->plat.asls + OPREGION_OFF(asle.aslc);
	d->race_bits = BIT(2);
	demo_guest_write(d, "ASLC", OPREGION_OFF(asle.aslc), 0);
	demo_expect_phys(d, "ASLC (bit 2 kept)", OPREGION_OFF(asle.aslc),
			 BIT(2));
	aslc = demo_guest_read(d, "ASLC", OPREGION_OFF(asle.aslc));
	demo_check(d, "guest sees the new request", aslc, BIT(2));
	demo_guest_write(d, "ASLC", OPREGION_OFF(asle.aslc), 0);
	demo_expect_phys(d, "ASLC", OPREGION_OFF(asle.aslc), 0);

	demo_step("6. SWSCI round trip: GBDA supported calls");
	scic = demo_guest_read(d, "SCIC", OPREGION_OFF(swsci.scic));
	demo_check(d, "SCIC bit 0 clear: mailbox not busy", scic & SWSCI_SCIC_INDICATOR, 0);
	demo_guest_write(d, "PARM", OPREGION_OFF(swsci.parm), 0);
	demo_guest_write(d, "SCIC", OPREGION_OFF(swsci.scic),
			 gbda_supported | SWSCI_SCIC_INDICATOR);
	demo_expect_phys(d, "SCIC", OPREGION_OFF(swsci.scic),
			 gbda_supported | SWSCI_SCIC_INDICATOR);
	scic = gbda_supported | SWSCI_SCIC_EXIT_STATUS_SUCCESS << SWSCI_SCIC_EXIT_STATUS_SHIFT;
	demo_fw_write(d, "PARM", OPREGION_OFF(swsci.parm), fw_parm);
	demo_fw_write(d, "SCIC", OPREGION_OFF(swsci.scic), scic);
	scic = demo_guest_read(d, "SCIC", OPREGION_OFF(swsci.scic));
	demo_check(d, "SCIC bit 0 cleared by firmware", scic & SWSCI_SCIC_INDICATOR, 0);
	demo_check(d, "SCIC exit status",
		   (scic & SWSCI_SCIC_EXIT_STATUS_MASK) >> SWSCI_SCIC_EXIT_STATUS_SHIFT,
		   SWSCI_SCIC_EXIT_STATUS_SUCCESS);
	demo_check(d, "guest sees PARM result",
		   demo_guest_read(d, "PARM", OPREGION_OFF(swsci.parm)), fw_parm);

	demo_step("7. Refused writes: firmware-owned BCLP and the VBT");
	demo_guest_write(d, "BCLP", OPREGION_OFF(asle.bclp), 0x10 | ASLE_BCLP_VALID);
	demo_check(d, "refused event for BCLP", demo_saw(d, IOP_EV_REFUSED, "BCLP"), 1);
	demo_expect_phys(d, "BCLP (unchanged)", OPREGION_OFF(asle.bclp),
			 level | ASLE_BCLP_VALID);
	row = find_row("BCLP");
	demo_check(d, "refusals counted for BCLP", row < 0 ? 0 : d->iop->refused[row], 1);
	plat_fw_read(&d->plat, PLAT_EXT_VBT_PA, vbt_before, 4);
	d->log.nr = 0;
	printf("  guest writes \"JUNK\" over the extended VBT (view 0x2000)\n");
	iop_write(d->iop, OPREGION_SIZE, junk, 4);
	demo_check(d, "refused event for RVBT", demo_saw(d, IOP_EV_REFUSED, "RVBT"), 1);
	plat_fw_read(&d->plat, PLAT_EXT_VBT_PA, vbt_after, 4);
	demo_check(d, "physical VBT header (unchanged)", memcmp(vbt_before, vbt_after, 4), 0);

	demo_step("8. Release: the host gets its driver-owned state back");
	d->log.nr = 0;
	iop_release(d->iop);
	demo_check(d, "restore event for ARDY", demo_saw(d, IOP_EV_RESTORE, "ARDY"), 1);
	demo_check(d, "restore event for DRDY", demo_saw(d, IOP_EV_RESTORE, "DRDY"), 1);
	demo_expect_phys(d, "ARDY", OPREGION_OFF(asle.ardy), 0);
	demo_expect_phys(d, "DRDY", OPREGION_OFF(acpi.drdy), 0);
	demo_expect_phys(d, "TCHE", OPREGION_OFF(asle.tche), 0);
	demo_expect_phys(d, "CBLV", OPREGION_OFF(asle.cblv), 0);
	demo_expect_phys(d, "BCLP (firmware-owned, kept)", OPREGION_OFF(asle.bclp),
			 level | ASLE_BCLP_VALID);
}

static int do_demo(int argc, char **argv)
{
	struct demo d = { 0 };
	const char *path, *err;
	struct args a;
	size_t len, vbt_size;
	u8 *blob;
	int rc;

	rc = parse_args(argc, argv, A_VBT, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 0, "");
	if (rc)
		return rc;
	path = a.vbt ? a.vbt : DEMO_VBT;
	rc = read_file(path, &blob, &len);
	if (rc) {
		if (!a.vbt)
			fprintf(stderr,
				"opregionctl: demo: run from the source tree or pass --vbt FILE\n");
		return rc;
	}
	vbt_size = plat_vbt_size(blob, len);
	if (!vbt_size || vbt_size > len) {
		free(blob);
		return fail("demo: %s: not a VBT (no $VBT header, or shorter than its vbt_size)",
			    path);
	}
	if (plat_build(&d.plat, PLAT_20_ABSOLUTE, blob, vbt_size, &err)) {
		free(blob);
		plat_free(&d.plat);
		return fail("demo: %s: %s", path, err);
	}
	d.iop = calloc(1, sizeof(*d.iop));
	if (!d.iop) {
		free(blob);
		plat_free(&d.plat);
		return fail("out of memory");
	}
	d.plat.race = demo_race;
	d.plat.race_priv = &d;

	printf("opregionctl demo: a 2.0 host whose VBT is too large for mailbox 4,\n"
	       "proxied to a guest as a writable 2.1 OpRegion\n"
	       "VBT: %s (vbt_size %zu)\n", path, vbt_size);
	demo_probe(&d, blob, vbt_size);
	if (d.iop->reason == IOP_OK)
		demo_run(&d);

	printf("\n%u checks, %u failed\n", d.checks, d.failed);
	rc = d.failed ? EXIT_REJECTED : 0;
	free(d.log.ev);
	free(d.iop);
	plat_free(&d.plat);
	free(blob);
	return rc;
}

const struct cmd cmd_demo = {
	.name = "demo",
	.run = do_demo,
	.help =
		"  demo [--vbt FILE]\n"
		"      Narrated i915 and firmware session on a built-in 2.0 platform whose\n"
		"      extended VBT is FILE (default " DEMO_VBT ").\n"
		"      Exit 1 if any expected physical value is wrong.\n",
};
