/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printers opregionctl's commands share: bytes as JSON strings, text
 * and hex; the names of reasons, event kinds and mailboxes; the validation
 * result, coherency events and field values (as the ownership table's
 * hints say), as text and as JSON.
 */
#ifndef OPREGIONCTL_PRINT_H
#define OPREGIONCTL_PRINT_H

#include <stdio.h>

#include "platform.h"

/* The MBOX bits opregion.h knows, bit 0 first */
#define NR_MBOX_NAMES	6
extern const char *const mbox_names[NR_MBOX_NAMES];

void json_bytes(FILE *out, const u8 *p, size_t n);
void json_str(FILE *out, const char *s);
void text_bytes(FILE *out, const u8 *p, size_t n);
void hex_bytes(FILE *out, const u8 *p, size_t n);
void print_ver(FILE *out, u16 ver);

const char *errno_name(int err);
const char *reason_desc(enum iop_reason reason);
const char *ev_kind_name(enum iop_event_kind kind);
const char *mbox_name(u32 bit);
const char *vbt_where_name(u8 where);
void mbox_list_json(FILE *out, u32 mboxes);
void mbox_list_text(FILE *out, u32 mboxes);

void print_event_json(FILE *out, const struct iop_event *ev);
void print_event_text(FILE *out, const struct iop_event *ev);
void print_check_json(FILE *out, const struct iop *iop);
void print_check_text(FILE *out, const struct iop *iop, const char *indent);

void print_str_json(FILE *out, const u8 *p, size_t size);
void print_str_text(FILE *out, const u8 *p, size_t size);
const char *value_kind_name(const struct iop_field *f);
void print_value_json(FILE *out, const struct iop_field *f, const u8 *p, size_t space);
void print_value_text(FILE *out, const struct iop_field *f, const u8 *p, size_t space,
		      int col);

#endif /* OPREGIONCTL_PRINT_H */
