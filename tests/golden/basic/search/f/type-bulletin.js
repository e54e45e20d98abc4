HERALD_SEARCH_PART("f/type-bulletin",[1]);
