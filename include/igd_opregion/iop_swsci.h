/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_swsci.h - which SWSCI functions a guest may make the host firmware
 * run, and the mediation of one SWSCI trigger (part of igd-vfio-pci.ko).
 *
 * Contract: the policy is one table, iop_swsci_funcs[], one row per SWSCI
 * function i915 names (function code, name, allowed by default, why). A
 * policy (none, default, all) decides per function. iop_kdev_swsci() is
 * what the vfio-pci variant driver calls when the guest sets GSSCIE in
 * config 0xE8: under the engine's lock it reads the SCIC function the
 * guest forwarded into the OpRegion and either fires the trigger it is
 * given or answers the call itself with a failure status, so that nothing
 * reaches the firmware. No vfio here: the decision runs in KUnit on UML.
 */
#ifndef IGD_OPREGION_IOP_SWSCI_H
#define IGD_OPREGION_IOP_SWSCI_H

#include <linux/bits.h>
#include <linux/types.h>

struct iop_kdev;

/* IGD PCI config registers, as i915's intel_pci_config.h names them */
#define IGD_ASLE		0xe4	/* firmware writes it to raise GSE */
#define IGD_SWSCI		0xe8	/* 16 bits */
#define IGD_SWSCI_SCISEL	BIT(15)	/* 1: SCI, 0: SMI */
#define IGD_SWSCI_GSSCIE	BIT(0)	/* 0 -> 1 raises the event */
#define IGD_SWSCI_VIRT		(IGD_SWSCI_SCISEL | IGD_SWSCI_GSSCIE)

/* SCIC function code, as i915's intel_opregion.c encodes it */
#define IOP_SWSCI_MAIN_SHIFT	1
#define IOP_SWSCI_MAIN_MASK	(0xfU << IOP_SWSCI_MAIN_SHIFT)
#define IOP_SWSCI_SUB_SHIFT	8
#define IOP_SWSCI_SUB_MASK	(0xffU << IOP_SWSCI_SUB_SHIFT)
#define IOP_SWSCI_FUNC_MASK	(IOP_SWSCI_MAIN_MASK | IOP_SWSCI_SUB_MASK)
#define IOP_SWSCI_FUNC(main, sub) \
	((main) << IOP_SWSCI_MAIN_SHIFT | (sub) << IOP_SWSCI_SUB_SHIFT)
#define IOP_SWSCI_GBDA		4	/* Get BIOS Data */
#define IOP_SWSCI_SBCB		6	/* System BIOS Callbacks */

/*
 * Exit status the proxy writes into SCIC bits 7:5 for a call it refuses:
 * "failure, generic, unsupported or unknown cause", as the simulated
 * firmware answers an unsupported function. i915's swsci() takes any
 * status but 1 as failure and returns -EIO.
 */
#define IOP_SWSCI_EXIT_REFUSED	2

/**
 * enum iop_swsci_policy - which SWSCI functions reach the firmware
 * @IOP_SWSCI_NONE: none
 * @IOP_SWSCI_DEFAULT: the rows of iop_swsci_funcs[] allowed by default
 *	(the calls i915 makes)
 * @IOP_SWSCI_ALL: every function, known or not (trusted guests only)
 * @IOP_SWSCI_NR_POLICIES: number of policies
 */
enum iop_swsci_policy {
	IOP_SWSCI_NONE,
	IOP_SWSCI_DEFAULT,
	IOP_SWSCI_ALL,
	IOP_SWSCI_NR_POLICIES,
};

/**
 * struct iop_swsci_func - one row of the SWSCI policy table
 * @function: SCIC function code, IOP_SWSCI_FUNC(main, sub)
 * @name: i915's name (SWSCI_GBDA_..., SWSCI_SBCB_...) without the prefix
 * @allowed: reaches the firmware under IOP_SWSCI_DEFAULT
 * @why: one-line reason
 */
struct iop_swsci_func {
	u32 function;
	const char *name;
	bool allowed;
	const char *why;
};

extern const struct iop_swsci_func iop_swsci_funcs[];
extern const unsigned int iop_swsci_nr_funcs;

/**
 * enum iop_swsci_verdict - what became of one SWSCI trigger
 * @IOP_SWSCI_FORWARDED: allowed: the trigger went to the firmware
 * @IOP_SWSCI_REFUSED: the policy refuses the function: nothing reached
 *	the firmware, SCIC holds the failure status
 * @IOP_SWSCI_SMI: the guest asked for an SMI (SCISEL clear), which i915
 *	never does: refused as above under every policy
 * @IOP_SWSCI_FIRE_FAILED: allowed, but the trigger could not be written:
 *	SCIC holds the failure status
 * @IOP_SWSCI_IDLE: no request in SCIC (bit 0 clear): nothing to run,
 *	nothing reached the firmware, SCIC untouched
 * @IOP_SWSCI_NO_MAILBOX: the host OpRegion has no SWSCI mailbox: nothing
 *	reached the firmware, nothing written
 */
enum iop_swsci_verdict {
	IOP_SWSCI_FORWARDED,
	IOP_SWSCI_REFUSED,
	IOP_SWSCI_SMI,
	IOP_SWSCI_FIRE_FAILED,
	IOP_SWSCI_IDLE,
	IOP_SWSCI_NO_MAILBOX,
};

const struct iop_swsci_func *iop_swsci_lookup(u32 scic);
bool iop_swsci_allowed(enum iop_swsci_policy policy, u32 scic);
int iop_swsci_policy_parse(const char *s);
const char *iop_swsci_policy_name(enum iop_swsci_policy policy);
enum iop_swsci_verdict iop_kdev_swsci(struct iop_kdev *kd,
				      enum iop_swsci_policy policy, bool sci,
				      int (*fire)(void *ctx), void *ctx);
bool iop_kdev_swsci_busy(struct iop_kdev *kd, loff_t pos, size_t count);

#endif /* IGD_OPREGION_IOP_SWSCI_H */
