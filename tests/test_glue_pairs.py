"""GLUE's sentence-pair and regression tasks in their original formats, on small written fixtures with
their quirks (unbalanced quotes, QQP rows with missing fields, MNLI's five files, MRPC's dev ids)."""
import json
import logging
import zipfile

import pandas as pd
import pytest

from bert_distil.data.glue import GLUE_URLS
from bert_distil.data.rows import DataError, Row, TaskData, validate_rows, validate_task
from bert_distil.data.sources import PARSERS
from bert_distil.data.tables import load_extra_splits, prepare_task


def write_zip(path, folder, files: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{folder}/{name}", text)
    return {path.name: path}


def tsv(*rows) -> str:
    return "".join("\t".join(map(str, row)) + "\n" for row in rows)


def texts(rows):
    return [(r.sentence, r.sentence2) for r in rows]


QQP_HEADER = ("id", "qid1", "qid2", "question1", "question2", "is_duplicate")


def test_qqp(tmp_path, caplog):
    files = write_zip(tmp_path / "QQP-clean.zip", "QQP", {
        "train.tsv": tsv(QQP_HEADER, (133273, 213221, 213222, 'How is the "life of a math student?',
                                      "Which level of prepration is enough?", 0),
                         (402555, 536040, 536041, "How do I control my horny emotions?",
                          "How do you control your horniness?", 1),
                         (7, 15, 16, "A question cut short by a newline")),  # missing fields: skipped
        "dev.tsv": tsv(QQP_HEADER, (201359, 303345, 303346, "Why are African-Americans so beautiful?",
                                    "Why are hispanics so beautiful?", 0)),
        "test.tsv": tsv(("id", "question1", "question2"), (0, "Why do rockets look white?",
                                                             "Why are rockets and boosters painted white?")),
    })
    with caplog.at_level(logging.WARNING):
        task = PARSERS["glue-qqp"](files)
    validate_task(task)
    train = task.splits["train"]
    assert [r.id for r in train] == ["train-133273", "train-402555"] and [r.label for r in train] == [0, 1]
    assert train[0].sentence == 'How is the "life of a math student?'  # unbalanced quote kept verbatim
    assert train[0].sentence2 == "Which level of prepration is enough?"
    assert train[0].where == "QQP-clean.zip!QQP/train.tsv:2"
    assert "1 row(s) with missing fields skipped (first at QQP-clean.zip!QQP/train.tsv:4)" in caplog.text
    assert [r.label for r in task.splits["dev"]] == [0]
    assert task.splits["test"][0].id == "test-0" and task.splits["test"][0].label == -1
    assert task.unlabelled_splits == {"test"} and task.label_names == ["not_duplicate", "duplicate"]
    assert task.task_type == "classification" and task.is_pair


def test_qqp_row_with_extra_fields_is_an_error(tmp_path):
    files = write_zip(tmp_path / "QQP-clean.zip", "QQP", {
        "train.tsv": tsv(QQP_HEADER, (1, 2, 3, "a?", "b?", 0, "extra")),
        "dev.tsv": tsv(QQP_HEADER), "test.tsv": tsv(("id", "question1", "question2"))})
    with pytest.raises(DataError, match=r"QQP-clean.zip!QQP/train.tsv:2: expected 6 tab-separated fields"):
        PARSERS["glue-qqp"](files)


MNLI_TRAIN = ("index", "promptID", "pairID", "genre", "sentence1_binary_parse", "sentence2_binary_parse",
              "sentence1_parse", "sentence2_parse", "sentence1", "sentence2", "label1", "gold_label")
MNLI_DEV = MNLI_TRAIN[:11] + ("label2", "label3", "label4", "label5", "gold_label")
MNLI_TEST = MNLI_TRAIN[:10]


def mnli_row(index, s1, s2, *labels):
    return (index, 31193, f"{index}n", "fiction", "( ( x ) )", "( y )", "(ROOT x)", "(ROOT y)", s1, s2, *labels)


def mnli_files(tmp_path, train_label="neutral"):
    return write_zip(tmp_path / "MNLI.zip", "MNLI", {
        "train.tsv": tsv(MNLI_TRAIN, mnli_row(0, "Conceptually cream skimming has two basic dimensions.",
                                              "Product and geography are what make cream skimming work. ",
                                              "neutral", train_label),
                         mnli_row(1, 'He said "yes.', "He agreed.", "entailment", "entailment")),
        "dev_matched.tsv": tsv(MNLI_DEV, mnli_row(0, "The new rights are nice enough", "Everyone really likes it",
                                                  *["neutral"] * 5, "neutral")),
        "dev_mismatched.tsv": tsv(MNLI_DEV, mnli_row(0, "Your contribution helped.", "It did not help.",
                                                     *["contradiction"] * 5, "contradiction"),
                                  mnli_row(1, "The score is 3-2.", "Someone is winning.",
                                           *["entailment"] * 5, "entailment")),
        "test_matched.tsv": tsv(MNLI_TEST, mnli_row(0, "Hierbas is a liqueur.", "It is a drink.")),
        "test_mismatched.tsv": tsv(MNLI_TEST, mnli_row(0, "What a day.", "A day."),
                                   mnli_row(1, "Rain.", "It is dry.")),
    })


def test_mnli_five_files(tmp_path):
    task = PARSERS["glue-mnli"](mnli_files(tmp_path))
    validate_task(task)
    assert set(task.splits) == {"train", "dev", "dev_mismatched", "test", "test_mismatched"}
    assert task.label_names == ["contradiction", "entailment", "neutral"]
    assert [r.label for r in task.splits["train"]] == [2, 1]
    assert task.splits["train"][1].sentence == 'He said "yes.'
    assert [r.label for r in task.splits["dev"]] == [2]
    assert [r.label for r in task.splits["dev_mismatched"]] == [0, 1]
    assert [r.id for r in task.splits["dev_mismatched"]] == ["dev_mismatched-0", "dev_mismatched-1"]
    assert texts(task.splits["test"]) == [("Hierbas is a liqueur.", "It is a drink.")]
    assert len(task.splits["test_mismatched"]) == 2
    assert task.unlabelled_splits == {"test", "test_mismatched"}
    assert all(r.label == -1 for s in ("test", "test_mismatched") for r in task.splits[s])


def test_mnli_mismatched_splits_are_written_and_read_back_labelled_only(tmp_path):
    out = {**{s: tmp_path / f"out/{s}.parquet" for s in ("train", "dev", "test", "extra")},
           "labels": tmp_path / "out/labels.json"}
    prepare_task("glue-mnli", mnli_files(tmp_path), {}, out)
    labels = json.loads(out["labels"].read_text())
    assert labels["extra_splits"] == ["dev_mismatched", "test_mismatched"]
    assert labels["unlabelled_splits"] == ["test", "test_mismatched"]
    extra = load_extra_splits(out["extra"], labels["unlabelled_splits"])
    assert list(extra) == ["dev_mismatched"]  # test_mismatched has no labels: nothing to score
    assert list(extra["dev_mismatched"]["label"]) == [0, 1] and "split" not in extra["dev_mismatched"].columns
    assert list(extra["dev_mismatched"]["sentence2"]) == ["It did not help.", "Someone is winning."]
    assert len(pd.read_parquet(out["dev"])) == 1  # the matched dev stays the dev split
    with pytest.raises(ValueError, match="no `extra` output"):
        prepare_task("glue-mnli", mnli_files(tmp_path), {}, {k: v for k, v in out.items() if k != "extra"})


def test_mnli_unknown_label_names_file_and_line(tmp_path):
    with pytest.raises(DataError, match=r"MNLI.zip!MNLI/train.tsv:2: unknown label 'entailed'"):
        PARSERS["glue-mnli"](mnli_files(tmp_path, train_label="entailed"))


def test_mnli_header_without_gold_label(tmp_path):
    files = write_zip(tmp_path / "MNLI.zip", "MNLI", {"train.tsv": tsv(MNLI_TRAIN[:-1])})
    with pytest.raises(DataError, match=r"MNLI.zip!MNLI/train.tsv:1: header lacks column\(s\) \['gold_label'\]"):
        PARSERS["glue-mnli"](files)


def nli_zip(tmp_path, zip_name, folder, columns, train, dev, test):
    header = ("index", *columns)
    return write_zip(tmp_path / zip_name, folder, {
        "train.tsv": tsv(header, *train), "dev.tsv": tsv(header, *dev), "test.tsv": tsv(header[:-1], *test)})


def test_qnli(tmp_path):
    files = nli_zip(tmp_path, "QNLIv2.zip", "QNLI", ("question", "sentence", "label"),
                    [(0, "When did the third Digimon series begin?",
                      "Unlike the two seasons before it, it had a darker tone.", "not_entailment"),
                     (1, "Which missile batteries often have individual launchers?",
                      'The "individual launchers are spread out.', "entailment")],
                    [(0, "What came into force after the new constitution?", "The Treaty did.", "entailment")],
                    [(0, "What organization is devoted to Jihad?", "For some decades prior.")])
    task = PARSERS["glue-qnli"](files)
    validate_task(task)
    assert task.label_names == ["entailment", "not_entailment"]
    assert [r.label for r in task.splits["train"]] == [1, 0]
    assert task.splits["train"][0].sentence == "When did the third Digimon series begin?"
    assert task.splits["train"][1].sentence2 == 'The "individual launchers are spread out.'
    assert [r.id for r in task.splits["train"]] == ["train-0", "train-1"]
    assert task.splits["dev"][0].where == "QNLIv2.zip!QNLI/dev.tsv:2"
    assert task.unlabelled_splits == {"test"} and task.splits["test"][0].label == -1


def test_rte(tmp_path):
    files = nli_zip(tmp_path, "RTE.zip", "RTE", ("sentence1", "sentence2", "label"),
                    [(0, "No Weapons of Mass Destruction Found in Iraq Yet.",
                      "Weapons of Mass Destruction Found in Iraq.", "not_entailment"),
                     (1, "A place of sorrow, after Pope John Paul II died.", "Pope John Paul II died.",
                      "entailment")],
                    [(0, "Dana Reeve died.", "Christopher Reeve had an accident.", "not_entailment")],
                    [(0, "Mangla was an independent state.", "Mangla was a state.")])
    task = PARSERS["glue-rte"](files)
    validate_task(task)
    assert [r.label for r in task.splits["train"]] == [1, 0]
    assert texts(task.splits["dev"]) == [("Dana Reeve died.", "Christopher Reeve had an accident.")]
    assert task.unlabelled_splits == {"test"}


def test_wnli(tmp_path):
    files = nli_zip(tmp_path, "WNLI.zip", "WNLI", ("sentence1", "sentence2", "label"),
                    [(0, "I stuck a pin through a carrot. When I pulled the pin out, it had a hole.",
                      "The carrot had a hole.", 1),
                     (1, "John couldn't see the stage with Billy in front of him because he is so short.",
                      "John is so short.", 1), (2, "The drain is clogged with hair.", "The hair is clogged.", 0)],
                    [(0, "The trophy doesn't fit into the suitcase because it is too large.",
                      "The suitcase is too large.", 0)],
                    [(0, "Maude and Dora had seen the trains rushing across the prairie.", "Dora had seen them.")])
    task = PARSERS["glue-wnli"](files)
    validate_task(task)
    assert task.label_names == ["not_entailment", "entailment"]
    assert [r.label for r in task.splits["train"]] == [1, 1, 0]
    assert [r.label for r in task.splits["dev"]] == [0]


def test_empty_second_text_names_file_and_line(tmp_path):
    files = nli_zip(tmp_path, "RTE.zip", "RTE", ("sentence1", "sentence2", "label"),
                    [(0, "A premise.", "A hypothesis.", "entailment"), (1, "Another premise.", " ", "entailment")],
                    [], [])
    task = PARSERS["glue-rte"](files)
    with pytest.raises(DataError, match=r"^RTE.zip!RTE/train.tsv:3: empty second text$"):
        validate_task(task)


STSB_HEADER = ("index", "genre", "filename", "year", "old_index", "source1", "source2", "sentence1",
               "sentence2", "score")


def stsb_row(index, s1, s2, *score):
    return (index, "main-captions", "MSRvid", "2012test", f"{index:04d}", "none", "none", s1, s2, *score)


def stsb_files(tmp_path, score="3.800"):
    return write_zip(tmp_path / "STS-B.zip", "STS-B", {
        "train.tsv": tsv(STSB_HEADER,
                         stsb_row(0, "A plane is taking off.", "An air plane is taking off.", "5.000"),
                         stsb_row(1, 'A man is playing a large "flute.', "A man is playing a flute.", score),
                         stsb_row(2, "A man is spreading cheese.", "A woman is slicing.", "0.000")),
        "dev.tsv": tsv(STSB_HEADER, stsb_row(0, "A man with a hard hat is dancing.",
                                             "A man wearing a hard hat is dancing.", "5.000")),
        "test.tsv": tsv(STSB_HEADER[:-1],
                        stsb_row(0, "A girl is styling her hair.", "A girl is brushing her hair.")),
    })


def test_stsb_regression(tmp_path):
    task = PARSERS["glue-stsb"](stsb_files(tmp_path))
    validate_task(task)
    assert task.task_type == "regression" and task.label_range == (0.0, 5.0) and task.label_names == ["score"]
    assert [r.label for r in task.splits["train"]] == [5.0, 3.8, 0.0]
    assert all(isinstance(r.label, float) for r in task.splits["train"])
    assert task.splits["train"][1].sentence == 'A man is playing a large "flute.'
    assert task.splits["train"][1].sentence2 == "A man is playing a flute."
    assert task.splits["dev"][0].label == 5.0
    assert task.unlabelled_splits == {"test"}
    assert texts(task.splits["test"]) == [("A girl is styling her hair.", "A girl is brushing her hair.")]


@pytest.mark.parametrize("score, problem", [("nan", "missing or non-numeric score nan"),
                                            ("5.5", r"score 5.5 outside \[0.0, 5.0\]"),
                                            ("-0.1", r"score -0.1 outside \[0.0, 5.0\]"),
                                            ("high", "missing or non-numeric score nan"),
                                            ("inf", "missing or non-numeric score inf")])
def test_stsb_bad_score_names_file_and_line(tmp_path, score, problem):
    task = PARSERS["glue-stsb"](stsb_files(tmp_path, score))
    with pytest.raises(DataError, match=rf"^STS-B.zip!STS-B/train.tsv:3: {problem}$"):
        validate_task(task)


MSR_HEADER = ("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String")


def mrpc_files(tmp_path, dev_ids="1355540\t1355592\n2029631\t2029565\n"):
    paths = {}
    for name, text in {
        "msr_paraphrase_train.txt": "\ufeff" + tsv(
            MSR_HEADER,
            (1, 702876, 702977, 'Amrozi accused his brother , whom he called " the witness " , of distorting '
                                'his evidence .',
             'Referring to him as only " the witness " , Amrozi accused his brother .'),
            (0, 2108705, 2108831, "Yucaipa owned Dominick 's before selling the chain .",
             "Yucaipa bought Dominick 's in 1995 ."),
            (1, 1355540, 1355592, "He said the foodservice pie business doesn 't fit .",
             "The foodservice pie business does not fit ."),
            (0, 2029631, 2029565, 'Magnarelli said Racicot hated the " Iraqi regime .',
             "His wife said he was \" 100 percent behind George Bush \" ."),
            (1, 3337, 3338, "Shares of Genentech rose $ 1.", "Genentech shares rose $ 1.")),
        "msr_paraphrase_test.txt": "\ufeff" + tsv(
            MSR_HEADER, (1, 1089874, 1089925, "PCCW 's chief operating officer will also leave .",
                         "PCCW 's chief operating officer also leaves ."),
            (0, 3019446, 3019327, "The world 's two largest automakers said sales declined .",
             "Domestic sales at both GM and Ford fell .")),
        "mrpc_dev_ids.tsv": dev_ids,
    }.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_mrpc_built_as_glue_builds_it(tmp_path):
    task = PARSERS["glue-mrpc"](mrpc_files(tmp_path))
    validate_task(task)
    assert task.label_names == ["not_equivalent", "equivalent"] and task.unlabelled_splits == set()
    train, dev, test = (task.splits[s] for s in ("train", "dev", "test"))
    assert [r.id for r in train] == ["train-0", "train-1", "train-4"] and [r.label for r in train] == [1, 0, 1]
    assert [r.id for r in dev] == ["dev-2", "dev-3"] and [r.label for r in dev] == [1, 0]
    assert dev[1].sentence == 'Magnarelli said Racicot hated the " Iraqi regime .'
    assert dev[0].where == "msr_paraphrase_train.txt:4"
    assert train[0].sentence2 == 'Referring to him as only " the witness " , Amrozi accused his brother .'
    assert [r.id for r in test] == ["test-0", "test-1"] and [r.label for r in test] == [1, 0]  # MSR's labels


def test_mrpc_dev_id_not_in_train_is_an_error(tmp_path):
    with pytest.raises(DataError, match=r"mrpc_dev_ids.tsv:2: dev pair not in msr_paraphrase_train.txt"):
        PARSERS["glue-mrpc"](mrpc_files(tmp_path, dev_ids="1355540\t1355592\n1\t2\n"))


def test_classification_label_out_of_range(tmp_path):
    files = nli_zip(tmp_path, "WNLI.zip", "WNLI", ("sentence1", "sentence2", "label"),
                    [(0, "A premise.", "A hypothesis.", 2)], [], [])
    with pytest.raises(DataError, match=r"WNLI.zip!WNLI/train.tsv:2: missing or unknown label \(expected 0..1\)"):
        validate_task(PARSERS["glue-wnli"](files))


def test_pair_task_row_without_second_text():
    task = TaskData({"train": [Row("a", "one", 0, "f:1", sentence2="two"), Row("b", "three", 1, "f:2")]},
                    ["no", "yes"])
    with pytest.raises(DataError, match=r"^f:2: no second text in a sentence-pair task$"):
        validate_task(task)


def test_old_validate_rows_call_keeps_working():
    validate_rows([Row("a", "one", 1, "f:1")], 2, labelled=True)
    with pytest.raises(DataError, match="f:1: missing or unknown label"):
        validate_rows([Row("a", "one", 2, "f:1")], 2, labelled=True)


def test_every_glue_parser_has_its_urls():
    assert sorted(GLUE_URLS) == sorted(name for name in PARSERS if name.startswith("glue-"))
    assert all(url.startswith("https://") for urls in GLUE_URLS.values() for url in urls.values())
