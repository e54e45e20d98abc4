/* cli.c: the command line: each command's usage text, the options they share, and the build date. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "herald.h"
#include "cli.h"

const char usage_main[] =
"usage: herald COMMAND [OPTIONS]\n"
"\n"
"herald turns a folder of Markdown files into a safeguarding partnership's\n"
"learning website, feeds, training calendars and printable briefings.\n"
"\n"
"commands:\n"
"  build    build the site into the output folder\n"
"  check    check everything a build would, write nothing\n"
"  pdf      make one briefing's printable PDF\n"
"  new      start a new content file\n"
"  email    make one newsletter's or bulletin's email edition\n"
"  serve    preview the site on this computer, rebuilt on every save\n"
"  init     make a new site folder\n"
"\n"
"  herald --help       this text\n"
"  herald --version    the version\n"
"  herald COMMAND --help   help on one command\n";

const char usage_build[] =
"usage: herald build [-s DIR] [-o DIR] [--date YYYY-MM-DD] [--drafts]\n"
"                    [--future] [--base-url URL] [--no-pdfs] [-j N] [-q|-v]\n"
"                    [--timings]\n"
"\n"
"Builds the site in DIR (default: the current folder) from site.yaml,\n"
"content/ and layouts/ into the output folder (default: DIR/output).\n"
"The new site replaces the output folder only when the build succeeds.\n"
"\n"
"  -s, --site DIR     the site folder\n"
"  -o, --output DIR   the output folder\n"
"      --date DATE    the build date (default: SOURCE_DATE_EPOCH, or today)\n"
"      --drafts       include files marked draft: true\n"
"      --future       include items dated after the build date, marked\n"
"                     \"Scheduled\" (with schedule: true in site.yaml they\n"
"                     wait until then)\n"
"      --base-url URL the site's address instead of base_url (staging)\n"
"      --no-pdfs      leave out the briefing PDFs (a quicker preview)\n"
"  -j, --jobs N       pages and PDFs to make at once (1 to 64; default:\n"
"                     the number of processors)\n"
"  -q, --quiet        print errors only\n"
"  -v, --verbose      name every file written\n"
"      --timings      print the time each stage of the build took\n";

const char usage_check[] =
"usage: herald check [-s DIR] [--date YYYY-MM-DD] [--drafts] [--future]\n"
"                    [--base-url URL] [-q]\n"
"\n"
"Checks site.yaml, every content file and every layout as a build would,\n"
"and writes nothing.  Exit status 0 when the site would build.\n";

const char usage_pdf[] =
"usage: herald pdf FILE.md [-s DIR] [-o FILE.pdf] [--date YYYY-MM-DD]\n"
"                  [--drafts] [--future] [--base-url URL] [-q]\n"
"\n"
"Makes the printable PDF of one briefing, FILE.md in the site's\n"
"content/briefings/, as a build makes it: a seven-minute briefing on one\n"
"A4 landscape page, a practitioner briefing on A4 portrait pages.  The\n"
"whole site is checked first, as links between content must resolve.\n"
"\n"
"  -s, --site DIR     the site folder (default: the current folder, or the\n"
"                     one FILE.md is in)\n"
"  -o, --output FILE  the PDF to write (default: FILE.md ending in .pdf)\n"
"      --date DATE    the build date (default: SOURCE_DATE_EPOCH, or today)\n"
"      --drafts       include files marked draft: true\n"
"      --future       include items dated after the build date\n"
"      --base-url URL the site's address instead of base_url (QR codes)\n"
"  -q, --quiet        print errors only\n"
"\n"
"Fonts come from Debian's fonts-noto-core and fonts-dejavu-core.\n";

const char usage_email[] =
"usage: herald email FILE.md [-s DIR] [-o DIR] [--date YYYY-MM-DD] [--drafts]\n"
"                    [-q]\n"
"\n"
"Makes the email edition of one newsletter or bulletin, FILE.md in the\n"
"site's content/newsletters/ or content/bulletins/, as a build makes it:\n"
"email.html (to paste or import into a mail tool), email.txt (its plain\n"
"text) and email.eml (a message to open in Outlook or Thunderbird).  The\n"
"whole site is checked first, as links between content must resolve.\n"
"\n"
"  -s, --site DIR     the site folder (default: the current folder, or the\n"
"                     one FILE.md is in)\n"
"  -o, --output DIR   the folder to write the three files in (default: the\n"
"                     current folder)\n"
"      --date DATE    the build date (default: SOURCE_DATE_EPOCH, or today)\n"
"      --drafts       include files marked draft: true\n"
"  -q, --quiet        print errors only\n";

const char usage_new[] =
"usage: herald new briefing|bulletin|newsletter|training|page \"Title\" [-s DIR]\n"
"\n"
"Writes a new content file with the right front matter and the build date\n"
"(--date, SOURCE_DATE_EPOCH, or today), and prints its path.\n";

/* Says what is wrong with the command line, then how to use the
 * command; returns the exit status of a usage error, 2. */
int
usage_error(const char *usage, const char *fmt, ...)
{
	struct diag	 d;
	va_list		 ap;

	memset(&d, 0, sizeof(d));
	va_start(ap, fmt);
	vdiag(&d, LVL_USAGE, NULL, 0, 0, fmt, ap);
	va_end(ap);
	diag_free(&d);
	fputs(usage, stderr);
	return 2;
}

/* The build date: --date, else SOURCE_DATE_EPOCH, else the clock. */
int
build_date(const char *arg, struct date *dt)
{
	const char	*sde;
	char		*end;
	time_t		 t;
	struct tm	 tm;
	long long	 v;

	if (arg != NULL)
		return parse_date(arg, dt) == 1;
	if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL && sde[0] != '\0') {
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno != 0 || *end != '\0' || v < 0 ||
		    v > 253402300799LL)
			return 0;
		t = (time_t)v;
		if (gmtime_r(&t, &tm) == NULL)
			return 0;
	} else {
		t = time(NULL);
		if (localtime_r(&t, &tm) == NULL)
			return 0;
	}
	dt->y = tm.tm_year + 1900;
	dt->m = tm.tm_mon + 1;
	dt->d = tm.tm_mday;
	return 1;
}

/* Whether --base-url's address is like base_url's: http(s), ending in /. */
static int
base_url_arg(const char *u)
{
	size_t	 len = strlen(u);

	return (strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "http://", 7) == 0) && len > 8 && u[len - 1] == '/' &&
	    strpbrk(u, "?#\"<> ") == NULL && strchr(u + 8, '/') != u + 8;
}

int
parse_opts(int argc, char *argv[], struct opts *o, const char *usage,
    const char *allowed)
{
	static const struct option longopts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'D' },
		{ "drafts", no_argument, NULL, 'd' },
		{ "future", no_argument, NULL, 'F' },
		{ "no-pdfs", no_argument, NULL, 'P' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "timings", no_argument, NULL, 'T' },
		{ "base-url", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*date = NULL;
	char		*end;
	long		 j;
	int		 ch;

	o->site = ".";
	/* As many threads as processors: the output is the same anyway. */
	j = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = j < 1 ? 1 : j > 64 ? 64 : (int)j;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:o:j:qvh", longopts, NULL))
	    != -1) {
		if (ch != 'h' && ch != '?' && strchr(allowed, ch) == NULL)
			return usage_error(usage, "this command has no "
			    "option -%c", ch);
		switch (ch) {
		case 's':
			o->site = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'D':
			date = optarg;
			break;
		case 'd':
			o->drafts = 1;
			break;
		case 'F':
			o->future = 1;
			break;
		case 'P':
			o->no_pdfs = 1;
			break;
		case 'j':
			j = strtol(optarg, &end, 10);
			if (*end != '\0' || j < 1 || j > 64)
				return usage_error(usage, "-j needs a number "
				    "from 1 to 64, not \"%s\"", optarg);
			o->jobs = (int)j;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'T':
			o->timings = 1;
			break;
		case 'B':
			if (!base_url_arg(optarg))
				return usage_error(usage, "--base-url needs the "
				    "site's web address, starting with https:// "
				    "and ending in /, not \"%s\"", optarg);
			o->base_url = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (o->quiet && o->verbose)
		return usage_error(usage, "-q and -v cannot go together");
	if (!build_date(date, &o->today)) {
		if (date != NULL)
			return usage_error(usage, "--date needs a real date "
			    "like 2024-03-31, not \"%s\"", date);
		return usage_error(usage, "SOURCE_DATE_EPOCH must be a number "
		    "of seconds");
	}
	return 0;
}

