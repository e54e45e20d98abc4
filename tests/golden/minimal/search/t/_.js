HERALD_SEARCH_PART("t/_",{"hello":[0,1],"just":[0,56],"one":[0,56],"page":[0,56]});
