// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_decode.c - opregionctl decode: decode an OpRegion image and validate it
 *
 * Which fields the image has, and where they lie, is the ownership table's
 * answer for the image's version and mailbox bitmap (iop_field_applies(),
 * the rule the engine builds its view with); how each value is shown is
 * the row's hint. Validation is the engine's, on a platform made of the
 * file.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opregionctl.h"
#include "print.h"

struct image {
	const char *path;
	const u8 *data;
	size_t len;		/* whole file */
	size_t app;		/* bytes after the 8 KiB OpRegion */
	u8 major, minor, revision;
	u16 ver;
	u32 size_kib;
	u32 mboxes;
	bool has_rv;		/* the RVDA and RVDS rows apply */
	bool ext;		/* they describe an extended VBT */
	u64 rvda;
	u32 rvds;
};

/* Does row @f of the ownership table apply to the image? */
static bool image_has(const struct image *img, const struct iop_field *f)
{
	return iop_field_applies(f, img->ver, img->mboxes);
}

/* The row at OpRegion offset @off that applies to the image, or NULL */
static const struct iop_field *image_row(const struct image *img, u32 off)
{
	unsigned int i;

	for (i = 1; i < iop_nr_fields; i++)
		if (iop_fields[i].offset == off && image_has(img, &iop_fields[i]))
			return &iop_fields[i];
	return NULL;
}

/*
 * The bytes row @f's value may use: up to the next row that applies (what
 * lies between no row claims: the view serves it as reserved), so a VBT in
 * mailbox 4 may run into mailbox 5 when the image has none; the appended
 * bytes for the extended VBT.
 */
static size_t image_space(const struct image *img, const struct iop_field *f)
{
	u32 end = OPREGION_SIZE;
	unsigned int i;

	if (f->offset >= OPREGION_SIZE)
		return img->app;
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *g = &iop_fields[i];

		if (g->offset > f->offset && g->offset < end && image_has(img, g))
			end = g->offset;
	}
	return end - f->offset;
}

/* The value of the image's row at @off, 0 without one */
static u64 image_value(const struct image *img, u32 off)
{
	const struct iop_field *f = image_row(img, off);

	return f ? iop_get_le(img->data + f->offset, f->width) : 0;
}

static void image_parse(struct image *img)
{
	const u8 *p = img->data;

	img->app = img->len - OPREGION_SIZE;
	img->size_kib = get_unaligned_le32(p + OPREGION_OFF(header.size));
	img->major = p[OPREGION_OFF(header.over.major)];
	img->minor = p[OPREGION_OFF(header.over.minor)];
	img->revision = p[OPREGION_OFF(header.over.revision)];
	img->ver = OPREGION_VER(img->major, img->minor);
	img->mboxes = get_unaligned_le32(p + OPREGION_OFF(header.mboxes));
	img->has_rv = image_row(img, OPREGION_OFF(asle.rvda)) &&
		      image_row(img, OPREGION_OFF(asle.rvds));
	img->rvda = image_value(img, OPREGION_OFF(asle.rvda));
	img->rvds = image_value(img, OPREGION_OFF(asle.rvds));
	img->ext = img->rvda && img->rvds;
}

#define MAX_NOTES	4

struct decode_probe {
	struct platform plat;
	struct iop *iop;
	u64 asls;
	unsigned int nr_notes;
	char notes[MAX_NOTES][160];
};

static __printf(2, 3) void note(struct decode_probe *dp, const char *fmt, ...)
{
	va_list ap;

	if (dp->nr_notes == MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(dp->notes[dp->nr_notes++], sizeof(dp->notes[0]), fmt, ap);
	va_end(ap);
}

/*
 * Validate the image the way a host would present it: the 8 KiB at an ASLS
 * and the appended bytes where RVDA says the extended VBT is. A 2.0 RVDA is
 * an absolute address the file cannot vouch for, so the ASLS is moved out
 * of its way rather than reporting an overlap the real host may not have.
 */
static int decode_validate(const struct image *img, struct decode_probe *dp)
{
	const u64 vbt_len = img->app;
	const char *err;
	u64 pa = 0, end;
	bool place = false;
	u8 *chunk;

	plat_init(&dp->plat);
	dp->asls = PLAT_ASLS;
	if (img->ext && !img->app) {
		note(dp, "the extended VBT (RVDS %u bytes at %s RVDA 0x%llx) is not in this file",
		     img->rvds, img->ver >= OPREGION_VER(2, 1) ? "relative" : "absolute",
		     (unsigned long long)img->rvda);
	} else if (img->ext && img->ver >= OPREGION_VER(2, 1)) {
		place = img->rvda >= OPREGION_SIZE &&
			!check_add_overflow(dp->asls, img->rvda, &pa);
	} else if (img->ext) {
		pa = img->rvda;
		place = true;
		if (check_add_overflow(pa, vbt_len, &end)) {
			place = false;
			note(dp, "RVDA 0x%llx plus the %zu appended bytes overflows 64 bits",
			     (unsigned long long)pa, img->app);
		} else if (pa < dp->asls + OPREGION_SIZE && end > dp->asls) {
			dp->asls = end + 0xfff < end ? 0x1000 : (end + 0xfff) & ~0xfffULL;
		}
	} else if (img->app) {
		note(dp,
		     "%zu bytes after the OpRegion are not an extended VBT: RVDA/RVDS do not describe one",
		     img->app);
	}
	if (place && img->app < img->rvds)
		note(dp, "the file holds %zu bytes after the OpRegion, RVDS says %u",
		     img->app, img->rvds);

	chunk = plat_add(&dp->plat, dp->asls, OPREGION_SIZE, &err);
	if (!chunk)
		return fail("decode: cannot place the OpRegion: %s", err);
	memcpy(chunk, img->data, OPREGION_SIZE);
	if (place) {
		chunk = plat_add(&dp->plat, pa, vbt_len, &err);
		if (chunk)
			memcpy(chunk, img->data + OPREGION_SIZE, vbt_len);
		else
			note(dp, "cannot place the appended VBT at 0x%llx: %s",
			     (unsigned long long)pa, err);
	}
	dp->iop = calloc(1, sizeof(*dp->iop));
	if (!dp->iop)
		return fail("out of memory");
	iop_probe(dp->iop, dp->asls, &plat_ops, &dp->plat, NULL, NULL);
	return 0;
}

/*
 * The rows the image has, in table order: those that apply to its version
 * and mailbox bitmap (rows that apply to one host never overlap: the unit
 * tier checks it), the extended VBT's only when RVDA/RVDS describe one.
 */
static bool decode_row(const struct image *img, const struct iop_field *f)
{
	if (!image_has(img, f))
		return false;
	return f->offset < OPREGION_SIZE || img->ext;
}

static void decode_json(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	bool first = true;

	fputs("{\"file\": ", out);
	json_str(out, img->path);
	fprintf(out, ", \"file_size\": %zu, \"appended\": %zu, \"header\": {\"signature\": ",
		img->len, img->app);
	print_str_json(out, p, OPREGION_SIGNATURE_LEN);
	fprintf(out, ", \"size_kib\": %u, \"version\": \"%u.%u.%u\"", img->size_kib,
		img->major, img->minor, img->revision);
	fprintf(out, ", \"major\": %u, \"minor\": %u, \"revision\": %u, \"mboxes\": \"0x%x\"",
		img->major, img->minor, img->revision, img->mboxes);
	fputs(", \"mailboxes\": ", out);
	mbox_list_json(out, img->mboxes);
	fprintf(out, ", \"reserved_mbox_bits\": \"0x%x\"}", img->mboxes & ~MBOX_KNOWN);
	if (img->has_rv)
		fprintf(out, ", \"rvda\": \"0x%llx\", \"rvda_kind\": \"%s\", \"rvds\": %u",
			(unsigned long long)img->rvda,
			img->ver >= OPREGION_VER(2, 1) ? "relative" : "absolute", img->rvds);
	else
		fputs(", \"rvda\": null, \"rvda_kind\": null, \"rvds\": null", out);
	fputs(", \"validation\": ", out);
	print_check_json(out, dp->iop);
	fprintf(out, ", \"probe_asls\": \"0x%llx\", \"notes\": [",
		(unsigned long long)dp->asls);
	for (i = 0; i < dp->nr_notes; i++) {
		fputs(i ? ", " : "", out);
		json_str(out, dp->notes[i]);
	}
	fputs("], \"fields\": [", out);
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		u32 size = f->offset >= OPREGION_SIZE ? img->app : f->size;

		if (!decode_row(img, f))
			continue;
		fprintf(out, "%s{\"name\": \"%s\", \"offset\": %u, \"size\": %u, \"width\": %u",
			first ? "" : ", ", f->name, f->offset, size, f->width);
		fprintf(out, ", \"class\": \"%s\", \"kind\": \"%s\", \"value\": ",
			iop_class_name(f->cls), value_kind_name(f));
		print_value_json(out, f, img->data + f->offset, image_space(img, f));
		fputc('}', out);
		first = false;
	}
	fputs("]}\n", out);
}

static void decode_text(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	int col;

	fprintf(out, "%s: %zu bytes", img->path, img->len);
	if (img->app)
		fprintf(out, " (8192-byte OpRegion + %zu appended)", img->app);
	fputs("\n\nheader\n  signature   \"", out);
	print_str_text(out, p, OPREGION_SIGNATURE_LEN);
	fprintf(out, "\"\n  SIZE        %u KiB\n  version     %u.%u.%u\n"
		"  mailboxes   0x%x:", img->size_kib, img->major, img->minor,
		img->revision, img->mboxes);
	mbox_list_text(out, img->mboxes);
	fputc('\n', out);
	if (img->has_rv)
		fprintf(out, "  RVDA        0x%llx (%s)\n  RVDS        %u bytes\n",
			(unsigned long long)img->rvda,
			img->ver >= OPREGION_VER(2, 1) ? "relative to the OpRegion" :
			"absolute physical address", img->rvds);
	else
		fputs("  RVDA/RVDS   none (below 2.0 or no ASLE mailbox)\n", out);

	fprintf(out, "\nvalidation, probed with the OpRegion at ASLS 0x%llx\n",
		(unsigned long long)dp->asls);
	print_check_text(out, dp->iop, "  ");
	for (i = 0; i < dp->nr_notes; i++)
		fprintf(out, "  note: %s\n", dp->notes[i]);

	fprintf(out, "\nfields for version %u.%u, mailboxes 0x%x\n"
		"  %-5s %-6s %5s  %-11s %s\n", img->major, img->minor, img->mboxes,
		"NAME", "OFFSET", "SIZE", "CLASS", "VALUE");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];
		u32 size = f->offset >= OPREGION_SIZE ? img->app : f->size;

		if (!decode_row(img, f))
			continue;
		col = fprintf(out, "  %-5s 0x%04x %5u  %-11s ", f->name, f->offset, size,
			      iop_class_name(f->cls));
		print_value_text(out, f, img->data + f->offset, image_space(img, f), col);
		fputc('\n', out);
	}
}

static int do_decode(int argc, char **argv)
{
	struct decode_probe dp = { 0 };
	struct image img = { 0 };
	struct args a;
	u8 *data;
	int rc;

	rc = parse_args(argc, argv, A_JSON, &a);
	if (rc || a.help)
		return rc;
	rc = want_pos(&a, 1, "FILE");
	if (rc)
		return rc;
	rc = read_file(a.pos[0], &data, &img.len);
	if (rc)
		return rc;
	if (img.len < OPREGION_SIZE) {
		free(data);
		return fail("%s: %zu bytes, an OpRegion is %u", a.pos[0], img.len,
			    OPREGION_SIZE);
	}
	img.path = a.pos[0];
	img.data = data;
	image_parse(&img);
	rc = decode_validate(&img, &dp);
	if (!rc) {
		if (a.json)
			decode_json(stdout, &img, &dp);
		else
			decode_text(stdout, &img, &dp);
	}
	free(dp.iop);
	plat_free(&dp.plat);
	free(data);
	return rc;
}

const struct cmd cmd_decode = {
	.name = "decode",
	.run = do_decode,
	.help =
		"  decode FILE [--json]\n"
		"      Decode an OpRegion image: 8 KiB, optionally followed by an appended\n"
		"      extended VBT (as in a 2.1 view written by 'view'). Prints the header,\n"
		"      RVDA/RVDS and each field that applies to the image's version and\n"
		"      mailbox bitmap, with its ownership class and value, and the result of\n"
		"      validating a platform made of the file: the OpRegion at ASLS\n"
		"      0x7a5c3000 (moved clear of a 2.0 RVDA), the appended bytes at RVDA.\n"
		"      Exit 0 whether or not the image is valid.\n",
};
