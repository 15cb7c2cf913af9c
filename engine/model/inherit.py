"""A version of a provision inherits the parts it does not change.

An amending law rarely rewrites a whole article: it raises a penalty or adds "online
platforms" to the means, and the elements stay as they were. Restating every part in every
version made the same element appear two, three or four times in one file, and an edit to
one copy silently left the others behind. So a version may say `inherits: "2015"` and
restate only what differs:

- a part it does not list is taken whole from the version it inherits from;
- a part it lists (by `id`) keeps every field it does not give (`says`, `penalty`,
  `source`, `aggravates`, `note`, `elements`); a field it gives replaces the inherited
  one, and `note: null` or `aggravates: null` removes it;
- its `elements` are merged by `id` in the same way: a listed element replaces the
  inherited one of that id whole, an element with a new id is added after them;
- a part with a new id is added after the inherited ones;
- the official words (`text_ru`, `text_en`, `text_source`) go with the wording: a part
  that restates `says` does not inherit them, since changed words make the old quote wrong.

A version that drops a part of its base cannot inherit from it; it restates its parts (or
the inheritance runs the other way). Resolution happens on the raw mapping, before the
models are built, so every reader downstream sees whole versions exactly as if the file
had restated them, and a fault in a merged part is reported by the model as usual.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

INHERITS = "inherits"
TEXT_KEYS = ("text_ru", "text_en", "text_source")


def expand_versions(data: Any) -> Any:
    """The provision's mapping with every `inherits` resolved into whole parts; anything else unchanged."""
    if not isinstance(data, dict):
        return data
    versions = data.get("versions")
    if not isinstance(versions, list) or not any(isinstance(v, dict) and INHERITS in v for v in versions):
        return data
    labels: dict[str, int] = {}
    for i, v in enumerate(versions):
        if isinstance(v, dict) and isinstance(v.get("label"), str):
            labels.setdefault(v["label"], i)
    done: dict[int, Any] = {}

    def resolve(i: int, trail: tuple[int, ...]) -> Any:
        if i in done:
            return done[i]
        version = versions[i]
        if not isinstance(version, dict) or INHERITS not in version:
            done[i] = version
            return version
        wanted = version[INHERITS]
        label = str(wanted) if isinstance(wanted, int) and not isinstance(wanted, bool) else wanted
        if not isinstance(label, str):
            raise _fault(i, wanted, 'give the label of another version of this provision, e.g. "2015"')
        if label not in labels:
            known = ", ".join(repr(x) for x in labels if labels[x] != i) or "none"
            raise _fault(i, wanted, f"no other version of this provision has that label; the labels are {known}")
        base_index = labels[label]
        if base_index == i:
            raise _fault(i, wanted, "a version cannot inherit from itself; name the version it takes its parts from")
        if base_index in trail:
            loop = [*trail[trail.index(base_index) :], i]
            names = " -> ".join(repr(versions[k].get("label")) for k in [*loop, base_index])
            raise _fault(i, wanted, f"versions inherit in a circle ({names}); one of them must restate its parts")
        base = resolve(base_index, (*trail, i))
        own = {k: v for k, v in version.items() if k != INHERITS}
        inherited = base.get("parts") if isinstance(base, dict) else None
        if isinstance(inherited, list):
            own["parts"] = _merge_parts(inherited, own.get("parts"))
        done[i] = own
        return own

    return {**data, "versions": [resolve(i, ()) for i in range(len(versions))]}


def _fault(index: int, value: Any, message: str) -> ValidationError:
    """One error located at `versions.N.inherits`, so the message names the field to mend."""
    return ValidationError.from_exception_data(
        "Provision",
        [
            InitErrorDetails(
                type=PydanticCustomError("inherits", message),
                loc=("versions", index, INHERITS),
                input=value,
            )
        ],
    )


def _merge_parts(inherited: list[Any], own: Any) -> Any:
    if own is None:
        return list(inherited)
    if not isinstance(own, list):
        return own  # the model reports what `parts` should be
    out = list(inherited)
    where = {_id(p): k for k, p in enumerate(out) if _id(p)}
    merged: set[str] = set()
    for part in own:
        key = _id(part)
        if key and key in where and key not in merged:  # a second listing of one id stays a duplicate
            merged.add(key)
            out[where[key]] = _merge_part(out[where[key]], part)
        else:
            out.append(part)
    return out


def _merge_part(base: Any, own: dict[str, Any]) -> Any:
    if not isinstance(base, dict):
        return own
    kept = {k: v for k, v in base.items() if not ("says" in own and k in TEXT_KEYS)}
    merged = {**kept, **{k: v for k, v in own.items() if k != "elements"}}
    if "elements" in own:
        merged["elements"] = _merge_elements(base.get("elements"), own["elements"])
    return merged


def _merge_elements(inherited: Any, own: Any) -> Any:
    if not isinstance(inherited, list) or not isinstance(own, list):
        return own
    out = list(inherited)
    where = {_id(e): k for k, e in enumerate(out) if _id(e)}
    replaced: set[str] = set()
    for element in own:
        key = _id(element)
        if key and key in where and key not in replaced:
            replaced.add(key)
            out[where[key]] = element
        else:
            out.append(element)
    return out


def _id(item: Any) -> str:
    """The id a part or element is matched by; "" for one without a usable id (never matched)."""
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""
