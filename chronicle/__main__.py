"""`python -m chronicle ...` (see cli.py)."""
from .cli import main

raise SystemExit(main())
