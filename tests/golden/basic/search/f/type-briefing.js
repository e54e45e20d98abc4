HERALD_SEARCH_PART("f/type-briefing",[2,1]);
