// SPDX-License-Identifier: GPL-2.0
/*
 * doctor_env.c - what opregionctl doctor finds beside the devices: the
 * running kernel, the QEMU on the host and what its vfio-pci can do, and
 * Proxmox VE's VM configurations and qemu-server version; the file
 * helpers of the doctor. See doctor.h.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "doctor.h"

/*
 * The kernels igd-vfio-pci is built and tested on, the only place the
 * tool keeps them: dkms.conf's BUILD_EXCLUSIVE_KERNEL says the same for
 * DKMS, and `make matrix` builds and tests the oldest, 6.12 and the
 * newest (issue 11, Documentation/admin-guide.rst "Supported kernels").
 */
const struct kernel_range doctor_kernels = {
	.min = KVER(6, 1),
	.max = KVER(7, 2),
	.source = "dkms.conf BUILD_EXCLUSIVE_KERNEL, make matrix",
};

/**
 * root_path() - @path under @root
 * @buf: where to
 * @size: its size
 * @root: "/" or a fake tree
 * @path: an absolute path
 *
 * Return: 0, or -1 when it does not fit.
 */
int root_path(char *buf, size_t size, const char *root, const char *path)
{
	int n;

	if (!strcmp(root, "/"))
		n = snprintf(buf, size, "%s", path);
	else
		n = snprintf(buf, size, "%s%s", root, path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/**
 * str_copy() - copy a string, cut to fit
 * @dst: where to
 * @size: its size, at least 1
 * @src: the string
 *
 * Return: 0, or -1 when it was cut.
 */
int str_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

/**
 * path_join() - "@dir/@name"
 * @dst: where to
 * @size: its size
 * @dir: a directory
 * @name: a name in it
 *
 * Return: 0, or -1 when it does not fit.
 */
int path_join(char *dst, size_t size, const char *dir, const char *name)
{
	int n = snprintf(dst, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/**
 * read_bytes() - at most @size bytes of a file
 * @path: the file
 * @buf: where to
 * @size: how many bytes at most
 * @len: bytes read
 *
 * Reads until end of file or @size bytes: sysfs files answer in pieces.
 *
 * Return: 0, or a negative errno (the file could not be opened or read).
 */
int read_bytes(const char *path, u8 *buf, size_t size, size_t *len)
{
	ssize_t r;
	int fd, err;

	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (*len < size) {
		r = read(fd, buf + *len, size - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			close(fd);
			return err;
		}
		if (!r)
			break;
		*len += r;
	}
	close(fd);
	return 0;
}

/**
 * read_text() - a small text file, its trailing whitespace cut
 * @path: the file
 * @buf: where to, NUL-terminated
 * @size: its size
 *
 * Return: 0, or a negative errno.
 */
int read_text(const char *path, char *buf, size_t size)
{
	size_t n;
	int ret;

	ret = read_bytes(path, (u8 *)buf, size - 1, &n);
	if (ret)
		return ret;
	buf[n] = '\0';
	if (strlen(buf) != n)
		return -EINVAL;
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	return 0;
}

/**
 * env_kernel() - the running kernel and whether igd-vfio-pci supports it
 * @root: "/" or a fake tree
 * @k: filled
 */
void env_kernel(const char *root, struct host_kernel *k)
{
	unsigned int major, minor;
	char path[PATH_MAX];
	int n = 0;

	memset(k, 0, sizeof(*k));
	if (root_path(path, sizeof(path), root, "/proc/sys/kernel/osrelease") ||
	    read_text(path, k->release, sizeof(k->release)))
		k->release[0] = '\0';
	if (sscanf(k->release, "%3u.%3u%n", &major, &minor, &n) == 2 && n &&
	    major < 256 && minor < 256)
		k->ver = KVER(major, minor);
	k->supported = k->ver && k->ver >= doctor_kernels.min &&
		       k->ver <= doctor_kernels.max;
}

/* The end of the field of @s that ends at @c or at the end of @s */
static const char *field_end(const char *s, int c)
{
	const char *p = strchr(s, c);

	return p ? p : s + strlen(s);
}

/* The first executable qemu-system-x86_64 in PATH, then /usr/bin */
static bool find_in_path(char *buf, size_t size)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	int n;

	for (p = path; p && *p; p = *end ? end + 1 : end) {
		end = field_end(p, ':');
		if (end == p)
			continue;
		n = snprintf(buf, size, "%.*s/qemu-system-x86_64", (int)(end - p), p);
		if (n > 0 && (size_t)n < size && !access(buf, X_OK))
			return true;
	}
	snprintf(buf, size, "/usr/bin/qemu-system-x86_64");
	return !access(buf, X_OK);
}

#define QEMU_TIMEOUT_MS	10000
#define QEMU_OUT_MAX	(256U << 10)

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * Run @argv (argv[0] the binary, no shell), stdout and stderr into @buf
 * (at most @size - 1 bytes kept, NUL-terminated). The child is killed
 * after QEMU_TIMEOUT_MS. Returns the exit status, or -1 with @err set.
 */
static int run_capture(char *const argv[], char *buf, size_t size, char *err,
		       size_t err_size)
{
	size_t len = 0;
	long deadline;
	int pfd[2], st, nul;
	struct pollfd p;
	bool timeout = false;
	pid_t pid;
	ssize_t r;
	char sink[4096];

	buf[0] = '\0';
	if (pipe(pfd)) {
		snprintf(err, err_size, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, err_size, "fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	deadline = now_ms() + QEMU_TIMEOUT_MS;
	p.fd = pfd[0];
	p.events = POLLIN;
	for (;;) {
		long left = deadline - now_ms();

		if (left <= 0) {
			timeout = true;
			kill(pid, SIGKILL);
			break;
		}
		r = poll(&p, 1, left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		if (len < size - 1)
			r = read(pfd[0], buf + len, size - 1 - len);
		else
			r = read(pfd[0], sink, sizeof(sink));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (len < size - 1)
			len += r;
	}
	buf[len] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (timeout) {
		snprintf(err, err_size, "%s did not answer within %d s", argv[0],
			 QEMU_TIMEOUT_MS / 1000);
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		snprintf(err, err_size, "%s could not be run", argv[0]);
		return -1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A vfio-pci property in "-device vfio-pci,help": "  NAME=<type> ..." */
static bool has_prop(const char *help, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = help; (p = strstr(p, name)); p += n) {
		bool start = p == help || isspace((unsigned char)p[-1]);

		if (start && p[n] == '=')
			return true;
	}
	return false;
}

/**
 * env_qemu() - the QEMU found, its version and what its vfio-pci offers
 * @root: "/" (PATH, then /usr/bin) or a fake tree (DIR/usr/bin)
 * @q: filled
 */
void env_qemu(const char *root, struct host_qemu *q)
{
	char *argv[4], *out, *p;
	unsigned int i;
	int rc;

	memset(q, 0, sizeof(*q));
	if (!strcmp(root, "/")) {
		if (!find_in_path(q->path, sizeof(q->path)))
			q->path[0] = '\0';
	} else if (root_path(q->path, sizeof(q->path), root,
			     "/usr/bin/qemu-system-x86_64") || access(q->path, X_OK)) {
		q->path[0] = '\0';
	}
	if (!q->path[0])
		return;
	out = malloc(QEMU_OUT_MAX);
	if (!out) {
		snprintf(q->err, sizeof(q->err), "out of memory");
		return;
	}
	argv[0] = q->path;
	argv[1] = "--version";
	argv[2] = NULL;
	rc = run_capture(argv, out, QEMU_OUT_MAX, q->err, sizeof(q->err));
	if (rc == 0) {
		q->ran = true;
		p = strstr(out, "version ");
		if (p) {
			p += strlen("version ");
			for (i = 0; i < sizeof(q->version) - 1 &&
			     (isdigit((unsigned char)p[i]) || p[i] == '.'); i++)
				q->version[i] = p[i];
			q->version[i] = '\0';
		}
	} else if (rc > 0) {
		snprintf(q->err, sizeof(q->err), "--version exited with status %d", rc);
	}
	if (!q->ran) {
		free(out);
		return;
	}
	argv[1] = "-device";
	argv[2] = "vfio-pci,help";
	argv[3] = NULL;
	rc = run_capture(argv, out, QEMU_OUT_MAX, q->err, sizeof(q->err));
	if (rc == 0) {
		q->help_ok = true;
		q->opregion = has_prop(out, "x-igd-opregion");
		q->live = has_prop(out, "x-igd-opregion-live");
	} else if (rc > 0) {
		snprintf(q->err, sizeof(q->err),
			 "-device vfio-pci,help exited with status %d", rc);
	}
	free(out);
}

/* dpkg's order of a non-digit character: ~ first, letters, then others */
static int ver_order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp(): the upstream version or the revision */
static int verrevcmp(const char *a, const char *b)
{
	while (*a || *b) {
		int first_diff = 0;

		while ((*a && !isdigit((unsigned char)*a)) ||
		       (*b && !isdigit((unsigned char)*b))) {
			int ac = ver_order((unsigned char)*a);
			int bc = ver_order((unsigned char)*b);

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (isdigit((unsigned char)*a))
			return 1;
		if (isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

struct debver {
	unsigned long epoch;
	char upstream[128];
	char revision[128];
};

static void debver_parse(const char *s, struct debver *v)
{
	const char *colon = strchr(s, ':'), *dash;
	char *end;

	memset(v, 0, sizeof(*v));
	if (colon) {
		v->epoch = strtoul(s, &end, 10);
		if (end != colon)
			v->epoch = 0;
		s = colon + 1;
	}
	dash = strrchr(s, '-');
	if (dash) {
		snprintf(v->upstream, sizeof(v->upstream), "%.*s", (int)(dash - s), s);
		str_copy(v->revision, sizeof(v->revision), dash + 1);
	} else {
		str_copy(v->upstream, sizeof(v->upstream), s);
	}
}

/**
 * dpkg_vercmp() - compare two Debian package versions as dpkg does
 * @a: a version, [epoch:]upstream[-revision]
 * @b: another
 *
 * Return: <0, 0 or >0 as @a is older, the same or newer than @b.
 */
int dpkg_vercmp(const char *a, const char *b)
{
	struct debver va, vb;
	int r;

	debver_parse(a, &va);
	debver_parse(b, &vb);
	if (va.epoch != vb.epoch)
		return va.epoch < vb.epoch ? -1 : 1;
	r = verrevcmp(va.upstream, vb.upstream);
	if (r)
		return r;
	return verrevcmp(va.revision, vb.revision);
}

/* The version of an installed package in a dpkg status file, or "" */
static void dpkg_installed(const char *status, const char *pkg, char *ver,
			   size_t size)
{
	char line[1024], cur[128] = "", v[128] = "";
	bool installed = false;
	FILE *f;

	ver[0] = '\0';
	f = fopen(status, "re");
	if (!f)
		return;
	for (;;) {
		bool eof = !fgets(line, sizeof(line), f);

		line[strcspn(line, "\n")] = '\0';
		if (eof || !line[0]) {
			/* the end of a stanza */
			if (!strcmp(cur, pkg) && installed && v[0]) {
				str_copy(ver, size, v);
				break;
			}
			cur[0] = '\0';
			v[0] = '\0';
			installed = false;
			if (eof)
				break;
			continue;
		}
		if (!strncmp(line, "Package: ", 9))
			str_copy(cur, sizeof(cur), line + 9);
		else if (!strncmp(line, "Version: ", 9))
			str_copy(v, sizeof(v), line + 9);
		else if (!strncmp(line, "Status: ", 8))
			installed = !!strstr(line + 8, " installed");
	}
	fclose(f);
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Append a ';'-separated id to @ids */
static void ids_add(char *ids, size_t size, const char *id, size_t len)
{
	size_t n = strlen(ids);

	if (!len)
		return;
	snprintf(ids + n, size - n, "%s%.*s", n ? ";" : "", (int)len, id);
}

/*
 * The path= of every "map" line of mapping @name in
 * /etc/pve/mapping/pci.cfg: "NAME" at the start of a line opens the
 * mapping, indented lines belong to it.
 */
static void pve_mapping(const char *root, const char *name, char *ids, size_t size)
{
	char path[PATH_MAX], line[1024];
	bool in = false;
	FILE *f;

	if (root_path(path, sizeof(path), root, "/etc/pve/mapping/pci.cfg"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *q;

		line[strcspn(line, "\n")] = '\0';
		if (!isspace((unsigned char)line[0])) {
			in = line[0] && !strcmp(line, name);
			continue;
		}
		while (isspace((unsigned char)*p))
			p++;
		if (!in || strncmp(p, "map ", 4))
			continue;
		for (q = p + 4; (q = strstr(q, "path=")); ) {
			q += 5;
			ids_add(ids, size, q, strcspn(q, ","));
		}
	}
	fclose(f);
}

/* One "hostpciN: ..." value: host ids, mapping, driver=keep */
static void pve_parse(const char *root, char *val, struct pve_entry *e)
{
	char *tok, *save = NULL;
	bool first = true;

	for (tok = strtok_r(val, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		while (isspace((unsigned char)*tok))
			tok++;
		if (!eq) {
			if (first)
				ids_add(e->ids, sizeof(e->ids), tok, strlen(tok));
		} else if (!strncmp(tok, "host=", 5)) {
			ids_add(e->ids, sizeof(e->ids), eq + 1, strlen(eq + 1));
		} else if (!strncmp(tok, "mapping=", 8)) {
			str_copy(e->mapping, sizeof(e->mapping), eq + 1);
			pve_mapping(root, e->mapping, e->ids, sizeof(e->ids));
		} else if (!strncmp(tok, "driver=", 7)) {
			e->keep = !strcmp(eq + 1, "keep");
		}
		first = false;
	}
}

/* The hostpciN lines of one VM file, up to its first [section] */
static void pve_file(const char *root, const char *path, const char *vmid,
		     struct host_pve *p)
{
	char line[4096];
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && p->nr < PVE_MAX_ENTRIES) {
		struct pve_entry *e = &p->e[p->nr];
		char *colon;
		size_t n;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '[')
			break;	/* snapshots and pending changes follow */
		n = strspn(line + 7, "0123456789");
		if (strncmp(line, "hostpci", 7) || !n || line[7 + n] != ':' || n > 2)
			continue;
		memset(e, 0, sizeof(*e));
		str_copy(e->vmid, sizeof(e->vmid), vmid);
		snprintf(e->key, sizeof(e->key), "%.*s", (int)(7 + n), line);
		colon = line + 7 + n + 1;
		while (isspace((unsigned char)*colon))
			colon++;
		pve_parse(root, colon, e);
		p->nr++;
	}
	fclose(f);
}

/**
 * env_pve() - Proxmox VE's qemu-server and every VM's hostpci lines
 * @root: "/" or a fake tree
 * @p: filled
 */
void env_pve(const char *root, struct host_pve *p)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent **names;
	struct stat st;
	int i, n;

	memset(p, 0, sizeof(*p));
	if (!root_path(path, sizeof(path), root, "/var/lib/dpkg/status"))
		dpkg_installed(path, "qemu-server", p->qs_version, sizeof(p->qs_version));
	p->keep_ok = p->qs_version[0] &&
		     dpkg_vercmp(p->qs_version, PVE_DRIVER_KEEP_VERSION) >= 0;
	if (root_path(dir, sizeof(dir), root, "/etc/pve/qemu-server"))
		return;
	p->present = p->qs_version[0] || (!stat(dir, &st) && S_ISDIR(st.st_mode));
	n = scandir(dir, &names, NULL, name_cmp);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		char vmid[24];

		if (len > 5 && len - 5 < sizeof(vmid) && !strcmp(name + len - 5, ".conf")) {
			snprintf(vmid, sizeof(vmid), "%.*s", (int)(len - 5), name);
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			pve_file(root, path, vmid, p);
		}
		free(names[i]);
	}
	free(names);
}

static unsigned int count_char(const char *s, size_t n, char c)
{
	unsigned int nr = 0;

	while (n--)
		nr += *s++ == c;
	return nr;
}

/**
 * pve_names() - does a hostpci line name a device?
 * @e: the line
 * @addr: the device, "0000:00:02.0"
 *
 * Proxmox takes "0000:00:02.0", "00:02.0" (domain 0) and "00:02" (every
 * function of the slot).
 *
 * Return: true when one of its ids is @addr.
 */
bool pve_names(const struct pve_entry *e, const char *addr)
{
	const char *id = e->ids, *end;
	char full[PVE_ID_LEN];
	size_t n;

	for (; *id; id = *end ? end + 1 : end) {
		end = field_end(id, ';');
		n = end - id;
		if (!n || n >= sizeof(full) - 5)
			continue;
		/* one colon: bus:slot[.fn] in domain 0000 */
		if (count_char(id, n, ':') == 1)
			snprintf(full, sizeof(full), "0000:%.*s", (int)n, id);
		else
			snprintf(full, sizeof(full), "%.*s", (int)n, id);
		if (!strchr(full, '.')) {
			/* a slot: every function */
			n = strlen(full);
			if (!strncasecmp(full, addr, n) && addr[n] == '.')
				return true;
		} else if (!strcasecmp(full, addr)) {
			return true;
		}
	}
	return false;
}
