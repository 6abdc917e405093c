"""Command line: `python -m cli demo|figures|import|history|rollback` (same code as the pages)."""
