/* mime.c: an email edition as a message file (.eml): multipart/alternative, text then HTML, UTF-8 in quoted-printable. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

#define QP_LINE		76	/* longest encoded line (RFC 2045) */

static const char hexd[] = "0123456789ABCDEF";

/* Bytes quoted-printable writes as they are: 1, or 2 for a space or tab,
 * which stays itself unless it ends a line. */
static unsigned char qp_plain[256];

static void
qp_table(void)
{
	int	 c;

	for (c = 33; c <= 126; c++)
		qp_plain[c] = c != '=';
	qp_plain[' '] = qp_plain['\t'] = 2;
}

/*
 * Appends s in quoted-printable: LF (or CRLF) ends each line of s and
 * becomes CRLF; other bytes outside printable ASCII and "=" are encoded,
 * as are spaces and tabs at ends of lines; soft breaks keep lines within
 * 76 characters.  Runs of plain bytes are copied whole: a byte at a time
 * this took a tenth of a build.
 */
static void
qp_encode(xmlBufferPtr b, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + n,
				*run;
	char			*out, *o;
	size_t			 col = 0, room, k;
	unsigned char		 c;

	static pthread_once_t	 once = PTHREAD_ONCE_INIT;

	pthread_once(&once, qp_table);
	/* at worst 3 bytes a byte, and a soft break each 25 of them */
	o = out = xmalloc(n * 4 + 3);
	while (p < end) {
		/* plain bytes, as many as the line has room for */
		room = QP_LINE - 1 - col;
		for (run = p; p < end && (size_t)(p - run) < room &&
		    qp_plain[*p]; p++)
			;
		k = (size_t)(p - run);
		/* a space or tab before a line's end is encoded */
		if (k > 0 && qp_plain[p[-1]] == 2 && (p == end || *p == '\n' ||
		    *p == '\r')) {
			p--;
			k--;
		}
		memcpy(o, run, k);
		o += k;
		col += k;
		if (p == end)
			break;
		c = *p;
		if (c == '\n' || (c == '\r' && p + 1 < end && p[1] == '\n')) {
			p += c == '\r' ? 2 : 1;
			*o++ = '\r';
			*o++ = '\n';
			col = 0;
			continue;
		}
		/* a soft break leaves room for its "=" */
		if (col + (qp_plain[c] ? 1 : 3) > QP_LINE - 1) {
			*o++ = '=';
			*o++ = '\r';
			*o++ = '\n';
			col = 0;
			if (qp_plain[c] && !(qp_plain[c] == 2 && (p + 1 == end ||
			    p[1] == '\n' || p[1] == '\r')))
				continue;	/* copied by the next run */
		}
		if (qp_plain[c] && !(qp_plain[c] == 2 && (p + 1 == end ||
		    p[1] == '\n' || p[1] == '\r'))) {
			*o++ = (char)c;
			col++;
		} else {
			*o++ = '=';
			*o++ = hexd[c >> 4];
			*o++ = hexd[c & 15];
			col += 3;
		}
		p++;
	}
	/* the line break before the boundary belongs to the boundary */
	*o++ = '\r';
	*o++ = '\n';
	bput(b, out, (size_t)(o - out));
	free(out);
}

/*
 * Appends the header name: value, the value as RFC 2047 encoded words
 * (Q encoding, UTF-8) when it is not plain ASCII, folded so that no line
 * passes 76 characters.
 */
static void
header(xmlBufferPtr b, const char *name, const char *v)
{
	const unsigned char	*p;
	size_t			 col, w, seq;
	int			 ascii = 1;

	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p >= 0x80 || *p < 0x20)
			ascii = 0;
	bputs(b, name);
	bputs(b, ": ");
	if (ascii && strlen(v) + strlen(name) + 2 <= 998) {
		bputs(b, v);
		bputs(b, "\r\n");
		return;
	}
	bputs(b, "=?UTF-8?Q?");
	col = strlen(name) + 2 + 10;
	for (p = (const unsigned char *)v; *p != '\0'; p += seq) {
		/* a whole UTF-8 sequence goes in one encoded word */
		seq = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
		if (strnlen((const char *)p, seq) < seq)
			seq = 1;
		w = (*p >= 33 && *p <= 126 && *p != '=' && *p != '?' &&
		    *p != '_') || *p == ' ' ? 1 : 3 * seq;
		if (col + w + 2 > QP_LINE) {
			bputs(b, "?=\r\n =?UTF-8?Q?");
			col = 11;
		}
		if (*p == ' ')
			bput(b, "_", 1);
		else if (w == 1)
			bput(b, (const char *)p, 1);
		else
			for (size_t k = 0; k < seq; k++) {
				char e[3] = { '=', hexd[p[k] >> 4],
				    hexd[p[k] & 15] };
				bput(b, e, 3);
			}
		col += w;
	}
	bputs(b, "?=\r\n");
}

static void
part(xmlBufferPtr b, const char *boundary, const char *type,
    const char *body, size_t n)
{
	bprintf(b, "--%s\r\n", boundary);
	bprintf(b, "Content-Type: %s; charset=\"UTF-8\"\r\n", type);
	bputs(b, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	qp_encode(b, body, n);
}

/*
 * A message ready to open in a mail program (caller frees): Subject
 * and Date, no From or To, X-Unsent so that Outlook opens it as a draft
 * to send; the text part first, then the HTML, which mail programs
 * prefer.  The boundary holds "=_", which quoted-printable never
 * writes, so it is the same for every message.
 */
char *
mime_message(const char *subject, const char *date, const char *text,
    size_t tlen, const char *html, size_t hlen, size_t *lenp)
{
	xmlBufferPtr	 b = bnew();
	const char	*boundary = "=_herald_alternative";
	char		*res;
	header(b, "Subject", subject);
	header(b, "Date", date);
	bputs(b, "MIME-Version: 1.0\r\n");
	bputs(b, "X-Unsent: 1\r\n");
	bprintf(b, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n", boundary);
	bputs(b, "This is a message in MIME format: a plain text part and "
	    "an HTML part.\r\n\r\n");
	part(b, boundary, "text/plain", text, tlen);
	part(b, boundary, "text/html", html, hlen);
	bprintf(b, "--%s--\r\n", boundary);
	*lenp = (size_t)xmlBufferLength(b);
	res = xstrndup((const char *)xmlBufferContent(b), *lenp);
	xmlBufferFree(b);
	return res;
}
