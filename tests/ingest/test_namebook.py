"""NameBook.find_in: the known people of a thread named anywhere in a text."""

from ingest.steps.namebook import NameBook


def _book() -> NameBook:
    book = NameBook()
    for name in ["Jane Roe", "Bob Ray", "Zoë Åberg"]:
        book.add(name)
    return book


def test_full_and_first_names_are_found_with_their_offsets():
    text = "As Jane Roe said, and Bob agreed: jane is right."
    assert _book().find_in(text) == [("Jane Roe", 3, 11), ("Bob Ray", 22, 25)]


def test_a_text_naming_nobody_of_the_thread():
    assert _book().find_in("Nobody here: Alice, Mallory and the team.") == []


def test_names_outside_ascii_are_found_too():
    text = "Thanks Zoë Åberg – and Zoë again."
    assert _book().find_in(text) == [("Zoë Åberg", 7, 16), ("Zoë Åberg", 23, 26)]


def test_names_added_later_are_found():
    book = _book()
    assert book.find_in("Ask Ines Pellworm.") == []
    book.add("Ines Pellworm")
    assert book.find_in("Ask Ines Pellworm.") == [("Ines Pellworm", 4, 17)]


def test_forms_recorded_as_aliases_are_found():
    book = _book()
    book.alias("@JRoe", "Jane Roe")
    assert book.find_in("Thanks JRoe.") == [("Jane Roe", 7, 11)]
