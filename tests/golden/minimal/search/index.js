/* herald search index: the manifest, written by herald build; search.js loads the parts a query needs. */
window.HERALD_SEARCH = {"format":1,"language":"en-GB","stemmer":"english","docs":1,"shards":[""],"types":[{"name":"page","title":"Pages","count":1}],"themes":[]};
