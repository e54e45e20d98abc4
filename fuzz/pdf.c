/* pdf.c: fuzzes the PDF layout of briefings: the bytes as a briefing
 * (seven-minute or practitioner, as its front matter says), loaded,
 * linked and rendered as a build does, then laid out and saved by
 * pdfs_write().  A briefing that does not fit must say so. */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site	 s;
	struct diag	 d;
	struct output	 out;
	struct doc	*doc;
	int		 ok;

	fuzz_site(&s);
	fuzz_settings(&s);
	memset(&d, 0, sizeof(d));
	d.silent = 1;
	if ((doc = fuzz_content(&s, &d, T_BRIEFING, data, size)) != NULL) {
		memset(&out, 0, sizeof(out));
		out.dir = fuzz_outdir();
		out.write = 1;
		ok = pdfs_write(&s, &d, &out);
		fuzz_expect(ok, &d, "pdfs_write");
		if (ok && (doc->pdf_bytes < 100 || out.pdfs != 1)) {
			fprintf(stderr, "no PDF written\n");
			abort();
		}
	}
	site_free(&s);
	diag_free(&d);
	return 0;
}
