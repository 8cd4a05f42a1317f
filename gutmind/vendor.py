"""Front-end libraries pinned to exact versions.

The same files live under static/vendor/ (copied from the npm packages) and on jsDelivr's
npm mirror, so one Subresource Integrity hash serves both; tests/test_vendor.py checks that
the local copies still match it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class VendorAsset:
    package: str
    version: str
    path: str
    integrity: str

    @property
    def local_path(self) -> str:
        return f"vendor/{self.package}-{self.version}/{self.path.rsplit('/', 1)[-1]}"

    @property
    def cdn_url(self) -> str:
        return f"https://cdn.jsdelivr.net/npm/{self.package}@{self.version}/{self.path}"


ASSETS = {
    "bootstrap.css": VendorAsset(
        "bootstrap",
        "5.3.8",
        "dist/css/bootstrap.min.css",
        "sha384-sRIl4kxILFvY47J16cr9ZwB07vP4J8+LH7qKQnuqkuIAvNWLzeN8tE5YBujZqJLB",
    ),
    "bootstrap.js": VendorAsset(
        "bootstrap",
        "5.3.8",
        "dist/js/bootstrap.bundle.min.js",
        "sha384-FKyoEForCGlyvwx9Hj09JcYn3nv7wiPVlz7YYwJrWVcXK/BmnVDxM+D2scQbITxI",
    ),
    "chart.js": VendorAsset(
        "chart.js",
        "4.5.1",
        "dist/chart.umd.min.js",
        "sha384-jb8JQMbMoBUzgWatfe6COACi2ljcDdZQ2OxczGA3bGNeWe+6DChMTBJemed7ZnvJ",
    ),
}
