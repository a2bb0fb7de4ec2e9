"""The TypeScript package's own files: `package.json` (ESM, `exports` with types, built to
`dist/` by `tsc` when packed), the two `tsconfig`s and the README."""

from __future__ import annotations

import json
import re

from generator import ir
from generator.config import SdkConfig
from generator.irquery import Index

TYPESCRIPT = "5.9.3"  # the package's one dev dependency: what builds dist/ at `npm pack`
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


def npm_version(version: str) -> str:
    """The package version as semver: `1.2` is `1.2.0`; a PEP 440 pre-release (`1.0a1`) or any
    other form is `0.1.0` with the spec's version kept in the README."""
    if _SEMVER.match(version):
        return version
    parts = version.split(".")
    if 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts):
        return ".".join(str(int(p)) for p in [*parts, "0", "0"][:3])
    return "0.1.0"


def package_json(api: ir.Api, config: SdkConfig) -> str:
    data = {
        "name": config.npm_name,
        "version": npm_version(config.package_version),
        "description": f"TypeScript SDK for {api.title}"[:300],
        "type": "module",
        "main": "./dist/index.js",
        "types": "./dist/index.d.ts",
        "exports": {
            ".": {"types": "./dist/index.d.ts", "default": "./dist/index.js"},
            "./package.json": "./package.json",
        },
        "files": ["dist", "src", "README.md"],
        "sideEffects": False,
        "engines": {"node": ">=18"},
        "scripts": {
            "build": "tsc -p tsconfig.build.json",
            "prepack": "npm run build",
            "typecheck": "tsc --noEmit",
            "test": "npm run build && node --test test/",
        },
        "devDependencies": {"typescript": TYPESCRIPT},
    }
    return json.dumps(data, indent=2) + "\n"


def tsconfig(*, build: bool = False) -> str:
    if build:
        data: dict[str, object] = {
            "extends": "./tsconfig.json",
            "compilerOptions": {"noEmit": False, "outDir": "dist", "rootDir": "src", "declaration": True},
            "include": ["src"],
        }
    else:
        data = {
            "compilerOptions": {
                "target": "ES2022",
                "module": "NodeNext",
                "moduleResolution": "NodeNext",
                "lib": ["ES2022", "DOM", "DOM.Iterable"],
                "strict": True,
                "noUncheckedIndexedAccess": True,
                "exactOptionalPropertyTypes": True,
                "noImplicitOverride": True,
                "skipLibCheck": True,
                "isolatedModules": True,
                "verbatimModuleSyntax": True,
                "noEmit": True,
            },
            "include": ["src"],
        }
    return json.dumps(data, indent=2) + "\n"


def readme(api: ir.Api, config: SdkConfig, index: Index) -> str:
    from generator.typescript.docs import readme_text

    return readme_text(api, config, index)
