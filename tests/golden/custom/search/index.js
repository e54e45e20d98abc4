/* herald search index: every document of the site, written by herald build. */
window.HERALD_SEARCH = [
{"url":"about\u002findex.html","title":"Amdanom ni","type":"page","type_text":"Page","date":"","date_text":"","summary":"Pwy ydym ni.","themes":[],"headings":[],"text":"Croeso. Edrychwch ar ein logo. Ein logo"}
];
