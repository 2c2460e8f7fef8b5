"""A name spelled two ways in one article (MT203): transliteration variants, not different words."""
import pytest

from conftest import fixed, flagged


# -- MT203 name spelling --------------------------------------------------------------------------
def test_minority_spelling_flagged():
    text = ("Valentina Matviyenko opened the session. Later Matviyenko met the envoy, "
            "and Matvienko said talks would go on. Matviyenko left.")
    assert flagged(text, "MT203") == [("MT203", "Matvienko")]
    assert fixed(text, "MT203") == text
    assert "Matvienko" not in fixed(text, "MT203", unsafe=True)


@pytest.mark.parametrize("text", [
    "Troops from Austria and Australia met. Later Austria sent more, and Australia agreed with Austria.",
    "Boris Johnson met Johnson's aide. Johnson then met Andrew Johnston.",
    "Germany sent tanks. Germany and its German allies said Germany would help.",
    "Igor Ivanov and Maria Ivanova met. Ivanov spoke, and Ivanov left.",
    "Zelensky met Zelenskyy's aides. Zelensky spoke.",  # names.yaml: MT202's job
    "Serhiy Kyslytsya spoke. Serhiy Kyslytsya left. Later Serhii Nykyforov said no.",
    "Coal from Shanxi and Shaanxi rose. Shanxi mines and Shanxi plants closed.",
])
def test_name_spelling_traps(text):
    assert flagged(text, "MT203") == []
