// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - the printers opregionctl's commands share: bytes as JSON, text
 * and hex, names, the validation result, coherency events and field values
 * as the ownership table's hints say.
 */
#include <errno.h>
#include <string.h>

#include "print.h"

const char *const mbox_names[NR_MBOX_NAMES] = {
	"ACPI", "SWSCI", "ASLE", "VBT", "ASLE_EXT", "BACKLIGHT",
};

static_assert(MBOX_KNOWN == (1U << NR_MBOX_NAMES) - 1);

#define REASON_ROW(sym, name, text) \
	[sym] = { name, text },
static const struct {
	const char *name;
	const char *text;
} reasons[IOP_NR_REASONS] = {
	IOP_REASONS(REASON_ROW, REASON_ROW)
};

#define EV_KIND_NAME(sym, name) \
	[sym] = name,
static const char *const ev_kind_names[IOP_NR_EVENT_KINDS] = {
	IOP_EVENT_KINDS(EV_KIND_NAME, EV_KIND_NAME)
};

/* JSON string of raw bytes: printable ASCII as is, anything else \u00XX. */
void json_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\u%04x", p[i]);
	}
	fputc('"', out);
}

void json_str(FILE *out, const char *s)
{
	json_bytes(out, (const u8 *)s, strlen(s));
}

/* Printable text: C escapes for anything that is not printable ASCII. */
void text_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\x%02x", p[i]);
	}
}

void hex_bytes(FILE *out, const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

void print_ver(FILE *out, u16 ver)
{
	fprintf(out, "%u.%u", ver >> 8, ver & 0xff);
}

const char *errno_name(int err)
{
	switch (err) {
	case EINVAL:
		return "EINVAL";
	case EFAULT:
		return "EFAULT";
	case ENOMEM:
		return "ENOMEM";
	default:
		return "EUNKNOWN";
	}
}

const char *reason_desc(enum iop_reason reason)
{
	if ((unsigned int)reason < IOP_NR_REASONS && reasons[reason].text)
		return reasons[reason].text;
	return iop_reason_name(reason);
}

const char *ev_kind_name(enum iop_event_kind kind)
{
	if ((unsigned int)kind < ARRAY_SIZE(ev_kind_names))
		return ev_kind_names[kind];
	return "unknown";
}

const char *mbox_name(u32 bit)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mbox_names); i++)
		if (bit == 1U << i)
			return mbox_names[i];
	return "?";
}

const char *vbt_where_name(u8 where)
{
	return where == IOP_VBT_EXTENDED ? "extended" : "mailbox4";
}

void mbox_list_json(FILE *out, u32 mboxes)
{
	unsigned int i;
	bool first = true;

	fputc('[', out);
	for (i = 0; i < ARRAY_SIZE(mbox_names); i++) {
		if (!(mboxes & (1U << i)))
			continue;
		fprintf(out, "%s\"%s\"", first ? "" : ", ", mbox_names[i]);
		first = false;
	}
	fputc(']', out);
}

void mbox_list_text(FILE *out, u32 mboxes)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mbox_names); i++)
		if (mboxes & (1U << i))
			fprintf(out, " %s", mbox_names[i]);
	if (mboxes & ~MBOX_KNOWN)
		fprintf(out, " reserved:0x%x", mboxes & ~MBOX_KNOWN);
}

static bool ev_is_array(const struct iop_event *ev)
{
	return ev->kind != IOP_EV_REFUSED && ev->field->size > ev->field->width;
}

void print_event_json(FILE *out, const struct iop_event *ev)
{
	const struct iop_field *f = ev->field;

	fprintf(out,
		"{\"kind\": \"%s\", \"field\": \"%s\", \"class\": \"%s\", \"off\": %u, \"len\": %u",
		ev_kind_name(ev->kind), f->name, iop_class_name(f->cls), ev->off, ev->len);
	if (ev_is_array(ev))
		fprintf(out, ", \"index\": %u", (ev->off - f->offset) / f->width);
	if (ev->kind != IOP_EV_REFUSED)
		fprintf(out, ", \"old\": \"0x%llx\", \"new\": \"0x%llx\"",
			(unsigned long long)ev->old_val,
			(unsigned long long)ev->new_val);
	fputc('}', out);
}

void print_event_text(FILE *out, const struct iop_event *ev)
{
	const struct iop_field *f = ev->field;

	fprintf(out, "      event %-9s %s", ev_kind_name(ev->kind), f->name);
	if (ev_is_array(ev))
		fprintf(out, "[%u]", (ev->off - f->offset) / f->width);
	fprintf(out, " (%s) at 0x%x", iop_class_name(f->cls), ev->off);
	if (ev->kind == IOP_EV_REFUSED)
		fprintf(out, ", %u bytes\n", ev->len);
	else
		fprintf(out, ": 0x%llx -> 0x%llx\n", (unsigned long long)ev->old_val,
			(unsigned long long)ev->new_val);
}

void print_check_json(FILE *out, const struct iop *iop)
{
	const struct iop_geometry *g = &iop->geo;
	bool ok = iop->reason == IOP_OK;
	unsigned int r, n;

	fprintf(out, "{\"ok\": %s, \"reason\": ", ok ? "true" : "false");
	if (ok)
		fputs("null", out);
	else
		json_str(out, iop_reason_name(iop->reason));
	/* A nonzero host version means validation got as far as reading it. */
	fputs(", \"host_version\": ", out);
	if (g->host_ver) {
		fputc('"', out);
		print_ver(out, g->host_ver);
		fputc('"', out);
	} else {
		fputs("null", out);
	}
	if (ok) {
		fputs(", \"view_version\": \"", out);
		print_ver(out, g->view_ver);
		fprintf(out, "\", \"view_size\": %u, \"vbt\": {\"where\": \"%s\", \"size\": %u}",
			g->view_size, vbt_where_name(g->vbt_where), g->vbt_size);
	} else {
		fputs(", \"view_version\": null, \"view_size\": null, \"vbt\": null", out);
	}
	fputs(", \"tolerated\": [", out);
	for (r = 0, n = 0; r < IOP_NR_REASONS; r++) {
		if (!(iop->warnings & IOP_WARN(r)))
			continue;
		if (n++)
			fputs(", ", out);
		json_str(out, iop_reason_name(r));
	}
	fputs("]}", out);
}

void print_check_text(FILE *out, const struct iop *iop, const char *indent)
{
	const struct iop_geometry *g = &iop->geo;
	unsigned int r;

	if (iop->reason == IOP_OK)
		fprintf(out, "%svalid: OpRegion at ASLS 0x%llx\n", indent,
			(unsigned long long)g->asls);
	else
		fprintf(out, "%srejected: %s (%s)\n", indent,
			iop_reason_name(iop->reason), reason_desc(iop->reason));
	fprintf(out, "%s  host version:  ", indent);
	if (g->host_ver)
		print_ver(out, g->host_ver);
	else
		fputs("unknown", out);
	if (g->host_ver && g->mboxes)
		fprintf(out, ", mailboxes 0x%x", g->mboxes);
	fputc('\n', out);
	for (r = 0; r < IOP_NR_REASONS; r++)
		if (iop->warnings & IOP_WARN(r))
			fprintf(out, "%s  tolerated:     %s (%s)\n", indent,
				iop_reason_name(r), reason_desc(r));
	if (iop->reason != IOP_OK)
		return;
	fprintf(out, "%s  view version:  ", indent);
	print_ver(out, g->view_ver);
	fprintf(out, "\n%s  view size:     %u bytes\n", indent, g->view_size);
	if (g->vbt_where == IOP_VBT_EXTENDED)
		fprintf(out,
			"%s  VBT:           extended, vbt_size %u at 0x%llx (RVDA 0x%llx, RVDS %u)\n",
			indent, g->vbt_size, (unsigned long long)g->vbt_pa,
			(unsigned long long)g->rvda, g->rvds);
	else
		fprintf(out, "%s  VBT:           mailbox 4, vbt_size %u\n", indent,
			g->vbt_size);
}

/* A text field: its bytes up to the first NUL. */
static size_t str_len(const u8 *p, size_t size)
{
	const u8 *nul = memchr(p, 0, size);

	return nul ? (size_t)(nul - p) : size;
}

/**
 * print_str_json() - the text of a field up to its first NUL, as JSON
 * @out: where to
 * @p: the field's bytes
 * @size: its size
 */
void print_str_json(FILE *out, const u8 *p, size_t size)
{
	json_bytes(out, p, str_len(p, size));
}

/**
 * print_str_text() - the text of a field up to its first NUL, C-escaped
 * @out: where to
 * @p: the field's bytes
 * @size: its size
 */
void print_str_text(FILE *out, const u8 *p, size_t size)
{
	text_bytes(out, p, str_len(p, size));
}

static bool all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The VBT header fields a reader wants first, from at most @space bytes */
struct vbt_info {
	bool valid;
	char sig[21];
	u16 version, header_size, vbt_size;
	u32 bdb_offset;
	bool has_bdb;
	u16 bdb_version;
};

static struct vbt_info vbt_info(const u8 *p, size_t space)
{
	struct vbt_info v = { 0 };
	size_t n;

	if (space < sizeof(struct vbt_header) || memcmp(p, "$VBT", 4))
		return v;
	v.valid = true;
	memcpy(v.sig, p, 20);
	for (n = 20; n && (v.sig[n - 1] == ' ' || !v.sig[n - 1]); n--)
		v.sig[n - 1] = '\0';
	v.version = get_unaligned_le16(p + offsetof(struct vbt_header, version));
	v.header_size = get_unaligned_le16(p + offsetof(struct vbt_header, header_size));
	v.vbt_size = get_unaligned_le16(p + offsetof(struct vbt_header, vbt_size));
	v.bdb_offset = get_unaligned_le32(p + offsetof(struct vbt_header, bdb_offset));
	if (v.bdb_offset <= space && space - v.bdb_offset >= sizeof(struct bdb_header) &&
	    !memcmp(p + v.bdb_offset, "BIOS_DATA_BLOCK", 15)) {
		v.has_bdb = true;
		v.bdb_version = get_unaligned_le16(p + v.bdb_offset +
						   offsetof(struct bdb_header, version));
	}
	return v;
}

/**
 * value_kind_name() - the JSON "kind" of a field's value
 * @f: the row
 *
 * Return: "scalar" or "array" (IOP_HINT_HEX: one number or more), "string",
 * "bytes" or "vbt".
 */
const char *value_kind_name(const struct iop_field *f)
{
	switch (f->hint) {
	case IOP_HINT_TEXT:
		return "string";
	case IOP_HINT_BYTES:
		return "bytes";
	case IOP_HINT_VBT:
		return "vbt";
	default:
		return f->size == f->width ? "scalar" : "array";
	}
}

/**
 * print_value_json() - a field's value as JSON, as its row's hint says
 * @out: where to
 * @f: the row
 * @p: the field's bytes
 * @space: the bytes at @p: @f->size, or for a VBT the bytes it may use
 *
 * IOP_HINT_HEX: "0x.." or ["0x..", ...] per element of the row's width;
 * IOP_HINT_TEXT: the text up to the first NUL; IOP_HINT_BYTES: a hex
 * string; IOP_HINT_VBT: {"signature", "version", "vbt_size", "bdb_offset",
 * "bdb_version"}, or null without a $VBT header.
 */
void print_value_json(FILE *out, const struct iop_field *f, const u8 *p, size_t space)
{
	struct vbt_info v;
	unsigned int i;

	switch (f->hint) {
	case IOP_HINT_TEXT:
		print_str_json(out, p, f->size);
		break;
	case IOP_HINT_BYTES:
		fputc('"', out);
		hex_bytes(out, p, f->size);
		fputc('"', out);
		break;
	case IOP_HINT_VBT:
		v = vbt_info(p, space);
		if (!v.valid) {
			fputs("null", out);
			break;
		}
		fputs("{\"signature\": ", out);
		json_str(out, v.sig);
		fprintf(out,
			", \"version\": %u, \"vbt_size\": %u, \"bdb_offset\": %u, \"bdb_version\": ",
			v.version, v.vbt_size, v.bdb_offset);
		if (v.has_bdb)
			fprintf(out, "%u}", v.bdb_version);
		else
			fputs("null}", out);
		break;
	default:
		if (f->size == f->width) {
			fprintf(out, "\"0x%llx\"", (unsigned long long)iop_get_le(p, f->width));
			break;
		}
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s\"0x%llx\"", i ? ", " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	}
}

/**
 * print_value_text() - a field's value as text, as its row's hint says
 * @out: where to
 * @f: the row
 * @p: the field's bytes
 * @space: the bytes at @p: @f->size, or for a VBT the bytes it may use
 *	(0: the VBT is not there)
 * @col: the column the value starts at: bytes go on in lines of 32,
 *	each indented to it
 */
void print_value_text(FILE *out, const struct iop_field *f, const u8 *p, size_t space,
		      int col)
{
	struct vbt_info v;
	unsigned int i;

	switch (f->hint) {
	case IOP_HINT_TEXT:
		fputc('"', out);
		print_str_text(out, p, f->size);
		fputc('"', out);
		break;
	case IOP_HINT_BYTES:
		if (all_zero(p, f->size)) {
			fprintf(out, "all %u bytes zero", f->size);
			break;
		}
		for (i = 0; i < f->size; i += 32) {
			if (i)
				fprintf(out, "\n%*s", col, "");
			hex_bytes(out, p + i, min_t(unsigned int, 32, f->size - i));
		}
		break;
	case IOP_HINT_VBT:
		v = vbt_info(p, space);
		if (!v.valid) {
			fputs(space ? "no VBT signature" : "not in the file", out);
			break;
		}
		fputc('"', out);
		text_bytes(out, (const u8 *)v.sig, strlen(v.sig));
		fprintf(out, "\" version %u, vbt_size %u%s, BDB at %u", v.version,
			v.vbt_size, v.vbt_size > space ? " (runs past its space)" : "",
			v.bdb_offset);
		if (v.has_bdb)
			fprintf(out, ", BDB version %u", v.bdb_version);
		break;
	default:
		if (f->size == f->width) {
			fprintf(out, "0x%llx", (unsigned long long)iop_get_le(p, f->width));
			break;
		}
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s0x%llx", i ? " " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	}
}
