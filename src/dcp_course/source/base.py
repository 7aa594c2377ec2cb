"""What every source model is built from: the strict base model, the common field types, and the
tagged unions that pick a block or question model from the one key naming its kind."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Discriminator, StringConstraints, Tag

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Markdown = Annotated[str, StringConstraints(min_length=1)]
MediaPath = Annotated[str, StringConstraints(min_length=1, max_length=255)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _kind_from_keys(kinds: dict[str, Any]) -> Any:
    def discriminate(value: Any) -> str | None:
        if isinstance(value, BaseModel):
            return next(k for k, v in kinds.items() if isinstance(value, v))
        if isinstance(value, dict):
            present = [k for k in kinds if k in value]
            return present[0] if len(present) == 1 else None
        return None

    return discriminate


def tagged_union(kinds: dict[str, Any], name: str) -> Any:
    """One model per kind, chosen by which kind's key a mapping has (`- single: ...`)."""
    members = tuple(Annotated[cls, Tag(kind)] for kind, cls in kinds.items())
    return Annotated[
        Union[members],  # noqa: UP007 - a runtime-built union needs the subscript form
        Discriminator(
            _kind_from_keys(kinds),
            custom_error_type=f"{name}_kind",
            custom_error_message=f"a {name} needs exactly one of the keys: " + ", ".join(kinds),
        ),
    ]
