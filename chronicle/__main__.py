import os
import sys

if sys.argv[1:2] == ["check"]:
    # The chronicle uses no pydantic plugin, and looking for one reads the metadata of every
    # installed package (0.03 s of a 2.5 s `check`).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .cli import main  # noqa: E402 (after the line above, which must come before pydantic)

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
