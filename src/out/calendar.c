/* calendar.c: iCalendar files (RFC 5545) of the upcoming training sessions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

#include "herald.h"

#define ICS_LINE	75		/* octets in a line, CRLF aside */

static const char *const ical_days[] = { "SU", "MO", "TU", "WE", "TH",
    "FR", "SA" };

/* What the calendars of one build share. */
struct cctx {
	struct site	*s;
	struct diag	*d;
	struct output	*out;
	struct tz	 tz;		/* the site's zone */
	char		*host;		/* base_url's host, for UIDs */
	char		 stamp[64];	/* DTSTAMP: the build date, in UTC */
	int		 y0, y1;	/* years the sessions span */
	xmlBufferPtr	 b;		/* the calendar being built */
	xmlBufferPtr	 line;		/* its content line being built */
	int		 ok;		/* nothing failed */
};

/* An upcoming session and its course. */
struct event {
	const struct session	*se;
	const struct doc	*course;
	int			 nth;	/* earlier sessions of the course
					   at the same date and time */
};

/* ---- content lines ---- */

/*
 * Ends the content line: writes it folded into lines of at most 75
 * octets, never inside a UTF-8 character, each continuation starting
 * with a space, every line ending in CRLF.
 */
static void
line_end(struct cctx *c)
{
	const char	*s = (const char *)xmlBufferContent(c->line);
	size_t		 len = (size_t)xmlBufferLength(c->line);
	size_t		 room = ICS_LINE, n;

	while (len > room) {
		n = utf8_start(s, room);
		if (n == 0)	/* not UTF-8 after all: cut anywhere */
			n = room;
		bput(c->b, s, n);
		bputs(c->b, "\r\n ");
		s += n;
		len -= n;
		room = ICS_LINE - 1;
	}
	bput(c->b, s, len);
	bputs(c->b, "\r\n");
	xmlBufferEmpty(c->line);
}

/* Appends s without control characters, which no value may hold. */
static void
put_raw(struct cctx *c, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			bput(c->line, s, (size_t)(p - s));
			s = p + 1;
		}
	bput(c->line, s, (size_t)(p - s));
}

/* Appends s as a TEXT value: \ ; , escaped, newlines as \n, other
 * control characters dropped; plain runs go in whole. */
static void
put_text(struct cctx *c, const char *s)
{
	const char	*run = s;

	for (; *s != '\0'; s++) {
		unsigned char	 ch = (unsigned char)*s;
		const char	*rep;

		if (ch >= 0x20 && ch != 0x7f && ch != '\\' && ch != ';' &&
		    ch != ',')
			continue;
		if (ch == '\t')
			continue;
		bput(c->line, run, (size_t)(s - run));
		run = s + 1;
		switch (ch) {
		case '\\':
			rep = "\\\\";
			break;
		case ';':
			rep = "\\;";
			break;
		case ',':
			rep = "\\,";
			break;
		case '\n':
			rep = "\\n";
			break;
		case '\r':
			rep = s[1] != '\n' ? "\\n" : "";
			break;
		default:
			rep = "";
			break;
		}
		bput(c->line, rep, strlen(rep));
	}
	bput(c->line, run, (size_t)(s - run));
}

/* Appends a parameter value, quoted when it holds : ; or , (it may not
 * hold a double quote at all). */
static void
put_param(struct cctx *c, const char *s)
{
	const char	*p;
	int		 quote = strpbrk(s, ":;,") != NULL;

	if (quote)
		bputs(c->line, "\"");
	for (p = s; *p != '\0'; p++)
		if (*p != '"' && ((unsigned char)*p >= 0x20 || *p == '\t') &&
		    *p != 0x7f)
			bput(c->line, p, 1);
	if (quote)
		bputs(c->line, "\"");
}

/* NAME:value with a value that needs no escaping (dates, URIs). */
static void
prop(struct cctx *c, const char *name, const char *value)
{
	bputs(c->line, name);
	bputs(c->line, ":");
	put_raw(c, value);
	line_end(c);
}

/* NAME:text with a TEXT value. */
static void
prop_text(struct cctx *c, const char *name, const char *text)
{
	bputs(c->line, name);
	bputs(c->line, ":");
	put_text(c, text);
	line_end(c);
}

/* ---- dates and the time zone ---- */

/* 20270401T093000 */
static void
put_local(struct cctx *c, const struct date *dt, long secs)
{
	bprintf(c->line, "%04d%02d%02dT%02ld%02ld%02ld", dt->y, dt->m, dt->d,
	    secs / 3600, secs / 60 % 60, secs % 60);
}

/* +0100, -0330, +054500 */
static void
put_offset(struct cctx *c, long off)
{
	long	 a = off < 0 ? -off : off;

	bprintf(c->line, "%c%02ld%02ld", off < 0 ? '-' : '+', a / 3600,
	    a / 60 % 60);
	if (a % 60 != 0)
		bprintf(c->line, "%02ld", a % 60);
}

/*
 * Writes to b the RRULE of a change rule, when one can say it: "the last
 * Sunday of March", or, for a change at a time past midnight or before
 * it, the weekday of the days that the shifted week covers.  Returns 0,
 * having written nothing, for rules that need a list of dates instead.
 */
static int
rrule_write(xmlBufferPtr b, const struct tzrule *r)
{
	long	 k;
	int	 lo, hi, d, min;

	if (r->kind != 'M')
		return 0;
	k = r->time >= 0 ? r->time / 86400 : -((-r->time + 86399) / 86400);
	if (k == 0) {
		bprintf(b, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", r->m,
		    r->w == 5 ? -1 : r->w, ical_days[r->wd]);
		return 1;
	}
	if (r->w == 5 && r->m == 2)
		return 0;
	min = r->m == 2 ? 28 : month_days(1970, r->m);
	lo = r->w == 5 ? min - 6 : 7 * (r->w - 1) + 1;
	hi = lo + 6;
	if (lo + k < 1 || hi + k > min)
		return 0;
	bprintf(b, "FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=", r->m);
	for (d = lo; d <= hi; d++)
		bprintf(b, "%s%ld", d > lo ? "," : "", d + k);
	bprintf(b, ";BYDAY=%s", ical_days[((r->wd + k) % 7 + 7) % 7]);
	return 1;
}

/*
 * A STANDARD or DAYLIGHT part of VTIMEZONE: the change rule r, from
 * offset from to offset to, named name.  With an RRULE it starts in
 * 1970; otherwise it lists the changes of the years of the sessions.
 */
static void
observance(struct cctx *c, const char *kind, const struct tzrule *r,
    long from, long to, const char *name)
{
	xmlBufferPtr	 rule = bnew();
	struct date	 dt;
	long		 secs;
	int		 y, rrule;

	rrule = rrule_write(rule, r);
	prop(c, "BEGIN", kind);
	bputs(c->line, "TZOFFSETFROM:");
	put_offset(c, from);
	line_end(c);
	bputs(c->line, "TZOFFSETTO:");
	put_offset(c, to);
	line_end(c);
	prop_text(c, "TZNAME", name);
	y = rrule ? 1970 : c->y0;
	tz_change(r, y, &dt, &secs);
	bputs(c->line, "DTSTART:");
	put_local(c, &dt, secs);
	line_end(c);
	if (rrule) {
		bputs(c->line, "RRULE:");
		bput(c->line, (const char *)xmlBufferContent(rule),
		    (size_t)xmlBufferLength(rule));
		line_end(c);
	} else if (c->y1 > y) {
		bputs(c->line, "RDATE:");
		for (y++; y <= c->y1; y++) {
			tz_change(r, y, &dt, &secs);
			put_local(c, &dt, secs);
			if (y < c->y1)
				bputs(c->line, ",");
		}
		line_end(c);
	}
	xmlBufferFree(rule);
	prop(c, "END", kind);
}

/* The VTIMEZONE of the site's zone, from its current rules. */
static void
vtimezone(struct cctx *c)
{
	const struct tz	*z = &c->tz;

	prop(c, "BEGIN", "VTIMEZONE");
	prop(c, "TZID", z->name);
	if (!z->hasdst) {
		prop(c, "BEGIN", "STANDARD");
		bputs(c->line, "TZOFFSETFROM:");
		put_offset(c, z->stdoff);
		line_end(c);
		bputs(c->line, "TZOFFSETTO:");
		put_offset(c, z->stdoff);
		line_end(c);
		prop_text(c, "TZNAME", z->stdname);
		prop(c, "DTSTART", "19700101T000000");
		prop(c, "END", "STANDARD");
	} else {
		observance(c, "DAYLIGHT", &z->start, z->stdoff, z->dstoff,
		    z->dstname);
		observance(c, "STANDARD", &z->end, z->dstoff, z->stdoff,
		    z->stdname);
	}
	prop(c, "END", "VTIMEZONE");
}

/* ---- events and calendars ---- */

static void
vevent(struct cctx *c, const struct event *e)
{
	const struct session	*se = e->se;
	const struct doc	*d = e->course;
	const char		*booking;
	char			*url;
	int			 k;

	prop(c, "BEGIN", "VEVENT");
	bprintf(c->line, "UID:%s-%04d%02d%02d-%02d%02d", d->slug, se->date.y,
	    se->date.m, se->date.d, se->start / 60, se->start % 60);
	if (e->nth > 0)
		bprintf(c->line, "-%d", e->nth + 1);
	bputs(c->line, "@");
	put_raw(c, c->host);
	line_end(c);
	prop(c, "DTSTAMP", c->stamp);
	for (k = 0; k < 2; k++) {
		bputs(c->line, k == 0 ? "DTSTART;TZID=" : "DTEND;TZID=");
		put_param(c, c->tz.name);
		bputs(c->line, ":");
		put_local(c, &se->date, (long)(k == 0 ? se->start : se->end) *
		    60);
		line_end(c);
	}
	prop_text(c, "SUMMARY", d->title);
	if (se->venue != NULL && se->venue[0] != '\0')
		prop_text(c, "LOCATION", se->venue);
	booking = se->booking != NULL ? se->booking : d->booking;
	if (booking != NULL)
		prop(c, "URL", booking);
	url = xasprintf("%s%s", c->s->base_url, d->url + 1);
	bputs(c->line, "DESCRIPTION:");
	if (d->summary != NULL && d->summary[0] != '\0') {
		put_text(c, d->summary);
		put_text(c, "\n\n");
	}
	put_text(c, "Course details: ");
	put_text(c, url);
	line_end(c);
	free(url);
	if (c->s->email != NULL) {
		bputs(c->line, "ORGANIZER;CN=");
		put_param(c, c->s->title);
		bputs(c->line, ":mailto:");
		put_raw(c, c->s->email);
		line_end(c);
	}
	prop(c, "END", "VEVENT");
}

/* Soonest first; then by course title and slug, and the file's order. */
static int
event_cmp(const void *x, const void *y)
{
	const struct event	*a = x, *b = y;
	int			 r;

	if ((r = date_cmp(&a->se->date, &b->se->date)) != 0)
		return r;
	if (a->se->start != b->se->start)
		return a->se->start - b->se->start;
	if ((r = strcmp(a->course->title, b->course->title)) != 0)
		return r;
	if ((r = strcmp(a->course->slug, b->course->slug)) != 0)
		return r;
	return a->nth - b->nth;
}

/* The upcoming sessions of course, or of every course when it is NULL,
 * soonest first; caller frees. */
static struct event *
events(struct cctx *c, const struct doc *course, size_t *np)
{
	const struct vec	*v = &c->s->docs[T_TRAINING];
	const struct doc	*d;
	const struct session	*se, *prev;
	struct event		*e = NULL;
	size_t			 i, j, k, n = 0, cap = 0;

	for (i = 0; i < v->n; i++) {
		d = v->v[i];
		if (course != NULL && d != course)
			continue;
		for (j = 0; j < d->sessions.n; j++) {
			se = d->sessions.v[j];
			if (date_cmp(&se->date, &c->s->today) < 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				e = xrealloc(e, cap * sizeof(*e));
			}
			e[n].se = se;
			e[n].course = d;
			/* Sessions are in order: twins are neighbours. */
			e[n].nth = 0;
			for (k = j; k > 0; k--) {
				prev = d->sessions.v[k - 1];
				if (date_cmp(&prev->date, &se->date) != 0 ||
				    prev->start != se->start)
					break;
				e[n].nth++;
			}
			n++;
		}
	}
	if (n > 1)
		qsort(e, n, sizeof(*e), event_cmp);
	*np = n;
	return e;
}

/* Writes data to rel under the output folder, unless checking only. */
static void
put_file(struct cctx *c, const char *rel, const char *data, size_t len)
{
	if (c->ok && !out_put(c->out, c->d, rel, data, len))
		c->ok = 0;
}

/* Writes a calendar named name with the events e to rel. */
static void
calendar(struct cctx *c, const char *rel, const char *name,
    const struct event *e, size_t n)
{
	size_t	 i;

	c->b = bnew();
	c->line = bnew();
	prop(c, "BEGIN", "VCALENDAR");
	prop(c, "PRODID", "-//herald//NONSGML herald//EN");
	prop(c, "VERSION", "2.0");
	prop(c, "CALSCALE", "GREGORIAN");
	prop(c, "METHOD", "PUBLISH");
	prop_text(c, "NAME", name);
	prop_text(c, "X-WR-CALNAME", name);
	prop_text(c, "X-WR-TIMEZONE", c->tz.name);
	vtimezone(c);
	for (i = 0; i < n; i++)
		vevent(c, &e[i]);
	prop(c, "END", "VCALENDAR");
	put_file(c, rel, (const char *)xmlBufferContent(c->b),
	    (size_t)xmlBufferLength(c->b));
	c->out->calendars++;
	xmlBufferFree(c->line);
	xmlBufferFree(c->b);
	c->line = c->b = NULL;
}

/* The build date's midnight in the site's zone, as a UTC date-time. */
static void
build_stamp(struct cctx *c)
{
	struct date	 dt;
	long long	 utc, days;
	long		 secs;

	utc = date_days(&c->s->today) * 86400 -
	    tz_offset(&c->tz, &c->s->today, 0);
	days = utc / 86400 - (utc % 86400 < 0);
	secs = (long)(utc - days * 86400);
	days_date(days, &dt);
	snprintf(c->stamp, sizeof(c->stamp), "%04d%02d%02dT%02ld%02ld%02ldZ",
	    dt.y % 10000, dt.m, dt.d, secs / 3600, secs / 60 % 60, secs % 60);
}

/*
 * Decides which calendars calendars_write() will write, before it does, so
 * that pages made at the same time can link them: training/calendar.ics
 * when any course has sessions, and a course's own when it has upcoming
 * ones.
 */
void
calendars_plan(struct site *s)
{
	struct doc	*course;
	size_t		 i, j;

	s->has_calendar = 0;
	for (i = 0; i < s->docs[T_TRAINING].n; i++) {
		course = s->docs[T_TRAINING].v[i];
		course->has_ics = 0;
		if (course->format == F_ELEARNING || course->sessions.n == 0)
			continue;
		s->has_calendar = 1;
		for (j = 0; j < course->sessions.n; j++)
			if (date_cmp(&((struct session *)course->sessions.v[
			    j])->date, &s->today) >= 0)
				course->has_ics = 1;
	}
}

/*
 * Writes training/calendar.ics, with every upcoming session, when the
 * site has classroom or online courses, and training/SLUG.ics for each
 * such course with upcoming sessions (only builds them when out->write
 * is 0).  Returns 0 after reporting errors.
 */
int
calendars_write(struct site *s, struct diag *d, struct output *out)
{
	struct cctx	 c;
	struct event	*e;
	struct doc	*course;
	xmlURIPtr	 uri;
	char		*yaml, *rel, *name;
	size_t		 i, n, scheduled = 0;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.d = d;
	c.out = out;
	c.ok = 1;
	for (i = 0; i < s->docs[T_TRAINING].n; i++) {
		course = s->docs[T_TRAINING].v[i];
		if (course->format != F_ELEARNING && course->sessions.n > 0)
			scheduled++;
	}
	if (scheduled == 0)
		return 1;
	yaml = path_join(s->dir, "site.yaml");
	c.ok = tz_load(&c.tz, s->timezone, d, yaml);
	free(yaml);
	if (!c.ok)
		return 0;
	uri = xmlParseURI(s->base_url);
	c.host = xstrdup(uri != NULL && uri->server != NULL ? uri->server :
	    "herald");
	xmlFreeURI(uri);
	build_stamp(&c);

	e = events(&c, NULL, &n);
	c.y0 = s->today.y - 1;
	c.y1 = n > 0 ? e[n - 1].se->date.y + 1 : s->today.y + 1;
	name = xasprintf("Training – %s", s->title);
	calendar(&c, "training/calendar.ics", name, e, n);
	free(name);
	free(e);
	for (i = 0; i < s->docs[T_TRAINING].n && c.ok; i++) {
		course = s->docs[T_TRAINING].v[i];
		if (course->format == F_ELEARNING)
			continue;
		e = events(&c, course, &n);
		if (n > 0) {
			rel = xasprintf("training/%s.ics", course->slug);
			name = xasprintf("%s – %s", course->title, s->title);
			calendar(&c, rel, name, e, n);
			free(rel);
			free(name);
		}
		free(e);
	}
	free(c.host);
	return c.ok;
}
