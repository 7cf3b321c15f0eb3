// SPDX-License-Identifier: GPL-2.0
/*
 * prop.c - property test: long random sequences of guest reads and writes,
 * firmware writes (also inside the engine's compare-and-exchange) and
 * open/release cycles against every platform layout and real VBTs, with
 * the oracle (oracle.h) checking invariants (a)-(g) after every step.
 *
 * Contract: each run is one fixed (seed, layout, VBT) triple from runs[]
 * and is executed in its own process, so an abort in the platform model
 * (the engine touched unmapped memory) fails that run only. Output is one
 * "ok N - seed S layout L vbt V" or "not ok ..." line per run, diagnostics
 * as "# " lines, and a final "N passed, N failed" line; exit status 1 if
 * any run failed. A failing run prints its seed, the step index and the
 * tail of its operation log; the same seed, layout and VBT replay it
 * exactly (prop --seed S --layout L --vbt V [--trace]).
 *
 * After the runs, the oracle's positive controls (oracle_control.c): a
 * violation of each kind the checks exist for is seeded, and the oracle
 * must name it. One "# oracle controls: ..." line, or a "not ok" line and
 * one "# control ..." line per miss; --controls runs only them and prints
 * every one.
 *
 * Usage: prop [-d VBT_DIR] [-n STEPS] [-r RUN] [--seed S --layout L
 *	       --vbt FILE] [--trace] [--controls]
 * VBT_DIR defaults to $IOP_VBT_DIR, else tests/data/vbt.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oracle.h"
#include "platform.h"

#define DEFAULT_STEPS	20000
/* The controls' host: a real VBT that fits every layout, mailbox 4 too */
#define CONTROL_VBT	"kbl_lenovo-t480.vbt"
#define LOG_TAIL	24
#define LOG_LEN		200

struct run {
	u64 seed;
	enum plat_layout layout;
	const char *vbt;
};

/* Fixed seeds: every layout with several real VBTs, small and extended. */
static const struct run runs[] = {
	{ 0x9e3779b97f4a7c15ULL, PLAT_20_ABSOLUTE,   "adl-p_google-kano.vbt" },
	{ 0x0000000000000001ULL, PLAT_20_ABSOLUTE,   "tigerlake_google-volteer.vbt" },
	{ 0x00000000deadbeefULL, PLAT_20_ABSOLUTE,   "broxton_up-squared.vbt" },
	{ 0x1234567890abcdefULL, PLAT_20_ABSOLUTE,   "meteorlake_framework-marigold.vbt" },
	{ 0x0badc0de0badc0deULL, PLAT_20_ABSOLUTE,   "kbl_lenovo-t480.vbt" },
	{ 0x00000000c0ffee00ULL, PLAT_21_CONTIGUOUS, "adl-p_google-kano.vbt" },
	{ 0x5555aaaa5555aaaaULL, PLAT_21_CONTIGUOUS, "jasperlake_google-drawcia.vbt" },
	{ 0x0000000000002021ULL, PLAT_21_CONTIGUOUS, "pantherlake_intel-crb.vbt" },
	{ 0x7fffffffffffffffULL, PLAT_21_CONTIGUOUS, "broxton_up-squared.vbt" },
	{ 0x00000000000000ffULL, PLAT_21_CONTIGUOUS, "snb-ivb-d_asus-p8h61-m-lx3-r2.vbt" },
	{ 0xfeedfacecafebeefULL, PLAT_21_SEPARATE,   "pantherlake_framework-sakura.vbt" },
	{ 0x0000000000031337ULL, PLAT_21_SEPARATE,   "tigerlake_google-volteer.vbt" },
	{ 0x8000000000000000ULL, PLAT_21_SEPARATE,   "adl-p_google-kano.vbt" },
	{ 0x00000000000a11ceULL, PLAT_21_SEPARATE,   "geminilake_google-ampton.vbt" },
	{ 0x0102030405060708ULL, PLAT_21_SEPARATE,   "cherryview_google-cyan.vbt" },
	{ 0x00000000000b0b00ULL, PLAT_MAILBOX4,      "kbl_lenovo-t480.vbt" },
	{ 0x00000000000019a5ULL, PLAT_MAILBOX4,      "lakeport-g_gigabyte-ga-945gcm-s2l.vbt" },
	{ 0x2545f4914f6cdd1dULL, PLAT_MAILBOX4,      "haswell_lenovo-t440p.vbt" },
	{ 0x00000000ffffffffULL, PLAT_MAILBOX4,      "coffeelake_asrock-h370m-itx.vbt" },
	{ 0x6a09e667f3bcc908ULL, PLAT_MAILBOX4,      "snb-ivb-d_asus-p8h61-m-lx3-r2.vbt" },
};

struct ctx {
	struct oracle *o;
	u32 view;
	unsigned long step;
	bool trace;
	char log[LOG_TAIL][LOG_LEN];
	unsigned long nr_log;
	unsigned long nr_write, nr_read, nr_fw, nr_cycle, nr_hostile;
};

static u64 rnd(struct ctx *c)
{
	return oracle_rand(c->o);
}

static unsigned int pct(struct ctx *c)
{
	return rnd(c) % 100;
}

static void logop(struct ctx *c, const char *fmt, ...)
{
	char *l = c->log[c->nr_log++ % LOG_TAIL];
	int n;
	va_list ap;

	n = snprintf(l, LOG_LEN, "step %lu: ", c->step);
	va_start(ap, fmt);
	vsnprintf(l + n, LOG_LEN - n, fmt, ap);
	va_end(ap);
	if (c->trace)
		printf("# %s\n", l);
}

static void hexcat(char *dst, size_t size, const u8 *p, size_t n)
{
	size_t i, k = strlen(dst);

	for (i = 0; i < n && i < 12 && k + 4 < size; i++)
		k += snprintf(dst + k, size - k, "%02x", p[i]);
	if (n > 12 && k + 4 < size)
		snprintf(dst + k, size - k, "..");
}

/* An element the property cares most about: handshake, driver or firmware. */
static u32 pick_elem(struct ctx *c)
{
	const struct oracle *o = c->o;
	unsigned int r = pct(c);

	if (r < 40 && o->nr_hs_elems)
		return o->hs_elems[rnd(c) % o->nr_hs_elems];
	if (r < 75 && o->nr_drv_elems)
		return o->drv_elems[rnd(c) % o->nr_drv_elems];
	if (o->nr_fw_elems)
		return o->fw_elems[rnd(c) % o->nr_fw_elems];
	return rnd(c) % c->view;
}

/* Guest offsets: hot fields (unaligned, straddling), anywhere, edges, hostile. */
static u64 pick_off(struct ctx *c)
{
	unsigned int r = pct(c);

	if (r < 45)
		return pick_elem(c) + rnd(c) % 7 - 2;
	if (r < 63)
		return rnd(c) % c->view;
	if (r < 70)
		return (c->view > OPREGION_SIZE ? OPREGION_SIZE : 0x1c00) -
		       8 + rnd(c) % 16;
	if (r < 77)
		return rnd(c) % 0x68;			/* header: SIZE, OVER, MBOX */
	if (r < 84)
		return 0x3b0 + rnd(c) % 0x18;		/* STAT, RVDA, RVDS */
	if (r < 93)
		return c->view - 1 - rnd(c) % 16;	/* the end of the view */
	c->nr_hostile++;
	switch (rnd(c) % 5) {
	case 0:
		return c->view;
	case 1:
		return c->view + rnd(c) % 64;
	case 2:
		return (1ULL << 32) + rnd(c) % 0x400;	/* u32 truncation */
	case 3:
		return UINT64_MAX - rnd(c) % 8;
	default:
		return rnd(c);
	}
}

static size_t pick_len(struct ctx *c)
{
	unsigned int r = pct(c);

	if (r < 50)
		return 1 + rnd(c) % 8;
	if (r < 75)
		return 1 + rnd(c) % 64;
	if (r < 85)
		return rnd(c) % 512;
	if (r < 89)
		return 0;
	if (r < 95)
		return c->view + rnd(c) % 3;
	c->nr_hostile++;
	switch (rnd(c) % 4) {
	case 0:
		return SIZE_MAX;
	case 1:
		return SIZE_MAX - rnd(c) % 16;
	case 2:
		return (size_t)1 << 32;
	default:
		return (size_t)1 << 63;
	}
}

static bool do_read(struct ctx *c, u64 off, size_t len)
{
	logop(c, "read off=0x%" PRIx64 " len=%zu", off, len);
	c->nr_read++;
	return oracle_read(c->o, off, len);
}

static bool do_write(struct ctx *c, u64 off, size_t len, const u8 *d,
		     size_t dlen)
{
	char l[LOG_LEN];

	snprintf(l, sizeof(l), "write off=0x%" PRIx64 " len=%zu data=", off,
		 len);
	hexcat(l, sizeof(l), d, dlen);
	logop(c, "%s", l);
	c->nr_write++;
	return oracle_write(c->o, off, len, d, dlen);
}

static bool do_fw(struct ctx *c, u32 off, const u8 *d, size_t len)
{
	char l[LOG_LEN];

	if (off >= c->view)
		return true;
	if (len > c->view - off)
		len = c->view - off;
	snprintf(l, sizeof(l), "fw-write off=0x%x len=%zu data=", off, len);
	hexcat(l, sizeof(l), d, len);
	logop(c, "%s", l);
	c->nr_fw++;
	return oracle_fw_write(c->o, off, d, len);
}

static bool step_write(struct ctx *c)
{
	u64 off = pick_off(c);
	size_t len = pick_len(c), dlen, i;
	u8 d[512];

	dlen = len < sizeof(d) ? len : sizeof(d);
	switch (rnd(c) % 5) {
	case 0:
		memset(d, 0, dlen);			/* i915 acks: CSTS = 0 */
		break;
	case 1:
		/*
		 * Read-modify-write as i915 does for ASLC/SCIC: read the
		 * bytes, flip a few, write them back. The read is what makes
		 * firmware bits "seen".
		 */
		if (off < c->view && !do_read(c, off, dlen))
			return false;
		for (i = 0; i < dlen; i++)
			d[i] = off + i < c->view ?
			       oracle_view_byte(c->o, off + i) : 0;
		if (dlen)
			d[rnd(c) % dlen] ^= 1u << rnd(c) % 8;
		break;
	default:
		for (i = 0; i < dlen; i++)
			d[i] = rnd(c);
		break;
	}
	return do_write(c, off, len, d, dlen);
}

static bool step_read(struct ctx *c)
{
	return do_read(c, pick_off(c), pick_len(c));
}

/* Firmware writes: mostly its own fields and the handshakes, as ASL does. */
static bool step_fw(struct ctx *c)
{
	const struct oracle *o = c->o;
	unsigned int r = pct(c);
	u8 d[16];
	u32 e, v, i, len;

	for (i = 0; i < sizeof(d); i++)
		d[i] = rnd(c);
	if (r < 40 && o->nr_hs_elems) {
		e = o->hs_elems[rnd(c) % o->nr_hs_elems];
		v = get_unaligned_le32(o->mphys + e);
		switch (rnd(c) % 3) {
		case 0:		/* ASLC request, CSTS = 3 */
			v |= (u32)rnd(c) & (oracle_field(o, e)->fwmask ?: 3);
			break;
		case 1:		/* SWSCI completion: status 1, bit 0 clear */
			v = (v & ~SWSCI_SCIC_INDICATOR & ~SWSCI_SCIC_EXIT_STATUS_MASK) |
			    SWSCI_SCIC_EXIT_STATUS_SUCCESS << SWSCI_SCIC_EXIT_STATUS_SHIFT;
			break;
		default:	/* PARM result */
			v = rnd(c);
			break;
		}
		put_unaligned_le32(v, d);
		return do_fw(c, e, d, 4);
	}
	if (r < 75 && o->nr_fw_elems) {
		e = o->fw_elems[rnd(c) % o->nr_fw_elems];
		return do_fw(c, e, d, oracle_field(o, e)->width);
	}
	if (r < 83 && o->nr_drv_elems) {
		/* Firmware clearing a driver field (e.g. over S3) */
		e = o->drv_elems[rnd(c) % o->nr_drv_elems];
		return do_fw(c, e, d, oracle_field(o, e)->width);
	}
	len = 1 + rnd(c) % 16;
	if (r < 97)
		return do_fw(c, rnd(c) % c->view, d, len);
	/* Rarely: layout fields change under a running view */
	return do_fw(c, rnd(c) % 2 ? rnd(c) % 0x60 : 0x3b8 + rnd(c) % 16, d,
		     len);
}

static bool step_cycle(struct ctx *c)
{
	unsigned int i, n = rnd(c) % 4;

	c->nr_cycle++;
	logop(c, "release");
	if (!oracle_release(c->o))
		return false;
	for (i = 0; i < n; i++)
		if (!step_fw(c))
			return false;
	logop(c, "open");
	return oracle_open(c->o);
}

static bool step(struct ctx *c)
{
	unsigned int r = rnd(c) % 1000;

	if (r < 380)
		return step_write(c);
	if (r < 620)
		return step_read(c);
	if (r < 960)
		return step_fw(c);
	if (r < 990) {
		logop(c, "read-all");
		c->nr_read++;
		return oracle_read(c->o, 0, c->view);
	}
	return step_cycle(c);
}

static u8 *load_vbt(const char *dir, const char *name, size_t *size)
{
	char path[1024];
	u8 *buf = NULL;
	long len;
	FILE *f;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	len = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (len > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		/* The header's vbt_size is what firmware copies, not the file. */
		*size = buf ? plat_vbt_size(buf, len) : 0;
		if (buf && (!*size || *size > (size_t)len)) {
			printf("# %s: not a VBT or vbt_size past the file\n", path);
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* One run; returns 0 on success. Runs in a child process. */
static int run_one(const struct run *r, const char *dir, unsigned long steps,
		   bool trace)
{
	static struct oracle o;
	static struct ctx c;
	struct platform plat;
	struct iop *iop;
	const char *err = NULL;
	size_t vbt_size;
	u8 *vbt;
	unsigned long i;
	bool ok, mbox4;

	vbt = load_vbt(dir, r->vbt, &vbt_size);
	if (!vbt)
		return 1;
	if (plat_build(&plat, r->layout, vbt, vbt_size, &err)) {
		printf("# plat_build: %s\n", err);
		return 1;
	}
	iop = calloc(1, sizeof(*iop));
	if (!iop)
		return 1;
	memset(&c, 0, sizeof(c));
	c.o = &o;
	c.trace = trace;
	if (oracle_probe(&o, &plat, iop, r->seed, 30) != 0) {
		printf("# probe: %s (%s)\n", o.failed ? o.msg : "rejected",
		       iop_reason_name(iop->reason));
		return 1;
	}
	c.view = o.host.view_size;
	/* The layouts must be what the builder promised: all but mailbox 4 extended. */
	mbox4 = r->layout == PLAT_MAILBOX4;
	if (o.host.ext == mbox4) {
		printf("# layout %s: model sees %s extended VBT\n",
		       plat_layout_names[r->layout], o.host.ext ? "an" : "no");
		return 1;
	}
	ok = oracle_open(&o);
	for (i = 0; ok && i < steps; i++) {
		c.step = i;
		ok = step(&c);
	}
	if (ok) {
		c.step = steps;
		logop(&c, "release");
		ok = oracle_release(&o);
	}
	if (!ok) {
		printf("# FAILED seed 0x%016" PRIx64 " layout %s vbt %s at step %lu\n",
		       r->seed, plat_layout_names[r->layout], r->vbt, c.step);
		printf("# %s\n", o.msg);
		printf("# last operations (replay: --seed 0x%" PRIx64 " --layout %s --vbt %s --steps %lu --trace):\n",
		       r->seed, plat_layout_names[r->layout], r->vbt, c.step + 1);
		for (i = c.nr_log > LOG_TAIL ? c.nr_log - LOG_TAIL : 0;
		     i < c.nr_log; i++)
			printf("#   %s\n", c.log[i % LOG_TAIL]);
		return 1;
	}
	printf("# view %u v%x: %lu writes, %lu reads, %lu fw writes, %lu races, %lu kept, %lu open/release, %lu hostile\n",
	       c.view, o.host.view_ver, c.nr_write, c.nr_read, c.nr_fw,
	       o.nr_races, o.nr_kept, c.nr_cycle, c.nr_hostile);
	free(iop);
	plat_free(&plat);
	free(vbt);
	return 0;
}

/* The controls; returns how many the oracle let through. In a child. */
static int run_controls(const char *dir, bool verbose)
{
	unsigned int nr;
	size_t vbt_size;
	u8 *vbt;
	int missed;

	vbt = load_vbt(dir, CONTROL_VBT, &vbt_size);
	if (!vbt)
		return 1;
	missed = oracle_controls(vbt, vbt_size, stdout, verbose, &nr);
	if (!missed)
		printf("# oracle controls: %u seeded violations caught, each named\n",
		       nr);
	free(vbt);
	return missed ? 1 : 0;
}

static int parse_layout(const char *s)
{
	int i;

	for (i = 0; i < PLAT_NR_LAYOUTS; i++)
		if (!strcmp(s, plat_layout_names[i]))
			return i;
	return -1;
}

/* What one child process runs: a seeded run, or the oracle's controls */
struct job {
	const struct run *r;	/* NULL: the controls */
	const char *dir;
	unsigned long steps;
	bool trace;		/* a run's */
	bool verbose;		/* the controls' */
};

/*
 * Run @j in a child process, so that a crash fails that run alone and
 * the rest go on. Prints the signal that killed the child, if one did.
 * Return: 0 when it passed, 1 when it failed, -1 when it could not run.
 */
static int in_child(const struct job *j)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (!pid) {
		status = j->r ? run_one(j->r, j->dir, j->steps, j->trace) :
				run_controls(j->dir, j->verbose);
		fflush(stdout);
		exit(status);	/* exit(): coverage tools flush on it */
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return -1;
	}
	if (WIFSIGNALED(status))
		printf("# killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *dir = getenv("IOP_VBT_DIR");
	unsigned long steps = DEFAULT_STEPS;
	struct run one = { 0 };
	bool single = false, trace = false, controls_only = false;
	int only = -1, passed = 0, failed = 0, i;

	if (!dir || !*dir)
		dir = "tests/data/vbt";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--trace")) {
			trace = true;
			continue;
		}
		if (!strcmp(a, "--controls")) {
			controls_only = true;
			continue;
		}
		if (!v)
			goto usage;
		i++;
		if (!strcmp(a, "-d")) {
			dir = v;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--steps")) {
			steps = strtoul(v, NULL, 0);
		} else if (!strcmp(a, "-r")) {
			only = atoi(v);
		} else if (!strcmp(a, "--seed")) {
			one.seed = strtoull(v, NULL, 0);
			single = true;
		} else if (!strcmp(a, "--layout")) {
			if (parse_layout(v) < 0)
				goto usage;
			one.layout = parse_layout(v);
			single = true;
		} else if (!strcmp(a, "--vbt")) {
			one.vbt = v;
			single = true;
		} else {
			goto usage;
		}
	}
	if (single && !one.vbt)
		goto usage;

	for (i = 0; !controls_only && i < (single ? 1 : (int)ARRAY_SIZE(runs)); i++) {
		const struct run *r = single ? &one : &runs[i];
		struct job j = { .r = r, .dir = dir, .steps = steps, .trace = trace };
		int ret;

		if (!single && only >= 0 && i != only)
			continue;
		ret = in_child(&j);
		if (ret < 0)
			return 1;
		if (!ret)
			passed++;
		else
			failed++;
		printf("%s %d - seed 0x%016" PRIx64 " layout %s vbt %s\n",
		       ret ? "not ok" : "ok", i + 1, r->seed,
		       plat_layout_names[r->layout], r->vbt);
	}
	/* A run of all the seeds is only as good as the oracle's eyes. */
	if (controls_only || (!single && only < 0)) {
		struct job j = { .dir = dir, .verbose = controls_only };
		int ret = in_child(&j);

		if (ret < 0)
			return 1;
		if (controls_only && !ret) {
			passed++;
			printf("ok 1 - oracle controls\n");
		} else if (ret) {
			failed++;
			printf("not ok %d - oracle controls\n", passed + failed);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
usage:
	fprintf(stderr,
		"usage: %s [-d VBT_DIR] [-n STEPS] [-r RUN] [--seed S --layout L --vbt FILE] [--trace] [--controls]\n",
		argv[0]);
	return 2;
}
