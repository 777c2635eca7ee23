"""OGIP spectrum files as Gammapy 2.1 writes them: Tests/DatasetsTests/Fixtures/gammapy_ogip/.

    /tmp/gammapy-ref/bin/python scripts/reference/ogip_reference.py Tests/DatasetsTests/Fixtures/gammapy_ogip

The makers tutorial's 1D loop for H.E.S.S. DR1 run 23523 (0.2 deg ON circle at the centre of its
5 deg CAR geometry at 83.63, 22.01; energy 1-10 TeV in 11 bins, true energy 0.3-10 TeV in 31;
SpectrumDatasetMaker counts/exposure/edisp without containment correction;
ReflectedRegionsBackgroundMaker with the tutorial's exclusion circle; SafeMaskMaker aeff-max 10 %)
written with SpectrumDatasetOnOff.write(format="ogip"): obs-23523.fits (PHA), _bkg, _arf, _rmf.
"""
import sys

from tutorial_spectra import on_off_23523

dataset = on_off_23523()
dataset.write(f"{sys.argv[1]}/obs-23523.fits", format="ogip", overwrite=True)
print(dataset)
