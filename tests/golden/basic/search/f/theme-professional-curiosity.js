HERALD_SEARCH_PART("f/theme-professional-curiosity",[3]);
