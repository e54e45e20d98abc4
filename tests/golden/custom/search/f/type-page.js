HERALD_SEARCH_PART("f/type-page",[0]);
