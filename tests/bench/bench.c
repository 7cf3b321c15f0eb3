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
 *   bench_memcpy_view  memcpy() of as many bytes from the same physical
 *                      memory (the baseline; one memcpy per chunk, as the
 *                      engine's read needs one ops->read per chunk)
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

#define BENCH_ITER	64

/*
 * Measured functions stay out of line and opaque to interprocedural
 * optimisation, so the baseline's sizes are run-time values and its copy is
 * glibc's memcpy, the very function the platform model's ops->read uses,
 * rather than an inlined "rep movsq" of a constant 8 KiB.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define BENCH_FN	__attribute__((__noinline__, __noipa__))
#else
#define BENCH_FN	__attribute__((__noinline__))
#endif

static struct iop iop;
static u8 view[OPREGION_SIZE + OPREGION_RVDS_MAX];

struct src {
	const u8 *op;
	size_t op_len;
	const u8 *ext;
	size_t ext_len;
};

BENCH_FN ssize_t bench_read_view(struct iop *p, u8 *buf)
{
	return iop_read(p, 0, buf, p->geo.view_size);
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

	for (i = 0; i < BENCH_ITER; i++) {
		n = bench_read_view(&iop, view);
		if (n != iop.geo.view_size) {
			fprintf(stderr, "iop_read returned %zd\n", n);
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
