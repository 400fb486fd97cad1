"""Error messages are written for people: pydantic's own prefixes are taken off."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from summarizer.errors import validation_message


class _Port(BaseModel):
    port: int

    @field_validator("port")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("the port must be positive")
        assert value < 65536, "the port must be below 65536"
        return value


@pytest.mark.parametrize(("port", "said"), [(-1, "the port must be positive"),
                                            (70000, "the port must be below 65536")])  # fmt: skip
def test_validator_messages_lose_pydantics_prefix(port: int, said: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Port(port=port)
    (err,) = caught.value.errors()
    assert str(err["msg"]).startswith(("Value error, ", "Assertion failed, "))
    assert validation_message(err).startswith(said)
