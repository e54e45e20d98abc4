/* herald search index: every document of the site, written by herald build. */
window.HERALD_SEARCH = [
{"url":"hello\u002findex.html","title":"Hello","type":"page","type_text":"Page","date":"","date_text":"","summary":"Just one page.","themes":[],"headings":[],"text":"Just one page."}
];
