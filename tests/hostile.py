"""Hostile inputs, generated (never committed): shared by tests/test_read_hostile_input.py and bench/hostile.py.

Each case is (file name, bytes, the PARSE001 reason it must produce). Sizes are
the ones the issue names: 100,000-deep nesting, a 1,000,000-item list, a
billion-laughs document, a 21 MB file, multi-megabyte scalars and keys.
"""

from __future__ import annotations

from typing import Callable

HostileCase = tuple[str, Callable[[], bytes], str]


def billion_laughs(levels: int = 10, width: int = 10) -> bytes:
    lines = [b"a0: &a0 [" + b",".join([b"lol"] * width) + b"]"]
    for i in range(1, levels):
        refs = b",".join([b"*a%d" % (i - 1)] * width)
        lines.append(b"a%d: &a%d [%s]" % (i, i, refs))
    return b"\n".join(lines) + b"\n"


def quadratic_aliases(n: int = 1000) -> bytes:
    """One n-item anchor referenced n times: O(n) text, O(n²) items once expanded."""
    big = b"- &big [" + b",".join([b"1"] * n) + b"]\n"
    return big + b"- *big\n" * n


CASES: dict[str, HostileCase] = {
    "yaml_flow_seq_100k_deep": ("p.yaml", lambda: b"[" * 100_000 + b"]" * 100_000, "depth"),
    "yaml_flow_map_100k_deep": ("p.yaml", lambda: b"{a: " * 100_000 + b"1" + b"}" * 100_000, "depth"),
    "yaml_block_500_deep": ("p.yaml", lambda: "".join(" " * i + "a:\n" for i in range(500)).encode(), "depth"),
    "json_array_100k_deep": ("p.json", lambda: b"[" * 100_000 + b"]" * 100_000, "depth"),
    "json_object_100k_deep": ("p.json", lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "depth"),
    "yaml_list_1m_items": ("p.yaml", lambda: b"- 1\n" * 1_000_000, "items"),
    "yaml_flow_list_1m_items": ("p.yaml", lambda: b"[" + b"1," * 1_000_000 + b"1]", "items"),
    "yaml_1m_keys": ("p.yaml", lambda: b"".join(b"k%d: 1\n" % i for i in range(1_000_000))[:19_000_000], "items"),
    "json_list_1m_items": ("p.json", lambda: b"[" + b"1," * 1_000_000 + b"1]", "items"),
    "billion_laughs": ("p.yaml", billion_laughs, "alias"),
    "quadratic_aliases": ("p.yaml", quadratic_aliases, "alias"),
    "file_21mb": ("p.yaml", lambda: b"# " + b"x" * (21 * 1024 * 1024) + b"\n", "size"),
    "yaml_long_explicit_key": ("p.yaml", lambda: b"? " + b"k" * 2_000_000 + b"\n: 1\n", "key_length"),
    "json_long_key": ("p.json", lambda: b'{"' + b"k" * 2_000_000 + b'": 1}', "key_length"),
    "yaml_5000_digit_int": ("p.yaml", lambda: b"plan_year: " + b"7" * 5000 + b"\n", "syntax"),
    "json_5000_digit_int": ("p.json", lambda: b'{"plan_year": ' + b"7" * 5000 + b"}", "syntax"),
    "yaml_python_tag": ("p.yaml", lambda: b"a: 1\nb: !!python/object/apply:os.system ['true']\n", "syntax"),
}
