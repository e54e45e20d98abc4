HERALD_SEARCH_PART("t/_",{"amdanom":[0,1],"ar":[0,48],"croeso":[0,48],"edrychwch":[0,48],"ein":[0,80],"logo":[0,80],"ni":[0,9],"pwy":[0,8],"ydym":[0,8]});
