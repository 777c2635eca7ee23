@_exported import FITSIO
@_exported import Sky
@_exported import GammaMaps
@_exported import IRF
@_exported import DL3
@_exported import Datasets
@_exported import Makers
@_exported import Analysis
