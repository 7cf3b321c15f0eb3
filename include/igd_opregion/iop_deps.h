/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_deps.h - the only header the engine (lib/) includes for its
 * environment. In the kernel it maps to <linux/...>; in userspace (tool,
 * tests, fuzzers, benchmarks) it provides the same names on top of libc,
 * so the very same lib/ sources build in both places.
 */
#ifndef IOP_DEPS_H
#define IOP_DEPS_H

#ifdef __KERNEL__

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

#include "igd_compat.h"

#else /* userspace */

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;

/* The kernel's static_assert(), message optional. */
#undef static_assert
#define static_assert(expr, ...) __iop_static_assert(expr, ##__VA_ARGS__, #expr)
#define __iop_static_assert(expr, msg, ...) _Static_assert(expr, msg)
#define __packed __attribute__((__packed__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define BIT(n) (1UL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define array_index_nospec(index, size) ((void)(size), (index))
#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fallthrough __attribute__((__fallthrough__))
/* Entry points the kernel exports to its KUnit suites only. */
#define EXPORT_SYMBOL_IF_KUNIT(sym) static_assert(1, "")

/* The userspace build assumes a little-endian host, like the x86 kernel. */
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian host");

static inline u16 get_unaligned_le16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u64 get_unaligned_le64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_le64(u64 v, void *p)
{
	memcpy(p, &v, sizeof(v));
}

#endif /* __KERNEL__ */

#endif /* IOP_DEPS_H */
