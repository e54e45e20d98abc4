/* tz.c: day arithmetic, and a time zone's rules from the POSIX TZ footer of its TZif file. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

/* Used when the system has no time zone data (a minimal container). */
#define LONDON_RULES	"GMT0BST,M3.5.0/1,M10.5.0"

/* Days from 1970-01-01 to the date, in the proleptic Gregorian calendar. */
long long
date_days(const struct date *dt)
{
	long long	 y = dt->y - (dt->m <= 2), era, yoe, doy, doe;
	int		 m = dt->m;

	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + dt->d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The date that is days after 1970-01-01. */
void
days_date(long long days, struct date *dt)
{
	long long	 z = days + 719468, era, doe, yoe, y, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt->y = (int)(y + (dt->m <= 2));
}

/* 0 for Sunday to 6 for Saturday. */
int
date_weekday(const struct date *dt)
{
	long long	 w = (date_days(dt) + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* ---- the POSIX TZ string ---- */

/* A zone abbreviation: letters, or anything but '>' between < and >. */
static int
tz_name(const char **pp, char *buf, size_t size)
{
	const char	*p = *pp, *start;
	size_t		 len;

	if (*p == '<') {
		start = ++p;
		while (*p != '\0' && *p != '>' && (isalnum((unsigned char)*p) ||
		    *p == '+' || *p == '-'))
			p++;
		if (*p != '>')
			return 0;
		len = (size_t)(p - start);
		p++;
	} else {
		start = p;
		while (isalpha((unsigned char)*p))
			p++;
		len = (size_t)(p - start);
	}
	if (len < 3 || len >= size)
		return 0;
	memcpy(buf, start, len);
	buf[len] = '\0';
	*pp = p;
	return 1;
}

/* [+-]hh[:mm[:ss]] with at most maxh hours, in seconds. */
static int
tz_hms(const char **pp, int maxh, long *secs)
{
	const char	*p = *pp;
	long		 v[3] = { 0, 0, 0 };
	int		 i, sign = 1, digits;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (*p != ':')
				break;
			p++;
		}
		for (digits = 0; isdigit((unsigned char)*p) && digits < 3;
		    digits++)
			v[i] = v[i] * 10 + (*p++ - '0');
		if (digits == 0 || (i > 0 && (digits != 2 || v[i] > 59)))
			return 0;
	}
	if (v[0] > maxh)
		return 0;
	*secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
	*pp = p;
	return 1;
}

static int
tz_number(const char **pp, int lo, int hi, int *n)
{
	const char	*p = *pp;
	int		 v = 0, digits = 0;

	while (isdigit((unsigned char)*p) && digits < 4) {
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || v < lo || v > hi)
		return 0;
	*n = v;
	*pp = p;
	return 1;
}

/* Mm.w.d, Jn or n, then an optional /time (default 02:00). */
static int
tz_rule(const char **pp, struct tzrule *r)
{
	const char	*p = *pp;

	memset(r, 0, sizeof(*r));
	if (*p == 'M') {
		p++;
		r->kind = 'M';
		if (!tz_number(&p, 1, 12, &r->m) || *p++ != '.' ||
		    !tz_number(&p, 1, 5, &r->w) || *p++ != '.' ||
		    !tz_number(&p, 0, 6, &r->wd))
			return 0;
	} else if (*p == 'J') {
		p++;
		r->kind = 'J';
		if (!tz_number(&p, 1, 365, &r->n))
			return 0;
	} else {
		r->kind = 'N';
		if (!tz_number(&p, 0, 365, &r->n))
			return 0;
	}
	r->time = 7200;
	if (*p == '/') {
		p++;
		if (!tz_hms(&p, 167, &r->time))
			return 0;
	}
	*pp = p;
	return 1;
}

/* Parses a POSIX TZ string such as "GMT0BST,M3.5.0/1,M10.5.0". */
static int
tz_parse(struct tz *z, const char *s)
{
	const char	*p = s;
	long		 off;

	if (!tz_name(&p, z->stdname, sizeof(z->stdname)) ||
	    !tz_hms(&p, 24, &off))
		return 0;
	z->stdoff = -off;
	z->hasdst = 0;
	if (*p == '\0')
		return 1;
	if (!tz_name(&p, z->dstname, sizeof(z->dstname)))
		return 0;
	z->dstoff = z->stdoff + 3600;
	if (*p != ',' && *p != '\0') {
		if (!tz_hms(&p, 24, &off))
			return 0;
		z->dstoff = -off;
	}
	/* zic always writes the rules; without them there is no telling. */
	if (*p++ != ',' || !tz_rule(&p, &z->start) || *p++ != ',' ||
	    !tz_rule(&p, &z->end) || *p != '\0')
		return 0;
	z->hasdst = 1;
	return 1;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/*
 * The footer of a TZif file of version 2 or later: the POSIX TZ string
 * after the second data block.  Returns an allocated string or NULL.
 */
static char *
tzif_footer(const unsigned char *b, size_t len)
{
	size_t		 off, need;
	uint32_t	 isut, isstd, leap, timecnt, typecnt, charcnt;
	const unsigned char *end;
	int		 block;

	if (len < 44 || memcmp(b, "TZif", 4) != 0 || b[4] < '2')
		return NULL;
	off = 0;
	for (block = 0; block < 2; block++) {
		if (len - off < 44 || memcmp(b + off, "TZif", 4) != 0)
			return NULL;
		isut = be32(b + off + 20);
		isstd = be32(b + off + 24);
		leap = be32(b + off + 28);
		timecnt = be32(b + off + 32);
		typecnt = be32(b + off + 36);
		charcnt = be32(b + off + 40);
		need = 44 + (size_t)timecnt * (block ? 9 : 5) +
		    (size_t)typecnt * 6 + charcnt +
		    (size_t)leap * (block ? 12 : 8) + isstd + isut;
		if (need > len - off)
			return NULL;
		off += need;
	}
	if (off >= len || b[off] != '\n')
		return NULL;
	off++;
	if ((end = memchr(b + off, '\n', len - off)) == NULL)
		return NULL;
	return xstrndup((const char *)b + off, (size_t)(end - (b + off)));
}

/*
 * Loads the current rules of zone name from /usr/share/zoneinfo.
 * Returns 0 after reporting, at file (site.yaml), what went wrong.
 */
int
tz_load(struct tz *z, const char *name, struct diag *d, const char *file)
{
	char		*path, *data, *rules = NULL;
	size_t		 len;
	int		 ok;

	memset(z, 0, sizeof(*z));
	z->name = name;
	path = path_join("/usr/share/zoneinfo", name);
	data = strstr(name, "..") == NULL ? read_file(path, &len) : NULL;
	if (data != NULL)
		rules = tzif_footer((const unsigned char *)data, len);
	else if (strcmp(name, "Europe/London") == 0)
		rules = xstrdup(LONDON_RULES);
	else if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		rules = xstrdup("UTC0");
	if (data == NULL && rules == NULL)
		diag(d, LVL_ERROR, file, 0, 0, "cannot read the time zone "
		    "\"%s\" from %s: %s (install the tzdata package)", name,
		    path, strerror(errno));
	else if (rules == NULL || rules[0] == '\0')
		diag(d, LVL_ERROR, file, 0, 0, "the time zone \"%s\" has no "
		    "rules for future dates in %s: use another zone name",
		    name, path);
	ok = rules != NULL && rules[0] != '\0';
	if (ok && !tz_parse(z, rules)) {
		diag(d, LVL_ERROR, file, 0, 0, "cannot understand the rules "
		    "\"%s\" of the time zone \"%s\": use another zone name",
		    rules, name);
		ok = 0;
	}
	free(rules);
	free(data);
	free(path);
	return ok;
}

/* ---- changes and offsets ---- */

static long long
floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * When rule r happens in year y: the local date, and the time of day in
 * seconds (0 to 86399) of the wall clock just before the change.
 */
void
tz_change(const struct tzrule *r, int y, struct date *dt, long *secs)
{
	struct date	 first = { y, 1, 1 };
	long long	 days;
	int		 day, dim, leap;

	switch (r->kind) {
	case 'M':
		first.m = r->m;
		dim = month_days(y, r->m);
		day = 1 + (r->wd - date_weekday(&first) + 7) % 7 +
		    7 * (r->w - 1);
		while (day > dim)
			day -= 7;
		first.d = day;
		days = date_days(&first);
		break;
	case 'J':
		leap = month_days(y, 2) == 29;
		days = date_days(&first) + r->n - 1 + (leap && r->n >= 60);
		break;
	default:
		days = date_days(&first) + r->n;
		break;
	}
	days += floor_div(r->time, 86400);
	*secs = r->time - floor_div(r->time, 86400) * 86400;
	days_date(days, dt);
}

/* Seconds since the epoch (UTC) when rule r happens in year y. */
static long long
change_utc(const struct tzrule *r, int y, long before)
{
	struct date	 dt;
	long		 secs;

	tz_change(r, y, &dt, &secs);
	return date_days(&dt) * 86400 + secs - before;
}

/* Whether daylight time is in force at utc, seconds since the epoch. */
static int
tz_isdst(const struct tz *z, long long utc)
{
	struct date	 dt;
	long long	 on, off;

	if (!z->hasdst)
		return 0;
	days_date(floor_div(utc + z->stdoff, 86400), &dt);
	on = change_utc(&z->start, dt.y, z->stdoff);
	off = change_utc(&z->end, dt.y, z->dstoff);
	if (on < off)
		return utc >= on && utc < off;
	return !(utc >= off && utc < on);
}

/*
 * The UTC offset, in seconds east, of the wall-clock time secs after
 * midnight of the local date dt.  A time that the change to or from
 * daylight time skips or repeats takes the offset in force before it.
 */
long
tz_offset(const struct tz *z, const struct date *dt, long secs)
{
	long long	 local = date_days(dt) * 86400 + secs;
	int		 std, dst;

	if (!z->hasdst)
		return z->stdoff;
	std = !tz_isdst(z, local - z->stdoff);
	dst = tz_isdst(z, local - z->dstoff);
	if (std != dst)
		return std ? z->stdoff : z->dstoff;
	/* Repeated: the clocks went back, from the larger offset.
	 * Skipped: they went forward, from the smaller. */
	if (std)
		return z->stdoff > z->dstoff ? z->stdoff : z->dstoff;
	return z->stdoff < z->dstoff ? z->stdoff : z->dstoff;
}
