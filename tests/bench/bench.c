// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - the workload measured by tests/bench/bench.sh under callgrind.
 *
 * Usage: bench VBT_DIR CONFIG   (CONFIG: 20abs or mbox4)
 *
 * Contract: builds one real platform (20abs: adl-p_google-kano.vbt in the
 * 2.0 absolute layout, view 8 KiB + 8704; mbox4: kbl_lenovo-t480.vbt in
 * mailbox 4, view 8 KiB), probes and opens it without an event callback,
 * warms every path up outside the measured functions, then calls each
 * measured function BENCH_ITER times:
 *   bench_read_view    iop_read() of the whole view
 *   bench_base_view    the baseline: the least any implementation of
 *                      iop_read()'s contract does for the same layout (see
 *                      struct base)
 *   bench_memcpy_view  memcpy() of as many bytes from the same physical
 *                      memory (one memcpy per chunk, as the engine's read
 *                      needs one ops->read per chunk): reported only
 *   bench_write_ardy   a 4-byte driver-owned write (ARDY at 0x300)
 * bench.sh collects only inside these functions (--toggle-collect), so
 * their inclusive cost divided by BENCH_ITER is the per-call cost. The
 * program checks that each call did its job, so nothing is optimised away
 * and a broken build cannot produce numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "iop_internal.h"

#define BENCH_ITER	64

/*
 * Measured functions stay out of line and opaque to interprocedural
 * optimisation, so the baseline's sizes are run-time values and its copy is
 * glibc's memcpy, the very function the platform model's ops->read uses,
 * rather than an inlined "rep movsq" of a constant 8 KiB.
 */
#ifndef noinline
#define noinline	__attribute__((__noinline__))
#endif
#if defined(__GNUC__) && !defined(__clang__)
#define BENCH_FN	__attribute__((__noipa__))	/* implies noinline */
#else
#define BENCH_FN	noinline
#endif

static struct iop iop;
static u8 view[OPREGION_SIZE + OPREGION_RVDS_MAX];

struct src {
	const u8 *op;
	size_t op_len;
	const u8 *ext;
	size_t ext_len;
};

/*
 * struct base - the unavoidable work of a full-view read, for one layout:
 * what any implementation of iop_read()'s contract (physical bytes read
 * now, firmware-written elements untorn, every change since the last
 * access reported) must do, through the same ops, and nothing else:
 * @chunk: ops->read() of each physically contiguous piece of the view
 *	(the OpRegion, the extended VBT)
 * @elem: one ops->load() of its width for each element the firmware writes
 *	that ops->read() may split (not naturally aligned), stored
 *	little-endian over the copy
 * @shadow: the last bytes the guest saw; the copy's tracked spans
 *	(IOP_TRACK_*: mailboxes 1-3 and 5) are compared with it, the one way
 *	to know whether anything changed
 * It lays nothing over the copy, has no event callback to call and checks
 * no argument: everything else the engine does is its own overhead.
 */
struct base {
	const struct iop_mem_ops *ops;
	void *ctx;
	unsigned int nr_chunk, nr_elem;
	struct {
		u64 pa;
		u32 off, len;
	} chunk[2];
	struct {
		u64 pa;
		u32 off, width;
	} elem[8];
	u8 shadow[OPREGION_SIZE];
};

BENCH_FN ssize_t bench_read_view(struct iop *p, u8 *buf)
{
	return iop_read(p, 0, buf, p->geo.view_size);
}

/* Return: nonzero when the tracked spans differ from the shadow. */
BENCH_FN int bench_base_view(const struct base *b, u8 *buf)
{
	unsigned int i;

	for (i = 0; i < b->nr_chunk; i++)
		b->ops->read(b->ctx, b->chunk[i].pa, buf + b->chunk[i].off,
			     b->chunk[i].len);
	for (i = 0; i < b->nr_elem; i++)
		iop_put_le(buf + b->elem[i].off, b->elem[i].width,
			   b->ops->load(b->ctx, b->elem[i].pa,
					b->elem[i].width));
	return memcmp(buf, b->shadow, IOP_TRACK_LO_END) |
	       memcmp(buf + IOP_TRACK_HI_START, b->shadow + IOP_TRACK_HI_START,
		      OPREGION_SIZE - IOP_TRACK_HI_START);
}

BENCH_FN void bench_memcpy_view(const struct src *s, u8 *buf)
{
	memcpy(buf, s->op, s->op_len);
	if (s->ext_len)
		memcpy(buf + s->op_len, s->ext, s->ext_len);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

BENCH_FN ssize_t bench_write_ardy(struct iop *p, const u32 *val)
{
	return iop_write(p, OPREGION_OFF(asle.ardy), val, sizeof(*val));
}

/*
 * The baseline for @iop's layout. Its elements come from the table, as the
 * contract defines them, not from the engine's lists; they must be the
 * ones the engine loads, or the two would not do the same job.
 */
static void base_init(struct base *b, const struct iop *iop)
{
	const struct iop_geometry *geo = &iop->geo;
	unsigned int i;
	u32 e0;

	b->ops = iop->ops;
	b->ctx = iop->ctx;
	b->chunk[b->nr_chunk].pa = geo->asls;
	b->chunk[b->nr_chunk].off = 0;
	b->chunk[b->nr_chunk++].len = OPREGION_SIZE;
	if (geo->vbt_where == IOP_VBT_EXTENDED) {
		b->chunk[b->nr_chunk].pa = geo->vbt_pa;
		b->chunk[b->nr_chunk].off = OPREGION_SIZE;
		b->chunk[b->nr_chunk++].len = geo->view_size - OPREGION_SIZE;
	}
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (f->offset >= OPREGION_SIZE || !(f->offset % f->width) ||
		    (f->cls != IOP_FW && f->cls != IOP_HANDSHAKE) ||
		    !iop_field_applies(f, geo->host_ver, geo->mboxes))
			continue;
		for (e0 = f->offset; e0 < f->offset + f->size; e0 += f->width) {
			if (b->nr_elem == ARRAY_SIZE(b->elem) ||
			    b->nr_elem >= iop->nr_split ||
			    iop->split_elem[b->nr_elem].start != e0 ||
			    iop->split_elem[b->nr_elem].end != e0 + f->width) {
				fprintf(stderr, "baseline: the engine does not load %s at 0x%x\n",
					f->name, e0);
				exit(1);
			}
			b->elem[b->nr_elem].pa = geo->asls + e0;
			b->elem[b->nr_elem].off = e0;
			b->elem[b->nr_elem++].width = f->width;
		}
	}
	if (b->nr_elem != iop->nr_split) {
		fprintf(stderr, "baseline: the engine loads %u elements, the table says %u\n",
			iop->nr_split, b->nr_elem);
		exit(1);
	}
}

static u8 *load(const char *dir, const char *name, size_t *size)
{
	static u8 buf[0x10000];
	char path[1024];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	*size = plat_vbt_size(buf, len);
	if (!*size || *size > len) {
		fprintf(stderr, "%s: not a VBT\n", path);
		exit(1);
	}
	return buf;
}

int main(int argc, char **argv)
{
	struct platform plat;
	enum plat_layout layout;
	const char *name, *err;
	struct src s = { 0 };
	static struct base base;
	size_t vbt_size;
	u32 ardy = ASLE_ARDY_READY, phys_ardy;
	ssize_t n;
	u8 *vbt;
	int i;

	if (argc != 3 || (strcmp(argv[2], "20abs") && strcmp(argv[2], "mbox4"))) {
		fprintf(stderr, "usage: %s VBT_DIR 20abs|mbox4\n", argv[0]);
		return 2;
	}
	if (!strcmp(argv[2], "20abs")) {
		name = "adl-p_google-kano.vbt";
		layout = PLAT_20_ABSOLUTE;
	} else {
		name = "kbl_lenovo-t480.vbt";
		layout = PLAT_MAILBOX4;
	}
	vbt = load(argv[1], name, &vbt_size);
	if (plat_build(&plat, layout, vbt, vbt_size, &err)) {
		fprintf(stderr, "plat_build: %s\n", err);
		return 1;
	}
	if (iop_probe(&iop, plat.asls, &plat_ops, &plat, NULL, NULL)) {
		fprintf(stderr, "probe: %s\n", iop_reason_name(iop.reason));
		return 1;
	}
	iop_open(&iop);
	s.op = plat_ptr(&plat, plat.asls, OPREGION_SIZE);
	s.op_len = OPREGION_SIZE;
	if (iop.geo.vbt_where == IOP_VBT_EXTENDED) {
		s.ext_len = iop.geo.view_size - OPREGION_SIZE;
		s.ext = plat_ptr(&plat, iop.geo.vbt_pa, s.ext_len);
	}

	/* Warm-up outside the measured functions: caches, lazy paths. */
	iop_read(&iop, 0, view, iop.geo.view_size);
	memcpy(view, s.op, s.op_len);
	iop_write(&iop, OPREGION_OFF(asle.ardy), &ardy, sizeof(ardy));
	/*
	 * The baseline's guest has seen the OpRegion as it is (its untorn
	 * loads return the bytes already there), so every compare runs to
	 * the end and finds nothing, as the engine's do.
	 */
	base_init(&base, &iop);
	memcpy(base.shadow, s.op, OPREGION_SIZE);

	for (i = 0; i < BENCH_ITER; i++) {
		n = bench_read_view(&iop, view);
		if (n != iop.geo.view_size) {
			fprintf(stderr, "iop_read returned %zd\n", n);
			return 1;
		}
	}
	for (i = 0; i < BENCH_ITER; i++) {
		if (bench_base_view(&base, view)) {
			fprintf(stderr, "baseline saw a change nothing made\n");
			return 1;
		}
	}
	for (i = 0; i < BENCH_ITER; i++)
		bench_memcpy_view(&s, view);
	for (i = 0; i < BENCH_ITER; i++) {
		ardy ^= ASLE_ARDY_READY;	/* a real change every time */
		if (bench_write_ardy(&iop, &ardy) != sizeof(ardy))
			return 1;
	}
	memcpy(&phys_ardy, s.op + OPREGION_OFF(asle.ardy), sizeof(phys_ardy));
	if (phys_ardy != ardy) {
		fprintf(stderr, "ARDY write did not reach physical memory\n");
		return 1;
	}
	printf("config %s vbt %s view %u iterations %d\n", argv[2], name,
	       iop.geo.view_size, BENCH_ITER);
	iop_release(&iop);
	plat_free(&plat);
	return 0;
}
