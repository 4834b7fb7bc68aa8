"""Treebank tokens come from nltk's own patterns compiled by `re` (bert_distil.transfer.words): the tokens
must be nltk's, on text that exercises every pattern group."""
from nltk.tokenize import TreebankWordTokenizer

from bert_distil.transfer.words import _treebank, treebank_tokens, word_tokens

TRICKY = [
    '"Hello," she said -- "it\'s 3:30, isn\'t it?"',
    "They'll save and invest more... won't they?!",
    "I cannot believe 'tis gonna be (roughly) $3.88 [or more] {maybe} <b>!",
    "''Quoted'' text with ``backquotes'' and a final period.",
    "Don't, can't, I'd, we've, you're, he'll, O'Neil's 'quote' ends.",
    "a: b, 1,000 items; #tag @user 50% & more",
    "gimme lemme wanna gotta whaddya whatcha d'ye more'n",
    "",
    "   ",
    "an [MASK] of the [MASK]",
]


def test_same_tokens_as_nltk():
    reference = TreebankWordTokenizer()
    fast = _treebank()
    for text in TRICKY:
        assert fast.tokenize(text) == reference.tokenize(text), text


def test_every_pattern_group_of_nltk_is_recompiled():
    """A pattern group nltk adds in a later version and the stdlib copy misses would be run by nltk's slow
    engine (same tokens, but the speed-up silently gone): name every group nltk's class defines."""
    groups = {name for name, value in vars(TreebankWordTokenizer).items()
              if name.isupper() and isinstance(value, (list, tuple))}
    overridden = {name for name in vars(type(_treebank())) if name.isupper()}
    assert groups <= overridden, groups - overridden


def test_mask_stays_one_token():
    assert treebank_tokens("the [MASK] was great.") == ["the", "[MASK]", "was", "great", "."]
    assert word_tokens("The [MASK] Was") == ("the", "[mask]", "was")
