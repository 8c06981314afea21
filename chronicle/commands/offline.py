"""`python -m chronicle offline`: the whole site as a zip that works opened from disk
(file://), search included. Built with mkdocs-offline.yml (Material's offline plugin, its
search shim served from this site), zipped in a stable order with fixed timestamps."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ZIP_NAME = "ghezel-hesar-chronicle-offline.zip"
_EPOCH = (2020, 1, 1, 0, 0, 0)


def build_offline(out: Path, data: str | None = None) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if data:
        env["CHRONICLE_DATA"] = str(Path(data).resolve())
    env.pop("CHRONICLE_OFFLINE_ZIP", None)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                                 "-f", str(ROOT / "mkdocs-offline.yml"), "-d", str(site)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr[-4000:])
            raise SystemExit(result.returncode)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_zip = out.with_suffix(".tmp")
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(p for p in site.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"ghezel-hesar-chronicle/{path.relative_to(site).as_posix()}", _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        tmp_zip.replace(out)
    return out


def cmd_offline(args) -> int:
    out = build_offline(Path(args.out), args.data)
    print(f"{out} ({out.stat().st_size:,} bytes): unzip it and open ghezel-hesar-chronicle/index.html")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("offline", help="a zip of the site that works opened from disk")
    p.add_argument("--out", default=str(ROOT / "build" / ZIP_NAME), help="where to write the zip")
    p.add_argument("--data", default=None, help="data folder (default: $CHRONICLE_DATA or data/)")
    p.set_defaults(func=cmd_offline)
