/* tagtree.c: the tagged PDF's objects: structure tree, ParentTree, catalog, XMP. */
#include <stdio.h>
#include <string.h>

#include <hpdf.h>

#include "pdf.h"
#include "tags.h"

/*
 * Like haru.c, this relies on libharu 2.3.0's struct _HPDF_Doc_Rec
 * (mmgr, xref, catalog, pdf_version): its object API needs the memory
 * manager and the cross-reference table, which no call hands out.
 */

/* A PDF text string: ASCII as it is, anything else as UTF-16BE. */
void *
text_string(struct pdf *p, const char *s)
{
	HPDF_BYTE	*u;
	size_t		 i, n, len = strlen(s);
	uint32_t	 c;
	void		*obj;

	for (i = 0; i < len && (unsigned char)s[i] < 0x80 &&
	    (unsigned char)s[i] >= 0x20; i++)
		continue;
	if (i == len)
		return HPDF_String_New(p->hpdf->mmgr, s, NULL);
	u = amalloc(&p->a, 2 * len + 4);
	n = 0;
	u[n++] = 0xfe;
	u[n++] = 0xff;
	for (i = 0; i < len; i += utf8_decode(s + i, len - i, &c)) {
		utf8_decode(s + i, len - i, &c);
		if (c > 0xffff)
			c = 0xfffd;
		u[n++] = (HPDF_BYTE)(c >> 8);
		u[n++] = (HPDF_BYTE)c;
	}
	obj = HPDF_Binary_New(p->hpdf->mmgr, u, (HPDF_UINT)n);
	return obj;
}

/* An indirect dictionary of /Type type (or none). */
static HPDF_Dict
dict_new(struct pdf *p, const char *type)
{
	HPDF_Dict	 d = HPDF_Dict_New(p->hpdf->mmgr);

	if (d == NULL || HPDF_Xref_Add(p->hpdf->xref, d) != HPDF_OK)
		return NULL;
	if (type != NULL)
		HPDF_Dict_AddName(d, "Type", type);
	return d;
}

/* The first page among e's own MCIDs and annotations, or NULL. */
static HPDF_Page
elem_page(const struct selem *e)
{
	const struct skid	*k;
	size_t			 i;

	for (i = 0; i < e->kids.n; i++) {
		k = e->kids.v[i];
		if (k->e == NULL)
			return k->pg;
	}
	return NULL;
}

/* Whether e holds no content at all (an empty paragraph). */
static int
elem_empty(const struct selem *e)
{
	const struct skid	*k;
	size_t			 i;

	for (i = 0; i < e->kids.n; i++) {
		k = e->kids.v[i];
		if (k->e == NULL || !elem_empty(k->e))
			return 0;
	}
	return 1;
}

/* Makes the objects of e and the elements under it, e's parent up. */
static int
elem_write(struct pdf *p, struct selem *e, HPDF_Dict up)
{
	HPDF_Array	 kids;
	HPDF_Dict	 d;
	HPDF_Page	 pg;
	struct skid	*k;
	size_t		 i;
	struct selem	*only;

	/* An item of one paragraph: its LBody holds the text. */
	if (strcmp(e->type, "LBody") == 0 && e->kids.n == 1 &&
	    (only = ((struct skid *)e->kids.v[0])->e) != NULL &&
	    strcmp(only->type, "P") == 0) {
		e->kids = only->kids;
		only->alias = e;
	}
	/* /Type /StructElem is optional: it would cost every element. */
	if ((e->obj = dict_new(p, NULL)) == NULL)
		return 0;
	HPDF_Dict_AddName(e->obj, "S", e->type);
	HPDF_Dict_Add(e->obj, "P", up);
	if ((pg = elem_page(e)) != NULL)
		HPDF_Dict_Add(e->obj, "Pg", pg);
	if (e->alt != NULL)
		HPDF_Dict_Add(e->obj, "Alt", text_string(p, e->alt));
	if (e->actual != NULL)
		HPDF_Dict_Add(e->obj, "ActualText", text_string(p, e->actual));
	if (e->scope != NULL) {
		d = HPDF_Dict_New(p->hpdf->mmgr);
		HPDF_Dict_AddName(d, "O", "Table");
		HPDF_Dict_AddName(d, "Scope", e->scope);
		HPDF_Dict_Add(e->obj, "A", d);
	}
	kids = HPDF_Array_New(p->hpdf->mmgr);
	HPDF_Dict_Add(e->obj, "K", kids);
	for (i = 0; i < e->kids.n; i++) {
		k = e->kids.v[i];
		if (k->e != NULL) {
			if (elem_empty(k->e))
				continue;
			if (!elem_write(p, k->e, e->obj))
				return 0;
			HPDF_Array_Add(kids, k->e->obj);
		} else if (k->an != NULL) {
			d = HPDF_Dict_New(p->hpdf->mmgr);
			HPDF_Dict_AddName(d, "Type", "OBJR");
			HPDF_Dict_Add(d, "Obj", k->an);
			HPDF_Dict_Add(d, "Pg", k->pg);
			HPDF_Array_Add(kids, d);
		} else if (k->pg == pg)
			HPDF_Array_AddNumber(kids, k->mcid);
		else {
			d = HPDF_Dict_New(p->hpdf->mmgr);
			HPDF_Dict_AddName(d, "Type", "MCR");
			HPDF_Dict_Add(d, "Pg", k->pg);
			HPDF_Dict_AddNumber(d, "MCID", k->mcid);
			HPDF_Array_Add(kids, d);
		}
	}
	return 1;
}

/* The ParentTree: each page's MCIDs' elements, each annotation's. */
static HPDF_Dict
parent_tree(struct pdf *p)
{
	struct tags	*t = p->tg;
	struct parent	*pa;
	struct selem	*e;
	HPDF_Dict	 pt = HPDF_Dict_New(p->hpdf->mmgr);
	HPDF_Array	 nums = HPDF_Array_New(p->hpdf->mmgr), arr;
	size_t		 i, j;

	HPDF_Dict_Add(pt, "Nums", nums);
	for (i = 0; i < t->parents.n; i++) {
		pa = t->parents.v[i];
		HPDF_Array_AddNumber(nums, (HPDF_INT)i);
		if (pa->page == NULL) {
			HPDF_Array_Add(nums, pa->e->obj);
			continue;
		}
		arr = HPDF_Array_New(p->hpdf->mmgr);
		if (HPDF_Xref_Add(p->hpdf->xref, arr) != HPDF_OK)
			return NULL;
		for (j = 0; j < pa->page->owner.n; j++) {
			e = pa->page->owner.v[j];
			HPDF_Array_Add(arr, e->alias != NULL ? e->alias->obj :
			    e->obj);
		}
		HPDF_Array_Add(nums, arr);
	}
	return pt;
}

/* Escapes s for XML text into b. */
static void
xml_put(xmlBufferPtr b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			bputs(b, "&amp;");
			break;
		case '<':
			bputs(b, "&lt;");
			break;
		case '>':
			bputs(b, "&gt;");
			break;
		default:
			bput(b, s, 1);
		}
}

/* An XMP date, as the Info dictionary's. */
static void
xmp_date(xmlBufferPtr b, const char *tag, const struct date *dt)
{
	bprintf(b, "<%s>%04d-%02d-%02dT00:00:00+00:00</%s>\n", tag, dt->y,
	    dt->m, dt->d, tag);
}

/* The XMP metadata stream, matching the Info dictionary. */
static HPDF_Dict
xmp(struct pdf *p)
{
	struct doc	*doc = p->doc;
	struct theme	*th;
	xmlBufferPtr	 b = bnew();
	HPDF_Dict	 m;
	size_t		 i;

	bputs(b, "<?xpacket begin=\"\xef\xbb\xbf\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-"
	    "ns#\">\n<rdf:Description rdf:about=\"\"\n"
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
	bputs(b, "<dc:format>application/pdf</dc:format>\n"
	    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	xml_put(b, doc->title);
	bputs(b, "</rdf:li></rdf:Alt></dc:title>\n<dc:creator><rdf:Seq>"
	    "<rdf:li>");
	xml_put(b, p->s->title);
	bputs(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	if (doc->summary != NULL && doc->summary[0] != '\0') {
		bputs(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\""
		    "x-default\">");
		xml_put(b, doc->summary);
		bputs(b, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (p->s->language != NULL) {
		bputs(b, "<dc:language><rdf:Bag><rdf:li>");
		xml_put(b, p->s->language);
		bputs(b, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (doc->themes.n > 0) {
		bputs(b, "<pdf:Keywords>");
		for (i = 0; i < doc->themes.n; i++) {
			th = doc->themes.v[i];
			if (i > 0)
				bputs(b, ", ");
			xml_put(b, th->title);
		}
		bputs(b, "</pdf:Keywords>\n");
	}
	bputs(b, "<pdf:Producer>herald " HERALD_VERSION "</pdf:Producer>\n"
	    "<xmp:CreatorTool>herald</xmp:CreatorTool>\n");
	xmp_date(b, "xmp:CreateDate", &doc->date);
	xmp_date(b, "xmp:ModifyDate", doc->updated.y != 0 ? &doc->updated :
	    &doc->date);
	bputs(b, "<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n"
	    "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");
	if ((m = HPDF_DictStream_New(p->hpdf->mmgr, p->hpdf->xref)) != NULL) {
		HPDF_Dict_AddName(m, "Type", "Metadata");
		HPDF_Dict_AddName(m, "Subtype", "XML");
		HPDF_Stream_Write(m->stream, xmlBufferContent(b),
		    (HPDF_UINT)xmlBufferLength(b));
	}
	xmlBufferFree(b);
	return m;
}

/*
 * Writes the structure tree, the ParentTree and the document's entries:
 * /MarkInfo, /Lang, /ViewerPreferences, /Metadata; PDF 1.7.
 */
int
tags_finish(struct pdf *p)
{
	struct tags	*t = p->tg;
	HPDF_Dict	 root, cat = p->hpdf->catalog, d;

	mc_end(p);
	if (t->tail != NULL) {
		struct skid	*k = amalloc(&p->a, sizeof(*k));

		memset(k, 0, sizeof(*k));
		t->tail->up = t->root;
		k->e = t->tail;
		vec_push(&p->a, &t->root->kids, k);
	}
	if ((root = dict_new(p, "StructTreeRoot")) == NULL ||
	    !elem_write(p, t->root, root))
		return hpdf_ok(p, "writing its structure");
	HPDF_Dict_Add(root, "K", t->root->obj);
	HPDF_Dict_Add(root, "ParentTree", parent_tree(p));
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey",
	    (HPDF_INT)t->parents.n);
	HPDF_Dict_Add(cat, "StructTreeRoot", root);
	d = HPDF_Dict_New(p->hpdf->mmgr);
	HPDF_Dict_AddBoolean(d, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "MarkInfo", d);
	if (p->s->language != NULL && p->s->language[0] != '\0')
		HPDF_Dict_Add(cat, "Lang", text_string(p, p->s->language));
	d = HPDF_Dict_New(p->hpdf->mmgr);
	HPDF_Dict_AddBoolean(d, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(cat, "ViewerPreferences", d);
	HPDF_Dict_Add(cat, "Metadata", xmp(p));
	p->hpdf->pdf_version = HPDF_VER_17;
	return hpdf_ok(p, "writing its structure");
}
