"""Energy-dispersion kernels of spectra from Gammapy 2.1: Tests/MakersTests/Fixtures/spectrum-edisp.json.

    /tmp/gammapy-ref/bin/python scripts/reference/spectrum_edisp_reference.py > Tests/MakersTests/Fixtures/spectrum-edisp.json

The makers tutorial's ON region (0.2 deg circle at the centre of its 5 deg CAR geometry at
83.63, 22.01), energy axis 1-10 TeV (11 log bins) and true-energy axis 0.3-10 TeV (31);
SpectrumDatasetMaker(selection=["edisp"]) (use_region_center=True) on H.E.S.S. DR1 runs 23523
and 23592: the kernel's pdf_matrix (rows: true energy, columns: reconstructed energy) and the
exposure map stored with it (m2 s per true-energy bin).
"""
import json

from gammapy.makers import SpectrumDatasetMaker

from tutorial_spectra import data_store, empty_spectrum

out = {}
for obs in data_store().get_observations([23523, 23592]):
    empty = empty_spectrum()
    dataset = SpectrumDatasetMaker(selection=["edisp"]).run(empty, obs)
    kernel = dataset.edisp.get_edisp_kernel()
    out[int(obs.obs_id)] = {
        "pdf_matrix": [[float(x) for x in row] for row in kernel.pdf_matrix],
        "exposure_m2s": [float(x) for x in dataset.edisp.exposure_map.data.ravel()],
    }
print(json.dumps(out))
