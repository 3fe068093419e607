"""The catalog model (messages.py): what a message owns about itself."""

from __future__ import annotations

from loctool import catalog
from loctool.messages import Catalog, Message
from loctool.model import State


def test_a_message_owns_its_key_fuzziness_and_state() -> None:
    entry = Message("Merhaba", msgctxt="greeting")
    assert entry.key == ("greeting", "Merhaba")
    assert entry.state is State.UNTRANSLATED and not entry.fuzzy
    entry.msgstr = "Сәлем"
    assert entry.state is State.REVIEWED
    entry.fuzzy = True
    entry.fuzzy = True  # once only
    assert entry.flags == ["fuzzy"] and entry.state is State.MACHINE
    entry.previous_msgid = "Merhaba!"
    assert entry.state is State.CHANGED and entry.previous_key == (None, "Merhaba!")
    entry.clear_previous()
    entry.fuzzy = False
    assert entry.flags == [] and entry.previous_key is None and entry.state is State.REVIEWED
    entry.obsolete = True
    assert entry.state is State.OBSOLETE


def test_plural_messages_are_translated_by_any_form() -> None:
    entry = Message("1 elma", msgid_plural="{n} elma", msgstr_plural={0: "", 1: ""})
    assert entry.plural and not entry.translated
    entry.msgstr_plural[1] = "{n} алма"
    assert entry.translated and entry.state is State.REVIEWED


def test_a_copy_shares_nothing_mutable() -> None:
    entry = Message("a", "ә", flags=["c-format"], occurrences=[("x.txt", "1")])
    twin = entry.copy()
    assert twin == entry and twin is not entry
    twin.flags.append("fuzzy")
    twin.occurrences.clear()
    twin.msgstr_plural[0] = "x"
    assert entry.flags == ["c-format"] and entry.occurrences == [("x.txt", "1")]
    assert entry.msgstr_plural == {}


def test_the_parser_builds_the_model_and_the_writer_takes_it() -> None:
    text = (
        '# header note\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: kk\\n"\n'
        '"X-Source-Language: tr\\n"\n\n'
        '#. loctool-origin: engine=argos\n#: seeds/a.txt:3\n#, fuzzy\n#| msgid "Eski"\n'
        'msgctxt "c"\nmsgid "Yeni"\nmsgstr "Жаңа"\n\n#~ msgid "Gitti"\n#~ msgstr "Кетті"\n'
    )
    po = catalog.loads(text, "x.po")
    assert isinstance(po, Catalog) and po.path == "x.po"
    assert po.header == "header note" and po.header_fuzzy
    assert catalog.source_language(po) == "tr"
    first, gone = po
    assert first.linenum == 8 and first.occurrences == [("seeds/a.txt", "3")]
    assert first.state is State.CHANGED and first.previous_key == (None, "Eski")
    assert gone.obsolete and po.active() == [first]
    assert po.find("Yeni") is None and po.find("Yeni", "c") is first
    assert po.by_key() == {("c", "Yeni"): first}
    assert catalog.dumps(po) == text
