/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oracle.h - an independent model of the proxy's contract, used by the
 * property test (tests/prop/prop.c) and the fuzzers (tests/fuzz/) to check
 * the engine after every operation.
 *
 * Contract: the oracle keeps its own image of what physical memory must
 * hold ("mphys") and of what the guest has observed ("seen"), and drives
 * every engine call itself (probe, open, release, read, write) so that it
 * can compare physical memory before and after. Per-byte ownership comes
 * from the iop_fields rows and iop_field_applies(); everything else (the
 * host geometry, the view bytes, the expected physical bytes, the handshake
 * rule) is computed here, never taken from the engine's internals. A
 * failed check returns false and leaves a one-line message naming the
 * invariant in @oracle.msg:
 *
 *  (a) a guest write changes no physical byte outside the driver-owned and
 *      handshake elements it covers, and only the bits the rule allows
 *  (b) every accepted guest byte is in physical memory when iop_write()
 *      returns (handshake: except kept firmware bits)
 *  (c) every firmware write is visible to the next read
 *  (d) a firmware change to a handshake fwmask bit that the guest has not
 *      observed survives a guest write
 *  (e) virtualized values never reach physical memory; the view's OVER and
 *      RVDA are the synthesized ones
 *  (f) iop_read()/iop_write() return values follow the region contract
 *  (g) events are consistent with memory (and the engine stays inside what
 *      it mapped: the platform model aborts otherwise)
 *
 * The oracle installs the platform's race and on_store hooks: firmware
 * writes "at the same moment" are injected inside cmpxchg32, driven by a
 * small deterministic generator the caller seeds.
 */
#ifndef IOP_ORACLE_H
#define IOP_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "igd_opregion/iop.h"
#include "platform.h"

#define ORACLE_MAX_VIEW		(OPREGION_SIZE + OPREGION_RVDS_MAX)
#define ORACLE_MAX_EVENTS	2560
/*
 * The buffer of one iop_read() or iop_write() sits in an arena with at
 * least this much poisoned memory on either side (see oracle_buf())
 */
#define ORACLE_GUARD		4096
#define ORACLE_ARENA		(ORACLE_GUARD + 64 + ORACLE_MAX_VIEW + ORACLE_GUARD)
#define ORACLE_NR_ROWS		32

/**
 * struct oracle_host - what the model knows about the host, parsed from the
 * OpRegion header by oracle_host_parse() the way the spec (and i915)
 * reads it
 * @asls: OpRegion physical address
 * @ver: host version, OPREGION_VER()
 * @mboxes: host mailbox bitmap
 * @ext: the host has an extended VBT (2.0+, ASLE mailbox, RVDA and RVDS)
 * @ext_pa: its physical address (absolute RVDA below 2.1, relative from 2.1)
 * @ext_len: RVDS
 * @view_size: 8 KiB, plus RVDS with an extended VBT
 * @view_ver: version the view must report: 2.1 for a 2.0 host with an
 *	extended VBT, else the host's
 */
struct oracle_host {
	u64 asls;
	u16 ver;
	u32 mboxes;
	bool ext;
	u64 ext_pa;
	u32 ext_len;
	u32 view_size;
	u16 view_ver;
};

/* What the engine is doing while the oracle's hooks run. */
enum oracle_phase {
	ORACLE_IDLE,
	ORACLE_READ,
	ORACLE_WRITE,
	ORACLE_OPEN,
	ORACLE_RELEASE,
	ORACLE_PROBE,
};

/**
 * struct oracle_rows - per-byte ownership of the OpRegion for one host
 * @key: which iop_fields rows apply (bit i: iop_field_applies() of row i):
 *	everything below is a function of it and of the table alone
 * @overlay_end: end of the last snapshot or virtualized byte
 * @nr_fw_elems: entries of @fw_elems
 * @nr_hs_elems: entries of @hs_elems
 * @nr_drv_elems: entries of @drv_elems
 * @row: owning iop_fields row per OpRegion byte, 0 for none (the first
 *	applicable row wins)
 * @elem: per byte, the start of its element (oracle_elem())
 * @run_end: per byte, the end of the run of bytes of its row that holds it
 * @fixed_below: per offset, how many bytes before it belong to a row the
 *	guest may not write (the refusals a write must report)
 * @fw_elems: start of every firmware-owned element
 * @hs_elems: start of every handshake element
 * @drv_elems: start of every driver-owned element
 *
 * An oracle derives these once per set of applicable rows and keeps the
 * last ORACLE_NR_ROWS sets, since a fuzzer probes thousands of hosts a
 * second that share a handful of versions and mailbox sets.
 */
struct oracle_rows {
	u64 key[4];
	u32 overlay_end;
	unsigned int nr_fw_elems;
	unsigned int nr_hs_elems;
	unsigned int nr_drv_elems;
	u8 row[OPREGION_SIZE];
	u16 elem[OPREGION_SIZE];
	u16 run_end[OPREGION_SIZE];
	u16 fixed_below[OPREGION_SIZE + 1];
	u16 fw_elems[OPREGION_SIZE];
	u16 hs_elems[64];
	u16 drv_elems[OPREGION_SIZE];
};

/**
 * struct oracle - model state; large, allocate it statically or on the heap
 * @plat: the platform model the engine runs on
 * @iop: the engine instance under test
 * @host: parsed host description
 * @rows: the ownership tables of the host, one of @rows_built; @row to
 *	@drv_elems point into them
 * @row: owning iop_fields row per OpRegion byte (bytes past 8 KiB belong to
 *	the last row, the extended VBT)
 * @elem: per OpRegion byte, the start of its element (oracle_elem())
 * @run_end: per OpRegion byte, the end of the run of its row holding it
 * @fixed_below: per OpRegion offset, the bytes before it the guest may not
 *	write
 * @overlay_end: end of the last snapshot or virtualized byte: past it
 *	the view is physical memory
 * @fw_elems: start of every firmware-owned element (view offsets)
 * @nr_fw_elems: number of them
 * @hs_elems: start of every handshake element
 * @nr_hs_elems: number of them
 * @drv_elems: start of every driver-owned element
 * @nr_drv_elems: number of them
 * @opened: between oracle_open() and oracle_release()
 * @phase: enum oracle_phase of the current engine call
 * @cov_lo: first view byte the current write covers
 * @cov_hi: end of the bytes the current write covers
 * @rng: race generator state (never 0)
 * @race_pct: chance in percent that a cmpxchg32 sees a firmware write
 * @race_budget: firmware writes left for the current guest write
 * @nr_races: firmware writes injected so far
 * @nr_kept: handshake updates in which the model kept firmware bits
 * @nr_evs: number of events in @evs
 * @lost_evs: events that did not fit @evs
 * @refused_before: engine refusal counters before the current call
 * @failed: a check failed; @msg says which
 * @msg: the failure, starting with the invariant's letter
 * @fwd_gen: number of the current write, for @fwd_mark
 * @probe_img: physical OpRegion at probe: the source of snapshot fields
 * @mphys: expected physical bytes, view offsets (the extended VBT from 8 KiB)
 * @pre: physical bytes before the current write or release
 * @seen: per byte, the value the guest last read or wrote
 * @saved: driver-owned bytes at open, restored on release
 * @kept: per handshake byte of the current write, the firmware bits the
 *	model keeps
 * @scratch: physical bytes after the current call
 * @race_touched: bytes the injected firmware wrote during the current write
 * @touched_lo: first byte of @race_touched set since it was last cleared
 * @touched_hi: end of the bytes of @race_touched set since then
 * @evs: events reported during the current call
 * @fwd_mark: per OpRegion byte, the last write (@fwd_gen) that reported a
 *	FORWARD event there
 * @arena: where the exact-size buffers of iop_read() and iop_write() live
 * @nr_rows_built: entries of @rows_built in use
 * @next_rows: the entry of @rows_built the next new set of rows replaces
 * @rows_built: the tables of the last sets of rows this oracle met; they
 *	survive oracle_probe()
 */
struct oracle {
	struct platform *plat;
	struct iop *iop;
	struct oracle_host host;
	const struct oracle_rows *rows;
	const u8 *row;
	const u16 *elem;
	const u16 *run_end;
	const u16 *fixed_below;
	u32 overlay_end;
	const u16 *fw_elems;
	unsigned int nr_fw_elems;
	const u16 *hs_elems;
	unsigned int nr_hs_elems;
	const u16 *drv_elems;
	unsigned int nr_drv_elems;
	bool opened;
	enum oracle_phase phase;
	u32 cov_lo, cov_hi;
	u64 rng;
	unsigned int race_pct;
	unsigned int race_budget;
	unsigned long nr_races;
	unsigned long nr_kept;
	unsigned int nr_evs;
	unsigned int lost_evs;
	u32 refused_before[IOP_MAX_FIELDS];
	bool failed;
	char msg[512];
	u16 fwd_gen;
	u32 touched_lo, touched_hi;
	/* Large tables: every byte used is written before it is read. */
	u8 probe_img[OPREGION_SIZE];
	u8 mphys[ORACLE_MAX_VIEW];
	u8 pre[ORACLE_MAX_VIEW];
	u8 seen[OPREGION_SIZE];
	u8 saved[OPREGION_SIZE];
	u8 kept[OPREGION_SIZE];
	u8 scratch[ORACLE_MAX_VIEW];
	u8 race_touched[ORACLE_MAX_VIEW];
	struct iop_event evs[ORACLE_MAX_EVENTS];
	u16 fwd_mark[OPREGION_SIZE];
	u8 arena[ORACLE_ARENA];
	unsigned int nr_rows_built;
	unsigned int next_rows;
	struct oracle_rows rows_built[ORACLE_NR_ROWS];
};

int oracle_host_parse(struct oracle_host *host, const u8 *op, u64 asls);
int oracle_probe(struct oracle *o, struct platform *plat, struct iop *iop,
		 u64 race_seed, unsigned int race_pct);
bool oracle_open(struct oracle *o);
bool oracle_release(struct oracle *o);
bool oracle_read(struct oracle *o, u64 off, size_t len);
bool oracle_write(struct oracle *o, u64 off, size_t len, const u8 *data,
		  size_t data_len);
bool oracle_fw_write(struct oracle *o, u32 view_off, const u8 *data,
		     size_t len);
u8 oracle_view_byte(const struct oracle *o, u32 off);
const struct iop_field *oracle_field(const struct oracle *o, u32 off);
u32 oracle_elem(const struct oracle *o, u32 off);
u64 oracle_rand(struct oracle *o);
int oracle_controls(const u8 *vbt, size_t vbt_size, FILE *log, bool verbose,
		    unsigned int *nr);

#endif /* IOP_ORACLE_H */
