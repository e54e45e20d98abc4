HERALD_SEARCH_PART("f/type-newsletter",[0]);
