"""PSF containment correction of a spectrum's exposure, from Gammapy 2.1:
Tests/MakersTests/Fixtures/containment-exposure.json.

    /tmp/gammapy-ref/bin/python scripts/reference/containment_reference.py > Tests/MakersTests/Fixtures/containment-exposure.json

The makers tutorial's ON region (0.2 deg circle at the centre of its 5 deg CAR geometry at
83.63, 22.01) and true-energy axis (0.3-10 TeV, 31 log bins); SpectrumDatasetMaker(selection
["exposure"], containment_correction=True) on H.E.S.S. DR1 runs 23523 and 23592 (psf_table);
prints the exposure per true-energy bin and the containment fraction it applied.
"""
import json

from gammapy.makers import SpectrumDatasetMaker

from tutorial_spectra import data_store, empty_spectrum

out = {}
for obs in data_store().get_observations([23523, 23592]):
    empty = empty_spectrum()
    corrected = SpectrumDatasetMaker(selection=["exposure"], containment_correction=True).run(empty, obs)
    plain = SpectrumDatasetMaker(selection=["exposure"], containment_correction=False).run(empty, obs)
    out[int(obs.obs_id)] = {
        "exposure_m2s": [float(x) for x in corrected.exposure.data.ravel()],
        "containment": [float(a / b) if b else None for a, b in zip(corrected.exposure.data.ravel(), plain.exposure.data.ravel())],
    }
print(json.dumps(out))
