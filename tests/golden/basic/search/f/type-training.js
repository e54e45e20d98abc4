HERALD_SEARCH_PART("f/type-training",[4,2,1]);
