/* dates.c: dates as content gives them: YYYY-MM-DD parsed and written, compared, and the month names. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "herald.h"

/* The English names, whatever the locale; feeds take their first three
 * letters. */
static const char *const months[12] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

const char *
month_name(int m)
{
	return months[(m + 11) % 12];
}

int
parse_date(const char *s, struct date *dt)
{
	int	 i, y, m, d;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (!isdigit((unsigned char)s[i]))
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return 0;
	dt->y = y;
	dt->m = m;
	dt->d = d;
	return 1;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

void
date_iso(const struct date *d, char buf[11])
{
	unsigned int	 y = (unsigned int)d->y % 10000;
	unsigned int	 m = (unsigned int)d->m % 100, dd = (unsigned int)d->d % 100;

	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

/* "27 November 2023", built without the locale. */
void
date_text(const struct date *d, char buf[32])
{
	snprintf(buf, 32, "%d %s %d", d->d, month_name(d->m), d->y);
}
