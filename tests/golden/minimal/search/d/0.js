HERALD_SEARCH_PART("d/0",{"url":"hello\u002findex.html","title":"Hello","type":"page","type_text":"Page","date":"","date_text":"","summary":"Just one page.","themes":[],"text":"Just one page."});
