"""The terminal rendering of `kzlex articles`, `article`, `cases` and `case`.

Returns rich renderables and never prints. This module is the one name callers import; each
view lives in its own module: `browse_provision_table` (`kzlex articles`),
`browse_provision_record` (`kzlex article`), `browse_case_table` (`kzlex cases`) and
`browse_case_record` (`kzlex case`), with what they share in `browse_common`.
"""

from __future__ import annotations

from engine.render.browse_case_record import case
from engine.render.browse_case_table import cases
from engine.render.browse_provision_record import provision
from engine.render.browse_provision_table import articles

__all__ = ["articles", "case", "cases", "provision"]
