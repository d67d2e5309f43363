"""Bad parameters of the forward model raise a ValueError that names the parameter."""

import numpy as np
import pytest

from hyperspy_eels_edgeid.hyperspy.data import synthetic_eels
from hyperspy_eels_edgeid.synthesis import SynthesisConfig, synthesize_batch


@pytest.mark.parametrize(
    "changes, name",
    [
        ({"gaussian_fwhm": (1.6, 0.1)}, "gaussian_fwhm"),
        ({"shift": (15.0, -15.0)}, "shift"),
        ({"lorentzian_hwhm": (-0.1, 0.6)}, "lorentzian_hwhm"),
        ({"gaussian_fwhm": -1.0}, "gaussian_fwhm"),
        ({"dispersion": (0.0, 1.0)}, "dispersion"),
        ({"thickness": (-0.5, 1.0)}, "thickness"),
        ({"readout_noise": (-1.0, 1.0)}, "readout_noise"),
        ({"noise_sigma": -0.001}, "noise_sigma"),
        ({"n_elements_probabilities": (0.5, -0.1)}, "n_elements_probabilities"),
        ({"candidate_elements": ["Fe", "Xx"]}, "elements"),
        ({"candidate_elements": "Fe"}, "candidate_elements"),
        ({"jump_ratio_min": 0.2, "default_jump_ratio_max": 0.1}, "default_jump_ratio_max"),
        ({"savgol_frame": (60, 30)}, "savgol_frame"),
        ({"savgol_frame": (0, 30)}, "savgol_frame"),
        ({"window_start": (0.0, 100.0)}, "window_start"),
        ({"expansion": (float("nan"), 0.01)}, "expansion"),
        # a minimum the normal draw cannot reach redrew forever
        ({"background_exponent_min": 5.0, "background_exponent_std": 0.0}, "background_exponent_min"),
        ({"background_exponent_mean": -5.0, "background_exponent_std": 0.1}, "background_exponent_min"),
        ({"background_exponent_mean": float("nan")}, "background_exponent_mean"),
        ({"plasmon_energy": 0.0}, "plasmon_energy"),
        ({"plasmon_fwhm": 0.0}, "plasmon_fwhm"),
        ({"noise_sigma": float("inf")}, "noise_sigma"),
        ({"default_jump_ratio_max": float("inf")}, "default_jump_ratio_max"),
        ({"element_weights": {"O": float("inf")}}, "element_weights"),
        ({"jump_ratio_max": {"Zz": 1.0}}, "Zz"),
        ({"thickness": (0.0, 6.0)}, "thickness"),  # the FFT grows with t/λ: 3000 took gigabytes
    ],
)
def test_bad_config_names_the_parameter(changes, name):
    with pytest.raises(ValueError, match=name):
        SynthesisConfig(**changes)


def test_replace_rejects_unknown_parameter():
    with pytest.raises(ValueError, match="not_a_parameter"):
        SynthesisConfig().replace(not_a_parameter=1)


def test_unknown_element():
    with pytest.raises(ValueError, match="elements.*Xx"):
        synthesize_batch(2, rng=0, elements=["Fe", "Xx"], energy_axis=(400.0, 0.5, 1024))
    with pytest.raises(ValueError, match="elements.*Qq"):
        synthetic_eels(elements=["Qq"], random_state=0)


def test_element_outside_window():
    # Fe L3 is at 708 eV: not in 100-600 eV
    with pytest.raises(ValueError, match="elements: Fe has no principal edge inside the energy window"):
        synthesize_batch(1, rng=0, elements=["Fe"], energy_axis=(100.0, 0.5, 1000))


def test_element_shifted_out_of_window_names_the_shift():
    # Ti L3 (456 eV) lies inside 435-486 eV, but this seed draws an axis shift of -15 eV: the message says so
    with pytest.raises(ValueError, match=r"Ti has no principal edge .* axis shift \(-15.0 eV\)"):
        synthetic_eels(["Ti"], navigation_shape=(2,), energy_axis=(435.0, 0.025, 2041), random_state=25)
    # and without miscalibration the same window holds Ti
    config = SynthesisConfig(shift=0.0, expansion=0.0)
    s = synthetic_eels(["Ti"], navigation_shape=(2,), energy_axis=(435.0, 0.025, 2041), random_state=25, config=config)
    assert list(s.metadata.Truth.elements) == ["Ti"]


def test_more_elements_than_in_window():
    config = SynthesisConfig(n_elements_probabilities=(0, 0, 0, 0, 0, 0, 1.0), candidate_elements=("O", "Fe", "Ni"))
    with pytest.raises(ValueError, match="n_elements_probabilities: every spectrum needs at least 6 elements"):
        synthesize_batch(3, config, rng=0, energy_axis=(400.0, 0.5, 1024))


def test_string_instead_of_list():
    with pytest.raises(ValueError, match="elements"):
        synthesize_batch(1, rng=0, elements="Fe", energy_axis=(400.0, 0.5, 1024))
    with pytest.raises(ValueError, match="elements"):
        synthetic_eels(elements="Fe", random_state=0)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"energy_axis": (100.0, -0.5, 1024)}, "energy_axis"),
        ({"navigation_shape": (0, 4)}, "navigation_shape"),
        ({"random_state": -3}, "random_state"),
        ({"offset": 10.0}, "offset"),
        ({"no_such_thing": 1.0}, "no_such_thing"),
        ({"gaussian_fwhm": (2.0, 1.0)}, "gaussian_fwhm"),
        ({"dispersion": 1.0}, "dispersion"),  # config fields the axis overrides were ignored silently
        ({"n_channels": 512}, "n_channels"),
        ({"window_start": 300.0}, "window_start"),
        ({"navigation_shape": (2.7,)}, "navigation_shape"),
        ({"navigation_shape": (4000, 4000), "lazy": True}, "navigation_shape"),  # refused before allocating
        ({"navigation_shape": (1000, 1000)}, "navigation_shape"),  # 8 GB eagerly
    ],
)
def test_bad_generator_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        synthetic_eels(elements=["O"], **kwargs)


def test_negative_count_and_bad_jump_ratio():
    with pytest.raises(ValueError, match="n:"):
        synthesize_batch(-1, rng=0)
    with pytest.raises(ValueError, match="jump_ratios"):
        synthesize_batch(1, rng=0, elements=["O"], jump_ratios={"O": -1.0}, energy_axis=(400.0, 0.5, 1024))


def test_config_json_round_trip():
    config = SynthesisConfig(shift=0.0, candidate_elements=("Fe", "O"), shot_noise=False)
    again = SynthesisConfig.from_json(config.to_json())
    assert again == config
    assert np.isclose(again.shift[0], 0.0)
    # numpy values and a list of probabilities serialise and come back equal
    config = SynthesisConfig(noise_sigma=np.float32(1e-3), n_elements_probabilities=np.ones(3) / 3,
                             element_weights={"O": np.int64(3)})  # fmt: skip
    assert SynthesisConfig.from_json(config.to_json()) == config
    with pytest.raises(ValueError, match="foo: not a parameter"):
        SynthesisConfig.from_json('{"foo": 1}')


def test_synthesize_batch_checks_its_axis():
    for axis in ((400.0, 0.5, 0), (400.0, -0.5, 1024), (float("nan"), 0.5, 1024), (400.0, 0.5)):
        with pytest.raises(ValueError, match="energy_axis"):
            synthesize_batch(2, rng=0, energy_axis=axis)
    with pytest.raises(ValueError, match="n_channels"):
        synthesize_batch(2, rng=0, fixed={"n_channels": 8})
    with pytest.raises(ValueError, match="jump_ratios"):
        synthesize_batch(1, rng=0, elements=["O"], jump_ratios={"O": np.inf}, energy_axis=(400.0, 0.5, 1024))


def test_presets_are_valid_and_differ_as_documented():
    paper, realistic, default = SynthesisConfig.paper(), SynthesisConfig.realistic(), SynthesisConfig()
    assert paper.window_start == (50.0, 50.0) and paper.dispersion == (0.2, 0.2) and not paper.shot_noise
    assert len(paper.candidate_elements) == 20
    assert default.background_exponent_mean == 1.88 and realistic.background_exponent_mean == 2.8
    assert realistic.n_elements_probabilities[0] > 0 and realistic.extra_element_probability["O"] > 0
    batch = synthesize_batch(200, realistic, rng=1, energy_axis=(250.0, 0.5, 1600))
    assert np.mean([b == [] for b in (batch.elements(i) for i in range(200))]) < 0.2
    assert batch.parameters["background_exponent"].min() >= 1.5


@pytest.mark.parametrize(
    "name, value",
    [("lorentzian_hwhm", -0.5), ("counts", -5.0), ("background_exponent", -2.0), ("savgol_frame", 2),
     ("thickness", -0.1), ("shift", float("nan")), ("n_channels", 1.5)],  # fmt: skip
)
def test_fixed_per_spectrum_values_are_checked(name, value):
    with pytest.raises(ValueError, match=name):
        synthesize_batch(2, rng=0, elements=["O"], energy_axis=(400.0, 0.5, 1024), fixed={name: value})
