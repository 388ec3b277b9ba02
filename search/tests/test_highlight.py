from search.highlight import excerpt, join_sentences, light_stem, mark_terms, terms_pattern


def test_marks_whole_words_from_the_stem_of_each_term():
    pattern = terms_pattern(["communities"])
    assert str(mark_terms("A community; two Communities.", pattern)) == (
        "A <mark>community</mark>; two <mark>Communities</mark>."
    )


def test_escapes_text_before_marking():
    pattern = terms_pattern(["script"])
    html = str(mark_terms('<script>alert("x")</script> & script', pattern))
    assert (
        html
        == "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; <mark>script</mark>"
    )


def test_terms_are_literal_text_not_regex():
    pattern = terms_pattern([".*", "a+b"])
    # ".*" matches no word and "a+b" only itself: terms are escaped before compiling.
    assert str(mark_terms("aaa aab a+b", pattern)) == "aaa aab <mark>a+b</mark>"
    assert terms_pattern([]) is None


def test_short_terms_match_only_whole_words():
    pattern = terms_pattern(["km"])
    assert str(mark_terms("KM and kmers", pattern)) == "<mark>KM</mark> and kmers"


def test_light_stem_keeps_short_words():
    assert light_stem("uses") == "use"
    assert light_stem("is") == "is"
    assert light_stem("practices") == light_stem("practice") == "practic"


def test_excerpt_is_a_window_around_the_first_match():
    text = " ".join(f"word{i}" for i in range(200)) + " needle " + " ".join(f"tail{i}" for i in range(200))
    window = excerpt(text, terms_pattern(["needle"]))
    assert window.startswith("… ") and window.endswith(" …")
    assert "needle" in window
    assert len(window) <= 240 + 4


def test_excerpt_of_short_text_is_the_whole_text():
    assert excerpt("short text", terms_pattern(["text"])) == "short text"


def test_fields_join_as_sentences():
    assert join_sentences(["Practice, week by week", "", "An hour each Tuesday.", "Bring a question"]) == (
        "Practice, week by week. An hour each Tuesday. Bring a question"
    )
