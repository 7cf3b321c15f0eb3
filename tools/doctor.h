/* SPDX-License-Identifier: GPL-2.0 */
/*
 * doctor.h - opregionctl doctor: what it finds on a host beside the Intel
 * display devices (tools/doctor_env.c: the running kernel, QEMU, Proxmox
 * VE's VM configurations and packages) and the file helpers both halves
 * use. Every path is read under a root directory: "/" on a real host, a
 * fake tree in the tests (--root DIR).
 */
#ifndef OPREGIONCTL_DOCTOR_H
#define OPREGIONCTL_DOCTOR_H

#include <limits.h>
#include <stdio.h>

#include "opregionctl.h"

/* A kernel version as major << 8 | minor */
#define KVER(major, minor)	((unsigned int)(major) << 8 | (minor))

/**
 * struct kernel_range - the kernels igd-vfio-pci supports
 * @min: oldest, KVER()
 * @max: newest, KVER()
 * @source: where the range comes from, for the output
 */
struct kernel_range {
	unsigned int min, max;
	const char *source;
};

extern const struct kernel_range doctor_kernels;

/* The first kernel whose vfio-pci gives any Intel display class an OpRegion */
#define UPSTREAM_ANY_DISPLAY	KVER(6, 15)

/* The first qemu-server whose hostpci takes driver=keep (ECOSYSTEM.md) */
#define PVE_DRIVER_KEEP_VERSION	"9.0.25"

/**
 * struct host_kernel - the running kernel
 * @release: /proc/sys/kernel/osrelease, "" when unreadable
 * @ver: its major and minor, KVER(); 0 when @release does not start with them
 * @supported: @ver is within doctor_kernels
 */
struct host_kernel {
	char release[128];
	unsigned int ver;
	bool supported;
};

/**
 * struct host_qemu - the QEMU a VM would run
 * @path: the binary found, "" for none
 * @ran: it answered --version
 * @version: "10.0.2" from "QEMU emulator version 10.0.2 ...", "" if unknown
 * @help_ok: it answered "-device vfio-pci,help"
 * @opregion: vfio-pci has x-igd-opregion (copies the OpRegion at start)
 * @live: vfio-pci has x-igd-opregion-live (vmm/qemu/: maps the writable
 *	region at the guest's ASLS)
 * @err: why it could not be run, "" when it ran
 */
struct host_qemu {
	char path[PATH_MAX];
	bool ran;
	char version[64];
	bool help_ok;
	bool opregion;
	bool live;
	char err[160];
};

#define PVE_MAX_ENTRIES	256
#define PVE_ID_LEN	64

/**
 * struct pve_entry - one hostpciN line of a Proxmox VE VM
 * @vmid: the VM, from its file name (100 for 100.conf)
 * @key: hostpci0 ... hostpci15
 * @ids: the devices it names, ';'-separated as in host=; a mapping= is
 *	resolved through /etc/pve/mapping/pci.cfg
 * @mapping: the mapping name, "" for none
 * @keep: driver=keep is set
 */
struct pve_entry {
	char vmid[24];
	char key[16];
	char ids[256];
	char mapping[64];
	bool keep;
};

/**
 * struct host_pve - Proxmox VE
 * @present: /etc/pve/qemu-server exists or qemu-server is installed
 * @qs_version: the installed qemu-server's version, "" when not installed
 * @keep_ok: @qs_version is PVE_DRIVER_KEEP_VERSION or later
 * @nr: entries in @e
 * @e: every hostpciN line of every VM
 */
struct host_pve {
	bool present;
	char qs_version[64];
	bool keep_ok;
	unsigned int nr;
	struct pve_entry e[PVE_MAX_ENTRIES];
};

int str_copy(char *dst, size_t size, const char *src);
int path_join(char *dst, size_t size, const char *dir, const char *name);
int root_path(char *buf, size_t size, const char *root, const char *path);
int read_text(const char *path, char *buf, size_t size);
int read_bytes(const char *path, u8 *buf, size_t size, size_t *len);

void env_kernel(const char *root, struct host_kernel *k);
void env_qemu(const char *root, struct host_qemu *q);
void env_pve(const char *root, struct host_pve *p);
bool pve_names(const struct pve_entry *e, const char *addr);
int dpkg_vercmp(const char *a, const char *b);

#endif /* OPREGIONCTL_DOCTOR_H */
