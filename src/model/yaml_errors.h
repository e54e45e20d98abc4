/* yaml_errors.h: YAML mistakes in the user's words (model/yaml_errors.c), used by model/yaml.c. */
#ifndef YAML_ERRORS_H
#define YAML_ERRORS_H

/* libyaml's error, taken out of its parser. */
struct yaml_err {
	const char	*problem;
	const char	*context;
	int		 line, col;	/* where libyaml stopped, 1-based */
	int		 cline, ccol;	/* where the context began */
};

/* Reports e at file, with the fix, reading the YAML text for it. */
void		 yaml_explain(struct diag *, const char *, const char *,
		    size_t, const struct yaml_err *);
/* A document that is one scalar: 1 after reporting "name:value". */
int		 yaml_explain_scalar(struct diag *, const char *,
		    const char *, size_t);
/* Text with values wholly in Word's curly quotes put in straight ones
 * (with a warning each); the text itself when there are none. */
const char	*yaml_straighten(struct arena *, struct diag *, const char *,
		    const char *, size_t *);

#endif
