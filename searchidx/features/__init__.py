"""What a search offers beyond matching: snippets, grouping, timelines, suggestions, export."""
