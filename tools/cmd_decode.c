// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_decode.c - opregionctl decode: decode an OpRegion image and validate it
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opregionctl.h"
#include "print.h"

enum val_kind {
	VK_SCALAR,
	VK_ARRAY,
	VK_STRING,
	VK_BYTES,
	VK_VBT,
};

static const char *const val_kind_names[] = {
	[VK_SCALAR]	= "scalar",
	[VK_ARRAY]	= "array",
	[VK_STRING]	= "string",
	[VK_BYTES]	= "bytes",
	[VK_VBT]	= "vbt",
};

/* How to show a field; the table says who owns it, not how it looks. */
static enum val_kind field_kind(const struct iop_field *f)
{
	static const char *const strings[] = { "SIGN", "SVER", "VVER", "GVER", "DVER" };
	unsigned int i;

	if (!strcmp(f->name, "VBT") || !strcmp(f->name, "RVBT"))
		return VK_VBT;
	for (i = 0; i < ARRAY_SIZE(strings); i++)
		if (!strcmp(f->name, strings[i]))
			return VK_STRING;
	if (f->size == f->width)
		return VK_SCALAR;
	return f->width == 1 ? VK_BYTES : VK_ARRAY;
}

struct image {
	const char *path;
	const u8 *data;
	size_t len;		/* whole file */
	size_t app;		/* bytes after the 8 KiB OpRegion */
	u8 major, minor, revision;
	u16 ver;
	u32 size_kib;
	u32 mboxes;
	bool has_rv;		/* RVDA/RVDS exist: 2.0+ with the ASLE mailbox */
	bool ext;		/* they describe an extended VBT */
	u64 rvda;
	u32 rvds;
};

/* The VBT header fields a reader wants first; NULL-safe for short space. */
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

/* Bytes of the VBT a field shows, and how many of them the file holds. */
static const u8 *vbt_bytes(const struct image *img, const struct iop_field *f,
			   size_t *space)
{
	if (f->offset >= OPREGION_SIZE) {
		*space = img->app;
		return img->data + OPREGION_SIZE;
	}
	/* As the engine: without mailbox 5 a VBT may run into its area. */
	*space = (img->mboxes & MBOX_ASLE_EXT) ? OPREGION_VBT_SIZE :
		 OPREGION_SIZE - OPREGION_VBT_OFFSET;
	return img->data + f->offset;
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
	/* The engine's rule: RVDA/RVDS exist from 2.0 in the ASLE mailbox. */
	img->has_rv = img->ver >= OPREGION_VER(2, 0) && (img->mboxes & MBOX_ASLE);
	if (img->has_rv) {
		img->rvda = get_unaligned_le64(p + OPREGION_OFF(asle.rvda));
		img->rvds = get_unaligned_le32(p + OPREGION_OFF(asle.rvds));
		img->ext = img->rvda && img->rvds;
	}
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

/* A string field: its bytes up to the first NUL. */
static size_t str_len(const u8 *p, size_t size)
{
	const u8 *nul = memchr(p, 0, size);

	return nul ? (size_t)(nul - p) : size;
}

static bool all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void field_value_json(FILE *out, const struct image *img,
			     const struct iop_field *f)
{
	const u8 *p = img->data + f->offset;
	struct vbt_info v;
	unsigned int i;
	const u8 *vbt;
	size_t space;

	switch (field_kind(f)) {
	case VK_SCALAR:
		fprintf(out, "\"0x%llx\"", (unsigned long long)iop_get_le(p, f->width));
		break;
	case VK_ARRAY:
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s\"0x%llx\"", i ? ", " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	case VK_STRING:
		json_bytes(out, p, str_len(p, f->size));
		break;
	case VK_BYTES:
		fputc('"', out);
		hex_bytes(out, p, f->size);
		fputc('"', out);
		break;
	case VK_VBT:
		vbt = vbt_bytes(img, f, &space);
		v = vbt_info(vbt, space);
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
	}
}

static void field_value_text(FILE *out, const struct image *img,
			     const struct iop_field *f)
{
	const u8 *p = img->data + f->offset;
	struct vbt_info v;
	unsigned int i;
	const u8 *vbt;
	size_t space;

	switch (field_kind(f)) {
	case VK_SCALAR:
		fprintf(out, "0x%llx", (unsigned long long)iop_get_le(p, f->width));
		break;
	case VK_ARRAY:
		fputc('[', out);
		for (i = 0; i < f->size / f->width; i++)
			fprintf(out, "%s0x%llx", i ? " " : "",
				(unsigned long long)iop_get_le(p + i * f->width, f->width));
		fputc(']', out);
		break;
	case VK_STRING:
		fputc('"', out);
		text_bytes(out, p, str_len(p, f->size));
		fputc('"', out);
		break;
	case VK_BYTES:
		if (all_zero(p, f->size)) {
			fprintf(out, "all %u bytes zero", f->size);
			break;
		}
		for (i = 0; i < f->size; i += 32) {
			fputs(i ? "\n                                  " : "", out);
			hex_bytes(out, p + i, min_t(unsigned int, 32, f->size - i));
		}
		break;
	case VK_VBT:
		vbt = vbt_bytes(img, f, &space);
		v = vbt_info(vbt, space);
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
	}
}

/*
 * The rows the engine would use for this image: applicable ones, in table
 * order, skipping any that would overlap an earlier one (as iop_probe()'s
 * segment builder does). RVBT only when RVDA/RVDS describe an extended VBT.
 */
static bool decode_row(const struct image *img, const struct iop_field *f, u32 *pos)
{
	if (!iop_field_applies(f, img->ver, img->mboxes))
		return false;
	if (f->offset >= OPREGION_SIZE)
		return img->ext;
	if (f->offset < *pos || f->offset + f->size > OPREGION_SIZE)
		return false;
	*pos = f->offset + f->size;
	return true;
}

static void decode_json(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	bool first = true;
	u32 pos = 0;

	fputs("{\"file\": ", out);
	json_str(out, img->path);
	fprintf(out, ", \"file_size\": %zu, \"appended\": %zu, \"header\": {\"signature\": ",
		img->len, img->app);
	json_bytes(out, p, str_len(p, OPREGION_SIGNATURE_LEN));
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

		if (!decode_row(img, f, &pos))
			continue;
		fprintf(out, "%s{\"name\": \"%s\", \"offset\": %u, \"size\": %u, \"width\": %u",
			first ? "" : ", ", f->name, f->offset, size, f->width);
		fprintf(out, ", \"class\": \"%s\", \"kind\": \"%s\", \"value\": ",
			iop_class_name(f->cls), val_kind_names[field_kind(f)]);
		field_value_json(out, img, f);
		fputc('}', out);
		first = false;
	}
	fputs("]}\n", out);
}

static void decode_text(FILE *out, const struct image *img, const struct decode_probe *dp)
{
	const u8 *p = img->data;
	unsigned int i;
	u32 pos = 0;

	fprintf(out, "%s: %zu bytes", img->path, img->len);
	if (img->app)
		fprintf(out, " (8192-byte OpRegion + %zu appended)", img->app);
	fputs("\n\nheader\n  signature   \"", out);
	text_bytes(out, p, str_len(p, OPREGION_SIGNATURE_LEN));
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

		if (!decode_row(img, f, &pos))
			continue;
		fprintf(out, "  %-5s 0x%04x %5u  %-11s ", f->name, f->offset, size,
			iop_class_name(f->cls));
		field_value_text(out, img, f);
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
