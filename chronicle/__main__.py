import os
import sys

from .cli import main

code = main()
if sys.argv[1:2] == ["check"]:
    # `check` ends holding millions of small objects, and freeing them one by one as Python
    # shuts down took a tenth of a second. Nothing is left to clean up (files are closed,
    # the cache written): print what is waiting and leave at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)
raise SystemExit(code)
