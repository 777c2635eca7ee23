"""An on/off spectrum in Gammapy 2.1's own FITS layout: Tests/DatasetsTests/Fixtures/gammapy_spectrum/.

    /tmp/gammapy-ref/bin/python scripts/reference/spectrum_gadf_reference.py Tests/DatasetsTests/Fixtures/gammapy_spectrum

The makers tutorial's 1D chain for H.E.S.S. DR1 run 23523 (as scripts/reference/ogip_reference.py)
written with Datasets([dataset]).write(OUT/datasets.yaml) (format "gadf": obs-23523.fits beside
the index).
"""
import sys

from gammapy.datasets import Datasets

from tutorial_spectra import on_off_23523

Datasets([on_off_23523()]).write(f"{sys.argv[1]}/datasets.yaml", overwrite=True)
