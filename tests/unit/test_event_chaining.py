"""The previous event's digest is added to the transcoder's bytes as the last member of the
stored JSON object, without writing the event's state again."""

import json

import pytest

from service.integrity import CHAIN_KEY, with_member

LINK = json.dumps({CHAIN_KEY: "ab" * 32}).encode()


@pytest.mark.parametrize("state", [b'{"a":1,"b":"\xc3\xa5"}', b"{}", b"{ }\n"])
def test_the_digest_becomes_the_last_member_and_the_rest_stays_as_it_was(state: bytes) -> None:
    chained = with_member(state, LINK)
    assert json.loads(chained) == {**json.loads(state), CHAIN_KEY: "ab" * 32}
    assert list(json.loads(chained))[-1] == CHAIN_KEY
    assert chained.startswith(state.rstrip()[:-1])


@pytest.mark.parametrize("state", [b"[1, 2]", b'"text"', b""])
def test_a_state_that_is_no_json_object_is_refused(state: bytes) -> None:
    with pytest.raises(ValueError, match="not a JSON object"):
        with_member(state, LINK)
