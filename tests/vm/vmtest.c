// SPDX-License-Identifier: GPL-2.0
/*
 * vmtest.c - helpers shared by the VM tier's guest programs (vmtest.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmtest.h"

const char *vbt_dir = "/vbt";
bool demo;
int mem_fd = -1;
int n_groups, n_pass, n_fail, group_fails;

/* ---- reporting ----------------------------------------------------------- */

bool check_(bool ok, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	group_fails++;
	printf("#   line %d: ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return false;
}

void group_begin(void)
{
	group_fails = 0;
}

bool group_end(const char *fmt, ...)
{
	va_list ap;

	n_groups++;
	if (group_fails)
		n_fail++;
	else
		n_pass++;
	printf("%s %d - ", group_fails ? "not ok" : "ok", n_groups);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return !group_fails;
}

void say(const char *fmt, ...)
{
	va_list ap;

	if (!demo)
		return;
	printf("demo: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* ---- files --------------------------------------------------------------- */

/* Write @len bytes to @path; 0 or -errno (the kernel's answer). */
int write_file(const char *path, const void *buf, size_t len, int flags)
{
	int fd = open(path, O_WRONLY | flags);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

int write_str(const char *path, const char *s)
{
	return write_file(path, s, strlen(s), 0);
}

ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -errno;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = 0;
	return total;
}

/* Whole file into a malloc'd, NUL-terminated buffer (for trace, sysfs). */
char *slurp(const char *path, size_t *lenp)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = 0;
	if (lenp)
		*lenp = len;
	return buf;
}

bool load_blob(struct blob *b, const char *name)
{
	char path[512];
	size_t len;

	snprintf(b->name, sizeof(b->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s", vbt_dir, name);
	b->data = (u8 *)slurp(path, &len);
	b->len = len;
	b->vbt_size = 0;
	if (!b->data || len < VBT_HEADER_SIZE || memcmp(b->data, "$VBT", 4))
		return false;
	/* vbt_size decides, never the file length */
	b->vbt_size = b->data[VBT_SIZE_OFF] | b->data[VBT_SIZE_OFF + 1] << 8;
	return b->vbt_size >= VBT_HEADER_SIZE && b->vbt_size <= len;
}

/* ---- the simulated firmware ---------------------------------------------- */

int sim_cmd(const char *fmt, ...)
{
	char cmd[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return write_str(SIM_DIR "/cmd", cmd);
}

u64 sim_info(const char *key)
{
	char buf[1024], *p;
	size_t klen = strlen(key);

	if (read_file(SIM_DIR "/info", buf, sizeof(buf)) <= 0)
		return UINT64_MAX;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return strtoull(p + klen + 1, NULL, 0);
	}
	return UINT64_MAX;
}

/* Load a platform: the VBT blob (if any), the layout, then build it. */
int sim_load(const char *layout, const struct blob *vbt)
{
	int err;

	if (vbt) {
		err = write_file(SIM_DIR "/vbt", vbt->data, vbt->len, O_TRUNC);
		if (err)
			return err;
	}
	err = write_str(SIM_DIR "/layout", layout);
	return err ? err : write_str(SIM_DIR "/load", "1");
}

int sim_load_raw(const void *img, size_t len)
{
	int err = write_file(SIM_DIR "/image", img, len, O_TRUNC);

	if (!err)
		err = write_str(SIM_DIR "/layout", "raw");
	return err ? err : write_str(SIM_DIR "/load", "1");
}

/* Physical bytes, addressed like the view: the firmware's side of things. */
bool phys_read(u32 off, void *buf, size_t len)
{
	return pread(mem_fd, buf, len, off) == (ssize_t)len;
}

bool phys_write(u32 off, const void *buf, size_t len)
{
	return pwrite(mem_fd, buf, len, off) == (ssize_t)len;
}

u32 phys32(u32 off)
{
	u32 v = 0xdeadbeef;

	CHECK(phys_read(off, &v, 4), "physical read at %#x failed", off);
	return v;
}

u64 phys64(u32 off)
{
	u64 v = ~0ULL;

	CHECK(phys_read(off, &v, 8), "physical read at %#x failed", off);
	return v;
}

/* Everything the mem file addresses: OpRegion, then the extended VBT. */
u8 *phys_all(size_t *lenp)
{
	size_t len = sim_info("mem_size"), got = 0;
	u8 *buf = malloc(len);
	ssize_t n;

	while (buf && got < len) {
		n = pread(mem_fd, buf + got, len - got, got);
		if (n <= 0)
			break;
		got += n;
	}
	*lenp = got;
	return buf;
}

unsigned long sysfs_hex(const char *dev, const char *attr)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/%s", dev, attr);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return ~0UL;
	return strtoul(buf, NULL, 16);
}

const char *driver_of(const char *dev)
{
	static char name[128];
	char path[256], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return "";
	link[n] = 0;
	snprintf(name, sizeof(name), "%s", strrchr(link, '/') + 1);
	return name;
}

/* The first device whose vendor and class (or device ID) match. */
bool find_dev(char *out, size_t size, unsigned long vendor,
	      unsigned long device, bool (*pick)(const char *))
{
	struct dirent *de;
	DIR *d = opendir(PCI_DEVS);
	bool found = false;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (sysfs_hex(de->d_name, "vendor") != vendor)
			continue;
		if (device != ~0UL && sysfs_hex(de->d_name, "device") != device)
			continue;
		if ((pick && !pick(de->d_name)) || strlen(de->d_name) >= size)
			continue;
		memcpy(out, de->d_name, strlen(de->d_name) + 1);
		found = true;
		break;
	}
	if (d)
		closedir(d);
	return found;
}

/* Bind by driver_override, as users (and libvirt) do; true if bound to us. */
bool bind_ours(const char *dev)
{
	char path[256];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", dev);
	if (write_str(path, DRIVER))
		return false;
	write_str("/sys/bus/pci/drivers_probe", dev);
	return !strcmp(driver_of(dev), DRIVER);
}

void clear_override(const char *dev)
{
	char path[256];

	snprintf(path, sizeof(path), PCI_DEVS "/%s/driver_override", dev);
	write_str(path, "\n");
}

/*
 * Mappings of physical address @pa in /proc/vmallocinfo whose vmalloc
 * area is @size bytes (the mapping plus its guard page): memremap() of
 * memory that is not System RAM makes one (ioremap_cache); of System RAM
 * it returns the direct map and leaves no trace here.
 */
int vmalloc_maps(u64 pa, unsigned long size)
{
	char *buf = slurp("/proc/vmallocinfo", NULL), *line, *save = NULL;
	char phys[40], sz[24];
	int n = 0;

	if (!buf)
		return -1;
	snprintf(phys, sizeof(phys), "phys=0x%016" PRIx64 " ", pa);
	snprintf(sz, sizeof(sz), " %lu ", size);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, phys) && strstr(line, sz))
			n++;
	free(buf);
	return n;
}
