"""The dashboard's pages: each module has data functions shared by its page and its API route."""
