"""The German query side: parsing (default AND), limits, compound and phonetic expansion.

A parsed query is a tree of Whoosh query objects over analysed terms; backends
evaluate (or translate) that tree.
"""
