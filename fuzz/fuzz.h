/* fuzz.h: what the libFuzzer targets of herald share. */
#ifndef HERALD_FUZZ_H
#define HERALD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"

/* libFuzzer's entry points. */
int	 LLVMFuzzerInitialize(int *, char ***);
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Once per process: libraries started, libxml2's own messages silenced,
 * and a scratch site folder made (removed at exit) holding
 * content/media/leaflet.pdf and content/media/logo.png, so that
 * ref:media links and logo: can name something that exists. */
void	 fuzz_setup(void);
const char *fuzz_sitedir(void);

/* A site as site_load() leaves it before reading any file: indexes made,
 * build date 2026-11-22, folder the scratch site.  Free with site_free(). */
void	 fuzz_site(struct site *);

/* Sets what site.yaml would: title, short name, base_url, language,
 * time zone, description and email. */
void	 fuzz_settings(struct site *);

/* Loads the text as the content file content/TYPE/fuzz.md of the site,
 * then links the site and renders its Markdown as a build does.  Returns
 * the document, or NULL when a stage failed (having checked that it said
 * why). */
struct doc *fuzz_content(struct site *, struct diag *, enum ctype,
	    const uint8_t *, size_t);

/* The scratch output folder (emptied), for stages that write files. */
const char *fuzz_outdir(void);

/* Stops the run when a stage's result and its messages disagree: a
 * failure must say why, and a success may carry warnings only. */
void	 fuzz_expect(int, const struct diag *, const char *);

#endif /* !HERALD_FUZZ_H */
