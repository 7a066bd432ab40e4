"""Storage backends behind :class:`searchidx.SearchIndex`: Whoosh (embedded) and SolrCloud."""
