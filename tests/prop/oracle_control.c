// SPDX-License-Identifier: GPL-2.0
/*
 * oracle_control.c - the oracle's positive controls: each seeds one kind
 * of violation that a per-operation check of oracle.c exists for, behind
 * the engine's and the model's back, and expects the next oracle call to
 * fail naming it. A check that was narrowed to the bytes an operation
 * touches (or dropped) lets a control through; the property test and both
 * fuzzers refuse to report success then.
 *
 * The engine is the real one and behaves. The violations come from the
 * platform model's store hook (a byte the engine did not store changes
 * during its store), from the engine's event callback (an event lost or
 * widened on the way to the oracle) or from a byte of physical memory
 * changed between two oracle calls without the model knowing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#define OVER_OFF	OPREGION_OFF(header.over)
#define SIZE_OFF	OPREGION_OFF(header.size)

enum ctl_seed {
	CTL_NONE,
	CTL_POKE_FAR,		/* at an engine store: flip the view's last byte */
	CTL_POKE_OVER,		/* at an engine store: flip a byte of OVER */
	CTL_FLIP_STORED,	/* at an engine store: flip a bit it stored */
	CTL_DROP_FORWARD,	/* lose the FORWARD events */
	CTL_DROP_REFUSED,	/* lose the REFUSED events */
	CTL_WIDEN_REFUSED,	/* the first REFUSED event takes the second's bytes */
};

struct ctl {
	struct oracle *o;
	struct iop *iop;
	struct platform plat;
	enum ctl_seed seed;
	unsigned int fired;
	unsigned int nr_refused;
	void (*store)(struct platform *plat, u64 pa, unsigned int width,
		      const u8 *old, const u8 *new, void *priv);
	void *store_priv;
	iop_event_fn event;
	void *event_priv;
	struct iop_event held;
};

static u8 *ctl_phys(struct ctl *c, u32 off)
{
	const struct oracle_host *h = &c->o->host;

	return plat_ptr(&c->plat, off < OPREGION_SIZE ? h->asls + off :
			h->ext_pa + (off - OPREGION_SIZE), 1);
}

static void ctl_store(struct platform *plat, u64 pa, unsigned int width,
		      const u8 *old, const u8 *new, void *priv)
{
	struct ctl *c = priv;

	c->store(plat, pa, width, old, new, c->store_priv);
	switch (c->seed) {
	case CTL_POKE_FAR:
		*ctl_phys(c, c->o->host.view_size - 1) ^= 0x5a;
		break;
	case CTL_POKE_OVER:
		*ctl_phys(c, OVER_OFF + 2) ^= 0x01;
		break;
	case CTL_FLIP_STORED:
		*plat_ptr(plat, pa, 1) ^= 0x10;
		break;
	default:
		return;
	}
	c->fired++;
	c->seed = CTL_NONE;	/* once */
}

static void ctl_event(void *priv, const struct iop_event *ev)
{
	struct ctl *c = priv;
	struct iop_event e = *ev;

	if (c->seed == CTL_DROP_FORWARD && ev->kind == IOP_EV_FORWARD) {
		c->fired++;
		return;
	}
	if (c->seed == CTL_DROP_REFUSED && ev->kind == IOP_EV_REFUSED) {
		c->fired++;
		return;
	}
	if (c->seed == CTL_WIDEN_REFUSED && ev->kind == IOP_EV_REFUSED) {
		/* Hold the first, pass it on with the second's bytes added. */
		if (!c->nr_refused++) {
			c->held = e;
			return;
		}
		if (c->nr_refused == 2 && c->held.off + c->held.len == ev->off) {
			c->held.len += ev->len;
			c->fired++;
			c->event(c->event_priv, &c->held);
			return;
		}
	}
	c->event(c->event_priv, &e);
}

static int ctl_setup(struct ctl *c, enum plat_layout layout, const u8 *vbt,
		     size_t vbt_size, const char **err)
{
	c->seed = CTL_NONE;
	c->fired = 0;
	c->nr_refused = 0;
	if (plat_build(&c->plat, layout, vbt, vbt_size, err))
		return -1;
	if (oracle_probe(c->o, &c->plat, c->iop, 1, 0)) {
		*err = c->o->failed ? c->o->msg : "probe rejected the host";
		return -1;
	}
	if (!c->o->nr_drv_elems) {
		*err = "no driver-owned element";
		return -1;
	}
	/* The hooks stay out of the way until a control seeds something. */
	c->store = c->plat.on_store;
	c->store_priv = c->plat.store_priv;
	c->plat.on_store = ctl_store;
	c->plat.store_priv = c;
	c->event = c->iop->event;
	c->event_priv = c->iop->event_priv;
	c->iop->event = ctl_event;
	c->iop->event_priv = c;
	if (!oracle_open(c->o)) {
		*err = c->o->msg;
		return -1;
	}
	return 0;
}

/* A write of four new bytes over the first driver-owned element */
static bool ctl_write_drv(struct ctl *c)
{
	u32 e = c->o->drv_elems[0];
	u8 v[4];
	int i;

	for (i = 0; i < 4; i++)
		v[i] = oracle_view_byte(c->o, e + i) ^ 0xa5;
	return oracle_write(c->o, e, 4, v, 4);
}

static const struct control {
	const char *name;
	const char *want;	/* how the message starts: the invariant */
} controls[] = {
	{ "a byte far from a read changes during it", "(a) read changed physical view byte" },
	{ "a byte changes between a release and an open", "(a) open changed physical view byte" },
	{ "firmware changes a byte the model does not know of", "(c) view byte" },
	{ "a write changes the view's last byte", "(a) guest write" },
	{ "a write leaves a guest byte with another value", "(b) driver-owned" },
	{ "a write reaches the virtualized OVER", "(e) virtualized OVER" },
	{ "a release changes the view's last byte", "(b) after release view byte" },
	{ "a write reports no FORWARD event", "(g) no FORWARD event" },
	{ "a write reports no REFUSED event", "(g) write refused 0 bytes in events" },
	{ "a REFUSED event covers two rows", "(g) REFUSED SIZE" },
};

/* Seed control @i on a fresh, opened model; false if nothing failed. */
static bool ctl_run(struct ctl *c, unsigned int i)
{
	struct oracle *o = c->o;
	u32 last = o->host.view_size - 1;
	u8 zero[8] = { 0 };

	switch (i) {
	case 0:
		*ctl_phys(c, last) ^= 0x5a;
		c->fired++;
		return oracle_read(o, 0, 16);
	case 1:
		if (!oracle_release(o))
			return true;
		*ctl_phys(c, last) ^= 0x5a;
		c->fired++;
		return oracle_open(o);
	case 2:
		/* a firmware-owned byte: the view serves it from memory */
		if (!o->nr_fw_elems)
			return true;
		*ctl_phys(c, o->fw_elems[0]) ^= 0x5a;
		c->fired++;
		return oracle_read(o, 0, o->host.view_size);
	case 3:
		c->seed = CTL_POKE_FAR;
		return ctl_write_drv(c);
	case 4:
		c->seed = CTL_FLIP_STORED;
		return ctl_write_drv(c);
	case 5:
		c->seed = CTL_POKE_OVER;
		return ctl_write_drv(c);
	case 6:
		if (!ctl_write_drv(c))
			return true;
		c->seed = CTL_POKE_FAR;
		return oracle_release(o);
	case 7:
		c->seed = CTL_DROP_FORWARD;
		return ctl_write_drv(c);
	case 8:
		c->seed = CTL_DROP_REFUSED;
		return oracle_write(o, SIZE_OFF, 8, zero, 8);
	default:
		/* SIZE and OVER: two refused rows side by side */
		c->seed = CTL_WIDEN_REFUSED;
		return oracle_write(o, SIZE_OFF, 8, zero, 8);
	}
}

/**
 * oracle_controls() - check that the oracle catches every seeded violation
 * @vbt: a VBT blob that fits mailbox 4 (at most 6 KiB)
 * @vbt_size: its vbt_size
 * @log: where a "# control ..." line goes for each control the oracle let
 *	through (with @verbose, for each one), or NULL
 * @verbose: log the caught ones too, with the oracle's message
 * @nr: set to the number of controls run
 *
 * Each control runs on a fresh model of an extended (2.1 contiguous) and
 * of a mailbox 4 host, so a view of 8 KiB and one past it are both seen.
 *
 * Return: the number of controls the oracle let through, or that could
 * not be seeded; 0 when every one was caught.
 */
int oracle_controls(const u8 *vbt, size_t vbt_size, FILE *log, bool verbose,
		    unsigned int *nr)
{
	static const enum plat_layout layouts[] = {
		PLAT_21_CONTIGUOUS, PLAT_MAILBOX4,
	};
	struct ctl c = { 0 };
	unsigned int i, l;
	int missed = 0;

	*nr = ARRAY_SIZE(controls) * ARRAY_SIZE(layouts);
	c.o = calloc(1, sizeof(*c.o));
	c.iop = calloc(1, sizeof(*c.iop));
	if (!c.o || !c.iop) {
		free(c.o);
		free(c.iop);
		return *nr;
	}
	for (l = 0; l < ARRAY_SIZE(layouts); l++) {
		for (i = 0; i < ARRAY_SIZE(controls); i++) {
			const struct control *t = &controls[i];
			const char *what = "NOT CAUGHT", *why = NULL;
			bool caught = false;

			if (ctl_setup(&c, layouts[l], vbt, vbt_size, &why)) {
				what = "not set up";
			} else if (ctl_run(&c, i)) {
				why = c.fired ? "every check passed" :
						"the violation was never seeded";
			} else if (!c.fired) {
				what = "failed before the violation";
				why = c.o->msg;
			} else {
				caught = !strncmp(c.o->msg, t->want, strlen(t->want));
				what = caught ? "caught" : "caught as another invariant";
				why = c.o->msg;
			}
			if (!caught)
				missed++;
			if (log && (verbose || !caught))
				fprintf(log, "# control %s (%s): %s: %s\n", t->name,
					plat_layout_names[layouts[l]], what,
					why ? why : "?");
			plat_free(&c.plat);
		}
	}
	free(c.iop);
	free(c.o);
	return missed;
}
