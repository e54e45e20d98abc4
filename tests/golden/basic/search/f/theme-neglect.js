HERALD_SEARCH_PART("f/theme-neglect",[1,1,1]);
