"""Opens GammaKit's on/off spectrum file with Gammapy 2.1 and compares it with Gammapy's own.

    GAMMAKIT_SPECTRUM_OUT=/tmp/ours.fits swift test --filter SpectrumFITSTests
    /tmp/gammapy-ref/bin/python scripts/reference/check_spectrum_roundtrip.py /tmp/ours.fits \
        Tests/DatasetsTests/Fixtures/gammapy_spectrum/pha_obsobs-23523.fits

The same for OGIP files (SpectrumDatasetOnOff.read guesses the format):

    GAMMAKIT_OGIP_OUT=/tmp/ours/obs-23523.fits swift test --filter SpectrumOGIPTests
    /tmp/gammapy-ref/bin/python scripts/reference/check_spectrum_roundtrip.py /tmp/ours/obs-23523.fits \
        Tests/DatasetsTests/Fixtures/gammapy_ogip/obs-23523.fits

Exit status 0 when SpectrumDatasetOnOff.read gives the same counts, counts_off, acceptances,
alpha, safe mask, exposure and kernel (to 1e-10), GTI length and info_dict.
"""
import sys

import numpy as np

from gammapy.datasets import SpectrumDatasetOnOff

ours = SpectrumDatasetOnOff.read(sys.argv[1])
theirs = SpectrumDatasetOnOff.read(sys.argv[2])
checks = {
    "counts": np.array_equal(ours.counts.data, theirs.counts.data),
    "counts_off": np.array_equal(ours.counts_off.data, theirs.counts_off.data),
    "acceptance": np.array_equal(ours.acceptance.data, theirs.acceptance.data),
    "acceptance_off": np.array_equal(ours.acceptance_off.data, theirs.acceptance_off.data),
    "alpha": np.array_equal(ours.alpha.data, theirs.alpha.data),
    "mask_safe": np.array_equal(ours.mask_safe.data, theirs.mask_safe.data),
    "exposure": np.allclose(ours.exposure.data, theirs.exposure.data, rtol=1e-10, atol=0),
    "edisp": np.allclose(ours.edisp.edisp_map.data, theirs.edisp.edisp_map.data, rtol=0, atol=1e-12),
    "gti": np.isclose(ours.gti.time_sum.to_value("s"), theirs.gti.time_sum.to_value("s")),
    "on region": ours.counts.geom.region.center.separation(theirs.counts.geom.region.center).deg < 1e-12,
    "off regions": ours.counts_off.geom.center_skydir.separation(theirs.counts_off.geom.center_skydir).deg < 1e-9
    and np.isclose(ours.counts_off.geom.solid_angle(), theirs.counts_off.geom.solid_angle(), rtol=1e-9),
}
print(ours)
for key, ok in checks.items():
    print(f"{'OK  ' if ok else 'FAIL'} {key}")
a, b = ours.info_dict(), theirs.info_dict()
for key in ["counts", "counts_off", "acceptance", "acceptance_off", "alpha", "excess", "sqrt_ts", "stat_sum"]:
    same = np.isclose(a[key], b[key], rtol=1e-9)
    checks[f"info {key}"] = same
    print(f"{'OK  ' if same else 'FAIL'} info_dict {key}: {a[key]} / {b[key]}")
sys.exit(0 if all(checks.values()) else 1)
