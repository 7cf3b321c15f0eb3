/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - what the userspace unit tests of the engine share: a host (the
 * platform model with the engine probed on it, and a record of what the
 * engine did to it), and what the spec says independently of the engine
 * (which row owns a byte, the view's size and version).
 *
 * The engine runs on tools/platform.c against the shared vectors
 * (tests/iop_vectors.c); the platform aborts if the engine touches memory
 * it did not map.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdbool.h>

#include "platform.h"
#include "iop_vectors.h"
#include "harness.h"

#define V(major, minor)	OPREGION_VER(major, minor)
#define RVDA_OFF	0x3ba
#define RVDS_OFF	0x3c2

/* ---- a host: the platform model, the engine, what they did ---- */

#define MAX_EV		8192
#define MAX_STORES	4096
#define MAX_MAPS	8

struct store_rec {
	u64 pa;
	unsigned int width;
};

struct host {
	struct platform plat;
	const struct iop_vec_layout *l;
	struct iop_vec_mem mem;
	u8 base_op[OPREGION_SIZE];	/* the OpRegion as built, before probe */
	struct iop iop;
	int probe_ret;
	/* map calls, including failed ones */
	unsigned int nr_maps;
	struct plat_map maps[MAX_MAPS];
	unsigned int fail_map_nth;	/* 1-based map call to fail, 0: none */
	unsigned int nr_ev;
	struct iop_event ev[MAX_EV];
	unsigned int nr_st;
	struct store_rec st[MAX_STORES];
	/* the firmware "at the same moment": OR these into @race_pa, one per cmpxchg */
	u64 race_pa;
	unsigned int race_n, race_fired;
	u32 race_bits[8];
	/* a firmware store to @tear_pa between the two halves of a read */
	u64 tear_pa;
	u32 tear_val;
	bool tear_fired;
};

struct host *host_new(const struct iop_vec_layout *l, const struct iop_vec_mem *mem,
		      const u8 *op, const u8 *ext);
struct host *host_vvec(const struct iop_vvec *v);
struct host *host_layout(unsigned int layout);
int host_probe(struct host *h);
struct host *host_ready(unsigned int layout);
void host_free(struct host *h);

u8 *phys_op(struct host *h);
u8 *phys_ext(struct host *h);
u32 phys32(struct host *h, u32 off);
void fw_write32(struct host *h, u32 off, u32 val);
u64 phys_hash(struct host *h);
unsigned long ops_calls(struct host *h);
u32 view_read32(struct host *h, u32 off);
ssize_t view_write32(struct host *h, u32 off, u32 val);
unsigned int count_ev(struct host *h, enum iop_event_kind kind);
const struct iop_event *find_ev(struct host *h, enum iop_event_kind kind, u32 off);

/* ---- the spec, independently of the engine ---- */

bool applies(const struct iop_field *f, u16 ver, u32 mboxes);
unsigned int owner(u16 ver, u32 mboxes, u32 off);
bool has_ext(const struct iop_vec_layout *l);
u16 expect_view_ver(const struct iop_vec_layout *l);
u32 expect_view_size(const struct iop_vec_layout *l);

/* ---- the suites, in the order unit.c runs them ---- */

extern const struct unit_suite table_suite;
extern const struct unit_suite validation_suite;
extern const struct unit_suite view_suite;
extern const struct unit_suite ownership_suite;
extern const struct unit_suite handshake_suite;
extern const struct unit_suite events_suite;
extern const struct unit_suite session_suite;

#endif /* UNIT_H */
