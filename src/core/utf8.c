/* utf8.c: stepping through UTF-8 one character at a time: decoding, skipping, finding a character's start. */
#include "herald.h"

/* Decodes one character of UTF-8; invalid bytes give U+FFFD. */
size_t
utf8_decode(const char *s, size_t len, uint32_t *c)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n, i;

	if (u[0] < 0x80) {
		*c = u[0];
		return 1;
	}
	n = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 0;
	if (n == 0 || n > len || u[0] > 0xf4) {
		*c = 0xfffd;
		return 1;
	}
	*c = u[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*c = 0xfffd;
			return i;
		}
		*c = (*c << 6) | (u[i] & 0x3f);
	}
	return n;
}

size_t
utf8_step(const char *s, size_t len)
{
	size_t	 i = 1;

	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return len == 0 ? 0 : i;
}

size_t
utf8_start(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}
