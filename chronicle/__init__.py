"""The Ghezel Hesar Chronicle data layer: YAML records in, validated records, pages and
downloads out. Independent of MkDocs: the site glue (hooks.py, macros.py) calls into it."""
