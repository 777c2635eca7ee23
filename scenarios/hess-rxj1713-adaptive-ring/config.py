"""Gammapy 2.1's reduction of this scenario with AdaptiveRingBackgroundMaker, which AnalysisConfig cannot name:
Analysis does everything as for background.method ring (observations, geometry, MapDatasetMaker, SafeMaskMaker,
DatasetsMaker stacking with to_map_dataset, trim cutouts 2 x offset_max), with the adaptive maker built from the
same exclusion and parameters. Used by ../../../shared/reference/run_reference.py (get_observations, reduce)."""
from gammapy.analysis import Analysis
from gammapy.makers import AdaptiveRingBackgroundMaker
from gammapy.maps import Map
from gammapy.utils.scripts import make_path


def get_observations(config):
    analysis = Analysis(config)
    analysis.get_observations()
    return analysis.observations


def reduce(config, observations, scenario_dir):
    analysis = Analysis(config)
    analysis.observations = observations
    background = config.datasets.background

    def adaptive():
        mask = Map.read(make_path(background.exclusion))
        mask.data = mask.data.astype(bool)
        return AdaptiveRingBackgroundMaker(exclusion_mask=mask, **background.parameters)

    analysis._create_background_maker = adaptive
    analysis.get_datasets()
    return analysis.datasets
