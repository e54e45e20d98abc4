HERALD_SEARCH_PART("f/type-page",[5]);
