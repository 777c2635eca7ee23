"""Makes data/gammapy-data-sample/hess-dl3-dr1: the four Crab runs of Gammapy's makers tutorial
(23523, 23526, 23559, 23592) from a gammapy-data checkout, with HDU and observation indexes cut
to them (rows selected, headers kept) and the release's README files (attribution, terms of use).
It is the data `make run` reduces when GAMMAPY_DATA is not set.
Run once: /tmp/gammapy-ref/bin/python scripts/make_sample_data.py $GAMMAPY_DATA
"""
import shutil
import sys
from pathlib import Path

import numpy as np
from astropy.io import fits

RUNS = [23523, 23526, 23559, 23592]
source = Path(sys.argv[1]) / "hess-dl3-dr1"
target = Path(__file__).resolve().parents[1] / "data" / "gammapy-data-sample" / "hess-dl3-dr1"
(target / "data").mkdir(parents=True, exist_ok=True)
for run in RUNS:
    name = f"hess_dl3_dr1_obs_id_{run:06d}.fits.gz"
    shutil.copyfile(source / "data" / name, target / "data" / name)
for index in ["hdu-index.fits.gz", "obs-index.fits.gz"]:
    with fits.open(source / index) as hdus:
        table = hdus[1]
        rows = np.isin(table.data["OBS_ID"], RUNS)
        fits.HDUList([fits.PrimaryHDU(header=hdus[0].header),
                      fits.BinTableHDU(data=table.data[rows], header=table.header)]).writeto(target / index, overwrite=True)
for readme in ["README.md", "README.txt"]:
    shutil.copyfile(source / readme, target / readme)
print(target, sorted(p.name for p in target.rglob("*") if p.is_file()))

# The makers tutorial's exclusion mask for Examples/crab-3d: a circle of 0.2 deg around the Crab
# excluded from the 5 x 5 deg, 0.02 deg map of the stacked reduction.
import astropy.units as u  # noqa: E402
from astropy.coordinates import SkyCoord  # noqa: E402
from gammapy.maps import WcsGeom  # noqa: E402
from regions import CircleSkyRegion  # noqa: E402

crab = SkyCoord(83.63, 22.01, unit="deg", frame="icrs")
geom = WcsGeom.create(skydir=crab, binsz=0.02, width=(5, 5), frame="icrs")
mask = geom.region_mask([CircleSkyRegion(crab, 0.2 * u.deg)], inside=False)
examples = Path(__file__).resolve().parents[1] / "Examples" / "crab-3d"
examples.mkdir(parents=True, exist_ok=True)
mask.write(examples / "exclusion.fits.gz", overwrite=True)
print(examples / "exclusion.fits.gz", int((~mask.data).sum()), "pixels excluded")
