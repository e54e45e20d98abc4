/* haru.c: the two places herald reaches inside libharu 2.3.0's structs. */
#include <hpdf.h>

#include "pdf.h"

/*
 * Both functions rely on libharu 2.3.0's struct _HPDF_Doc_Rec
 * (hpdf_doc.h: mmgr, xref, trailer, compression_mode) and, for the
 * first, struct _HPDF_Dict_Rec (hpdf_objects.h: stream, filter).  Its
 * object API (HPDF_DictStream_New, HPDF_Array_New, HPDF_Binary_New)
 * needs the document's memory manager and cross-reference table, which
 * no call hands out, and no call sets a stream's filter or adds to the
 * trailer.  Check both against hpdf_doc.h when libharu changes.
 */

/*
 * Replaces the ToUnicode map of font with the len bytes of cmap: libharu
 * gives each UTF-8 font its encoding CMap as ToUnicode map, and simple
 * fonts none, so this adds a stream, compressed as the page text is.
 * Returns 0 when the map is not libharu's own kind of stream; an error
 * of libharu's has then been reset.
 */
int
haru_set_tounicode(HPDF_Doc pdf, HPDF_Font font, const char *cmap,
    size_t len)
{
	HPDF_Dict	 tu;

	tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL) {
		/* libharu gives simple fonts none. */
		HPDF_ResetError(pdf);
		if ((tu = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL ||
		    HPDF_Dict_Add(font, "ToUnicode", tu) != HPDF_OK)
			return 0;
		if (pdf->compression_mode & HPDF_COMP_TEXT)
			tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	}
	if (tu->stream == NULL || tu->stream->type != HPDF_STREAM_MEMORY) {
		HPDF_ResetError(pdf);
		return 0;
	}
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)cmap, (HPDF_UINT)len);
	return 1;
}

/* Sets the trailer's /ID to id, twice, as PDF asks; returns 0 on
 * libharu's error. */
int
haru_set_id(HPDF_Doc pdf, const HPDF_BYTE id[16])
{
	HPDF_Array	 arr;

	return (arr = HPDF_Array_New(pdf->mmgr)) != NULL &&
	    HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id,
	    16)) == HPDF_OK &&
	    HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id,
	    16)) == HPDF_OK &&
	    HPDF_Dict_Add(pdf->trailer, "ID", arr) == HPDF_OK;
}
