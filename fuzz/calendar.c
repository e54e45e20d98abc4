/* calendar.c: fuzzes the iCalendar writer: the bytes as a training
 * course, loaded, linked and rendered as a build does, then
 * calendars_write().  Every file written must keep RFC 5545's line
 * rules: UTF-8, CRLF line ends and nothing else of C0, lines of at most
 * 75 octets, never folded inside a character (which would leave
 * invalid UTF-8). */
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

static void
bad(const char *rel, const char *why, size_t at)
{
	fprintf(stderr, "%s: %s (byte %zu)\n", rel, why, at);
	abort();
}

/* Checks an .ics file; no file is fine (no upcoming session). */
static void
check_ics(const char *dir, const char *rel)
{
	char		*path, *text;
	size_t		 len, i, start, bad_at;

	path = path_join(dir, rel);
	text = read_file(path, &len);
	free(path);
	if (text == NULL)
		return;
	if (!utf8_check(text, len, &bad_at))
		bad(rel, "invalid UTF-8", bad_at);
	if (len < 2 || strncmp(text, "BEGIN:VCALENDAR\r\n", 17) != 0 ||
	    text[len - 2] != '\r' || text[len - 1] != '\n')
		bad(rel, "not a calendar ending in CRLF", 0);
	for (i = start = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\r') {
			if (i + 1 >= len || text[i + 1] != '\n')
				bad(rel, "CR without LF", i);
			if (i - start > 75)
				bad(rel, "line longer than 75 octets", start);
			i++;
			start = i + 1;
		} else if ((c < 0x20 && c != '\t') || c == 0x7f)
			bad(rel, "control character", i);
	}
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site	 s;
	struct diag	 d;
	struct output	 out;
	int		 ok;

	fuzz_site(&s);
	fuzz_settings(&s);
	memset(&d, 0, sizeof(d));
	d.silent = 1;
	if (fuzz_content(&s, &d, T_TRAINING, data, size) != NULL) {
		memset(&out, 0, sizeof(out));
		out.dir = fuzz_outdir();
		out.write = 1;
		ok = calendars_write(&s, &d, &out);
		fuzz_expect(ok, &d, "calendars_write");
		if (ok) {
			check_ics(out.dir, "training/calendar.ics");
			check_ics(out.dir, "training/fuzz.ics");
		}
	}
	site_free(&s);
	diag_free(&d);
	return 0;
}
