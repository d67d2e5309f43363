"""The decoder settings of line scans and spectrum images (the model JSON's "image_decoder")."""

import json
import shutil

from hyperspy_eels_edgeid.data import synthetic_eels
from hyperspy_eels_edgeid.recognizer.loading import load_recognizer
from hyperspy_eels_edgeid.recognizer.model_files import METADATA_FILE, WEIGHTS_FILE, default_weights_dir
from hyperspy_eels_edgeid.synthesis import SynthesisConfig


def _model_with(tmp_path, image_decoder):
    d = tmp_path / "model"
    d.mkdir(parents=True)
    for name in (METADATA_FILE, WEIGHTS_FILE):
        shutil.copy(default_weights_dir() / name, d / name)
    meta = json.loads((d / METADATA_FILE).read_text())
    meta.pop("image_decoder", None)
    if image_decoder is not None:
        meta["image_decoder"] = image_decoder
    (d / METADATA_FILE).write_text(json.dumps(meta))
    return d


def test_for_images_puts_the_image_decoder_over_the_decoder(tmp_path):
    plain = load_recognizer(_model_with(tmp_path / "a", None), device="cpu")
    assert plain.for_images() is plain
    rec = load_recognizer(_model_with(tmp_path / "b", {"post_edge_steps": 2.5}), device="cpu")
    images = rec.for_images()
    assert images is not rec and rec.for_images() is images and images.for_images() is images
    assert rec.decoder.settings.post_edge_steps is None and images.decoder.settings.post_edge_steps == 2.5
    assert images.decoder.settings.post_edge_ev == rec.decoder.settings.post_edge_ev == 20.0  # the rest: "decoder"
    assert images.nets is rec.nets and images.thresholds is rec.thresholds


def test_maps_use_the_image_decoder_single_spectra_do_not(tmp_path):
    # Al K (1560 eV) 30 eV before the window's end: 20 eV asked of a single spectrum, 2.5 steps (40 eV) of a map
    model = _model_with(tmp_path / "steps", {"post_edge_steps": 2.5})
    axis, config = (1400.0, 0.5, 380), SynthesisConfig(shift=0, expansion=0)
    single = synthetic_eels(["Al"], energy_axis=axis, random_state=2, config=config)
    assert single.identify_edges(weights=model, add_elements=False).elements == ["Al"]
    image = synthetic_eels(["Al"], energy_axis=axis, navigation_shape=(2, 2), random_state=2, config=config)
    p = image.identify_edges(weights=model, add_elements=False, show_progressbar=False)
    al = p.metadata.EdgeID.elements.index("Al")
    assert not p.metadata.EdgeID.observable[al] and p.metadata.EdgeID.detected == []
    assert (p.data[..., al] == 0).all()  # every pixel decided with the map's margin
    # the same map read by the same model without "image_decoder": Al is judged there
    plain_model = _model_with(tmp_path / "plain", None)
    plain = image.identify_edges(weights=plain_model, add_elements=False, show_progressbar=False)
    assert plain.metadata.EdgeID.observable[al]


def test_the_bundled_models_ask_maps_for_two_steps_after_an_edge():
    from hyperspy_eels_edgeid.recognizer.model_files import branching_weights_dir, coarse_weights_dir, thick_weights_dir

    for directory in (None, thick_weights_dir(), coarse_weights_dir(), branching_weights_dir()):
        rec = load_recognizer(directory, device="cpu")
        assert rec.decoder.settings.post_edge_steps is None  # single spectra: the decoder's 20 eV
        assert rec.for_images().decoder.settings.post_edge_steps == 2.0  # experiments/end_margin_steps/
