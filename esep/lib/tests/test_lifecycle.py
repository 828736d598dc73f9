from esep.lib.lifecycle import Lifecycle

DOOR = Lifecycle(
    {
        "open": ({"closed"}, "opened"),
        "close": ({"opened"}, "closed"),
        "lock": ({"closed"}, "locked"),
        "unlock": ({"locked"}, "closed"),
    }
)


def test_a_transition_leads_on_only_from_its_sources():
    assert DOOR.target_of("open", "closed") == "opened"
    assert DOOR.target_of("open", "locked") is None


def test_what_may_be_done_and_reached_from_a_status():
    assert DOOR.allowed_from("closed") == ["open", "lock"]
    assert DOOR.allowed_from("opened") == ["close"]
    assert DOOR.transition_to("locked", "closed") == "unlock"
    assert DOOR.transition_to("locked", "opened") is None
    assert DOOR.targets_from("closed", ["locked", "opened", "closed"]) == ["locked", "opened"]
