from types import SimpleNamespace

from esep.lib.trees import nest


def node(path):
    return SimpleNamespace(path=path)


def test_nodes_nest_under_their_ancestors_and_orphans_become_roots():
    items = nest(
        [node("0001"), node("00010001"), node("000100010001"), node("00010002"), node("00030001")]
    )
    assert [i.node.path for i in items] == ["0001", "00030001"]
    assert [c.node.path for c in items[0].children] == ["00010001", "00010002"]
    assert [c.node.path for c in items[0].children[0].children] == ["000100010001"]
