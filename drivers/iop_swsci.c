// SPDX-License-Identifier: GPL-2.0
/*
 * iop_swsci.c - SWSCI mediation (part of igd-vfio-pci.ko): implements
 * include/igd_opregion/iop_swsci.h.
 *
 * Contract:
 * - iop_swsci_funcs[] is the whole policy: every GBDA and SBCB
 *   subfunction i915 (Linux 6.12, intel_opregion.c) names, whether it may
 *   reach the host firmware by default and why. Functions not in the
 *   table reach the firmware only under the "all" policy.
 * - iop_kdev_swsci() runs under kd->lock, so the SCIC function it checks
 *   is the one the firmware will find: guest writes to SCIC and PARM are
 *   serialised with it, and refused while a forwarded request is pending
 *   (iop_kdev_swsci_busy(), called by the region write path).
 * - A refused call is answered as the firmware answers a call it cannot
 *   run: SCIC bit 0 cleared, exit status IOP_SWSCI_EXIT_REFUSED, PARM
 *   untouched. Every trigger is traced (igd_opregion_swsci_forward or
 *   igd_opregion_swsci_refused).
 */
#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "igd_compat.h"
#include "igd_opregion/iop_kernel.h"
#include "igd_opregion/iop_swsci.h"

#include "iop_trace.h"

#define GBDA(sub)	IOP_SWSCI_FUNC(IOP_SWSCI_GBDA, sub)
#define SBCB(sub)	IOP_SWSCI_FUNC(IOP_SWSCI_SBCB, sub)

/**
 * DOC: SWSCI policy
 *
 * One row per SWSCI function i915 names. A function reaches the host
 * firmware by default only when i915 6.12 calls it: the three queries of
 * swsci_setup(), the panel-type query of intel_opregion_get_panel_type()
 * and the two power-state notifications. Everything else sets or changes
 * platform state a guest has no business changing (boot display, TV
 * format, spread spectrum, audio ...), is legacy VBIOS mode-set
 * signalling i915 never sends, or is unknown.
 */
const struct iop_swsci_func iop_swsci_funcs[] = {
	{ GBDA(0), "GBDA_SUPPORTED_CALLS", true,
	  "swsci_setup(): which GBDA calls the firmware supports; a query" },
	{ GBDA(1), "GBDA_REQUESTED_CALLBACKS", true,
	  "swsci_setup(): which SBCB callbacks the firmware wants; a query" },
	{ GBDA(4), "GBDA_BOOT_DISPLAY_PREF", false,
	  "i915 never calls it" },
	{ GBDA(5), "GBDA_PANEL_DETAILS", true,
	  "intel_opregion_get_panel_type() at panel setup; a query" },
	{ GBDA(6), "GBDA_TV_STANDARD", false, "i915 never calls it" },
	{ GBDA(7), "GBDA_INTERNAL_GRAPHICS", false, "i915 never calls it" },
	{ GBDA(10), "GBDA_SPREAD_SPECTRUM", false, "i915 never calls it" },
	{ SBCB(0), "SBCB_SUPPORTED_CALLBACKS", true,
	  "swsci_setup(): which SBCB callbacks the firmware supports; a query" },
	{ SBCB(1), "SBCB_INIT_COMPLETION", false,
	  "VBIOS POST signalling; i915 never calls it" },
	{ SBCB(3), "SBCB_PRE_HIRES_SET_MODE", false,
	  "VBIOS mode-set signalling; i915 never calls it" },
	{ SBCB(4), "SBCB_POST_HIRES_SET_MODE", false,
	  "VBIOS mode-set signalling; i915 never calls it" },
	{ SBCB(5), "SBCB_DISPLAY_SWITCH", false,
	  "changes the host's display routing; i915 never calls it" },
	{ SBCB(6), "SBCB_SET_TV_FORMAT", false,
	  "changes platform state; i915 never calls it" },
	{ SBCB(7), "SBCB_ADAPTER_POWER_STATE", true,
	  "intel_opregion_notify_adapter() at suspend and resume" },
	{ SBCB(8), "SBCB_DISPLAY_POWER_STATE", true,
	  "intel_opregion_notify_encoder() when a DDI encoder goes on or off" },
	{ SBCB(9), "SBCB_SET_BOOT_DISPLAY", false,
	  "changes the host's boot display; i915 never calls it" },
	{ SBCB(10), "SBCB_SET_PANEL_DETAILS", false,
	  "changes the host's panel settings; i915 never calls it" },
	{ SBCB(11), "SBCB_SET_INTERNAL_GFX", false,
	  "changes the host's graphics setup; i915 never calls it" },
	{ SBCB(16), "SBCB_POST_HIRES_TO_DOS_FS", false,
	  "VBIOS mode-set signalling; i915 never calls it" },
	{ SBCB(17), "SBCB_SUSPEND_RESUME", false,
	  "platform power signalling; i915 never calls it" },
	{ SBCB(18), "SBCB_SET_SPREAD_SPECTRUM", false,
	  "changes the host's clocking; i915 never calls it" },
	{ SBCB(19), "SBCB_POST_VBE_PM", false,
	  "VBIOS power signalling; i915 never calls it" },
	{ SBCB(21), "SBCB_ENABLE_DISABLE_AUDIO", false,
	  "changes the host's audio routing; i915 never calls it" },
};
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_funcs);

const unsigned int iop_swsci_nr_funcs = ARRAY_SIZE(iop_swsci_funcs);
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_nr_funcs);

static const char * const iop_swsci_policy_names[IOP_SWSCI_NR_POLICIES] = {
	[IOP_SWSCI_NONE]	= "none",
	[IOP_SWSCI_DEFAULT]	= "default",
	[IOP_SWSCI_ALL]		= "all",
};

/**
 * iop_swsci_lookup() - the policy row of an SCIC value's function
 * @scic: SCIC as the guest wrote it (only the function bits count)
 *
 * Context: any.
 * Return: the row, or NULL for a function the table does not name.
 */
const struct iop_swsci_func *iop_swsci_lookup(u32 scic)
{
	u32 function = scic & IOP_SWSCI_FUNC_MASK;
	unsigned int i;

	for (i = 0; i < iop_swsci_nr_funcs; i++)
		if (iop_swsci_funcs[i].function == function)
			return &iop_swsci_funcs[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_lookup);

/**
 * iop_swsci_allowed() - may this SWSCI function reach the firmware?
 * @policy: enum iop_swsci_policy
 * @scic: SCIC as the guest wrote it
 *
 * Context: any.
 * Return: true under IOP_SWSCI_ALL, false under IOP_SWSCI_NONE (or an
 * unknown policy), the row's @allowed under IOP_SWSCI_DEFAULT (false for
 * a function the table does not name).
 */
bool iop_swsci_allowed(enum iop_swsci_policy policy, u32 scic)
{
	const struct iop_swsci_func *f;

	switch (policy) {
	case IOP_SWSCI_ALL:
		return true;
	case IOP_SWSCI_DEFAULT:
		f = iop_swsci_lookup(scic);
		return f && f->allowed;
	default:
		return false;
	}
}
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_allowed);

/**
 * iop_swsci_policy_parse() - a policy from its name
 * @s: "none", "default" or "all", a trailing newline allowed
 *
 * Context: any.
 * Return: the enum iop_swsci_policy, or -EINVAL.
 */
int iop_swsci_policy_parse(const char *s)
{
	return sysfs_match_string(iop_swsci_policy_names, s);
}
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_policy_parse);

/**
 * iop_swsci_policy_name() - the name of a policy
 * @policy: enum iop_swsci_policy
 *
 * Context: any.
 * Return: "none", "default", "all", or "?" for an unknown value.
 */
const char *iop_swsci_policy_name(enum iop_swsci_policy policy)
{
	if ((unsigned int)policy >= IOP_SWSCI_NR_POLICIES)
		return "?";
	return iop_swsci_policy_names[policy];
}
EXPORT_SYMBOL_IF_KUNIT(iop_swsci_policy_name);

static u64 iop_kdev_scic_pa(const struct iop_kdev *kd)
{
	return kd->iop.geo.asls + OPREGION_OFF(swsci.scic);
}

/**
 * iop_kdev_swsci() - mediate the guest's SWSCI trigger (GSSCIE set)
 * @kd: a probed device
 * @policy: enum iop_swsci_policy
 * @sci: the guest's SCISEL: set asks for an SCI, clear for an SMI
 * @fire: passes the trigger on to the firmware (the IGD's config 0xE8);
 *	called under kd->lock, may sleep; returns 0 or a negative errno
 * @ctx: passed to @fire
 *
 * Reads the SCIC function and PARM the guest forwarded into the physical
 * OpRegion. Calls @fire only when a request is pending (SCIC bit 0), the
 * guest asked for an SCI and @policy allows the function; the request is
 * then pending and the region refuses guest writes to SCIC and PARM until
 * the firmware clears SCIC bit 0 (iop_kdev_swsci_busy()), so the function
 * the firmware runs is the one checked here. A refused request (and one
 * @fire could not pass on) is answered at once as firmware answers a call
 * it cannot run: SCIC bit 0 cleared and exit status
 * IOP_SWSCI_EXIT_REFUSED, so the guest's poll ends with a failure instead
 * of a timeout. Traced either way.
 *
 * Context: process context, may sleep; takes kd->lock.
 * Return: the enum iop_swsci_verdict.
 */
enum iop_swsci_verdict iop_kdev_swsci(struct iop_kdev *kd,
				      enum iop_swsci_policy policy, bool sci,
				      int (*fire)(void *ctx), void *ctx)
{
	const struct iop_geometry *geo = &kd->iop.geo;
	u64 scic_pa = iop_kdev_scic_pa(kd);
	enum iop_swsci_verdict v;
	u32 scic = 0, parm = 0, done;

	guard(mutex)(&kd->lock);
	/* From 3.0, 0x200 is the backlight mailbox: no SCIC to check. */
	if (!(geo->mboxes & MBOX_SWSCI) || geo->host_ver >= OPREGION_VER(3, 0)) {
		v = IOP_SWSCI_NO_MAILBOX;
		goto out;
	}
	scic = kd->ops->load(kd->ctx, scic_pa, 4);
	parm = kd->ops->load(kd->ctx, geo->asls + OPREGION_OFF(swsci.parm), 4);
	if (!(scic & SWSCI_SCIC_INDICATOR))
		v = IOP_SWSCI_IDLE;
	else if (!sci)
		v = IOP_SWSCI_SMI;
	else if (!iop_swsci_allowed(policy, scic))
		v = IOP_SWSCI_REFUSED;
	else if (fire(ctx))
		v = IOP_SWSCI_FIRE_FAILED;
	else
		v = IOP_SWSCI_FORWARDED;

	if (v == IOP_SWSCI_FORWARDED) {
		kd->swsci_pending = true;
	} else if (v != IOP_SWSCI_IDLE) {
		done = scic & ~(SWSCI_SCIC_INDICATOR | SWSCI_SCIC_EXIT_STATUS_MASK);
		done |= IOP_SWSCI_EXIT_REFUSED << SWSCI_SCIC_EXIT_STATUS_SHIFT;
		/* Nobody else may change SCIC now: the firmware got no SCI. */
		kd->ops->cmpxchg32(kd->ctx, scic_pa, scic, done);
	}
out:
	if (v == IOP_SWSCI_FORWARDED)
		trace_igd_opregion_swsci_forward(kd, scic, parm, v);
	else
		trace_igd_opregion_swsci_refused(kd, scic, parm, v);
	return v;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_swsci);

/**
 * iop_kdev_swsci_busy() - must a guest write wait for the firmware?
 * @kd: a probed device, kd->lock held
 * @pos: view offset of the write
 * @count: its length
 *
 * After iop_kdev_swsci() forwarded a request, the firmware runs the
 * function it finds in SCIC when its SCI handler gets to it. Until it
 * clears SCIC bit 0, a guest write that touches SCIC or PARM could swap
 * the function checked for another one: such writes are refused. i915
 * never writes SCIC or PARM while bit 0 is set.
 *
 * Context: under kd->lock.
 * Return: true to refuse the write.
 */
bool iop_kdev_swsci_busy(struct iop_kdev *kd, loff_t pos, size_t count)
{
	lockdep_assert_held(&kd->lock);
	if (!kd->swsci_pending || pos >= OPREGION_OFF(swsci.dslp) ||
	    pos + count <= OPREGION_OFF(swsci.scic))
		return false;
	if (kd->ops->load(kd->ctx, iop_kdev_scic_pa(kd), 4) &
	    SWSCI_SCIC_INDICATOR)
		return true;
	kd->swsci_pending = false;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_swsci_busy);
