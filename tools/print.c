// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - the printers opregionctl's commands share: bytes as JSON, text
 * and hex, names, the validation result and coherency events.
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
